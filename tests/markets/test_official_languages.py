"""Issue #15: a market's sites are its official languages that ship, then English where the
plugin allows it; the first official language that ships is the default; an official language
waiting for its catalog leads to the default language and is named by ``markets list``/``check``.
"""

from __future__ import annotations

import pytest

from porsche_web.markets import Market
from porsche_web.markets.registry import current_registry, served_market
from porsche_web.testing.helpers import html_lang

SWITZERLAND = Market(
    code="ch",
    languages=("en",),
    default_language="en",
    currency="CHF",
    timezone="Europe/Zurich",
    official_languages=("de", "fr", "it"),
)


@pytest.mark.parametrize(
    "shipped, languages, default",
    [
        (("sv", "en", "de"), ("de", "en"), "de"),
        (("sv", "en", "de", "fr"), ("de", "fr", "en"), "de"),
        (("sv", "en", "de", "fr", "it"), ("de", "fr", "it", "en"), "de"),
        (("sv", "en"), ("en",), "en"),  # no official language ships: the plugin's default
    ],
)
def test_sites_are_the_official_languages_that_ship_then_english(shipped, languages, default):
    served = served_market(SWITZERLAND, shipped)
    assert served is not None
    assert (served.languages, served.default_language) == (languages, default)


def test_once_french_ships_france_leads_to_french():
    france = Market("fr", ("en",), "en", "EUR", "Europe/Paris", official_languages=("fr",))
    assert served_market(france, ("sv", "en", "de")).languages == ("en",)
    served = served_market(france, ("sv", "en", "de", "fr"))
    assert (served.languages, served.default_language) == (("fr", "en"), "fr")


def test_a_plugin_without_english_gets_no_english_site():
    austria = Market("at", ("de",), "de", "EUR", "Europe/Vienna", official_languages=("de",))
    assert served_market(austria, ("sv", "en", "de")).languages == ("de",)
    assert served_market(austria, ("sv", "en")) is None


#: The core's own languages before any other catalog was complete: the tests of a language
#: waiting for its catalog run on these, whatever the translators have finished since.
BASE = ("sv", "en", "de")


@pytest.fixture
def base_only(core_shipping):
    core_shipping(*BASE)


def test_the_sites_with_only_the_base_languages(base_only, make_app):
    expected = {
        "se": (("sv", "en"), "sv"),
        "de": (("de", "en"), "de"),
        "ch": (("de", "en"), "de"),
        "be": (("de", "en"), "de"),  # nl and fr wait for their catalogs
        "fi": (("sv", "en"), "sv"),  # fi waits
        "fr": (("en",), "en"),
        "gb": (("en",), "en"),
    }
    with make_app().app_context():
        registry = current_registry()
        for code, (languages, default) in expected.items():
            market = registry.get(code)
            assert (market.languages, market.default_language) == (languages, default), code


def test_todays_sites_follow_the_catalogs_that_ship(app, market_registry):
    """Every official language whose catalog ships has its site, in the plugin's order, the
    first one the default; English follows where the plugin offers it."""
    shipped = set(app.config["LANGUAGES"])
    for market in market_registry.all():
        official = [lang for lang in market.official_languages if lang in shipped]
        assert list(market.languages[: len(official)]) == official, market.code
        if official:
            assert market.default_language == official[0], market.code
    assert {"fr", "nl", "it", "es", "pl", "pt", "da", "ja"} <= shipped  # finished catalogs
    assert market_registry.get("be").languages[:2] == ("nl", "fr")
    assert market_registry.get("ch").languages[:3] == ("de", "fr", "it")


def test_the_country_alone_leads_to_the_first_official_language_that_ships(base_only, make_app):
    client = make_app().test_client()
    assert client.get("/ch/").headers["Location"].endswith("/ch/de/")
    assert client.get("/be/").headers["Location"].endswith("/be/de/")
    assert client.get("/fi/").headers["Location"].endswith("/fi/sv/")
    assert client.get("/fr/").headers["Location"].endswith("/fr/en/")


