"""The car changes hands (issue #16, item 3): "I sold this car" (the main user), "Release the
car" (a Porsche Centre or customer service, for a buyer who legitimised themselves), the waiting
period the market defines for a release the owner did not start, the owner's objection, and the
scheduled command that applies due releases.

Builds on ``vehicles`` (its public services) and reaches the features that keep data tied to a
car only through the internal hook ``core_vehicle_released``.
"""

from flask import Blueprint

bp = Blueprint("sale", __name__, template_folder="templates")

from porsche_web.sale import views  # noqa: E402, F401
