"""pytest fixtures for porsche_web and for market plugin teams.

Market teams get a configured application with their installed plugin in their own tests::

    def test_sweden_has_a_contact(app):
        with app.test_request_context():
            market = current_registry().get("se")
            assert current_registry().support_contact(market).email

Fixtures
    ``make_app(config=None, plugins=())``, ``app``, ``client``, ``runner``: applications on the
    session's database (migrated once; every table emptied after each test).
    ``database_uri``, ``fresh_database_uri``, ``database_kind``: the databases.
    ``app_config``: override it in a test module to change the settings of its apps.
    ``market_registry``, ``market_problems``: the registry and what ``markets check`` finds.
    ``make_core_app(config=None, plugins=())``: an application with only the given (fake) market
    plugins, none of the installed ones, for tests of the core's own logic;
    ``new_zealand_plugin``: a :class:`~porsche_web.testing.markets.FakeMarketPlugin` for ``nz``.
    ``core_shipping(*languages)``: from then on (apps made after it, the registry, the CLI) the
    core ships only these of its compiled catalogs: for tests of a language that waits for its
    catalog, or that a plugin ships, whatever the core's translators have finished.

Actions (flaskr's ``AuthActions``; :mod:`porsche_web.testing.actions`), each bound to ``app``
and ``client``:
    ``porsche_id``: ``register()``, ``confirm()``, ``register_and_confirm()``, ``login()``,
    ``logout()``, ``account()`` (Anna Svensson on the Swedish site).
    ``activation``: ``make_order()`` (through the service, invitation sent; returns the link's
    token), ``use_link()``, ``register()``, ``verify_phone()``, ``answer()``, ``address()``,
    ``walk_to_check()`` (every step up to check-your-answers), ``activate()`` (and confirm),
    ``add_account()`` (a verified Porsche ID written directly).
    ``vehicles``: ``link_car()`` (the activated order's car, from My vehicles).

Passwords and codes are hashed with argon2id at minimal cost (``PASSWORD_HASH_PROFILE="fast"``,
accepted only with ``ENVIRONMENT=testing``): still a real hash and a real verification, about
10 000 times cheaper. A test that checks the hashing itself opts out with
``@pytest.mark.real_hashing`` and gets the production cost.

Markers: ``real_hashing`` (above). Choose the database with ``--db=sqlite`` (default) or
``--db=postgresql`` (a throwaway server is started for the session), or the
``PORSCHE_WEB_TEST_DB`` environment variable.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import create_engine

from porsche_web.testing.postgres import PostgresServer

pytest.register_assert_rewrite("porsche_web.testing.actions", "porsche_web.testing.helpers")

_database_counter = itertools.count(1)


class _SharedTemplateCache(BytecodeCache):
    """Compiled templates shared by every app of the test session: each test's app would
    otherwise compile every template it renders again (Jinja checks each template's source)."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_template_cache = _SharedTemplateCache()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "real_hashing: hash passwords and codes at production cost (tests of the hashing itself)",
    )


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