def test_the_country_alone_leads_to_its_language_once_it_ships(client):
    assert client.get("/fr/").headers["Location"].endswith("/fr/fr/")
    assert client.get("/be/").headers["Location"].endswith("/be/nl/")
    assert client.get("/es/").headers["Location"].endswith("/es/es/")
    assert client.get("/pl/").headers["Location"].endswith("/pl/pl/")


def test_an_official_language_waiting_for_its_catalog_leads_to_the_default(base_only, make_app):
    client = make_app().test_client()
    response = client.get("/ch/fr/support?topic=x")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/ch/de/support?topic=x")
    assert client.get("/fr/fr/").headers["Location"].endswith("/fr/en/")
    # only reading is redirected; a form sent to such an address is not found
    assert client.post("/ch/fr/account/login").status_code == 404
    # a language that is not official there stays unknown
    assert client.get("/ch/sv/").status_code == 404
    assert client.get("/se/fr/").status_code == 404


def test_markets_list_and_check_name_the_languages_waiting_for_a_catalog(base_only, make_app):
    runner = make_app().test_cli_runner()
    listing = runner.invoke(args=["markets", "list"]).output.splitlines()
    french = next(line for line in listing if line.startswith("language fr:"))
    assert french.startswith("language fr: official in be, ca, ch, fr, lu, mc, not served: ")
    assert "no catalog for fr" in french and "translations/fr/LC_MESSAGES/messages.po" in french
    assert not any(line.startswith(("language sv:", "language de:")) for line in listing)
    check = runner.invoke(args=["markets", "check", "ch"])
    assert check.exit_code == 0, check.output
    waiting = [line for line in check.output.splitlines() if ": official in" in line]
    assert [line.split(":")[0] for line in waiting] == [
        "language fr",
        "language it",
        "language rm",
    ]
    assert all("official in ch," in line for line in waiting)


def catalog(language: str, missing: tuple[str, ...] = (), compiled: bool = True):
    from pathlib import Path

    from porsche_web.languages import CORE_PROVIDER, LanguageCatalog

    return LanguageCatalog(language, CORE_PROVIDER, Path("x.mo"), compiled, 10, missing)


def test_a_new_core_language_ships_only_when_its_catalog_is_complete():
    from porsche_web.languages import site_languages

    base = [catalog("sv"), catalog("en"), catalog("de", missing=("Hello",))]
    # sv, en and de always ship (the check keeps them complete at every commit)
    assert site_languages(base) == ("sv", "de", "en")
    assert site_languages([*base, catalog("fr", missing=("Hello",))]) == ("sv", "de", "en")
    assert site_languages([*base, catalog("fr", compiled=False)]) == ("sv", "de", "en")
    assert site_languages([*base, catalog("fr")]) == ("sv", "de", "en", "fr")


@pytest.fixture
def core_with_french(core_shipping):
    """The core's base catalogs plus its complete, compiled French one, nothing else."""
    return core_shipping(*BASE, "fr")


def test_adding_a_language_is_only_filling_its_catalog(make_app, core_with_french):
    """With a complete French catalog every market whose French is official gets its French
    site; France leads to it; nothing else changes."""
    app = make_app()
    assert "fr" in app.config["LANGUAGES"]
    client = app.test_client()
    assert client.get("/fr/").headers["Location"].endswith("/fr/fr/")
    assert client.get("/ch/").headers["Location"].endswith("/ch/de/")  # German stays first
    for site in ("/fr/fr/", "/ch/fr/support", "/be/fr/", "/lu/fr/", "/ca/fr/", "/mc/fr/"):
        response = client.get(site)
        assert response.status_code == 200, site
        assert html_lang(response.get_data(as_text=True)).startswith("fr-"), site
    assert client.get("/se/fr/").status_code == 404  # not official in Sweden
    listing = app.test_cli_runner().invoke(args=["markets", "list"]).output
    assert not any(line.startswith("language fr:") for line in listing.splitlines())
    switch = client.get("/ch/de/support").get_data(as_text=True)
    assert 'lang="fr" hreflang="fr"' in switch and ">Français</a>" in switch
