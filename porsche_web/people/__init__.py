"""The car's people (issue #16): secondary users a car's main user invites, with rights per
function group (optionally until a date and time), confirmed by an SMS code and activated by the
main user; removing them and leaving. The vehicles feature asks it through the internal hook
``core_vehicle_access``; the sale calls :func:`porsche_web.people.services.remove_all_people`."""

from flask import Blueprint

bp = Blueprint("people", __name__, template_folder="templates")

from porsche_web.people import views  # noqa: E402, F401
