"""Settings that silently break production are refused at start (issue #20, items 9 and 21)."""

from __future__ import annotations

import pytest

from porsche_web import create_app
from porsche_web.config import ConfigError

PRODUCTION = {
    "ENVIRONMENT": "production",
    "SECRET_KEY": "p" * 48,
    "TRUSTED_HOSTS": ["my.porsche.example"],
    "PUBLIC_BASE_URL": "https://my.porsche.example",
    "INSECURE_LOCAL_HTTP": False,
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
}


@pytest.fixture(autouse=True)
def _no_debug_from_the_shell(monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)


def test_a_public_base_url_outside_the_trusted_hosts_is_refused():
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL.*TRUSTED_HOSTS"):
        create_app({**PRODUCTION, "PUBLIC_BASE_URL": "https://www.porsche.example"})


@pytest.mark.parametrize(
    "public, trusted",
    [
        ("https://my.porsche.example", ["my.porsche.example"]),
        ("https://my.porsche.example:8443/", ["my.porsche.example"]),
        ("https://se.porsche.example", [".porsche.example"]),
    ],
)
def test_a_public_base_url_on_a_trusted_host_starts(public, trusted):
    app = create_app({**PRODUCTION, "PUBLIC_BASE_URL": public, "TRUSTED_HOSTS": trusted})
    assert app.config["PUBLIC_BASE_URL"] == public


def test_a_public_base_url_must_be_absolute():
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL"):
        create_app({**PRODUCTION, "PUBLIC_BASE_URL": "my.porsche.example"})


@pytest.mark.parametrize("value", ["1", "true"])
def test_flask_debug_is_refused_in_production(monkeypatch, value):
    monkeypatch.setenv("FLASK_DEBUG", value)
    with pytest.raises(ConfigError, match="FLASK_DEBUG"):
        create_app(PRODUCTION)


def test_debug_setting_is_refused_in_production():
    with pytest.raises(ConfigError, match="debugger"):
        create_app({**PRODUCTION, "DEBUG": True})


def test_flask_debug_is_allowed_in_development(monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app(
        {"ENVIRONMENT": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}
    )
    assert app.config["ENVIRONMENT"] == "development"


def test_the_cli_refuses_flask_debug_in_production(monkeypatch, tmp_path):
    """``flask --debug`` sets FLASK_DEBUG before the app is built: the refusal stops it."""
    import subprocess
    import sys

    env = {
        "PATH": "/usr/bin:/bin",
        "FLASK_DEBUG": "1",
        "PORSCHE_WEB_ENVIRONMENT": "production",
        "PORSCHE_WEB_SECRET_KEY": "q" * 48,
        "PORSCHE_WEB_TRUSTED_HOSTS": '["my.porsche.example"]',
        "PORSCHE_WEB_PUBLIC_BASE_URL": "https://my.porsche.example",
        "PORSCHE_WEB_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "porsche_web", "routes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "FLASK_DEBUG" in result.stderr


def test_production_refuses_to_keep_secrets_of_sent_messages():
    with pytest.raises(ConfigError, match="OUTBOX_REDACT_SENT"):
        create_app({**PRODUCTION, "OUTBOX_REDACT_SENT": False})
