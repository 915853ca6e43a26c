"""The factory and its configuration."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from porsche_web import create_app
from porsche_web.config import DEFAULTS, ConfigError
from porsche_web.testing.helpers import PRODUCTION_SETTINGS

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {**PRODUCTION_SETTINGS, "SQLALCHEMY_DATABASE_URI": "sqlite://"}


def test_factory_builds_a_testing_app(app):
    assert app.config["ENVIRONMENT"] == "testing"
    assert app.testing


@pytest.mark.parametrize(
    "secret", [None, "", "short", "development-key-" + "x" * 40, "changeme" * 8]
)
def test_production_refuses_a_missing_or_development_secret(secret, monkeypatch):
    monkeypatch.delenv("PORSCHE_WEB_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({**PRODUCTION, "SECRET_KEY": secret})


def test_production_starts_with_a_real_secret():
    app = create_app(PRODUCTION)
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert app.config["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize(
    "override, message",
    [
        ({"INSECURE_LOCAL_HTTP": True}, "INSECURE_LOCAL_HTTP"),
        ({"TRUSTED_HOSTS": None}, "TRUSTED_HOSTS"),
        ({"PUBLIC_BASE_URL": "http://my.porsche.example"}, "https"),
        ({"ENVIRONMENT": "staging"}, "ENVIRONMENT"),
    ],
)
def test_unsafe_settings_are_refused(override, message):
    with pytest.raises(ConfigError, match=message):
        create_app({**PRODUCTION, **override})


def test_production_refuses_the_fast_password_hasher():
    with pytest.raises(ConfigError, match="PASSWORD_HASH_PROFILE"):
        create_app({**PRODUCTION, "PASSWORD_HASH_PROFILE": "fast"})


def test_only_testing_accepts_the_fast_password_hasher(tmp_path, monkeypatch):
    monkeypatch.setattr(
        "flask.Flask.auto_find_instance_path", lambda self: str(tmp_path / "instance")
    )
    development = {"ENVIRONMENT": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    with pytest.raises(ConfigError, match="PASSWORD_HASH_PROFILE"):
        create_app({**development, "PASSWORD_HASH_PROFILE": "fast"})
    testing = {"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    assert create_app({**testing, "PASSWORD_HASH_PROFILE": "fast"}).config["TESTING"]
    with pytest.raises(ConfigError, match="PASSWORD_HASH_PROFILE"):
        create_app({**testing, "PASSWORD_HASH_PROFILE": "none"})


def test_the_default_environment_is_production(monkeypatch):
    monkeypatch.delenv("PORSCHE_WEB_ENVIRONMENT", raising=False)
    monkeypatch.delenv("PORSCHE_WEB_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_development_generates_one_secret_per_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("PORSCHE_WEB_SECRET_KEY", raising=False)
    monkeypatch.setattr(
        "flask.Flask.auto_find_instance_path", lambda self: str(tmp_path / "instance")
    )
    first = create_app({"ENVIRONMENT": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    second = create_app({"ENVIRONMENT": "development", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_variables_override_defaults(monkeypatch, database_uri):
    monkeypatch.setenv("PORSCHE_WEB_LOG_LEVEL", "ERROR")
    monkeypatch.setenv("PORSCHE_WEB_DISABLED_MARKETS", '["de"]')
    app = create_app({"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": database_uri})
    assert app.config["LOG_LEVEL"] == "ERROR"
    assert app.config["DISABLED_MARKETS"] == ["de"]


def test_explicit_config_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("PORSCHE_WEB_LOG_LEVEL", "ERROR")
    app = create_app({"ENVIRONMENT": "testing", "LOG_LEVEL": "DEBUG"})
    assert app.config["LOG_LEVEL"] == "DEBUG"


def test_the_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `PORSCHE_WEB_([A-Z_]+)` \|", readme, re.M))
    assert documented == set(DEFAULTS)


@pytest.mark.parametrize(
    "given", ["postgres://u:p@db.example/app", "postgresql://u:p@db.example/app"]
)
def test_postgresql_addresses_use_psycopg_3(given):
    app = create_app({"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": given})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example/app"
