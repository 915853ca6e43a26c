"""Configuration: defaults in code, overrides from ``PORSCHE_WEB_*`` environment variables.

Every key below can be set from the environment with the ``PORSCHE_WEB_`` prefix, e.g.
``PORSCHE_WEB_SQLALCHEMY_DATABASE_URI``; values are parsed as JSON when they look like JSON
(Flask's ``from_prefixed_env``), so ``PORSCHE_WEB_TRUSTED_HOSTS='["my.example"]'`` works.
The README has the table of keys; ``tests/foundation/test_config.py`` checks that it stays
complete.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ENV_PREFIX = "PORSCHE_WEB"

#: Values of ``ENVIRONMENT``.
ENVIRONMENTS = ("development", "testing", "production")

#: Values of ``PASSWORD_HASH_PROFILE``, a test-suite setting read with ``config.get`` (not in
#: ``DEFAULTS``): "standard" argon2id unless set; "fast" (argon2id at minimal cost) only in testing.
PASSWORD_HASH_PROFILES = ("standard", "fast")

#: Secret keys that must never reach production.
DEVELOPMENT_SECRET_MARKERS = ("dev", "development", "changeme", "secret", "test")

DEFAULTS: dict[str, Any] = {
    # "production" unless told otherwise: a forgotten setting fails closed.
    "ENVIRONMENT": "production",
    "SECRET_KEY": None,
    # Database: SQLite in the instance folder unless a URI is given (PostgreSQL: psycopg 3,
    # ``postgresql+psycopg://user@host/db``).
    "SQLALCHEMY_DATABASE_URI": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    # Public base URL: every absolute link (e-mails) is built from it, never from the Host header.
    "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
    # Host names the app answers to (None: any, only outside production).
    "TRUSTED_HOSTS": None,
    # Plain http on 127.0.0.1 for development only: drops the Secure flag and the __Host- prefix
    # of the session cookie and refuses every other host.
    "INSECURE_LOCAL_HTTP": False,
    "MAX_CONTENT_LENGTH": 1 * 1024 * 1024,
    # Site languages: None serves every language with a complete installed catalog (the core's
    # sv, en, de and those market plugins add, see porsche_web/languages.py); a list limits them.
    # Set at start to the languages served.
    "LANGUAGES": None,
    "DEFAULT_LANGUAGE": "en",
    # Markets: load plugins from the ``porsche_web.markets`` entry-point group.
    "LOAD_MARKET_PLUGINS": True,
    # Market codes to leave switched off (e.g. ["de"]).
    "DISABLED_MARKETS": [],
    # Log every hook call (debugging plugins).
    "TRACE_HOOKS": False,
    # Logging: "json" (one JSON object per line) or "text".
    "LOG_FORMAT": "json",
    "LOG_LEVEL": "INFO",
    # Send HSTS (production, behind TLS).
    "HSTS_SECONDS": 63072000,
    # Rate limits (Flask-Limiter): "memory://" per process, "redis://host:6379/0" when shared.
    "RATELIMIT_STORAGE_URI": "memory://",
    # POSTs one client address may send in all (above the per-visitor limits of each form).
    "RATELIMIT_ADDRESS_LIMIT": "600 per minute",
    # Reverse proxies in front of the app (hop count): their X-Forwarded-For/-Proto/-Host are
    # believed for that many hops (Werkzeug ProxyFix); 0: none, the headers are ignored.
    "TRUSTED_PROXIES": 0,
    # E-mail over SMTP (the outbox deliverer sends; the site never waits for the server).
    "SMTP_HOST": "localhost",
    "SMTP_PORT": 25,
    "SMTP_STARTTLS": False,
    "SMTP_USERNAME": None,
    "SMTP_PASSWORD": None,
    "SMTP_TIMEOUT": 10,
    "MAIL_SENDER": "no-reply@my-porsche.example",
    # SMS: "log" (development: stays in the outbox) or "http" (POST JSON to SMS_HTTP_URL with
    # SMS_HTTP_TOKEN as bearer token); a market plugin may contribute its own backend.
    "SMS_BACKEND": "log",
    "SMS_HTTP_URL": None,
    "SMS_HTTP_TOKEN": None,
    # Outbox: attempts before a message is dead, first retry delay (doubles), poll interval.
    "OUTBOX_MAX_ATTEMPTS": 8,
    "OUTBOX_RETRY_SECONDS": 30,
    "OUTBOX_POLL_SECONDS": 2,
    # Messages one deliverer claims at a time per channel, and how long such a claim (a lease)
    # holds before another deliverer may take the message over (a killed deliverer).
    "OUTBOX_BATCH": 20,
    "OUTBOX_LEASE_SECONDS": 120,
    # A transport that is down (SMTP server, SMS gateway) pauses as a whole: the pause doubles
    # from OUTBOX_RETRY_SECONDS up to this.
    "OUTBOX_MAX_PAUSE_SECONDS": 600,
    # A message due this long ago and still not sent counts as stuck (/readyz, outbox status).
    "OUTBOX_STUCK_SECONDS": 900,
    # Take link tokens and codes out of a message once delivered (off in development, where
    # QA reads them at /dev/outbox; refused off in production).
    "OUTBOX_REDACT_SENT": True,
    # Delivered (and dead) messages are deleted after this many days (outbox purge; the
    # deliverer purges once an hour).
    "OUTBOX_RETENTION_DAYS": 30,
    # Dead and sent-unknown messages keep their link tokens and codes this long (for
    # ``outbox requeue`` after an outage), then lose them like sent ones (outbox purge).
    "OUTBOX_REQUEUE_HOURS": 72,
    # /dev/outbox and /dev/outbox.json (QA reads codes and links there); refused in production.
    "OUTBOX_VIEWER": False,
    # /dev/pcm, the PCM simulator (a car talking to the vehicle API); refused in production.
    "PCM_SIMULATOR": False,
    # /dev/clock, the development clock: moves this process's clock.now() forward (QA, the
    # Playwright journeys: a right or a waiting period that ends); refused in production.
    "DEV_CLOCK": False,
}


def defaults_for(environment: str, instance_path: str) -> dict[str, Any]:
    """Defaults for ``environment``, before the environment variables are applied."""
    config = dict(DEFAULTS)
    config["ENVIRONMENT"] = environment
    config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(instance_path) / 'porsche_web.sqlite3'}"
    if environment == "development":
        config.update(INSECURE_LOCAL_HTTP=True, LOG_FORMAT="text", OUTBOX_REDACT_SENT=False)
    if environment == "testing":
        config.update(
            TESTING=True,
            SECRET_KEY="testing-only-" + secrets.token_hex(16),
            INSECURE_LOCAL_HTTP=True,
            SQLALCHEMY_DATABASE_URI="sqlite://",
            LOG_FORMAT="text",
            LOG_LEVEL="WARNING",
        )
    return config


class ConfigError(RuntimeError):
    """The configuration is unusable; the message says which key and why."""


def development_secret_key(instance_path: str) -> str:
    """A random key kept in the instance folder, so sessions survive a restart in development."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def normalise_database_uri(uri: str) -> str:
    """``postgres://`` and ``postgresql://`` (as hosting platforms write them) use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            return "postgresql+psycopg://" + uri[len(prefix) :]
    return uri


def validate(config: dict[str, Any]) -> None:
    """Refuse configurations that are unsafe for their environment."""
    environment = config["ENVIRONMENT"]
    if environment not in ENVIRONMENTS:
        raise ConfigError(
            f"ENVIRONMENT must be one of {', '.join(ENVIRONMENTS)}, not {environment!r}"
        )
    if config["LANGUAGES"] is not None and config["DEFAULT_LANGUAGE"] not in config["LANGUAGES"]:
        raise ConfigError("DEFAULT_LANGUAGE must be one of LANGUAGES")
    if config.get("SMS_BACKEND") not in ("log", "http"):
        raise ConfigError("SMS_BACKEND must be log or http")
    if config.get("SMS_BACKEND") == "http" and not config.get("SMS_HTTP_URL"):
        raise ConfigError("SMS_BACKEND http needs PORSCHE_WEB_SMS_HTTP_URL")
    check_public_base_url(config)
    profile = config.get("PASSWORD_HASH_PROFILE", "standard")
    if profile not in PASSWORD_HASH_PROFILES:
        raise ConfigError(
            f"PASSWORD_HASH_PROFILE must be one of {', '.join(PASSWORD_HASH_PROFILES)}"
        )
    if profile == "fast" and environment != "testing":
        raise ConfigError(
            "PASSWORD_HASH_PROFILE fast (argon2id at minimal cost) is for test suites only and is "
            "refused outside ENVIRONMENT=testing"
        )
    proxies = config.get("TRUSTED_PROXIES")
    if not isinstance(proxies, int) or isinstance(proxies, bool) or not 0 <= proxies <= 5:
        raise ConfigError("TRUSTED_PROXIES must be a number of proxy hops from 0 to 5")
    if environment != "production":
        return
    if debug_requested(config):
        raise ConfigError(
            "FLASK_DEBUG / DEBUG starts the interactive debugger and is refused in production"
        )
    if not config.get("OUTBOX_REDACT_SENT"):
        raise ConfigError(
            "OUTBOX_REDACT_SENT keeps link tokens and codes of sent messages and cannot be "
            "switched off in production"
        )
    if config.get("OUTBOX_VIEWER"):
        raise ConfigError("OUTBOX_VIEWER shows every message and is refused in production")
    if config.get("PCM_SIMULATOR"):
        raise ConfigError("PCM_SIMULATOR resets car tokens and is refused in production")
    if config.get("DEV_CLOCK"):
        raise ConfigError("DEV_CLOCK moves the site's clock and is refused in production")
    key = config.get("SECRET_KEY") or ""
    if len(key) < 32 or any(marker in key.lower() for marker in DEVELOPMENT_SECRET_MARKERS):
        raise ConfigError(
            "Production needs a real secret: set PORSCHE_WEB_SECRET_KEY to at least 32 random "
            "characters (python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    if config.get("INSECURE_LOCAL_HTTP"):
        raise ConfigError(
            "INSECURE_LOCAL_HTTP is a development switch and is refused in production"
        )
    if not config.get("TRUSTED_HOSTS"):
        raise ConfigError("Production needs PORSCHE_WEB_TRUSTED_HOSTS (the host names it serves)")
    if not str(config.get("PUBLIC_BASE_URL", "")).startswith("https://"):
        raise ConfigError("Production needs an https:// PORSCHE_WEB_PUBLIC_BASE_URL")


def debug_requested(config: dict[str, Any]) -> bool:
    """``DEBUG`` set, or ``FLASK_DEBUG`` in the environment (``flask run --debug`` sets it and
    switches the debugger on only after the app was built, so it is checked here)."""
    from flask.helpers import get_debug_flag

    return bool(config.get("DEBUG")) or get_debug_flag()


def check_public_base_url(config: dict[str, Any]) -> None:
    """Links in e-mails are built from ``PUBLIC_BASE_URL`` inside a request context on that
    host: a host missing from ``TRUSTED_HOSTS`` would make every invitation round fail."""
    from werkzeug.sansio.utils import host_is_trusted

    base = str(config.get("PUBLIC_BASE_URL") or "")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"PUBLIC_BASE_URL must be an absolute http(s) URL, not {base!r}")
    trusted = config.get("TRUSTED_HOSTS")
    if isinstance(trusted, str):
        trusted = [trusted]
    if trusted and not host_is_trusted(parts.netloc, trusted):
        raise ConfigError(
            f"The host of PUBLIC_BASE_URL ({parts.hostname}) is not in TRUSTED_HOSTS "
            f"({', '.join(trusted)}): e-mail links could not be built"
        )
