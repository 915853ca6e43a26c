"""Choices of the Porsche ID forms that other features' forms use too (the guided activation's
Porsche ID step): countries and languages, in the language of the current page."""

from __future__ import annotations

from babel import Locale
from flask import current_app, g

from porsche_web.i18n import language_name

#: Two-letter CLDR territories that are not countries one can live in.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def country_choices() -> list[tuple[str, str]]:
    territories = Locale.parse(g.lang).territories
    codes = [code for code in territories if len(code) == 2 and code.isalpha()]
    codes = [code for code in codes if code not in NOT_COUNTRIES]
    return sorted(((c.lower(), territories[c]) for c in codes), key=lambda item: item[1])


def language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in current_app.config["LANGUAGES"]]
