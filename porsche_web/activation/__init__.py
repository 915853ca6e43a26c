"""Activation: the customer's guided activation of an order (steps, checkout, check your
answers, confirmation), its contracts and consents, and "Your next steps". Orders and
invitations are ``porsche_web.orders``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("activation", __name__, template_folder="templates")

from porsche_web.activation import wizard  # noqa: E402, F401
