"""Notifications that lose nothing: the outbox, its deliverer (SMTP, SMS) and the dev viewer."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, template_folder="templates")

from porsche_web.notifications import views  # noqa: E402, F401
