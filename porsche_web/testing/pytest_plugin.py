"""pytest fixtures for porsche_web and for market plugin teams.

Market teams get a configured application with their installed plugin in their own tests::

    def test_sweden_has_a_contact(app):
        with app.test_request_context():
            market = current_registry().get("se")
            assert current_registry().support_contact(market).email
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine

from porsche_web.testing.postgres import PostgresServer

_database_counter = itertools.count(1)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("porsche_web")
    group.addoption(
        "--db",
        choices=["sqlite", "postgresql"],
        default=os.environ.get("PORSCHE_WEB_TEST_DB", "sqlite"),
        help="database the tests run on; postgresql starts a throwaway server (default: sqlite)",
    )


@pytest.fixture(scope="session")
def database_kind(pytestconfig: pytest.Config) -> str:
    return pytestconfig.getoption("--db")


@pytest.fixture(scope="session")
def postgres_server(database_kind: str) -> Iterator[PostgresServer | None]:
    if database_kind != "postgresql":
        yield None
        return
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def new_database(
    postgres_server: PostgresServer | None, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[], str]:
    """Makes a new, empty database and returns its URI (SQLite file or PostgreSQL database)."""

    def make() -> str:
        number = next(_database_counter)
        if postgres_server is not None:
            return postgres_server.create_database(f"test_{number}")
        path = tmp_path_factory.mktemp("db") / f"test_{number}.sqlite3"
        return f"sqlite:///{path}"

    return make


def testing_settings(database_uri: str) -> dict[str, Any]:
    """The settings every test app starts from."""
    return {
        "ENVIRONMENT": "testing",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "WTF_CSRF_ENABLED": True,
        "SERVER_NAME": None,
    }


def migrate_to_head(app: Flask) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()


@pytest.fixture(scope="session")
def database_uri(new_database: Callable[[], str]) -> str:
    """The session's database, migrated to head once."""
    from porsche_web import create_app

    uri = new_database()
    migrate_to_head(create_app(testing_settings(uri)))
    return uri


@pytest.fixture
def fresh_database_uri(new_database: Callable[[], str]) -> str:
    """A new, empty database (not migrated) for this test only."""
    return new_database()


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Override in a test module to change settings for its apps."""
    return {}


@pytest.fixture
def make_app(database_uri: str, app_config: Mapping[str, Any]) -> Iterator[Callable[..., Flask]]:
    """``make_app(config=None, plugins=())``: an application on the session's database.

    ``plugins`` are registered besides the installed market plugins, for this app only; every
    table is emptied after the test.
    """
    from porsche_web import create_app
    from porsche_web.extensions import db

    made: list[Flask] = []

    def make(config: Mapping[str, Any] | None = None, plugins=()) -> Flask:
        settings = {**testing_settings(database_uri), **app_config, **(config or {})}
        app = create_app(settings, plugins=plugins)
        made.append(app)
        return app

    yield make

    for made_app in made:
        with made_app.app_context():
            db.session.remove()
            db.engine.dispose()
    engine = create_engine(database_uri)
    try:
        with engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
    finally:
        engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


# -- Fixtures for market teams ---------------------------------------------------------------


@pytest.fixture
def market_registry(app: Flask) -> Iterator[Any]:
    """The market registry of ``app``, inside an application context.

    Its answers are cached per process (per app); ``market_registry.clear_cache()`` forgets them
    when a test changes a plugin's data between two calls.
    """
    from porsche_web.markets.registry import current_registry

    with app.app_context():
        yield current_registry()


@pytest.fixture
def market_problems(market_registry: Any) -> Callable[..., list[str]]:
    """``market_problems("se", "no")``: what ``flask markets check`` finds for those markets
    (every market without arguments), as messages naming plugin, market and field."""
    from porsche_web.i18n import core_translations_dir
    from porsche_web.markets.check import check_markets

    def problems(*codes: str) -> list[str]:
        return [str(p) for p in check_markets(market_registry, core_translations_dir(), codes)]

    return problems