def testing_settings(database_uri: str, *, real_hashing: bool = False) -> dict[str, Any]:
    """The settings every test app starts from (argon2id at minimal cost unless
    ``real_hashing``)."""
    return {
        "ENVIRONMENT": "testing",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "WTF_CSRF_ENABLED": True,
        "SERVER_NAME": None,
        "PASSWORD_HASH_PROFILE": "standard" if real_hashing else "fast",
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
def make_app(
    database_uri: str, app_config: Mapping[str, Any], request: pytest.FixtureRequest
) -> Iterator[Callable[..., Flask]]:
    """``make_app(config=None, plugins=())``: an application on the session's database.

    ``plugins`` are registered besides the installed market plugins, for this app only; every
    table is emptied after the test, and the development clock is back at the real time.
    """
    from porsche_web import create_app
    from porsche_web.extensions import db

    made: list[Flask] = []
    real_hashing = request.node.get_closest_marker("real_hashing") is not None

    def make(config: Mapping[str, Any] | None = None, plugins=()) -> Flask:
        overrides = {**app_config, **(config or {})}
        settings = {**testing_settings(database_uri, real_hashing=real_hashing), **overrides}
        if settings["ENVIRONMENT"] != "testing" and "PASSWORD_HASH_PROFILE" not in overrides:
            del settings["PASSWORD_HASH_PROFILE"]  # e.g. production settings: production's cost
        app = create_app(settings, plugins=plugins)
        app.jinja_env.bytecode_cache = _template_cache
        made.append(app)
        return app

    yield make

    from porsche_web import clock

    clock.back_to_real_time()  # a test that moved the development clock (/dev/clock)
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


@pytest.fixture
def make_core_app(make_app: Callable[..., Flask]) -> Callable[..., Flask]:
    """``make_core_app(config=None, plugins=())``: like ``make_app`` but with only ``plugins``
    (fake markets), none of the installed market plugins: for tests of the core's own logic."""

    def make(config: Mapping[str, Any] | None = None, plugins=()) -> Flask:
        return make_app({"LOAD_MARKET_PLUGINS": False, **(config or {})}, plugins=plugins)

    return make


@pytest.fixture
def core_shipping(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """``core_shipping("sv", "en", "de")``: the core's translations folder replaced, for this
    test, by one holding only these languages' compiled catalogs (copied from the real one);
    returns the folder."""
    import shutil

    from porsche_web import i18n, languages
    from porsche_web.markets import registry

    def ship(*chosen: str) -> Path:
        source = languages.core_translations_dir()
        core = tmp_path_factory.mktemp("core-translations")
        for language in chosen:
            compiled = languages.catalog_path(source, language, languages.MESSAGES_DOMAIN, ".mo")
            target = languages.catalog_path(core, language, languages.MESSAGES_DOMAIN, ".mo")
            target.parent.mkdir(parents=True)
            shutil.copy(compiled, target)
        for module in (languages, registry, i18n):
            monkeypatch.setattr(module, "core_translations_dir", lambda: core)
        return core

    return ship


@pytest.fixture
def new_zealand_plugin() -> Any:
    """A fake plugin declaring New Zealand (``nz``, English) with a support contact."""
    from porsche_web.markets import SupportContact
    from porsche_web.testing.markets import NEW_ZEALAND, FakeMarketPlugin

    return FakeMarketPlugin(
        NEW_ZEALAND, contact=SupportContact(email="smartmobility@nz.porsche.com")
    )


# -- Actions (flaskr's AuthActions): what a person does, bound to app and client ----------------


@pytest.fixture
def porsche_id(app: Flask, client: FlaskClient) -> Any:
    """:class:`~porsche_web.testing.actions.PorscheIdActions` for ``app`` and ``client``."""
    from porsche_web.testing.actions import PorscheIdActions

    return PorscheIdActions(app, client)


@pytest.fixture
def activation(app: Flask, client: FlaskClient) -> Any:
    """:class:`~porsche_web.testing.actions.ActivationActions` for ``app`` and ``client``."""
    from porsche_web.testing.actions import ActivationActions

    return ActivationActions(app, client)


@pytest.fixture
def vehicles(app: Flask, client: FlaskClient) -> Any:
    """:class:`~porsche_web.testing.actions.VehicleActions` for ``app`` and ``client``."""
    from porsche_web.testing.actions import VehicleActions

    return VehicleActions(app, client)


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
    """``market_problems("se", "no")``: the errors ``flask markets check`` finds for those
    markets (every market without arguments), as its lines naming distribution, entry point,
    market and field; ``market_problems("se", warnings=True)`` adds the warnings."""
    from porsche_web.i18n import core_translations_dir
    from porsche_web.markets.check import check_markets

    def problems(*codes: str, warnings: bool = False) -> list[str]:
        found = check_markets(market_registry, core_translations_dir(), codes)
        return [str(p) for p in found if warnings or p.is_error]

    return problems
