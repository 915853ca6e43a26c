"""Localized error pages (404, 405, 413, 400, the "form expired" CSRF page, 429, 500).

API paths (``/api/``, ``/healthz``, ``/readyz``) answer JSON instead of a page. An htmx request
gets the same status with a fragment instead of a page (``errors/_htmx_error.html``): the one
error path of every htmx form, which ``static/js/site.js`` shows in place of the form's error
summary and focuses. After an expired CSRF token the fragment carries a fresh token (the form is
sent again as it is); after a 429 it says how long to wait.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, Response, g, render_template, request
from flask_babel import gettext, ngettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from porsche_web import htmx, jsonapi, ratelimit
from porsche_web.sites import adopt_site_from_path

log = logging.getLogger("porsche_web.errors")

#: Status codes with their own template; every other code uses ``errors/generic.html``.
PAGES = {404: "errors/404.html", 500: "errors/500.html"}
JSON_PREFIXES = ("/api/", "/healthz", "/readyz")


def _adopt_site() -> None:
    g.error_page = True
    try:
        adopt_site_from_path()
    except Exception:  # the error page must render even when the registry cannot answer
        log.exception("error page without site")


def _render(
    code: int, template: str, message: Callable[[], str] | None = None, **context
) -> Response:
    """The error page; ``message`` is asked for once the page's site and language are known
    (a translation looked up before would fix the request's locale too early)."""
    _adopt_site()
    try:
        body = render_template(
            template, code=code, message=message() if message else None, **context
        )
    except Exception:
        log.exception("error template failed; plain fallback for %s", code)
        body = f"<!doctype html><html lang=en><title>{code}</title><h1>{code}</h1>"
    return Response(body, code, mimetype="text/html")


def wait_text(seconds: int | None) -> str:
    """How long to wait after a 429, for the customer: "40 seconds", "2 minutes"."""
    if seconds is None:
        return gettext("a moment")
    if seconds < 120:
        return ngettext("%(num)d second", "%(num)d seconds", seconds)
    minutes = -(-seconds // 60)
    return ngettext("%(num)d minute", "%(num)d minutes", minutes)


def error_message(code: int, retry: int | None = None) -> str:
    """What an error means for the customer, in their language (pages and htmx fragments)."""
    if code == 404:
        return gettext("There is no page at this address. Check the address.")
    if code == 405:
        return gettext("This address cannot be used that way.")
    if code == 413:
        return gettext("What you sent is too large.")
    if code == 429:
        return gettext(
            "Too many attempts. Please wait %(time)s and try again.", time=wait_text(retry)
        )
    if code >= 500:
        return gettext(
            "We could not complete your request. Nothing you entered has been saved halfway. "
            "Please try again in a few minutes."
        )
    return gettext("The request was not valid.")


def _back_to_step() -> str | None:
    """The step of the guided activation the customer was on (a 429 or 500 in the middle of
    it leads back there, not to the list of countries): the same address, asked for again."""
    if request.blueprint == "activation" and request.method == "POST":
        return request.path
    return None


def _htmx_fragment(code: int, message: Callable[[], str], *, fresh_token: bool = False) -> Response:
    _adopt_site()
    try:
        body = render_template(
            "errors/_htmx_error.html", code=code, message=message(), fresh_token=fresh_token
        )
    except Exception:
        log.exception("htmx error fragment failed; plain fallback for %s", code)
        body = f'<div class="error-summary" role="alert" data-htmx-error>{code}</div>'
    response = Response(body, code, mimetype="text/html")
    response.vary.add("HX-Request")
    return response


def handle_http_error(error: HTTPException) -> Response:
    code = error.code or 500
    retry = ratelimit.retry_after() if code == 429 else None
    if request.path.startswith(JSON_PREFIXES):
        return jsonapi.http_error_response(error, retry)

    def message() -> str:
        return error_message(code, retry)

    if htmx.is_htmx():
        response = _htmx_fragment(code, message)
    else:
        response = _render(
            code,
            PAGES.get(code, "errors/generic.html"),
            message,
            error=error,
            back_to_step=_back_to_step(),
        )
    allow = error.get_response().headers.get("Allow")
    if allow:
        response.headers["Allow"] = allow
    if retry is not None:
        response.headers["Retry-After"] = str(retry)
    return response


def handle_csrf_error(error: CSRFError) -> Response:
    log.info("CSRF check failed: %s", error.description)
    if request.path.startswith(JSON_PREFIXES):
        return jsonapi.ApiError(400, "The CSRF token is missing or wrong.", code="CSRF").response()
    if htmx.is_htmx():

        def message() -> str:
            return gettext(
                "The page had expired, so nothing was sent. It is renewed now: please send it "
                "again."
            )

        return _htmx_fragment(400, message, fresh_token=True)
    return _render(400, "errors/form_expired.html", back_to_step=_back_to_step())


def handle_unexpected(error: Exception) -> Response:
    log.exception("unhandled error")
    return handle_http_error(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
