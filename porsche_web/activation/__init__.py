"""Activation: orders from the dealer system, the invitation e-mail and its link, the guided
activation with its checkout, and the next steps."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("activation", __name__, template_folder="templates")

from porsche_web.activation import api, views, wizard  # noqa: E402, F401
