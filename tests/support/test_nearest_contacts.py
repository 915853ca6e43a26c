"""The customer services named to a country without a site (F24) when the time zone database
cannot place the country (Ascension ``ac``, Kosovo ``xk``, the Canary Islands ``ic``): the
markets that speak its language, never an empty list."""

from __future__ import annotations

import re

import pytest
from babel.core import get_global

from porsche_web.countries import country_placed, nearest
from porsche_web.languages import url_code
from porsche_web.markets.registry import current_registry
from porsche_web.support.services import contact_directory, nearest_contacts


def speaks(market, language: str) -> bool:
    return language in {url_code(lang) for lang in market.official_languages}


@pytest.mark.parametrize(("code", "language"), [("ac", "en"), ("ic", "es")])
def test_a_country_without_a_time_zone_gets_the_markets_of_its_language(app, code, language):
    assert not country_placed(code)
    with app.test_request_context("/"):
        registry = current_registry()
        found = nearest_contacts(registry, code, "en")
        directory = contact_directory(registry, "en")
        speaking = [e for e in directory if speaks(registry.get(e.code), language)]
    assert found, code
    assert len(found) == min(3, len(speaking))
    # the markets of the country's language, by name (all of them as widely spoken there)
    assert found == speaking[: len(found)]


def test_kosovo_gets_albania_before_the_serbian_speaking_markets(app):
    assert not country_placed("xk")
    with app.test_request_context("/"):
        registry = current_registry()
        found = nearest_contacts(registry, "xk", "en")
        assert found[0].code == "al"  # Albanian: 92 % of Kosovo, Serbian 5 % (CLDR)
        for entry in found[1:]:
            market = registry.get(entry.code)
            assert speaks(market, "sr") and not speaks(market, "sq"), entry.code


def test_a_country_whose_language_no_market_speaks_gets_every_contact_by_name(app):
    assert get_global("territory_languages")["HM"].keys() == {"und"}
    with app.test_request_context("/"):
        registry = current_registry()
        found = nearest_contacts(registry, "hm", "sv")
        assert found == contact_directory(registry, "sv")


def test_a_placed_country_keeps_the_nearest(app):
    with app.test_request_context("/"):
        registry = current_registry()
        directory = {e.code: e for e in contact_directory(registry, "en")}
        found = nearest_contacts(registry, "br", "en")
    assert [e.code for e in found] == nearest("br", directory, 3)


def test_the_page_of_ascension_names_customer_services(client):
    html = client.get("/ac/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    nearby = html[html.index('class="plain-list nearest-contacts"') :]
    nearby = nearby[: nearby.index("</ul>")]
    assert len(re.findall(r'<span class="market-name">', nearby)) == 3
    assert nearby.count('href="mailto:') == 3
