"""The internal hooks (porsche_web/hooks.py): registered, documented, and what each one does."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pluggy
import pytest
from sqlalchemy import select

from porsche_web import clock, create_app, hooks
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.models import Account
from porsche_web.extensions import db
from porsche_web.hooks import (
    EXTENSION_KEY,
    HOOK_PREFIX,
    INTERNAL_PLUGINS,
    PROJECT_NAME,
    HomeSection,
    build_core_hooks,
    core_hookimpl,
)
from porsche_web.markets import PROJECT_NAME as MARKETS_PROJECT_NAME
from porsche_web.testing import pytest_plugin
from porsche_web.testing.helpers import post_form

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "internal-hooks.md"
EMAIL = "hooks.customer@example.com"
PASSWORD = "a quiet road along the coast"


def specs() -> dict[str, list[str]]:
    return {
        name: list(inspect.signature(function).parameters)
        for name, function in inspect.getmembers(hooks, inspect.isfunction)
        if hasattr(function, f"{PROJECT_NAME}_spec")
    }


def guide_sections() -> dict[str, tuple[list[str], str]]:
    """``### core_x(a, b)`` headings of the guide: arguments and the section's text."""
    text = GUIDE.read_text(encoding="utf-8")
    parts = re.split(r"^### ", text, flags=re.M)[1:]
    found = {}
    for part in parts:
        heading, _, body = part.partition("\n")
        match = re.fullmatch(r"(core_\w+)\(([^)]*)\)\s*", heading)
        if match:
            arguments = [a.strip() for a in match.group(2).split(",") if a.strip()]
            found[match.group(1)] = (arguments, body)
    return found


@pytest.fixture
def make_core_app(database_uri, make_app):
    """``make_core_app(*core_plugins)``: an app on the test database with extra internal plugins
    (``make_app`` empties the tables afterwards)."""
    made = []

    def make(*core_plugins):
        app = create_app(pytest_plugin.testing_settings(database_uri), core_plugins=core_plugins)
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def add_customer(app) -> int:
    with app.app_context():
        account = Account(
            email=EMAIL,
            email_verified_at=clock.now(),
            given_name="Greta",
            family_name="Exempel",
            country="se",
            market="se",
            language="sv",
            phone_e164="+46701740607",
            phone_verified_at=clock.now(),
            password_hash=hashing.hash_secret(PASSWORD),
        )
        db.session.add(account)
        db.session.commit()
        return account.id


def only(plugin) -> hooks.CoreHooks:
    """The façade over ``plugin`` alone (no feature of the core)."""
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hooks)
    pm.register(plugin)
    return hooks.CoreHooks(pm)


