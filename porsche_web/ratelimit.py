"""Rate limits (Flask-Limiter) against cost and abuse, per visitor (issue #20, item 5).

A limit counts **per account** for a logged-in customer, **per session** for a visitor the site
already knows, and **per client address** only for a visitor without a session, so customers
sharing a Porsche Centre's Wi-Fi do not share one bucket. Behind a reverse proxy the address is
the real client's (``TRUSTED_PROXIES``, :func:`porsche_web.security.trust_proxies`), never the
proxy's. Above that, every POST counts against a per-address ceiling
(``RATELIMIT_ADDRESS_LIMIT``, generous: a showroom full of customers stays far below it), so
fresh sessions do not buy an attacker fresh buckets.

The store is ``RATELIMIT_STORAGE_URI`` (``memory://`` by default, ``redis://…`` when several
processes or machines serve: then every instance counts in the same buckets). Limits never
replace the database counters of passwords, SMS codes and security codes (SECURITY.md); an
exceeded limit answers the localized 429 page with ``Retry-After``.
"""

from __future__ import annotations

import hashlib
import time

from flask import Flask, abort, current_app, request, session
from flask_limiter import Limiter
from limits import parse


def client_key() -> str:
    """Who a limit counts for: the account, else the session, else the client address."""
    account = session.get("_user_id")
    if account:
        return f"account:{account}"
    sid = getattr(session, "sid", None)
    if sid:
        return "session:" + hashlib.sha256(sid.encode()).hexdigest()[:32]
    return f"address:{request.remote_addr or '-'}"


limiter = Limiter(key_func=client_key, default_limits=[])


def _address_ceiling() -> None:
    if request.method != "POST" or not current_app.config.get("RATELIMIT_ENABLED", True):
        return
    limit = parse(current_app.config["RATELIMIT_ADDRESS_LIMIT"])
    if not limiter.limiter.hit(limit, "address-ceiling", request.remote_addr or "-"):
        abort(429)


def init_app(app: Flask) -> None:
    # Explicit per app: Flask-Limiter would otherwise carry "enabled" over from the last app
    # it was set up for (tests switch it off for some apps).
    app.config.setdefault("RATELIMIT_ENABLED", True)
    app.config.setdefault("RATELIMIT_ADDRESS_LIMIT", "600 per minute")
    limiter.init_app(app)
    app.before_request(_address_ceiling)


def retry_after() -> int | None:
    """Seconds until the limit the current request ran into lets it through again."""
    current = limiter.current_limit
    if current is None:
        return None
    window = current.limit.get_expiry()
    return min(window, max(1, round(current.reset_at - time.time())))
