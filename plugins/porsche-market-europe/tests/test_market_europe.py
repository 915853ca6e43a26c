"""Europe plugin, tested with the porsche_web.testing fixtures."""

from porsche_market_europe.catalog import MARKETS


def test_the_team_declares_29_markets(market_registry):
    assert len(MARKETS) == 29
    for code in MARKETS:
        assert market_registry.owner(code).distribution == "porsche-market-europe"


def test_every_market_passes_the_check(market_problems):
    assert market_problems(*MARKETS) == []


def test_german_speaking_markets_offer_german(market_registry):
    for code in ("at", "ch", "li"):
        assert market_registry.get(code).official_languages[0] == "de"
        assert market_registry.get(code).default_language == "de"
    assert market_registry.get("ch").official_languages == ("de", "fr", "it", "rm")
    assert market_registry.get("be").official_languages == ("nl", "fr", "de")
    assert market_registry.get("fr").official_languages == ("fr",)


def test_sites_are_the_official_languages_that_ship_then_english(app, market_registry):
    shipped = app.config["LANGUAGES"]
    for code in MARKETS:
        market = market_registry.get(code)
        official = tuple(lang for lang in market.official_languages if lang in shipped)
        assert market.languages[: len(official)] == official, code
        assert market.languages[-1] == "en" or market.languages == official, code


def test_russia_has_its_own_address_and_fewer_services(market_registry):
    russia = market_registry.get("ru")
    assert market_registry.support_contact(russia).email == "connect@porsche.ru"
    offers = market_registry.service_offers(russia, "taycan", 2024)
    assert "mond_applemusic_v1" not in offers and "nc_destsync_v1" in offers


def test_prices_use_the_local_currency(market_registry):
    poland = market_registry.get("pl")
    assert market_registry.service_offers(poland, "911", 2024)["nc_destsync_v1"].price == 856
