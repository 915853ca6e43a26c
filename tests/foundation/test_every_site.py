"""Every market × each language it is served in (issue #15): the start page, registration, the
way into the activation, support, the privacy page and the Connect Store render in the site's
language (``<html lang>``), with dates and money in the site's locale (CLDR through Babel).

The sites are read from the installed plugins and catalogs, so the test widens by itself when a
language's catalog ships (``/fr/fr/``, ``/ch/fr/`` …).
"""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from babel.dates import format_date
from flask_babel import force_locale

from porsche_web.i18n import money
from porsche_web.markets.manager import build_plugin_manager
from porsche_web.markets.registry import MarketRegistry, current_registry
from porsche_web.testing.helpers import html_lang


def installed_sites() -> list[tuple[str, str]]:
    pm, plugins, problems = build_plugin_manager(load_entrypoints=True)
    registry = MarketRegistry(pm, plugins, problems)
    return [(market.code, language) for market in registry.all() for language in market.languages]


SITES = installed_sites()
PAGES = ("", "account/register", "activate/new-link", "support", "privacy")


def test_every_market_has_a_site():
    assert len({code for code, _language in SITES}) >= 45
    assert ("se", "sv") in SITES and ("ch", "de") in SITES


@pytest.mark.parametrize("code, language", SITES, ids=[f"{code}-{lang}" for code, lang in SITES])
def test_the_site_speaks_its_language_and_formats_for_its_locale(app, client, code, language):
    with app.app_context():
        registry = current_registry()
        market = registry.get(code)
        assert market is not None and language in market.languages
        locale = market.locale(language)
        policy = registry.privacy_policy(market)
        offers = registry.service_offers(market, "taycan", 2026)
    site = f"/{code}/{language}"
    pages = {}
    for page in PAGES:
        response = client.get(f"{site}/{page}")
        assert response.status_code == 200, f"{site}/{page}: {response.status_code}"
        pages[page] = html.unescape(response.get_data(as_text=True))
        assert html_lang(pages[page]) == market.language_tag(language), f"{site}/{page}"
        if language != "en":  # the page's frame is not left in English
            assert "Skip to main content" not in pages[page], f"{site}/{page}"
    # dates: the privacy policy's date as the site's locale writes it
    assert format_date(policy.valid_from, "long", locale=locale) in pages["privacy"]
    # money: a price of the Connect Store in the market's currency and the site's locale
    priced = [offer.price for offer in offers.values() if offer.price]
    assert priced, f"{code} sells no Connect service with a price"
    store = client.get(f"{site}/store?model=taycan&year=2026")
    assert store.status_code == 200
    text = html.unescape(store.get_data(as_text=True))
    with app.test_request_context(site), force_locale(locale):
        price = money(Decimal(priced[0]), market.currency)  # the site's one money format
    assert price in text
