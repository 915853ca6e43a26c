"""Our JSON APIs (the dealer API, the vehicle API): request bodies and errors, in one place.

Every error under ``/api/`` is ``{"error": CODE, "message": text}`` (English, for the client's
developers and logs). An API view raises :class:`ApiError`; each API blueprint answers it
through :func:`register` (one handler per blueprint). Errors that happen before a view runs
(no such path, wrong method, rate limit, body too large) come from the application's handler
(:mod:`porsche_web.errors`), which asks :func:`http_error_response` for the same shape, with
``Allow`` on a 405 and ``Retry-After`` on a 429.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import HTTPException

#: The error code of an HTTP status the API answers without a code of its own.
HTTP_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "UNPROCESSABLE",
    429: "TOO_MANY_REQUESTS",
    500: "INTERNAL_ERROR",
}


class ApiError(Exception):
    """An API answer that is not a success.

    :param status: the HTTP status.
    :param message: what went wrong, in English, for the client's developers.
    :param code: the machine-readable error (default: from the status, ``HTTP_CODES``).
    :param errors: field errors (dotted path → message), e.g. an order's wrong fields.
    :param headers: extra response headers (``WWW-Authenticate`` on a 401).
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        errors: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or HTTP_CODES.get(status, "ERROR")
        self.errors = dict(errors) if errors is not None else None
        self.headers = dict(headers or {})

    def response(self) -> Response:
        body: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.errors is not None:
            body["errors"] = self.errors
        response = jsonify(body)
        response.status_code = self.status
        response.headers.update(self.headers)
        return response


def register(blueprint: Blueprint) -> None:
    """Answer :class:`ApiError` raised by the blueprint's views as JSON."""
    blueprint.register_error_handler(ApiError, lambda error: error.response())


def http_error_response(error: HTTPException, retry_after: int | None = None) -> Response:
    """An HTTP error (404, 405, 413, 429, 500 …) in the API's shape, with its headers."""
    status = error.code or 500
    message = error.description or error.name
    if status == 429:
        message = "Too many requests; wait before the next one."
    response = ApiError(status, message).response()
    allow = error.get_response().headers.get("Allow")
    if allow:
        response.headers["Allow"] = allow
    if status == 429 and retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def json_body() -> Any:
    """The parsed JSON body, or None when it is missing, not JSON or nested too deeply to
    parse (Python's parser raises RecursionError there, which Flask does not catch)."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None


def bearer_token() -> str:
    """The credential of the request's ``Authorization: Bearer <token>`` header, or ``""``."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


KeyT = TypeVar("KeyT")


def require_key(find: Callable[[str], KeyT | None], *, holder: str, realm: str) -> KeyT:
    """The API key of the request's Bearer header as ``find`` knows it (it compares hashes),
    else a 401 with a challenge for ``realm``: e.g. ``holder="dealer API"``."""
    found = find(bearer_token())
    if found is None:
        raise ApiError(
            401,
            f"A valid {holder} key is required (Authorization: Bearer <key>).",
            headers={"WWW-Authenticate": f'Bearer realm="{realm}"'},
        )
    return found
