"""The development clock at ``/dev/clock`` (development and QA only, ``DEV_CLOCK``).

It moves the served app's time forward (``porsche_web.clock``: one clock, with an offset this
page sets) so QA and the Playwright journeys can see what happens when something ends: a
secondary user's time-boxed right, a code, a waiting period. Refused in production
(``porsche_web.config.validate``); with the switch off every path here answers 404.
"""

from flask import Blueprint

bp = Blueprint("devclock", __name__, template_folder="templates")

from porsche_web.devclock import views  # noqa: E402, F401
