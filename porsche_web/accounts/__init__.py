"""Porsche ID: registration, log in, sessions, phone verification, the car's security code."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, template_folder="templates")

from porsche_web.accounts import views  # noqa: E402, F401
