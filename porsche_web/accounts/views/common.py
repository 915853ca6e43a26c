"""What every Porsche ID page module shares: the URL prefix, the rate limits, rendering a page
(or its form block for htmx) and the answers of the e-mail link pages."""

from __future__ import annotations

from typing import Any

from flask import Response

from porsche_web import htmx
from porsche_web.accounts.auth import no_store
from porsche_web.sites import SITE_PREFIX

PREFIX = f"{SITE_PREFIX}/account"
FORM_LIMIT = "20 per minute"
CODE_LIMIT = "10 per minute"


def invalid(template: str, **context: Any) -> Response:
    """The page again with the form's errors (the form block for htmx), status 422."""
    return htmx.render_page(template, "form", status=htmx.VALIDATION_ERROR_STATUS, **context)


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
