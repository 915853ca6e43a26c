"""No dead ends (#19, item 7): a real country without a site and the country chooser give the
F24 guidance in the visitor's language; the privacy information is linked from every page,
also before a country is chosen (F26)."""

from __future__ import annotations

import re

import pytest

from porsche_web.countries import countries, nearest
from porsche_web.markets.registry import current_registry
from porsche_web.testing.markets import country_without_market, markets_with_contact

# The example country comes from the installed markets (a market team adding one, Brazil say,
# keeps these tests green: issue #18): the first real country without a site whose nearest
# markets the time zone database knows.


@pytest.fixture
def nowhere(app) -> str:
    with app.app_context():
        return country_without_market(current_registry(), with_nearest=True)


def country_name(code: str, language: str) -> str:
    return dict(countries(language))[code]


def nearest_markets(app, code: str) -> list[str]:
    """The codes of the three markets nearest to ``code`` that have a customer service (the
    geography itself is tested in tests/foundation/test_nearest_countries.py)."""
    with app.app_context():
        return nearest(code, [m.code for m in markets_with_contact(current_registry())], 3)


@pytest.mark.parametrize(
    "accept, language, expected",
    [
        (
            "de-DE,de;q=0.9",
            "de",
            ("My Porsche ist in {country} nicht verfügbar", "Porsche Partner"),
        ),
        ("sv", "sv", ("My Porsche finns inte i {country}", "Porsche-partner")),
        ("en", "en", ("My Porsche is not available in {country}", "Porsche partner")),
    ],
)
def test_a_country_without_a_site_gives_the_f24_guidance_in_the_visitors_language(
    client, nowhere, accept, language, expected
):
    response = client.get(f"/{nowhere}/", headers={"Accept-Language": accept})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    for text in expected:
        assert text.format(country=country_name(nowhere, language)) in html
    assert 'href="/?lang=' in html  # the way on: the country chooser


def test_a_code_that_is_no_country_stays_a_plain_not_found(client):
    html = client.get("/qq/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "not available in" not in html


def test_the_chooser_says_what_to_do_when_the_country_is_missing(client):
    html = client.get("/", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Finns ditt land inte med i listan?" in html
    assert "Porsche-partner" in html


@pytest.mark.parametrize("path", ["/", "/{nowhere}/", "/se/sv/", "/se/sv/support", "/nowhere"])
def test_every_page_links_the_privacy_information(client, nowhere, path):
    html = client.get(path.format(nowhere=nowhere), headers={"Accept-Language": "sv"})
    html = html.get_data(as_text=True)
    footer = html[html.index('<footer class="site-footer">') :]
    assert "/privacy" in footer and "Integritet" in footer


def test_the_privacy_page_before_a_country_links_every_sites_policy(client):
    html = client.get("/privacy?lang=de").get_data(as_text=True)
    assert "Datenschutz" in html
    assert 'href="/se/sv/privacy"' in html and 'href="/de/de/privacy"' in html


@pytest.mark.parametrize("accept, language", [("de", "de"), ("sv", "sv"), ("en", "en")])
def test_a_country_without_a_site_names_the_nearest_markets_customer_services(
    app, client, nowhere, accept, language
):
    html = client.get(f"/{nowhere}/", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert country_name(nowhere, language) in html
    nearby = html[html.index('class="plain-list nearest-contacts"') :]
    nearby = nearby[: nearby.index("</ul>")]
    names = re.findall(r'<span class="market-name">([^<]+)</span>', nearby)
    expected = [country_name(code, language) for code in nearest_markets(app, nowhere)]
    assert len(names) == 3 and names == expected, names
    assert nearby.count('href="mailto:') == 3  # the contacts come from the market plugins


def test_the_chooser_gives_a_visitor_from_a_country_without_a_site_the_f24_guidance(
    app, client, nowhere
):
    accept = f"sv-{nowhere.upper()}"  # the visitor's region is the country
    html = client.get("/", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert f"My Porsche finns inte i {country_name(nowhere, 'sv')}" in html
    assert "Porsche-partner" in html and "Kundtjänst i närheten" in html
    first = nearest_markets(app, nowhere)[0]
    with app.app_context():
        registry = current_registry()
        email = registry.support_contact(registry.get(first)).email
    assert f"mailto:{email}" in html
    plain = client.get("/", headers={"Accept-Language": "sv-SE"}).get_data(as_text=True)
    assert "Kundtjänst i närheten" not in plain  # Sweden has a site: the suggestion instead


def test_withdrawing_a_consent_is_linked_from_the_faq_and_the_privacy_page(client):
    for path in ("/se/sv/support", "/se/sv/privacy"):
        html = client.get(path).get_data(as_text=True)
        assert 'href="/se/sv/account/privacy"' in html, path
        assert "skriva till vår kundtjänst" not in html and "eller skriv till" not in html
