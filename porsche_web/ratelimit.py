"""Rate limits (Flask-Limiter) against cost and abuse, per client address.

The store is ``RATELIMIT_STORAGE_URI`` (``memory://`` by default, ``redis://…`` in production
with several processes). Limits never replace the database counters of SMS codes and security
codes (SECURITY.md); an exceeded limit answers the localized 429 page.
"""

from __future__ import annotations

import time

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_app(app: Flask) -> None:
    # Explicit per app: Flask-Limiter would otherwise carry "enabled" over from the last app
    # it was set up for (tests switch it off for some apps).
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)


def retry_after() -> int | None:
    """Seconds until the limit the current request ran into lets it through again."""
    current = limiter.current_limit
    if current is None:
        return None
    window = current.limit.get_expiry()
    return min(window, max(1, round(current.reset_at - time.time())))
