"""What every Porsche ID page module shares: the URL prefix, the rate limits, rendering a page
(or its form block for htmx) and the answers of the e-mail link pages."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask_babel import format_timedelta, gettext

from porsche_web import htmx
from porsche_web.accounts.auth import no_store
from porsche_web.accounts.errors import LoginThrottled
from porsche_web.accounts.services.throttle import client_source
from porsche_web.sites import SITE_PREFIX

PREFIX = f"{SITE_PREFIX}/account"
FORM_LIMIT = "20 per minute"
CODE_LIMIT = "10 per minute"


def invalid(template: str, **context: Any) -> Response:
    """The page again with the form's errors (the form block for htmx), status 422."""
    return htmx.render_page(template, "form", status=htmx.VALIDATION_ERROR_STATUS, **context)


def login_source() -> str:
    """Whose password tries these are: the client's address (behind a trusted proxy the real
    client's, ``TRUSTED_PROXIES``)."""
    return client_source(request.remote_addr)


def throttled_message(exc: LoginThrottled) -> str:
    """ "Try again in N minutes", the time in the visitor's language (Babel)."""
    when = format_timedelta(exc.wait, add_direction=True)
    if exc.everyone:
        return gettext(
            "Too many wrong passwords were tried for this e-mail address. Try again %(when)s.",
            when=when,
        )
    return gettext("Too many attempts from here. Try again %(when)s.", when=when)


def throttled(template: str, exc: LoginThrottled, **context: Any) -> Response:
    """The page again with the form and the wait (status 429 with ``Retry-After``)."""
    response = htmx.render_page(template, "form", status=429, **context)
    response.headers["Retry-After"] = str(exc.wait_seconds)
    return response


def page(template: str, **context: Any) -> Response:
    """The page (the form block for htmx)."""
    return htmx.render_page(template, "form", **context)


def token_page(template: str, status: int = 200, **context: Any) -> Response:
    """A page opened from an e-mail link: the token leaks through neither Referer nor cache."""
    response = htmx.render_page(template, status=status, **context)
    response.headers["Referrer-Policy"] = "no-referrer"
    return no_store(response)


def token_redirect(location: str) -> Response:
    """A redirect away from an e-mail link page, with the same protection."""
    response = htmx.redirect(location)
    response.headers["Referrer-Policy"] = "no-referrer"
    return no_store(response)
