"""Track your Dream (F19; issue #13, item 3): the milestones of an ordered car, from the order's
confirmation to the handover, as the Porsche Centre's dealer system reports them
(``PATCH /api/v1/orders/<number>``, ``docs/dealer-api.yaml``), shown as a timeline to the
Porsche ID that activates the order, with an optional e-mail at each new milestone. Only in
markets whose plugin offers it (``porsche_track_your_dream``).

Reads orders only through ``porsche_web.orders`` (``services.find_order``, ``lookup``) and the
activation through ``porsche_web.activation.contracts``.
"""

from flask import Blueprint

bp = Blueprint("tracking", __name__, template_folder="templates")

from porsche_web.tracking import api, views  # noqa: E402, F401