def log_in(client):
    response = post_form(client, "/se/sv/account/login", {"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 303, response.get_data(as_text=True)


# -- registration and documentation ------------------------------------------------------------


def test_every_internal_plugin_is_registered_and_every_hook_has_an_implementation(app):
    pm = app.extensions[EXTENSION_KEY].pm
    assert pm.project_name == PROJECT_NAME != MARKETS_PROJECT_NAME
    assert sorted(pm.get_name(plugin) for plugin in pm.get_plugins()) == sorted(INTERNAL_PLUGINS)
    for name in specs():
        assert getattr(pm.hook, name).get_hookimpls(), f"{name}: no feature implements it"


def test_every_hook_has_the_prefix_a_typed_signature_and_a_full_docstring():
    assert specs(), "no hook specifications found"
    for name, function in inspect.getmembers(hooks, inspect.isfunction):
        if not hasattr(function, f"{PROJECT_NAME}_spec"):
            continue
        assert name.startswith(HOOK_PREFIX), name
        signature = inspect.signature(function)
        assert signature.return_annotation is not inspect.Signature.empty, name
        for parameter in signature.parameters.values():
            assert parameter.annotation is not inspect.Parameter.empty, (name, parameter.name)
        doc = inspect.getdoc(function) or ""
        for parameter in signature.parameters:
            assert f":param {parameter}:" in doc, f"{name}: :param {parameter}: missing"
        assert ":returns:" in doc and ".. versionadded::" in doc, name


def test_the_facade_has_a_method_for_every_hook():
    methods = {
        name
        for name, _ in inspect.getmembers(hooks.CoreHooks, inspect.isfunction)
        if not name.startswith("_")
    }
    for name in specs():
        calls = [
            m for m in methods if f"hook.{name}(" in inspect.getsource(getattr(hooks.CoreHooks, m))
        ]
        assert calls, f"CoreHooks has no method that calls {name}"


def test_the_guide_documents_every_hook_with_its_arguments_and_implementations(app):
    sections = guide_sections()
    assert {name: arguments for name, (arguments, _) in sections.items()} == specs()
    pm = app.extensions[EXTENSION_KEY].pm
    for name, (_, body) in sections.items():
        match = re.search(r"^Implemented by: (.+?)\.\s*$", body, flags=re.M | re.S)
        assert match, f"{name}: no 'Implemented by:' line"
        documented = re.findall(r"`([\w.]+)`", match.group(1))
        actual = [pm.get_name(impl.plugin) for impl in getattr(pm.hook, name).get_hookimpls()]
        assert sorted(documented) == sorted(actual), name


def test_the_guide_names_the_project_and_every_internal_plugin_and_the_readme_links_it():
    text = GUIDE.read_text(encoding="utf-8")
    assert f"`{PROJECT_NAME}`" in text
    for module in INTERNAL_PLUGINS:
        assert f"`{module}`" in text, module
        assert (ROOT / (module.replace(".", "/") + ".py")).exists(), module
    assert "docs/internal-hooks.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_only_the_facade_calls_hooks_by_name():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "porsche_web").rglob("*.py")
        if path.name != "hooks.py" and re.search(r"\.hook\.core_\w+", path.read_text("utf-8"))
    ]
    assert offenders == []


def test_an_implementation_without_a_spec_stops_the_start_up():
    class Typo:
        @core_hookimpl
        def core_my_porsche_sections(self, account):  # the spec is core_my_porsche_section
            return None

    with pytest.raises(pluggy.PluginValidationError):
        build_core_hooks([Typo()])


def test_an_implementation_with_an_unknown_argument_stops_the_start_up():
    class WrongArgument:
        @core_hookimpl
        def core_account_deleted(self, customer):
            return None

    with pytest.raises(pluggy.PluginValidationError):
        build_core_hooks([WrongArgument()])


# -- what each hook does -----------------------------------------------------------------------


class ExtraFeature:
    """A feature registered for one test."""

    def __init__(self, order: int = 10) -> None:
        self.order = order
        self.deleted: list[tuple[int, bool]] = []

    @core_hookimpl
    def core_my_porsche_section(self, account):
        return HomeSection(f"<p>Extra section for {account.given_name}</p>", order=self.order)

    @core_hookimpl
    def core_session_keys_kept_at_login(self):
        return ["extra_kept"]

    @core_hookimpl
    def core_account_deleted(self, account):
        still_there = db.session.get(Account, account.id) is not None
        self.deleted.append((account.id, still_there))

    @core_hookimpl
    def core_demo_seed(self):
        return "extra demo data seeded"


@pytest.mark.parametrize(("order", "before_vehicles"), [(10, True), (999, False)])
def test_a_feature_adds_a_my_porsche_section_in_its_order(make_core_app, order, before_vehicles):
    app = make_core_app(ExtraFeature(order))
    add_customer(app)
    client = app.test_client()
    log_in(client)
    html = client.get("/se/sv/account/").get_data(as_text=True)
    assert "<p>Extra section for Greta</p>" in html  # the feature's HTML, not escaped again
    extra, vehicles = html.index("Extra section"), html.index("/se/sv/account/vehicles")
    assert (extra < vehicles) is before_vehicles


def test_a_section_must_be_a_home_section():
    with pytest.raises(TypeError):
        HomeSection("<p>x</p>", order="first")

    class Raw:
        @core_hookimpl
        def core_my_porsche_section(self, account):
            return "<p>not wrapped</p>"

    with pytest.raises(TypeError):
        only(Raw()).my_porsche_sections(account=None)


def test_a_feature_keeps_its_session_key_at_login_and_nothing_else_survives(make_core_app):
    app = make_core_app(ExtraFeature())
    add_customer(app)
    client = app.test_client()
    client.get("/se/sv/account/login")
    with client.session_transaction() as session:
        session["extra_kept"] = "kept"
        session["activation_order_id"] = 7
        session["something_else"] = "dropped"
    log_in(client)
    with client.session_transaction() as session:
        assert session.get("extra_kept") == "kept"
        assert session.get("activation_order_id") == 7  # the activation's own key
        assert "something_else" not in session
    with app.app_context():
        kept = app.extensions[EXTENSION_KEY].session_keys_kept_at_login()
    assert kept == {"extra_kept", "activation_order_id"}


def test_session_keys_must_be_a_list_of_strings():
    class Text:
        @core_hookimpl
        def core_session_keys_kept_at_login(self):
            return "a_key"

    with pytest.raises(TypeError):
        only(Text()).session_keys_kept_at_login()


def test_deleting_a_porsche_id_calls_every_feature(make_core_app, monkeypatch):
    from porsche_web.accounts import services as accounts
    from porsche_web.activation import checkout
    from porsche_web.vehicles import services as vehicles

    called = []
    for module in (checkout, vehicles):
        original = module.forget_account

        def spy(account, original=original, module=module):
            called.append(module.__name__)
            original(account)

        monkeypatch.setattr(module, "forget_account", spy)
    extra = ExtraFeature()
    app = make_core_app(extra)
    account_id = add_customer(app)
    with app.test_request_context():
        accounts.delete_account(db.session.get(Account, account_id))
        db.session.commit()
        assert db.session.get(Account, account_id) is None
    assert sorted(called) == ["porsche_web.activation.checkout", "porsche_web.vehicles.services"]
    assert extra.deleted == [(account_id, True)]  # called before the account row goes


def test_demo_seed_runs_every_feature_once_and_again_adds_nothing(make_core_app):
    app = make_core_app(ExtraFeature())
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    for line in ("demo customer", "3 demo order(s) created", "demo vehicle(s) created"):
        assert line in first.output
    assert "extra demo data seeded" in first.output
    second = runner.invoke(args=["demo", "seed"]).output
    assert "0 demo order(s) created" in second and "0 demo vehicle(s) created" in second
    with app.app_context():
        assert len(db.session.execute(select(Account)).scalars().all()) == 1
