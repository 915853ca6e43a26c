"""The market chooser (``/``) and each country site's start page."""

from flask import Blueprint

bp = Blueprint("home", __name__, template_folder="templates")

from porsche_web.home import views  # noqa: E402, F401
