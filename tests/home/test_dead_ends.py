"""No dead ends (#19, item 7): a real country without a site and the country chooser give the
F24 guidance in the visitor's language; the privacy information is linked from every page,
also before a country is chosen (F26)."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("de-DE,de;q=0.9", ("My Porsche ist in Brasilien nicht verfügbar", "Porsche Partner")),
        ("sv", ("My Porsche finns inte i Brasilien", "Porsche-partner")),
        ("pt-BR, en;q=0.5", ("My Porsche is not available in Brazil", "Porsche partner")),
    ],
)
def test_a_country_without_a_site_gives_the_f24_guidance_in_the_visitors_language(
    client, accept, expected
):
    response = client.get("/br/", headers={"Accept-Language": accept})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    for text in expected:
        assert text in html
    assert 'href="/?lang=' in html  # the way on: the country chooser


def test_a_code_that_is_no_country_stays_a_plain_not_found(client):
    html = client.get("/qq/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "not available in" not in html


def test_the_chooser_says_what_to_do_when_the_country_is_missing(client):
    html = client.get("/", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Finns ditt land inte med i listan?" in html
    assert "Porsche-partner" in html


@pytest.mark.parametrize("path", ["/", "/br/", "/se/sv/", "/se/sv/support", "/nowhere"])
def test_every_page_links_the_privacy_information(client, path):
    html = client.get(path, headers={"Accept-Language": "sv"}).get_data(as_text=True)
    footer = html[html.index('<footer class="site-footer">') :]
    assert "/privacy" in footer and "Integritet" in footer


def test_the_privacy_page_before_a_country_links_every_sites_policy(client):
    html = client.get("/privacy?lang=de").get_data(as_text=True)
    assert "Datenschutz" in html
    assert 'href="/se/sv/privacy"' in html and 'href="/de/de/privacy"' in html


@pytest.mark.parametrize(
    "path, accept, country, first",
    [
        ("/br/", "pt-BR", "Brasil", "Canadá"),  # in Portuguese, since it ships
        ("/mx/", "es-MX", "México", "Estados Unidos"),
        ("/br/", "en", "Brazil", "Canada"),
        ("/rs/", "de", "Serbien", "Bosnien und Herzegowina"),
    ],
)
def test_a_country_without_a_site_names_the_nearest_markets_customer_services(
    client, path, accept, country, first
):
    html = client.get(path, headers={"Accept-Language": accept}).get_data(as_text=True)
    assert country in html
    nearby = html[html.index('class="plain-list nearest-contacts"') :]
    nearby = nearby[: nearby.index("</ul>")]
    names = re.findall(r'<span class="market-name">([^<]+)</span>', nearby)
    assert len(names) == 3 and names[0] == first, names
    assert nearby.count('href="mailto:') == 3  # the contacts come from the market plugins


def test_the_chooser_gives_a_visitor_from_a_country_without_a_site_the_f24_guidance(client):
    html = client.get("/", headers={"Accept-Language": "pt-BR, sv;q=0.8"}).get_data(as_text=True)
    assert "My Porsche finns inte i Brasilien" in html  # Swedish: the first shipped language
    assert "Porsche-partner" in html and "Kundtjänst i närheten" in html
    assert "mailto:connect@porsche.us" in html
    plain = client.get("/", headers={"Accept-Language": "sv-SE"}).get_data(as_text=True)
    assert "Kundtjänst i närheten" not in plain  # Sweden has a site: the suggestion instead


def test_withdrawing_a_consent_is_linked_from_the_faq_and_the_privacy_page(client):
    for path in ("/se/sv/support", "/se/sv/privacy"):
        html = client.get(path).get_data(as_text=True)
        assert 'href="/se/sv/account/privacy"' in html, path
        assert "skriva till vår kundtjänst" not in html and "eller skriv till" not in html
