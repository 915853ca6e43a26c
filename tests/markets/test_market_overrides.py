"""Issue #15: a market plugin overrides core messages for its own market and language
(``translations/<lang>/LC_MESSAGES/market-<cc>.po``); ``markets check`` refuses an override of
a message the core does not have, naming the distribution, the market and the message."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

TWO_MARKETS = """
from porsche_web.markets import Market, SupportContact, hookimpl

MARKETS = [
    Market(code="nz", languages=("en",), default_language="en", currency="NZD",
           timezone="Pacific/Auckland", official_languages=("en",)),
    Market(code="au", languages=("en",), default_language="en", currency="AUD",
           timezone="Australia/Sydney", official_languages=("en",)),
]


@hookimpl
def porsche_markets():
    return MARKETS


@hookimpl
def porsche_support_contact(market):
    return SupportContact(email=f"connect@porsche.{market.code}")
"""

CORE_MESSAGE = "Customer service in %(country)s"
OVERRIDE = "Talk to Porsche customer care in %(country)s"


def write_overrides(
    package: Path, market: str, language: str, messages: dict, *, compiled: bool = True
) -> Path:
    catalog = Catalog(locale=language)
    for msgid, text in messages.items():
        context, msgid = msgid if isinstance(msgid, tuple) else (None, msgid)
        catalog.add(msgid, text, context=context)
    folder = package / "translations" / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"market-{market}.po").open("wb") as handle:
        write_po(handle, catalog)
    if compiled:
        with (folder / f"market-{market}.mo").open("wb") as handle:
            write_mo(handle, catalog)
    return folder


@pytest.fixture
def plugin(install_plugin, tmp_path):
    """(entry point, package folder) of ``porsche-market-oc`` serving nz and au."""
    entry = install_plugin(TWO_MARKETS, distribution="porsche-market-oc", entry_point="oc")
    return entry, tmp_path / "site" / entry.module.split(".", 1)[0]


def test_an_override_wins_on_its_markets_site_only(make_core_app, plugin):
    entry, package = plugin
    write_overrides(package, "nz", "en", {CORE_MESSAGE: OVERRIDE})
    client = make_core_app(plugins=[entry]).test_client()
    nz = client.get("/nz/en/support").get_data(as_text=True)
    assert "Talk to Porsche customer care in New Zealand" in nz
    assert "Customer service in New Zealand" not in nz
    assert "Skip to main content" in nz  # everything else as the core says it
    au = client.get("/au/en/support").get_data(as_text=True)
    assert "Customer service in Australia" in au and "Talk to Porsche" not in au
    chooser = client.get("/?lang=en").get_data(as_text=True)
    assert "Talk to Porsche" not in chooser


def test_an_uncompiled_override_is_not_used_and_markets_check_says_so(make_core_app, plugin):
    entry, package = plugin
    write_overrides(package, "nz", "en", {CORE_MESSAGE: OVERRIDE}, compiled=False)
    app = make_core_app(plugins=[entry])
    assert "Talk to" not in app.test_client().get("/nz/en/support").get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["markets", "check"])
    assert result.exit_code == 1
    assert (
        "porsche-market-oc (entry point oc): market nz: translations.en.market-nz: not compiled"
        in result.output
    )


def test_markets_check_passes_overrides_of_core_messages(make_core_app, plugin):
    entry, package = plugin
    write_overrides(package, "nz", "en", {CORE_MESSAGE: OVERRIDE})
    result = make_core_app(plugins=[entry]).test_cli_runner().invoke(args=["markets", "check"])
    assert result.exit_code == 0, result.output


def test_markets_check_refuses_an_override_of_a_message_the_core_does_not_have(
    make_core_app, plugin
):
    entry, package = plugin
    write_overrides(package, "nz", "en", {CORE_MESSAGE: OVERRIDE, "Kia ora": "Hello"})
    result = make_core_app(plugins=[entry]).test_cli_runner().invoke(args=["markets", "check"])
    assert result.exit_code == 1
    assert (
        "porsche-market-oc (entry point oc): market nz: translations.en.market-nz: overrides "
        "'Kia ora', which the core does not have" in result.output
    )
    assert CORE_MESSAGE not in result.output


def test_markets_check_refuses_overrides_for_another_plugins_market(make_core_app, plugin):
    entry, package = plugin
    write_overrides(package, "se", "en", {CORE_MESSAGE: OVERRIDE})
    result = make_core_app(plugins=[entry]).test_cli_runner().invoke(args=["markets", "check"])
    assert result.exit_code == 1
    assert "market se: translations.en.market-se: overrides core messages for 'se', which is " in (
        result.output
    )


def test_an_override_in_a_language_the_market_does_not_serve_is_a_warning(make_core_app, plugin):
    entry, package = plugin
    write_overrides(package, "nz", "de", {CORE_MESSAGE: "Kundenservice in %(country)s"})
    result = make_core_app(plugins=[entry]).test_cli_runner().invoke(args=["markets", "check"])
    assert result.exit_code == 0, result.output
    assert "warning" in result.output and "'de' is not served in nz (yet)" in result.output


def test_a_text_forced_into_another_language_on_the_page_keeps_the_core_wording(
    make_core_app, plugin
):
    """An e-mail in the customer's language sent from the nz site is not the nz override."""
    from flask_babel import force_locale, gettext

    entry, package = plugin
    write_overrides(package, "nz", "en", {CORE_MESSAGE: OVERRIDE})
    app = make_core_app(plugins=[entry])
    with app.test_request_context("/nz/en/support"):
        app.preprocess_request()
        assert gettext(CORE_MESSAGE, country="X") == "Talk to Porsche customer care in X"
        with force_locale("sv"):
            assert gettext(CORE_MESSAGE, country="X") == "Kundtjänst i X"
