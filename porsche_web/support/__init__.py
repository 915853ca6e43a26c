"""Help for customers: the market's support contact, the FAQ and the privacy page."""

from flask import Blueprint

bp = Blueprint("support", __name__, template_folder="templates")

from porsche_web.support import views  # noqa: E402, F401
