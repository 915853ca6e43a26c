"""Issue #15: languages written in more than one script. China reads Simplified Chinese
(``zh_Hans``), Hong Kong and Taiwan Traditional (``zh_Hant``), Bosnia and Herzegovina also
Serbian in Latin script (``sr_Latn``). The catalog and the database keep the language with its
script; the address keeps the two-letter code (``/hk/zh/``), the market knows which script;
``<html lang>`` and ``hreflang`` write BCP 47 (``zh-Hant-HK``).

The catalogs here are the core's English one with a mark before every message (Simplified 简,
Traditional 繁), so a test sees which catalog a page was written from, whatever the translators
have finished."""

from __future__ import annotations

import pytest
from babel.messages.mofile import read_mo, write_mo

from porsche_web import languages
from porsche_web.languages import bcp47, catalog_locales, url_code
from porsche_web.markets import Market, MarketDataError
from porsche_web.testing.actions.porsche_id import account, confirm, register
from porsche_web.testing.helpers import h1, html_lang, links, outbox

MARKS = {"zh_Hans": "简", "zh_Hant": "繁"}


def marked_catalog(source, core, language: str, mark: str) -> None:
    """A complete catalog of ``language`` in ``core``: every English message of ``source``
    with ``mark`` before it."""
    with open(languages.catalog_path(source, "en", "messages", ".mo"), "rb") as handle:
        catalog = read_mo(handle)  # compiled only, in an installed wheel
    catalog.locale = language
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.string, tuple | list):
            message.string = (f"{mark}{message.string[-1] or message.id[1]}",)
        else:
            message.string = f"{mark}{message.string or message.id}"
    target = languages.catalog_path(core, language, "messages", ".mo")
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_mo(handle, catalog)


@pytest.fixture
def chinese(core_shipping):
    source = languages.core_translations_dir()
    core = core_shipping("sv", "en", "de")
    for language, mark in MARKS.items():
        marked_catalog(source, core, language, mark)
    return core


def test_the_address_carries_the_language_and_html_the_script():
    assert url_code("zh_Hant") == "zh" and url_code("sv") == "sv"
    assert bcp47("zh_Hant") == "zh-Hant" and bcp47("sr_Latn") == "sr-Latn"
    assert catalog_locales("zh_Hant_HK") == ["zh_Hant_HK", "zh_Hant"]
    assert catalog_locales("sv_SE") == ["sv_SE"]
    taiwan = Market("tw", ("en",), "en", "TWD", "Asia/Taipei", official_languages=("zh_Hant",))
    assert taiwan.site_language("zh") == "zh_Hant" and taiwan.site_language("en") == "en"
    assert taiwan.site_language("ja") is None
    assert taiwan.locale("zh_Hant") == "zh_Hant_TW"
    assert taiwan.language_tag("zh_Hant") == "zh-Hant-TW"


def test_a_market_serves_one_script_per_language():
    with pytest.raises(MarketDataError, match="would share the address /hk/zh/"):
        Market("hk", ("en",), "en", "HKD", "Asia/Hong_Kong", ("zh_Hant", "zh_Hans"))
    with pytest.raises(MarketDataError, match="not two lower-case letters"):
        Market("hk", ("en",), "en", "HKD", "Asia/Hong_Kong", ("zh-Hant",))
    with pytest.raises(MarketDataError, match="not a language with its script"):
        Market("hk", ("en",), "en", "HKD", "Asia/Hong_Kong", ("zh_Xxxx",))


def test_each_market_reads_its_own_script(chinese, make_app):
    client = make_app().test_client()
    assert client.get("/hk/").headers["Location"].endswith("/hk/zh/")
    for site, tag, mark in [
        ("/cn/zh/", "zh-Hans-CN", "简"),
        ("/hk/zh/", "zh-Hant-HK", "繁"),
        ("/tw/zh/", "zh-Hant-TW", "繁"),
    ]:
        response = client.get(f"{site}support")
        assert response.status_code == 200, site
        page = response.get_data(as_text=True)
        assert html_lang(page) == tag
        assert h1(page).startswith(mark), (site, h1(page))
        # links the site writes stay on the two-letter address
        own = [
            link["href"]
            for link in links(page)
            if link["href"].startswith(site[:4]) and not link.get("hreflang")
        ]
        assert own and all(href.startswith(site) for href in own), own
    assert client.get("/hk/zh_Hant/").status_code == 404
    assert client.get("/hk/ZH/").headers["Location"].endswith("/hk/zh/")


def test_the_language_switch_names_the_script_and_keeps_the_page(chinese, make_app):
    page = make_app().test_client().get("/hk/en/support?topic=sms").get_data(as_text=True)
    switch = [link for link in links(page) if link.get("hreflang")]
    chinese_link = next(link for link in switch if link["hreflang"] == "zh-Hant")
    assert chinese_link["href"] == "/hk/zh/support?topic=sms"
    assert chinese_link["lang"] == "zh-Hant"


def test_a_script_waiting_for_its_catalog_leads_to_the_default(core_shipping, make_app):
    core_shipping("sv", "en", "de")
    client = make_app().test_client()
    response = client.get("/hk/zh/support")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/hk/en/support")
    assert client.get("/cn/zh/").headers["Location"].endswith("/cn/en/")


def test_a_customer_of_hong_kong_keeps_traditional_chinese(chinese, make_app):
    """Registration on /hk/zh/: the Porsche ID keeps zh_Hant, its e-mail is written in it and
    links back to /hk/zh/."""
    app = make_app()
    client = app.test_client()
    email = "chan.tai.man@example.com"
    response = register(
        client, email, base="/hk/zh/account", phone="5123 4567", country="hk", language="zh_Hant"
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    assert account(app, email).language == "zh_Hant"
    (message,) = [m for m in outbox(app, "email") if m.to_address == email]
    assert message.language == "zh_Hant"
    assert message.subject.startswith("繁")
    assert "/hk/zh/account/confirm-email/" in message.text_body
    assert confirm(client, app, email).status_code == 303
