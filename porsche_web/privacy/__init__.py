"""The privacy centre (F25, F26, F27): what we keep about the customer and why, and every
consent they gave, to withdraw or give again with one click.

Reads other features only through their public functions and the core hooks: the personal-data
declarations (``core_personal_data``), the consents (``porsche_web.activation.consents``) and
the market's privacy policy (the market registry).
"""

from flask import Blueprint

bp = Blueprint("privacy", __name__, template_folder="templates")

from porsche_web.privacy import views  # noqa: E402, F401
