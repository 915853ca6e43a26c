"""Vehicles: linking a Porsche ID to the car, the car's own API (PCM), remote commands and the
PCM simulator for development and QA."""

from flask import Blueprint

bp = Blueprint("vehicles", __name__, template_folder="templates")

from porsche_web.vehicles import api, simulator, views  # noqa: E402, F401
