"""The market contract over every installed plugin, the seed's contacts (F23), ``markets check``.

Counts come from the seed list and the registry, never from a fixed number of markets: another
installed market keeps these tests green (``test_market_languages.py`` proves it)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from porsche_web.i18n import core_translations_dir
from porsche_web.markets import (
    AddressFormat,
    ChargingOffer,
    ChargingPlan,
    DataPassProvider,
    Market,
    MarketDataError,
    Partner,
    PrivacyPolicy,
    ServiceOffer,
    SupportContact,
    hookimpl,
)
from porsche_web.markets.check import check_markets
from porsche_web.markets.manager import build_plugin_manager
from porsche_web.markets.registry import MarketRegistry, current_registry
from porsche_web.testing.markets import NEW_ZEALAND


def test_the_seed_lists_the_45_countries_of_the_support_article(seed_contacts):
    contacts = seed_contacts  # F23: a fact of the seed, not of the installed markets
    assert len(contacts) == 45
    assert contacts["hk"] == contacts["cn"] == "connect@cn.porsche.com"


def test_every_country_of_the_seed_has_a_market_with_its_exact_contact(
    market_registry, seed_contacts
):
    expected = seed_contacts
    found = {
        market.code: market_registry.support_contact(market).email
        for market in market_registry.all()
    }
    assert {code: found.get(code) for code in expected} == expected


def test_every_installed_market_passes_markets_check(market_problems):
    assert market_problems() == []


def test_markets_check_command_succeeds(runner, market_registry):
    result = runner.invoke(args=["markets", "check"])
    assert result.exit_code == 0, result.output
    assert f"{len(market_registry.all())} market(s), no problems" in result.output


def test_plugins_come_in_at_least_five_distributions(market_registry):
    distributions = {market_registry.owner(m).distribution for m in market_registry.all()}
    assert len(distributions) >= 5


def test_site_languages_have_a_catalog_and_english_is_always_offered(market_registry):
    assert {"sv", "en", "de"} <= set(market_registry.languages)
    for market in market_registry.all():
        assert set(market.languages) <= set(market_registry.languages), market.code
        assert "en" in market.languages, market.code
        assert market.official_languages, market.code


def test_every_market_has_availability_contact_and_partners(market_registry):
    for market in market_registry.all():
        assert market_registry.service_offers(market, "taycan", 2024), market.code
        assert market_registry.partners(market), market.code
        assert not market_registry.support_contact(market).is_fallback, market.code


def test_sweden_is_the_complete_reference_market(market_registry):
    sweden = market_registry.get("se")
    assert len(market_registry.partners(sweden)) >= 3
    assert market_registry.data_pass_providers(sweden, "taycan", 2024)
    charging = market_registry.charging_offer(sweden)
    assert charging.currency == "SEK" and charging.card_delivery_days <= 10
    assert market_registry.track_your_dream(sweden) is True
    assert market_registry.privacy_policy(sweden).version.startswith("PorscheConnectDPG/SE")


# -- markets check: one fixture plugin per kind of mistake ------------------------------------


class MistakePlugin:
    """A New Zealand plugin with correct answers, one of which a test replaces with a mistake."""

    def __init__(self, **answers) -> None:
        self.answers = {
            "markets": [NEW_ZEALAND],
            "contact": lambda: SupportContact(email="connect@porsche.co.nz"),
            "offers": lambda: [ServiceOffer("nc_destsync_v1", 36, Decimal("299"))],
            "partners": lambda: [
                Partner("nz-akl", "Porsche Centre Auckland", "1 Road", "1010", "Auckland")
            ],
            "charging": lambda: None,
            "providers": lambda: [],
            **answers,
        }

    @hookimpl
    def porsche_markets(self):
        return self.answers["markets"]

    @hookimpl
    def porsche_support_contact(self, market):
        return self.answers["contact"]()

    @hookimpl
    def porsche_service_availability(self, market, model, model_year):
        return self.answers["offers"]()

    @hookimpl
    def porsche_partners(self, market):
        return self.answers["partners"]()

    @hookimpl
    def porsche_charging_offer(self, market):
        return self.answers["charging"]()

    @hookimpl
    def porsche_data_pass_providers(self, market, model, model_year):
        return self.answers["providers"]()


def problems_of(plugin) -> list[str]:
    pm, plugins, problems = build_plugin_manager(load_entrypoints=False, extra_plugins=[plugin])
    registry = MarketRegistry(pm, plugins, problems)
    return [str(p) for p in check_markets(registry, core_translations_dir())]


def test_the_correct_fixture_plugin_passes():
    assert problems_of(MistakePlugin()) == []


MISTAKES = {
    "e-mail syntax": (
        {"contact": lambda: SupportContact(email="connect at porsche")},
        "porsche_support_contact.email",
    ),
    "wrong type": ({"contact": lambda: "connect@porsche.co.nz"}, "porsche_support_contact"),
    "https URL": (
        {
            "providers": lambda: [
                DataPassProvider("Mobile", "http://example.com", "1", "terms", ("name",))
            ]
        },
        "porsche_data_pass_providers.registration_url",
    ),
    "negative price": (
        {"offers": lambda: [ServiceOffer("nc_destsync_v1", 12, Decimal("-1"))]},
        "porsche_service_availability.price",
    ),
    "unknown service": (
        {"offers": lambda: [ServiceOffer("teleport_v1", 12, Decimal("1"))]},
        "porsche_service_availability.service",
    ),
    "currency that does not exist": (
        {
            "charging": lambda: ChargingOffer(
                (ChargingPlan("p", "Plan", Decimal("1"), Decimal("1"), Decimal("1")),), "XYZ"
            )
        },
        "porsche_charging_offer.currency",
    ),
    "card delivery over ten days": (
        {
            "charging": lambda: ChargingOffer(
                (ChargingPlan("p", "Plan", Decimal("1"), Decimal("1"), Decimal("1")),),
                "NZD",
                card_delivery_days=14,
            )
        },
        "porsche_charging_offer.card_delivery_days",
    ),
    "partner without an address": (
        {"partners": lambda: [Partner("nz-akl", "Porsche Centre Auckland", "", "1010", "AKL")]},
        "porsche_partners.street",
    ),
    "repeated partner id": (
        {
            "partners": lambda: [
                Partner("nz-akl", "Porsche Centre Auckland", "1 Road", "1010", "Auckland"),
                Partner("nz-akl", "Porsche Centre North Shore", "2 Road", "0632", "Auckland"),
            ]
        },
        "porsche_partners.id",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES, ids=list(MISTAKES))
def test_markets_check_names_plugin_market_and_field(mistake):
    answers, field = MISTAKES[mistake]
    problems = problems_of(MistakePlugin(**answers))
    assert len(problems) == 1, problems
    assert "market nz" in problems[0] and "MistakePlugin" in problems[0]
    assert f": {field}" in problems[0], problems[0]


def test_markets_check_finds_a_language_without_a_compiled_catalog(tmp_path):
    plugin = MistakePlugin()
    pm, plugins, problems = build_plugin_manager(load_entrypoints=False, extra_plugins=[plugin])
    registry = MarketRegistry(pm, plugins, problems)
    found = [str(p) for p in check_markets(registry, tmp_path)]
    assert any("market nz: languages: 'en' has no compiled core catalog" in p for p in found)


def test_markets_check_finds_a_language_the_core_does_not_ship():
    market = Market("nz", ("mi", "en"), "en", "NZD", "Pacific/Auckland")
    problems = problems_of(MistakePlugin(markets=[market]))
    assert any("porsche_markets" in p and "no catalog for mi" in p for p in problems), problems


def test_markets_check_finds_duplicate_market_codes():
    pm, plugins, problems = build_plugin_manager(
        load_entrypoints=False, extra_plugins=[MistakePlugin(), MistakePlugin()]
    )
    registry = MarketRegistry(pm, plugins, problems)
    found = [str(p) for p in check_markets(registry, core_translations_dir())]
    assert found == [
        "MistakePlugin (entry point MistakePlugin): market nz: porsche_markets.code: also "
        "declared by MistakePlugin (entry point MistakePlugin-2); both plugins are switched off",
        "MistakePlugin (entry point MistakePlugin-2): market nz: porsche_markets.code: also "
        "declared by MistakePlugin (entry point MistakePlugin); both plugins are switched off",
    ]


def test_markets_check_exits_non_zero_naming_the_problem(make_app):
    app = make_app(
        plugins=[MistakePlugin(contact=lambda: SupportContact(email="connect at porsche"))]
    )
    result = app.test_cli_runner().invoke(args=["markets", "check", "nz"])
    assert result.exit_code == 1
    assert "market nz: porsche_support_contact.email" in result.output


# -- value objects check themselves ------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: ServiceOffer("x y", 12, Decimal("1")), "service"),
        (lambda: ServiceOffer("nav", 0, None), "included_months or a price"),
        (lambda: ServiceOffer("nav", 12, 1.5), "price"),
        (lambda: AddressFormat(("street", "city")), "postal_code"),
        (
            lambda: AddressFormat(postal_code_pattern=r"\d{5}", postal_code_example="1234"),
            "example",
        ),
        (lambda: PrivacyPolicy("", date(2026, 1, 1)), "version"),
        (lambda: Partner("p", "Name", "Street", "1", "City", email="nope"), "email"),
        (
            lambda: Market("nz", ("en",), "en", "NZD", "Pacific/Auckland", official_languages="mi"),
            "official_languages",
        ),
    ],
)
def test_value_objects_refuse_wrong_data(build, message):
    with pytest.raises(MarketDataError, match=message):
        build()


def test_postal_codes_are_normalised_by_the_format():
    address = AddressFormat(postal_code_pattern=r"\d{3} ?\d{2}", postal_code_example="114 35")
    assert address.normalise_postal_code("  114   35 ") == "114 35"
    assert address.normalise_postal_code("11435") == "11435"
    assert address.normalise_postal_code("1143") is None


# -- cost: computed once per process -----------------------------------------------------------


class CountingPlugin(MistakePlugin):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    @hookimpl
    def porsche_service_availability(self, market, model, model_year):
        self.calls += 1
        return [ServiceOffer("nc_destsync_v1", 36, Decimal("299"))]


def test_store_data_is_computed_once_per_process_and_the_cache_can_be_cleared(make_app):
    plugin = CountingPlugin()
    app = make_app(plugins=[plugin])
    client = app.test_client()
    for _ in range(3):
        assert client.get("/nz/en/store?model=taycan&year=2024").status_code == 200
    assert plugin.calls == 1
    client.get("/nz/en/store?model=taycan&year=2023")
    assert plugin.calls == 2
    with app.app_context():
        current_registry().clear_cache()
    client.get("/nz/en/store?model=taycan&year=2024")
    assert plugin.calls == 3


def test_markets_check_finds_a_plugin_catalog_that_is_not_compiled(market_registry, tmp_path):
    import shutil

    from porsche_web.markets.check import MarketChecker

    package = tmp_path / "porsche_market_xx"
    info = market_registry.owner("se")
    shutil.copytree(
        info.package_dir / "translations",
        package / "translations",
        ignore=shutil.ignore_patterns("*.mo"),
    )
    fake = dataclasses.replace(info, package_dir=package)
    checker = MarketChecker(
        market_registry.pm, fake, market_registry.get("se"), core_translations_dir()
    )
    checker.check_languages()
    assert [p.field for p in checker.problems] == ["languages", "languages"]
    assert "catalog for 'sv' is not compiled" in checker.problems[0].message
