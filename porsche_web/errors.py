"""Localized error pages (404, 405, 413, 400, the "form expired" CSRF page, 500).

API paths (``/api/``, ``/healthz``, ``/readyz``) answer JSON instead of a page.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, g, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from porsche_web import jsonapi, ratelimit
from porsche_web.sites import adopt_site_from_path

log = logging.getLogger("porsche_web.errors")

#: Status codes with their own template; every other code uses ``errors/generic.html``.
PAGES = {404: "errors/404.html", 500: "errors/500.html"}
JSON_PREFIXES = ("/api/", "/healthz", "/readyz")


def _render(code: int, template: str, **context) -> Response:
    g.error_page = True
    try:
        adopt_site_from_path()
    except Exception:  # the error page must render even when the registry cannot answer
        log.exception("error page without site")
    try:
        body = render_template(template, code=code, **context)
    except Exception:
        log.exception("error template failed; plain fallback for %s", code)
        body = f"<!doctype html><html lang=en><title>{code}</title><h1>{code}</h1>"
    return Response(body, code, mimetype="text/html")


def handle_http_error(error: HTTPException) -> Response:
    code = error.code or 500
    retry = ratelimit.retry_after() if code == 429 else None
    if request.path.startswith(JSON_PREFIXES):
        return jsonapi.http_error_response(error, retry)
    response = _render(code, PAGES.get(code, "errors/generic.html"), error=error)
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
    return _render(400, "errors/form_expired.html")


def handle_unexpected(error: Exception) -> Response:
    log.exception("unhandled error")
    return handle_http_error(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
