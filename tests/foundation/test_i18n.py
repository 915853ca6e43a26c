"""Catalogs, locales and formatting."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from flask import render_template_string

import porsche_web
from porsche_web.i18n import core_translations_dir
from porsche_web.testing.helpers import h1


@pytest.mark.parametrize(
    "url, texts",
    [
        ("/se/sv/privacy", ["Integritet", "Hjälp och kundtjänst", "Hoppa till huvudinnehållet"]),
        ("/se/en/privacy", ["Privacy", "Help and customer service", "Skip to main content"]),
        ("/de/de/privacy", ["Datenschutz", "Hilfe und Kundenservice", "Zum Hauptinhalt springen"]),
    ],
)
def test_pages_render_in_sv_en_de(client, url, texts):
    page = client.get(url).get_data(as_text=True)
    for text in texts:
        assert text in page


def test_dates_numbers_and_money_use_the_site_locale(app):
    template = (
        "{{ money(1234.5, 'SEK') }}|{{ money(1234, 'SEK') }}|{{ format_date(day, 'long') }}"
        "|{{ format_decimal(1234.5) }}"
    )
    with app.test_request_context("/se/sv/"):
        app.preprocess_request()
        swedish = render_template_string(template, day=date(2026, 12, 24))
    with app.test_request_context("/de/de/"):
        app.preprocess_request()
        german = render_template_string(template, day=date(2026, 12, 24))
    assert swedish == "1\xa0234,50\xa0kr|1\xa0234\xa0kr|24 december 2026|1\xa0234,5"
    assert german == "1.234,50\xa0SEK|1.234\xa0SEK|24. Dezember 2026|1.234,5"


def test_the_core_catalogs_are_compiled():
    assert (core_translations_dir() / "sv" / "LC_MESSAGES" / "messages.mo").exists()


def test_the_installed_package_carries_its_catalogs(client):
    """Under tox the core is installed from its wheel: its catalogs must travel with it."""
    installed_as = os.environ.get("PORSCHE_WEB_TEST_INSTALLED_AS", "checkout")
    package_dir = Path(porsche_web.__file__).resolve().parent
    if installed_as == "wheel":
        assert "site-packages" in package_dir.parts
        assert core_translations_dir() == package_dir / "translations"
    else:
        assert core_translations_dir() == package_dir.parent / "translations"
    assert h1(client.get("/se/sv/").get_data(as_text=True)).startswith("Välkommen")


def test_a_label_is_punctuated_as_its_language_writes_it(app):
    """``labelled()``: one message, so French gets its no-break space and Japanese its
    full-width colon; HTML escapes a plain label, a text e-mail keeps it as written."""
    from flask import render_template, render_template_string
    from flask_babel import force_locale

    html = "{{ labelled(label) }}"
    with app.test_request_context("/"):
        for locale, expected in [("en", "Plan &lt;1&gt;:"), ("fr_FR", "Plan &lt;1&gt;\u00a0:")]:
            with force_locale(locale):
                assert render_template_string(html, label="Plan <1>") == expected
        with force_locale("ja_JP"):
            assert render_template_string(html, label="プラン") == "プラン："
        with force_locale("en"):  # a text e-mail: no autoescape
            text = render_template(
                "notifications/email/message.txt",
                greeting="",
                paragraphs=[],
                link=("Terms & prices", "https://example.com/x"),
                footer="f",
            )
        assert "Terms & prices:\nhttps://example.com/x" in text
