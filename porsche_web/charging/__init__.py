"""The Porsche Charging Service after the registration (F16, F17; issue #13, item 2).

A customer books a plan for a plug-in hybrid or electric car of a confirmed activation, in a
market whose plugin offers the service, confirms it with the invoice recipient and orders the
charging card to a delivery address. The fulfilment partner reports the card's way
(ordered → shipped → delivered → activated) through ``POST /api/v1/charging-cards/<id>/status``
(``docs/charging-api.yaml``) or ``flask charging card-status``. Until the card is activated a
virtual card (an identifier and its QR code) can be used.

The charging contract itself belongs to the activation: this feature writes it only through
``porsche_web.activation.contracts`` (``book_charging``, ``end_charging``).
"""

from flask import Blueprint

bp = Blueprint("charging", __name__, template_folder="templates")

from porsche_web.charging import api, views  # noqa: E402, F401
