"""The market plugin mechanism: discovery, validation, per-market dispatch, failure policy."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from porsche_web.markets import Market, MarketDataError, SupportContact, hookimpl
from porsche_web.markets.registry import current_registry
from porsche_web.testing.markets import ALAND, NEW_ZEALAND, FakeMarketPlugin


def registry_of(app):
    with app.app_context():
        return current_registry()


def test_installed_plugins_declare_sweden_and_germany(app):
    registry = registry_of(app)
    assert {m.code for m in registry.all()} >= {"se", "de"}
    assert registry.owner("se").distribution == "porsche-market-se"
    assert registry.owner("de").distribution == "porsche-market-de"
    sweden = registry.get("se")
    assert sweden.languages == ("sv", "en") and sweden.currency == "SEK"


def test_markets_list_shows_every_market_with_its_distribution(runner):
    result = runner.invoke(args=["markets", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.startswith("se ") and "porsche-market-se 0.1.0" in line for line in lines)
    assert any(line.startswith("de ") and "porsche-market-de 0.1.0" in line for line in lines)


def test_a_plugin_registered_for_one_test_adds_its_market(make_core_app, new_zealand_plugin):
    app = make_core_app(plugins=[new_zealand_plugin])
    assert registry_of(app).get("nz") == NEW_ZEALAND
    assert app.test_client().get("/nz/en/").status_code == 200
    # … and only for that app
    assert registry_of(make_core_app()).get("nz") is None


def test_market_hooks_run_only_for_the_plugins_own_markets(make_core_app, new_zealand_plugin):
    aland_plugin = FakeMarketPlugin(ALAND, contact=SupportContact(email="smartmobility@ax.example"))
    app = make_core_app(plugins=[aland_plugin, new_zealand_plugin])
    registry = registry_of(app)
    with app.app_context():
        aland_contact = registry.support_contact(registry.get("ax"))
        new_zealand_contact = registry.support_contact(registry.get("nz"))
    assert aland_contact.email == "smartmobility@ax.example"
    assert new_zealand_contact.email == "smartmobility@nz.porsche.com"
    assert new_zealand_plugin.contact_calls == ["nz"]
    assert aland_plugin.contact_calls == ["ax"]


def test_market_data_is_computed_once_per_process(make_core_app, new_zealand_plugin):
    app = make_core_app(plugins=[new_zealand_plugin])
    client = app.test_client()
    for _ in range(3):
        assert client.get("/nz/en/support").status_code == 200
    assert new_zealand_plugin.contact_calls == ["nz"]


def test_a_market_without_a_contact_gets_the_porsche_partner_fallback(make_core_app):
    plugin = FakeMarketPlugin(NEW_ZEALAND, contact=None)
    app = make_core_app(plugins=[plugin])
    page = app.test_client().get("/nz/en/support").get_data(as_text=True)
    assert "Please contact your Porsche partner" in page
    assert "may be limited or not available" in page


def test_a_market_code_declared_twice_switches_both_plugins_off_and_the_others_serve(
    make_app, caplog
):
    caplog.set_level(logging.ERROR, logger="porsche_web.markets")
    sweden_again = Market(
        code="se",
        languages=("sv",),
        default_language="sv",
        currency="SEK",
        timezone="Europe/Stockholm",
    )
    app = make_app(plugins=[FakeMarketPlugin(sweden_again, ALAND)])
    registry = registry_of(app)
    assert registry.get("se") is None and registry.get("ax") is None  # both plugins are off
    client = app.test_client()
    assert client.get("/se/sv/").status_code == 404
    assert client.get("/de/de/").status_code == 200  # every other market serves
    lines = [r.getMessage() for r in caplog.records if "declared by two plugins" in r.getMessage()]
    assert lines == [
        "market se is declared by two plugins, se (porsche-market-se) and FakeMarketPlugin "
        "(FakeMarketPlugin): both are switched off; every other market is served"
    ]
    listed = app.test_cli_runner().invoke(args=["markets", "list"])
    assert "switched off: porsche-market-se (entry point se): market se" in listed.output


class GarbagePlugin:
    @hookimpl
    def porsche_markets(self):
        return "se, de and the moon"


class RaisingPlugin:
    @hookimpl
    def porsche_markets(self):
        raise RuntimeError("database of markets is down")


class BadMarketPlugin:
    @hookimpl
    def porsche_markets(self):
        return [replace(NEW_ZEALAND, currency="XXX1")]


@pytest.mark.parametrize("plugin_class", [GarbagePlugin, RaisingPlugin, BadMarketPlugin])
def test_a_faulty_plugin_is_switched_off_and_the_others_keep_working(
    make_core_app, plugin_class, caplog
):
    caplog.set_level(logging.ERROR, logger="porsche_web.markets")
    app = make_core_app(plugins=[plugin_class(), FakeMarketPlugin(ALAND)])
    registry = registry_of(app)
    assert [p.plugin for p in registry.problems if plugin_class.__name__ in p.plugin]
    assert plugin_class.__name__ in caplog.text
    assert app.test_client().get("/ax/sv/").status_code == 200
    result = app.test_cli_runner().invoke(args=["markets", "list"])
    assert "switched off" in result.output and plugin_class.__name__ in result.output


class TypoPlugin:
    @hookimpl
    def porsche_markets(self):
        return [NEW_ZEALAND]

    @hookimpl
    def porsche_suport_contact(self, market):  # misspelt hook name
        return None


def test_a_plugin_implementing_an_unknown_hook_is_switched_off(make_core_app):
    app = make_core_app(plugins=[TypoPlugin(), FakeMarketPlugin(ALAND)])
    registry = registry_of(app)
    assert registry.get("nz") is None
    assert any("porsche_suport_contact" in str(p) for p in registry.problems)
    assert registry.get("ax") is not None


class FaultyContactPlugin:
    def __init__(self, answer):
        self.answer = answer

    @hookimpl
    def porsche_markets(self):
        return [NEW_ZEALAND]

    @hookimpl
    def porsche_support_contact(self, market):
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.mark.parametrize("answer", [RuntimeError("boom"), "smartmobility@nz.porsche.com", 42])
def test_a_faulty_market_hook_falls_back_to_the_core(make_core_app, answer, caplog):
    caplog.set_level(logging.ERROR, logger="porsche_web.markets")
    app = make_core_app(plugins=[FaultyContactPlugin(answer)])
    response = app.test_client().get("/nz/en/support")
    assert response.status_code == 200
    assert "Please contact your Porsche partner" in response.get_data(as_text=True)
    assert "porsche_support_contact" in caplog.text


def test_languages_without_a_core_catalog_are_left_out(make_core_app):
    plugin = FakeMarketPlugin(
        Market(
            code="nz",
            languages=("mi", "en"),
            default_language="mi",
            currency="NZD",
            timezone="Pacific/Auckland",
        )
    )
    registry = registry_of(make_core_app(plugins=[plugin]))
    new_zealand = registry.get("nz")
    assert new_zealand.languages == ("en",) and new_zealand.default_language == "en"
    assert any("no catalog for mi" in p.message for p in registry.problems)


def test_a_market_with_no_shipped_language_is_switched_off(make_core_app):
    plugin = FakeMarketPlugin(replace(NEW_ZEALAND, languages=("mi",), default_language="mi"))
    assert registry_of(make_core_app(plugins=[plugin])).get("nz") is None


def test_disabled_markets_are_not_served(make_core_app, new_zealand_plugin):
    app = make_core_app(
        {"DISABLED_MARKETS": ["nz"]}, plugins=[new_zealand_plugin, FakeMarketPlugin(ALAND)]
    )
    assert registry_of(app).get("nz") is None
    assert app.test_client().get("/nz/en/").status_code == 404
    assert app.test_client().get("/ax/sv/").status_code == 200


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"code": "SE"}, "code"),
        ({"code": "xx"}, "ISO 3166"),
        ({"languages": ()}, "languages"),
        ({"languages": "sv"}, "languages"),
        ({"languages": ("sv", "sv")}, "repeat"),
        ({"languages": ("svenska",)}, "language"),
        ({"default_language": "de"}, "default_language"),
        ({"currency": "KRONOR"}, "currency"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
    ],
)
def test_market_values_check_themselves(fields, message):
    good = {
        "code": "se",
        "languages": ("sv", "en"),
        "default_language": "sv",
        "currency": "SEK",
        "timezone": "Europe/Stockholm",
    }
    with pytest.raises(MarketDataError, match=message):
        Market(**{**good, **fields})


@pytest.mark.parametrize(
    "fields",
    [
        {"email": "not-an-address"},
        {"email": None},
        {"email": "a@b.se", "phone": "0701234567"},
        {"email": "a@b.se", "hours": 9},
    ],
)
def test_support_contacts_check_themselves(fields):
    with pytest.raises(MarketDataError):
        SupportContact(**fields)


def test_market_names_and_tags_come_from_cldr():
    sweden = Market(
        code="se",
        languages=("sv", "en"),
        default_language="sv",
        currency="SEK",
        timezone="Europe/Stockholm",
    )
    assert sweden.name("sv") == "Sverige"
    assert sweden.name("de") == "Schweden"
    assert sweden.language_tag("sv") == "sv-SE"
    assert sweden.locale("sv") == "sv_SE"
