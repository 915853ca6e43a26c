"""UK & Ireland plugin, tested with the porsche_web.testing fixtures."""

import pytest


def test_the_team_declares_its_three_markets_in_english(market_registry):
    for code in ("gb", "ie", "gi"):
        market = market_registry.get(code)
        assert market.languages[0] == "en"
        assert market_registry.owner(market).distribution == "porsche-market-uk-ie"
    assert market_registry.get("ie").languages == ("en", "ga")  # Irish ships
    assert market_registry.get("gb").currency == "GBP"
    assert market_registry.get("ie").official_languages == ("en", "ga")


def test_every_market_passes_the_check(market_problems):
    assert market_problems("gb", "ie", "gi") == []


@pytest.mark.parametrize(
    ("code", "email"),
    [("gb", "smartmobility@porsche.co.uk"), ("ie", "smartmobility@ie.porsche.com")],
)
def test_contacts(market_registry, code, email):
    assert market_registry.support_contact(market_registry.get(code)).email == email


def test_uk_postcodes_are_checked_and_normalised(market_registry):
    address = market_registry.address_format(market_registry.get("gb"))
    assert address.normalise_postal_code("sw1a  1aa") == "SW1A 1AA"
    assert address.normalise_postal_code("12345") is None


def test_prices_are_in_pounds_and_car_security_is_not_sold_in_gibraltar(market_registry):
    gb = market_registry.service_offers(market_registry.get("gb"), "taycan", 2024)
    gi = market_registry.service_offers(market_registry.get("gi"), "taycan", 2024)
    assert gb["nc_destsync_v1"].price == 169
    assert "vts" in gb and "vts" not in gi
