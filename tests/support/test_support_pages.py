"""Support (F11, F12, F20–F27) and privacy (F25, F26) pages of a country site."""

from __future__ import annotations

import re
from html import unescape

import pytest

from porsche_web.countries import countries
from porsche_web.markets.registry import current_registry
from porsche_web.testing.markets import country_without_market, markets_with_contact


def squash(html: str) -> str:
    return unescape(re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize(
    ("url", "texts"),
    [
        (
            "/se/sv/support",
            ["Kundtjänst i Sverige", "Vanliga frågor", "skräppost", "14 dagar", "fyra sista"],
        ),
        ("/se/en/support", ["Customer service in Sweden", "Common questions", "spam", "14 days"]),
        ("/de/de/support", ["Kundenservice in Deutschland", "Häufige Fragen", "Spam-Ordner"]),
    ],
)
def test_the_faq_answers_the_common_questions_in_every_language(client, url, texts):
    page = squash(client.get(url).get_data(as_text=True))
    for text in texts:
        assert text in page


def test_the_markets_own_contact_comes_first(client):
    html = client.get("/se/sv/support").get_data(as_text=True)
    own = html.index("smartmobility@se.porsche.com")
    assert own < html.index("smartmobility@al.porsche.com")
    assert own < html.index('id="faq-heading"')


def test_every_contact_is_listed_by_country_name_in_the_site_language(app, client, seed_contacts):
    with app.app_context():
        registry = current_registry()
        emails = [registry.support_contact(m).email for m in markets_with_contact(registry)]
    html = client.get("/se/en/support").get_data(as_text=True)
    table = html[html.index('class="contact-table"') : html.index("</table>")]
    rows = re.findall(r'<th scope="row">([^<]+)</th><td><a href="mailto:([^"]+)"', table)
    assert sorted(email for _name, email in rows) == sorted(emails)  # one row per market
    assert set(seed_contacts.values()) <= {email for _name, email in rows}
    names = [name for name, _email in rows]
    assert names == sorted(names, key=str.casefold)
    assert ("Hong Kong SAR China", "connect@cn.porsche.com") in rows
    swedish = client.get("/se/sv/support").get_data(as_text=True)
    assert '<th scope="row">Storbritannien</th>' in swedish
    german = client.get("/de/de/support").get_data(as_text=True)
    assert '<th scope="row">Vereinigtes Königreich</th>' in german


def test_finding_a_listed_country(client):
    page = squash(client.get("/se/sv/support?country=no").get_data(as_text=True))
    assert "Kundtjänst för Norge: smartmobility@no.porsche.com" in page


def without_market(app) -> str:
    with app.app_context():
        return country_without_market(current_registry())


def test_a_country_not_on_the_list_is_sent_to_the_porsche_partner(app, client):
    code = without_market(app)
    swedish_name, english_name = (dict(countries(lang))[code] for lang in ("sv", "en"))
    page = squash(client.get(f"/se/sv/support?country={code}").get_data(as_text=True))
    assert (
        f"Det finns ingen kundtjänst för Porsche Connect i {swedish_name}. "
        "Kontakta din Porsche-partner." in page
    )
    assert "vissa Porsche Connect-tjänster vara begränsade" in page
    english = squash(client.get(f"/se/en/support?country={code}").get_data(as_text=True))
    assert f"There is no Porsche Connect customer service for {english_name}." in english


def test_the_finder_answers_htmx_with_its_fragment(app, client):
    code = without_market(app)
    response = client.get(f"/se/en/support?country={code}", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="finder"') and "<html" not in html


@pytest.mark.parametrize("country", ["", "xx", "<script>"])
def test_a_bad_country_answers_422_with_a_message(client, country):
    response = client.get("/se/en/support", query_string={"country": country})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "error-summary" in html and "<script>" not in html


def test_the_page_without_a_country_is_not_an_error(client):
    assert client.get("/se/sv/support?topic=sms").status_code == 200


@pytest.mark.parametrize(
    ("url", "text"),
    [
        (
            "/se/sv/privacy",
            "Gällande version: 3.8, giltig från 1 mars 2026.",
        ),
        (
            "/se/en/privacy",
            "Current version: 3.8, valid from 1 March 2026.",
        ),
        (
            "/de/de/privacy",
            "Aktuelle Fassung: 4.0, gültig ab 15. Januar 2026.",
        ),
    ],
)
def test_the_privacy_page_shows_the_markets_policy_version(client, url, text):
    assert text in squash(client.get(url).get_data(as_text=True))


def test_the_privacy_page_falls_back_to_the_core_policy(make_core_app, new_zealand_plugin):
    app = make_core_app(plugins=[new_zealand_plugin])
    page = squash(app.test_client().get("/nz/en/privacy").get_data(as_text=True))
    assert "Current version: 1.0," in page and "MyPorsche/privacy" not in page


def test_the_footer_links_to_the_connect_store(client):
    html = client.get("/se/sv/").get_data(as_text=True)
    assert '<a href="/se/sv/store">Connect Store</a>' in html


def test_the_support_page_lists_the_markets_porsche_centres(client):
    page = squash(client.get("/se/sv/support").get_data(as_text=True))
    assert "Porsche Center i Sverige" in page
    assert "Porsche Center Göteborg , Provgatan 4, 417 05 Göteborg" in page


# -- phones: national format, tel: link in E.164 ---------------------------------------------


@pytest.mark.parametrize(("language", "label"), [("sv", "Telefon:"), ("en", "Phone:")])
def test_a_porsche_centres_phone_is_shown_in_the_national_format(client, language, label):
    page = squash(client.get(f"/se/{language}/support").get_data(as_text=True))
    html = client.get(f"/se/{language}/support").get_data(as_text=True)
    assert "Porsche Center Stockholm , Exempelvägen 12, 169 70 Solna, " in page
    assert f'{label} <a href="tel:+4687000000">08-700 00 00</a></li>' in html


@pytest.mark.parametrize(("language", "label"), [("sv", "Telefon:"), ("en", "Phone:")])
def test_the_support_contacts_and_the_centres_phones_are_shown(make_core_app, language, label):
    from porsche_web.markets import Partner, SupportContact
    from porsche_web.testing.markets import ALAND, FakeMarketPlugin

    plugin = FakeMarketPlugin(
        ALAND,
        contact=SupportContact(email="connect@porsche.ax", phone="+35818123456"),
        partners=[
            Partner(
                "ax-mhamn",
                "Porsche Centre Mariehamn",
                "Torggatan 1",
                "22100",
                "Mariehamn",
                phone="+358181234567",
            ),
            Partner(
                "ax-sto",
                "Porsche Center Stockholm",
                "Exempelvägen 12",
                "169 70",
                "Solna",
                phone="+4687000000",
            ),
        ],
    )
    html = make_core_app(plugins=[plugin]).test_client().get(f"/ax/{language}/support")
    html = html.get_data(as_text=True)
    assert f'<p class="contact">{label} <a href="tel:+35818123456">018 123456</a></p>' in html
    assert f'{label} <a href="tel:+358181234567">018 1234567</a></li>' in html
    # a number of another country: international format
    assert f'{label} <a href="tel:+4687000000">+46 8 700 00 00</a></li>' in html


def test_a_contact_without_a_phone_shows_none(client):
    html = client.get("/se/sv/support").get_data(as_text=True)
    contact = html[html.index('id="contact-heading"') : html.index("</section>")]
    assert "tel:" not in contact
