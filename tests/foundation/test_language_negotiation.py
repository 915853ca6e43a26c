"""Which language a page outside the country sites speaks (the chooser, error pages, the staff
console): ``Accept-Language`` negotiated in one place (``porsche_web.languages.negotiate``). A
regional value falls back to its language before a value of lower quality (``pt-BR,
en;q=0.5`` → Portuguese), refusals (``q=0``) are honoured, and no header is an error."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from porsche_web.languages import accepted_values, negotiate
from porsche_web.testing.helpers import html_lang

OFFERED = ["sv", "en", "de", "pt", "sr_Latn", "zh_Hans", "zh_Hant"]


def negotiated(header: str, offered=OFFERED) -> str | None:
    return negotiate(parse_accept_header(header, LanguageAccept), offered)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("pt-BR, en;q=0.5", "pt"),  # the issue: werkzeug's best_match said en
        ("pt-BR;q=0.9, en;q=0.5", "pt"),
        ("pt-BR;q=0.4, en;q=0.5", "en"),  # a better value that matches comes first
        ("en-GB, pt", "en"),
        ("de-AT, en;q=0.8", "de"),
        ("de-AT,*;q=0.1", "de"),  # best_match gave the first offered language for *
        ("de-CH, de;q=0.9, en;q=0.8", "de"),
        ("zh-Hant-TW", "zh_Hant"),
        ("zh-TW, en;q=0.5", "zh_Hant"),  # CLDR's likely script of Chinese in Taiwan
        ("zh-HK", "zh_Hant"),
        ("zh-CN", "zh_Hans"),
        ("zh", "zh_Hans"),
        ("ZH-hant-tw", "zh_Hant"),
        ("sr-Latn-BA", "sr_Latn"),
        ("sv_SE", "sv"),
        ("en-US-x-private", "en"),
        # refusals (q=0): never chosen, not even as a regional value's fallback
        ("pt-BR, pt;q=0, en;q=0.5", "en"),
        ("en;q=0, sv;q=0.2", "sv"),
        ("zh-TW, zh;q=0, de;q=0.1", "de"),
        ("zh-TW, zh-Hans;q=0", "zh_Hant"),
        ("zh-TW, zh-Hant;q=0, en;q=0.3", "en"),
        ("pt-BR;q=0, pt-PT", "pt"),
        # nothing fits: the caller's default
        ("fi-FI, ja;q=0.5", None),
        ("pt;q=0", None),
        ("*", None),
        ("", None),
        ("garbage;;q=,", None),
        ("x-klingon, i-default, 123, -, en-, é", "en"),
        ("🙂, ;q=1, q=0.5", None),
        ("sv;q=abc", None),
        ("a" * 300, None),
    ],
)
def test_negotiate(header, expected):
    assert negotiated(header) == expected


def test_a_script_is_never_given_for_another():
    assert negotiated("zh-Hant-TW", ["en", "zh_Hans"]) is None
    assert negotiated("zh-TW", ["en", "zh_Hans"]) is None
    assert negotiated("zh", ["en", "zh_Hant"]) is None


def test_accepted_values_leave_out_refusals_best_first():
    accept = parse_accept_header("sv;q=0, de;q=0.5, en-GB, pt;q=0.5", LanguageAccept)
    assert accepted_values(accept) == ["en-GB", "de", "pt"]


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("pt-BR, en;q=0.5", "pt"),
        ("de-AT, en;q=0.5", "de"),
        ("zh-Hant-TW, en;q=0.5", "zh-Hant"),
        ("pt-BR, pt;q=0, en;q=0.5", "en"),
        ("sv;q=0, en;q=0", "en"),  # the default
        ("garbage;;q=,", "en"),
        ("\x7f\x00;q=1;;", "en"),
    ],
)
def test_pages_outside_the_sites_speak_the_negotiated_language(app, client, header, lang):
    assert app.config["DEFAULT_LANGUAGE"] == "en"
    chooser = client.get("/", headers={"Accept-Language": header})
    assert chooser.status_code == 200
    assert html_lang(chooser.get_data(as_text=True)) == lang
    missing = client.get("/no/such/page/here", headers={"Accept-Language": header})
    assert missing.status_code == 404
    assert html_lang(missing.get_data(as_text=True)) == lang


def test_the_staff_console_negotiates_among_its_own_languages(client):
    page = client.get("/staff/login", headers={"Accept-Language": "de-AT, en;q=0.5"})
    assert page.status_code == 200 and html_lang(page.get_data(as_text=True)) == "de"
    # Portuguese ships for customers, not for the console: English, the default
    page = client.get("/staff/login", headers={"Accept-Language": "pt-BR, sv;q=0"})
    assert html_lang(page.get_data(as_text=True)) == "en"


def test_a_refused_language_is_not_suggested_by_the_chooser(client):
    page = client.get("/", headers={"Accept-Language": "en;q=0.5, sv-SE;q=0"})
    html = page.get_data(as_text=True)
    if 'id="suggestion-heading"' in html:
        suggestion = html.split('id="suggestion-heading"', 1)[1].split("</section>", 1)[0]
        assert 'href="/se/sv/"' not in suggestion
    page = client.get("/", headers={"Accept-Language": "en;q=0.5, sv-SE;q=0.1"})
    html = page.get_data(as_text=True)
    suggestion = html.split('id="suggestion-heading"', 1)[1].split("</section>", 1)[0]
    assert 'href="/se/sv/"' in suggestion  # accepted, if not much: suggested


def test_an_answer_in_the_negotiated_language_varies_with_accept_language(client):
    """A shared cache must not give one browser's language to another: the pages whose
    language came from the header say so; a country site's page (its language is in its
    address) does not vary with it."""
    for path in ("/", "/no-such-page"):
        response = client.get(path, headers={"Accept-Language": "pt-BR, en;q=0.5"})
        assert "Accept-Language" in response.vary, (path, response.status_code)
    site = client.get("/se/sv/", headers={"Accept-Language": "pt-BR"})
    assert site.status_code == 200
    assert "Accept-Language" not in site.vary
