"""Our only htmx surface: page-or-fragment rendering and the HX-* response helpers.

Rules (docs/market-plugins.md repeats them for plugin templates):

* One template serves the page and its fragments: a fragment is a named ``{% block %}``;
  :func:`render_page` returns the block alone for an htmx request that targets it and the whole
  page otherwise (plain requests, ``hx-boost``, history restores). ``Vary: HX-Request`` always.
* Validation errors answer **422** with the re-rendered form block. The ``htmx-config`` meta tag
  in ``base.html`` tells htmx 2 to swap 422 (it swaps no other 4xx/5xx), and without JavaScript
  the browser shows the 422 page like any other.
* Attributes are written with the ``data-`` prefix (``data-hx-post``, ``data-hx-target``):
  htmx reads both spellings, and only the prefixed one is valid HTML.
* CSRF: ``<body data-hx-headers>`` sends Flask-WTF's token as ``X-CSRFToken`` on every htmx request.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, make_response, render_template, request
from htmx_flask import Htmx
from jinja2_fragments.flask import render_block
from werkzeug.urls import iri_to_uri

_htmx = Htmx()

#: Status for a form that failed validation (re-rendered with its errors).
VALIDATION_ERROR_STATUS = 422

#: htmx settings (``<meta name="htmx-config">``): no inline styles or eval under our CSP, no
#: requests to other hosts, no history snapshots of personal pages, swap 422 but not other errors.
HTMX_CONFIG: dict[str, Any] = {
    "includeIndicatorStyles": False,
    "allowEval": False,
    "allowScriptTags": False,
    "selfRequestsOnly": True,
    "historyCacheSize": 0,
    "refreshOnHistoryMiss": True,
    "responseHandling": [
        {"code": "204", "swap": False},
        {"code": "[23]..", "swap": True},
        {"code": "422", "swap": True},
        {"code": "[45]..", "swap": False, "error": True},
    ],
}


def is_htmx() -> bool:
    """True for a request htmx made (``HX-Request: true``)."""
    return bool(getattr(request, "htmx", False))


def wants_fragment() -> bool:
    """True when htmx wants only a fragment (not for hx-boost or a history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page(
    template: str, block: str | None = None, *, status: int = 200, **context: Any
) -> Response:
    """Render ``template``; only ``block`` of it when htmx asked for a fragment."""
    if block and wants_fragment():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.vary.add("HX-Request")
    return response


def redirect(location: str, status: int = 303) -> Response:
    """A redirect that works for both: 303 for browsers, ``HX-Redirect`` for htmx.

    The target is sent as a URI (non-ASCII characters and spaces percent-encoded), in
    ``HX-Redirect`` as in ``Location``: a header carries no raw Unicode, and htmx would read a
    Latin-1-decoded ``next=/%E3%80%80`` as garbage.
    """
    location = iri_to_uri(location)
    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = location
        return response
    response = make_response("", status)
    response.headers["Location"] = location
    return response


def trigger(response: Response, event: str) -> Response:
    """Ask htmx to fire ``event`` on the client after the swap (``HX-Trigger``)."""
    response.headers["HX-Trigger"] = event
    return response


def init_app(app: Flask) -> None:
    _htmx.init_app(app)
    app.jinja_env.globals["htmx_config"] = HTMX_CONFIG
