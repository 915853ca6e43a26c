"""CSRF without a write for anonymous visitors, one token per session (issues #11 and #20).

Flask-WTF keeps a random value in the session and signs it into each form. With our server-side
sessions that meant a database row for every cookie-less GET (every page carries the token in
``<body data-hx-headers>``), and parallel page loads right after login each wrote a new value, so
some forms then failed with "form expired". Here:

* **A visitor with a session** gets a token signed from the session's own value ``_csrf``,
  created when the session row is created (:mod:`porsche_web.accounts.sessions`) and kept
  for the whole session, including a new session id after a fresh password check. It is
  replaced only at login, when the session starts again (``start_session`` clears it).
* **A visitor without a session** gets a stateless signed token (:data:`ANONYMOUS`, signed
  with the secret key, valid :data:`ANONYMOUS_MAX_AGE`, the same for an hour so that public
  pages keep one ETag). Nothing is stored and no cookie is set. Such a token is accepted only
  while the session is not logged in, and only from a same-origin request by the browser's
  Fetch metadata (``Sec-Fetch-Site``) or, in older browsers, the ``Origin`` header: anybody can
  fetch an anonymous token, so what stops a forged cross-site form is the origin check.
* **Every** protected request also passes the origin check (defence in depth; on https the
  Referer check of Flask-WTF applies when the browser sends neither header).

The forms keep Flask-WTF (``FlaskForm``, ``form.csrf_token``, ``@csrf.exempt``, the
``CSRFError`` page); only how the token is made and checked changes.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from typing import Any

from flask import Flask, current_app, g, request, session
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect, _FlaskFormCSRF
from itsdangerous import BadData, TimestampSigner, URLSafeTimedSerializer
from werkzeug.urls import urlsplit
from wtforms import ValidationError

log = logging.getLogger("porsche_web.csrf")

#: The session key of the session's CSRF value.
SESSION_KEY = "_csrf"
#: The signed value of a token for a visitor without a session.
ANONYMOUS = "anonymous"
#: How long an anonymous token is accepted (a form left open on a public page).
ANONYMOUS_MAX_AGE = 12 * 3600
#: Anonymous tokens carry the start of the hour they were made in: one token (and one ETag of a
#: public page) per hour instead of one per second.
ANONYMOUS_GRANULARITY = 3600
_SALT = "porsche_web.csrf"


def _this_hour() -> int:
    now = int(time.time())
    return now - now % ANONYMOUS_GRANULARITY


class _HourSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return _this_hour()


def _serializer(anonymous: bool) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.secret_key,
        salt=_SALT,
        signer=_HourSigner if anonymous else TimestampSigner,
    )


#: Anonymous tokens made this hour, by (secret key, hour): the token is the same for every
#: visitor of that hour, so it is signed once per process and hour, not once per page.
_anonymous_tokens: dict[tuple[Any, int], str] = {}


def anonymous_token() -> str:
    """The signed token of a visitor without a session, for this hour."""
    key = (current_app.secret_key, _this_hour())
    token = _anonymous_tokens.get(key)
    if token is None:
        token = _serializer(True).dumps(ANONYMOUS)
        if len(_anonymous_tokens) > 16:  # old hours, other applications (tests)
            _anonymous_tokens.clear()
        _anonymous_tokens[key] = token
    return token


def new_session_value() -> str:
    return secrets.token_urlsafe(24)


def has_session() -> bool:
    """The visitor has a session (a row, or one being made in this request)."""
    return bool(getattr(session, "sid", None)) or bool(session)


def generate_csrf(*_args: Any, **_kwargs: Any) -> str:
    """The CSRF token of this request (the same one for every form of a page)."""
    token = g.get("_porsche_csrf_token")
    if token is None:
        if has_session():
            value = session.get(SESSION_KEY)
            if not isinstance(value, str) or not value:
                # A session from before this scheme, or one just emptied by login: it is
                # written in this response anyway.
                value = session[SESSION_KEY] = new_session_value()
            token = _serializer(False).dumps(value)
        else:
            token = anonymous_token()
        g._porsche_csrf_token = token
    return token


def cross_origin_reason() -> str | None:
    """Why this request does not come from one of our own pages, or None."""
    site = request.headers.get("Sec-Fetch-Site")
    if site:
        return None if site in ("same-origin", "none") else f"Sec-Fetch-Site is {site}"
    own = f"{request.scheme}://{request.host}"
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return None if origin == own else "the origin does not match the host"
    if request.is_secure and current_app.config.get("WTF_CSRF_SSL_STRICT", True):
        referrer = request.referrer
        if not referrer:
            return "the referrer header is missing"
        parts = urlsplit(referrer)
        if f"{parts.scheme}://{parts.netloc}" != own:
            return "the referrer does not match the host"
        return None
    if origin == "null":
        return "the origin is null"
    return None


def validate_csrf(data: Any) -> None:
    """Raise :class:`wtforms.ValidationError` unless ``data`` is a valid token for this request."""
    if not data or not isinstance(data, str):
        raise ValidationError("The CSRF token is missing.")
    expected = session.get(SESSION_KEY)
    try:
        value = _serializer(False).loads(data)
    except BadData:
        raise ValidationError("The CSRF token is invalid.") from None
    if isinstance(expected, str) and expected and hmac.compare_digest(str(value), expected):
        return
    if value == ANONYMOUS and not session.get("_user_id"):
        try:
            _serializer(True).loads(data, max_age=ANONYMOUS_MAX_AGE)
        except BadData:
            raise ValidationError("The CSRF token has expired.") from None
        return
    raise ValidationError("The CSRF tokens do not match.")


class SessionCSRF(_FlaskFormCSRF):
    """FlaskForm's CSRF field with our tokens."""

    def generate_csrf_token(self, csrf_token_field: Any) -> str:
        return generate_csrf()

    def validate_csrf_token(self, form: Any, field: Any) -> None:
        if g.get("csrf_valid", False):
            return
        try:
            validate_csrf(field.data)
        except ValidationError as error:
            log.info(error.args[0])
            raise


class CSRF(CSRFProtect):
    """Flask-WTF's CSRFProtect with our tokens and the origin check."""

    def init_app(self, app: Flask) -> None:
        super().init_app(app)
        app.jinja_env.globals["csrf_token"] = generate_csrf
        app.context_processor(lambda: {"csrf_token": generate_csrf})
        FlaskForm.Meta.csrf_class = SessionCSRF

    def protect(self, apply_exemptions: bool = False) -> None:
        # the method first: a GET is never checked, exempt or not (and it is most requests)
        if request.method not in current_app.config["WTF_CSRF_METHODS"]:
            return
        if apply_exemptions and (not request.endpoint or self._is_exempt()):
            return
        try:
            validate_csrf(self._get_csrf_token())
        except ValidationError as error:
            log.info(error.args[0])
            self._error_response(error.args[0])
        reason = cross_origin_reason()
        if reason:
            log.info("csrf: %s", reason)
            self._error_response(f"Cross-origin request refused: {reason}.")
        g.csrf_valid = True
