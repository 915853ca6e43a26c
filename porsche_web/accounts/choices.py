"""Choices of the Porsche ID forms that other features' forms use too (the guided activation's
Porsche ID step): countries and languages, in the language of the current page."""

from __future__ import annotations

from flask import current_app, g

from porsche_web.countries import countries
from porsche_web.i18n import language_name


def country_choices() -> list[tuple[str, str]]:
    """Every country (lower-case code, name in the page's language), by name."""
    return list(countries(g.lang))


def language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in current_app.config["LANGUAGES"]]
