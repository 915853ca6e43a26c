"""Country sites: routing, the chooser, the language switch."""

from __future__ import annotations

import re

import pytest

from porsche_web.testing.helpers import h1, html_lang, links


@pytest.mark.parametrize(
    "url, lang, heading",
    [
        ("/se/sv/", "sv-SE", "Välkommen till My Porsche i Sverige"),
        ("/se/en/", "en-SE", "Welcome to My Porsche in Sweden"),
        ("/de/de/", "de-DE", "Willkommen bei My Porsche in Deutschland"),
        ("/de/en/", "en-DE", "Welcome to My Porsche in Germany"),
    ],
)
def test_a_known_site_renders_in_its_language(client, url, lang, heading):
    response = client.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert html_lang(page) == lang
    assert h1(page) == heading


@pytest.mark.parametrize(
    "url, lang, heading",
    [
        ("/xx/sv/", "sv", "Sidan hittades inte"),  # unknown market, Swedish asked for
        ("/se/de/", "de", "Seite nicht gefunden"),  # Sweden offers no German site
        ("/se/eo/", "en", "Page not found"),  # a language nobody ships
        ("/se/sv/no-such-page", "sv-SE", "Sidan hittades inte"),
        ("/de/de/no-such-page", "de-DE", "Seite nicht gefunden"),
    ],
)
def test_unknown_sites_get_a_localized_404_linking_to_the_chooser(client, url, lang, heading):
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert html_lang(page) == lang
    assert h1(page) == heading
    assert any(link["href"].startswith("/?lang=") or link["href"] == "/" for link in links(page))


def test_upper_case_site_addresses_redirect_to_lower_case(client):
    response = client.get("/SE/SV/support?x=1")
    assert response.status_code == 301
    assert response.headers["Location"] == "/se/sv/support?x=1"


def test_the_country_alone_leads_to_its_main_language(client):
    assert client.get("/se/").headers["Location"] == "/se/sv/"
    assert client.get("/de/").headers["Location"] == "/de/de/"
    assert client.get("/xx/").status_code == 404


def test_the_chooser_names_each_country_in_its_own_language(client):
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    hrefs = {link["href"]: link for link in links(page)}
    assert "/se/sv/" in hrefs and "/se/en/" in hrefs and "/de/de/" in hrefs
    assert hrefs["/se/sv/"]["lang"] == "sv-SE"
    assert "Sverige – Svenska" in page
    assert "Deutschland – Deutsch" in page
    assert "Sweden – English" in page


@pytest.mark.parametrize(
    "accept, suggested",
    [("sv-SE,sv;q=0.9", "/se/sv/"), ("de-DE", "/de/de/"), ("en-SE", "/se/en/"), ("sv", "/se/sv/")],
)
def test_the_chooser_suggests_a_site_from_accept_language(client, accept, suggested):
    page = client.get("/", headers={"Accept-Language": accept}).get_data(as_text=True)
    section = page.split('id="suggestion-heading"', 1)[1].split("</section>", 1)[0]
    assert f'href="{suggested}"' in section


def unserved_browser_language(app) -> str:
    """``Accept-Language`` of a browser no site fits: a country without a market, in one of its
    official languages that no site is served in (from the installed markets and catalogs, so a
    new market keeps this test green: ``sw-KE`` was the example until a Kenya market came)."""
    from babel.languages import get_official_languages

    from porsche_web.countries import countries
    from porsche_web.markets.registry import current_registry

    with app.app_context():
        registry = current_registry()
        served = {language for m in registry.all() for language in m.languages}
    for code in sorted(code for code, _name in countries("en")):
        if registry.get(code) is not None:
            continue
        for language in get_official_languages(code.upper()):
            if "_" not in language and language not in served:
                return f"{language}-{code.upper()}"
    raise AssertionError("every country's language has a site")


