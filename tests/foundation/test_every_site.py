"""Every market × each language it is served in (issue #15): the start page, registration, the
way into the activation, support, the privacy page and the Connect Store render in the site's
language (``<html lang>``) with no sentence of the core left in English, with dates and money in
the site's locale (CLDR through Babel); the e-mail of a registration there is written in it.

The sites are read from the installed plugins and catalogs, so the test widens by itself when a
language's catalog ships (``/fr/fr/``, ``/ch/fr/`` …).
"""

from __future__ import annotations

import functools
import html
import re
from decimal import Decimal
from pathlib import Path

import phonenumbers
import pytest
from babel.dates import format_date
from babel.messages.mofile import read_mo
from flask_babel import force_locale

from porsche_web.i18n import money
from porsche_web.languages import url_code
from porsche_web.markets.manager import build_plugin_manager
from porsche_web.markets.registry import MarketRegistry, current_registry
from porsche_web.testing.helpers import html_lang, outbox, post_form


def installed_sites() -> list[tuple[str, str]]:
    pm, plugins, problems = build_plugin_manager(load_entrypoints=True)
    registry = MarketRegistry(pm, plugins, problems)
    return [(market.code, language) for market in registry.all() for language in market.languages]


SITES = installed_sites()
PAGES = ("", "account/register", "activate/new-link", "support", "privacy")
#: An English sentence of the core counts when it has at least this many words.
SENTENCE_WORDS = 4


def catalog_file(app, language: str) -> Path:
    """The compiled catalog of the core's messages the sites in ``language`` are served from:
    the core's (compiled only, in an installed wheel), or the ``core.mo`` of the market plugin
    that ships the language (issue #18: a language of a market team)."""
    with app.app_context():
        found = [
            catalog.path
            for catalog in current_registry().language_catalogs
            if catalog.language == language and catalog.compiled
        ]
    assert found, f"no compiled catalog of the core's messages in {language}"
    return found[0]


@functools.cache
def english_sentences(catalog: Path) -> frozenset[str]:
    """The core's English texts of at least four words, without placeholders or markup, that
    the language's ``catalog`` writes differently: none of them may show on a page in it."""
    with catalog.open("rb") as handle:
        translated = read_mo(handle)
    found = set()
    for message in translated:
        if not message.id or not isinstance(message.id, str) or message.string == message.id:
            continue
        if "%(" in message.id or "<" in message.id:
            continue
        if len(message.id.split()) >= SENTENCE_WORDS:
            found.add(message.id)
    return frozenset(found)


def left_in_english(page: str, catalog: Path) -> list[str]:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    return sorted(sentence for sentence in english_sentences(catalog) if sentence in text)


def mobile_number(country: str) -> str:
    """A valid mobile number of ``country`` in its national form (libphonenumber's example)."""
    example = phonenumbers.example_number_for_type(
        country.upper(), phonenumbers.PhoneNumberType.MOBILE
    )
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)


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
    site = f"/{code}/{url_code(language)}"
    catalog = catalog_file(app, language)
    pages = {}
    for page in PAGES:
        response = client.get(f"{site}/{page}")
        assert response.status_code == 200, f"{site}/{page}: {response.status_code}"
        pages[page] = html.unescape(response.get_data(as_text=True))
        assert html_lang(pages[page]) == market.language_tag(language), f"{site}/{page}"
        if language != "en":  # nothing of the core's left in English
            assert not left_in_english(pages[page], catalog), f"{site}/{page}"
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
    if language != "en":
        assert not left_in_english(text, catalog), f"{site}/store"
    # an e-mail: the confirmation of a Porsche ID registered on this site
    email = f"customer.{code}.{language.lower()}@example.com"
    response = post_form(
        client,
        f"{site}/account/register",
        {
            "given_name": "Kim",
            "family_name": "Example",
            "email": email,
            "phone": mobile_number(code),
            "country": code,
            "language": language,
            "password": "a long walk by the sea",
        },
    )
    assert response.status_code == 303, f"{site}: {response.get_data(as_text=True)[-3000:]}"
    (message,) = [m for m in outbox(app, "email") if m.to_address == email]
    assert message.language == language
    assert f"{site}/account/confirm-email/" in message.text_body
    if language != "en":
        assert not left_in_english(message.subject, catalog), site
        assert not left_in_english(message.text_body, catalog), site
