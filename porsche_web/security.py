"""Security baseline: cookies, trusted hosts, and the headers every response carries."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.middleware.proxy_fix import ProxyFix

#: No inline script or style anywhere; htmx is configured not to need them.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ]
)

LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]


def configure_cookies(app: Flask) -> None:
    """``__Host-`` session cookie, Secure, HttpOnly, SameSite=Lax (SECURITY.md).

    ``INSECURE_LOCAL_HTTP`` (development and tests) allows plain http, and then only on the
    loopback host names.
    """
    insecure = app.config["INSECURE_LOCAL_HTTP"]
    app.config.update(
        SESSION_COOKIE_NAME="pw_session" if insecure else "__Host-pw_session",
        SESSION_COOKIE_SECURE=not insecure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PATH="/",
        SESSION_COOKIE_DOMAIN=False,
        # CSRF tokens live as long as the session: a page left open does not fail.
        WTF_CSRF_TIME_LIMIT=None,
        WTF_CSRF_SSL_STRICT=not insecure,
        PREFERRED_URL_SCHEME="http" if insecure else "https",
    )
    if insecure:
        app.config["TRUSTED_HOSTS"] = LOOPBACK_HOSTS


#: The headers every response carries (unless the view set its own value).
SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
)


def set_security_headers(response: Response, more: tuple[tuple[str, str], ...] = ()) -> Response:
    """Add :data:`SECURITY_HEADERS` (and ``more``) the response does not have yet (one pass
    over its headers, not one per header: this runs on every response)."""
    headers = response.headers
    present = {name.lower() for name, _value in headers.items()}
    for name, value in (*SECURITY_HEADERS, *more) if more else SECURITY_HEADERS:
        if name.lower() not in present:
            headers.add(name, value)
    return response


def trust_proxies(app: Flask) -> None:
    """Behind ``TRUSTED_PROXIES`` reverse proxies (a hop count), take the client address, the
    scheme and the host from their ``X-Forwarded-*`` headers (Werkzeug's ProxyFix): then
    ``request.remote_addr`` is the real client (rate limits, logs), ``request.is_secure`` sees
    the TLS the proxy terminated (HSTS, the CSRF Referer check, Secure cookies). Only that many
    values from the right are believed: a client cannot pass itself off as another address by
    sending its own ``X-Forwarded-For``. 0 (the default): no proxy, the headers are ignored."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )


def init_app(app: Flask) -> None:
    configure_cookies(app)
    hsts = app.config["ENVIRONMENT"] == "production"

    @app.after_request
    def _headers(response: Response) -> Response:
        if hsts and request.is_secure:
            strict = f"max-age={app.config['HSTS_SECONDS']}; includeSubDomains"
            return set_security_headers(response, (("Strict-Transport-Security", strict),))
        return set_security_headers(response)
