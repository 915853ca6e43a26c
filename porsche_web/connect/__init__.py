"""Porsche Connect: the core catalogue (models, services) and the Connect Store (F1–F3)."""

from flask import Blueprint

bp = Blueprint("connect", __name__, template_folder="templates")

from porsche_web.connect import pricing, views  # noqa: E402, F401
