"""Flask-Login for the current customer, server-side sessions, the fresh password check."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, g, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user

from porsche_web import htmx
from porsche_web.accounts import sessions
from porsche_web.accounts.models import Account
from porsche_web.extensions import db
from porsche_web.hooks import current_hooks

login_manager = LoginManager()
#: A fresh password check lasts this many seconds.
REAUTH_SECONDS = 5 * 60


@login_manager.user_loader
def load_account(account_id: str) -> Account | None:
    try:
        return db.session.get(Account, int(account_id))
    except (TypeError, ValueError):
        return None


def safe_next(target: str | None) -> str | None:
    """Only a path on this site (no scheme, no host, no ``//``)."""
    if (
        target
        and target.startswith("/")
        and not target.startswith(("//", "/\\"))
        and all(ord(c) > 31 for c in target)
        and len(target) < 500
    ):
        return target
    return None


@login_manager.unauthorized_handler
def unauthorized() -> Any:
    return htmx.redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def start_session(account: Account) -> None:
    """Log in with a new session id (the old session row is deleted); only the keys features
    keep at login (``core_session_keys_kept_at_login``) survive."""
    kept_keys = current_hooks().session_keys_kept_at_login()
    kept = {key: session[key] for key in kept_keys if key in session}
    session.clear()
    session.update(kept)
    sessions.rotate()
    login_user(account)
    session["reauth_at"] = time.time()


def end_session() -> None:
    logout_user()
    sessions.end()


def mark_fresh() -> None:
    session["reauth_at"] = time.time()
    sessions.rotate()


def is_fresh() -> bool:
    at = session.get("reauth_at")
    return isinstance(at, int | float) and time.time() - at < REAUTH_SECONDS


def fresh_required(view: Callable) -> Callable:
    """Logged in, and the password checked in the last five minutes."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return unauthorized()
        if not is_fresh():
            return htmx.redirect(url_for("accounts.confirm_password", next=request.path))
        return view(*args, **kwargs)

    return wrapper


def no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    sessions.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = None  # ids rotate at login; data lives server-side

    @app.after_request
    def _private_pages(response):
        if g.get("_login_user") is not None and getattr(current_user, "is_authenticated", False):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
