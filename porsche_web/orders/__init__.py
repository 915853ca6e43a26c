"""Orders: the orders the dealer systems send (dealer API, import), the Porsche Centres' API
keys, and the invitation e-mail with its activation link (F4–F6, F22). The customer's guided
activation of an order is ``porsche_web.activation``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("orders", __name__, template_folder="templates")

from porsche_web.orders import api, views  # noqa: E402, F401