def test_no_suggestion_without_a_fitting_site(app, client):
    accept = unserved_browser_language(app)
    page = client.get("/", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert "suggestion-heading" not in page
    assert html_lang(page) == "en"


def test_the_chooser_speaks_the_browser_language_or_the_one_chosen(client):
    assert (
        h1(client.get("/", headers={"Accept-Language": "sv"}).get_data(as_text=True)) == "Välj land"
    )
    assert (
        h1(client.get("/?lang=de", headers={"Accept-Language": "sv"}).get_data(as_text=True))
        == "Land wählen"
    )


@pytest.mark.parametrize("url", ["/se/sv/", "/se/sv/support", "/se/sv/privacy"])
def test_the_language_switch_keeps_the_current_page(client, url):
    page = client.get(url).get_data(as_text=True)
    switch = {link["lang"]: link for link in links(page) if link.get("hreflang")}
    assert switch["en"]["href"] == url.replace("/sv/", "/en/")
    assert switch["sv"]["href"] == url
    assert switch["sv"].get("aria-current") == "true"


def test_the_language_switch_keeps_the_query(client):
    page = client.get("/se/sv/support?topic=sms").get_data(as_text=True)
    switch = {link["lang"]: link["href"] for link in links(page) if link.get("hreflang")}
    assert switch["en"] == "/se/en/support?topic=sms"


def test_the_language_switch_keeps_repeated_query_keys(client):
    page = client.get("/se/sv/support?topic=sms&topic=pcm").get_data(as_text=True)
    switch = {link["lang"]: link["href"] for link in links(page) if link.get("hreflang")}
    assert switch["en"] == "/se/en/support?topic=sms&topic=pcm"


def test_the_language_switch_names_each_language_in_itself(client):
    """Endonyms from CLDR, each link marked with its own language (issue #15); a language
    waiting for its catalog is not offered."""

    def switch(page: str) -> list[tuple[str, str]]:
        listed = page.split('<ul class="language-switch">', 1)[1].split("</ul>", 1)[0]
        return re.findall(r'<a href="[^"]*" lang="(\w+)" hreflang="\w+"[^>]*>([^<]+)</a>', listed)

    assert switch(client.get("/ch/de/support").get_data(as_text=True)) == [
        ("de", "Deutsch"),
        ("fr", "Français"),
        ("it", "Italiano"),
        ("rm", "Rumantsch"),
        ("en", "English"),
    ]
    assert switch(client.get("/be/en/").get_data(as_text=True)) == [
        ("nl", "Nederlands"),
        ("fr", "Français"),
        ("de", "Deutsch"),
        ("en", "English"),
    ]
    outside = client.get("/?lang=de&x=1").get_data(as_text=True)
    switch = {link["lang"]: link["href"] for link in links(outside) if link.get("hreflang")}
    assert switch["sv"] == "/?x=1&lang=sv"


@pytest.mark.parametrize(
    "language, name",
    [
        ("fr", "Français"),
        ("pl", "Polski"),
        ("ja", "日本語"),
        ("el", "Ελληνικά"),
        ("nb", "Norsk bokmål"),
    ],
)
def test_languages_to_come_are_named_in_themselves(language, name):
    from porsche_web.i18n import language_name

    assert language_name(language) == name


def test_footer_links_lead_to_real_pages(client):
    page = client.get("/se/sv/").get_data(as_text=True)
    footer = page.split("<footer", 1)[1]
    for link in links(footer):
        assert link["href"] != "#"
        assert client.get(link["href"]).status_code == 200


def test_the_support_page_shows_the_market_contact_in_the_site_language(client):
    sv = client.get("/se/sv/support").get_data(as_text=True)
    assert "smartmobility@se.porsche.com" in sv
    assert "Måndag–fredag kl. 8–17 (svensk tid)" in sv  # from the plugin's own catalog
    de = client.get("/de/de/support").get_data(as_text=True)
    assert "smartmobility@de.porsche.com" in de
    assert "Montag bis Samstag, 8 bis 20 Uhr (deutsche Zeit)" in de
    en = client.get("/de/en/support").get_data(as_text=True)
    assert "Monday to Saturday, 8 am to 8 pm (German time)" in en


def test_row_ids_in_urls_use_the_id_converter(app):
    """Werkzeug's ``int`` converter passes any number of digits to the view, and PostgreSQL then
    refuses the query (a 500: found once by the schemathesis run on a card id); ``<id:…>`` maps
    them to no row."""
    from werkzeug.routing import IntegerConverter

    plain_ints = sorted(
        f"{rule.rule} ({name})"
        for rule in app.url_map.iter_rules()
        for name, converter in (rule._converters or {}).items()
        if isinstance(converter, IntegerConverter)
    )
    assert plain_ints == []


def test_many_languages_sit_behind_a_disclosure_a_market_s_few_side_by_side(client):
    """Outside the country sites every language is offered: one "Language (change)" that opens
    the list, without JavaScript; a market's own languages stay a row of links."""
    outside = client.get("/?lang=fr").get_data(as_text=True)
    menu = outside.split('<details class="language-menu">', 1)[1].split("</details>", 1)[0]
    assert '<summary lang="fr">Français <span class="change">' in menu
    assert menu.count("hreflang=") == len(client.application.config["LANGUAGES"]) > 5
    swiss = client.get("/ch/de/").get_data(as_text=True)
    assert "language-menu" not in swiss and swiss.count("hreflang=") == 5
