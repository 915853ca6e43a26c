"""Choices of the Porsche ID forms that other features' forms use too (the guided activation's
Porsche ID step): countries and languages, in the language of the current page."""

from __future__ import annotations

from flask import current_app, g
from flask_babel import gettext
from wtforms.fields.choices import SelectChoice

from porsche_web.countries import countries
from porsche_web.i18n import language_name


def country_choices() -> list[SelectChoice]:
    """An empty first option (a required select needs one), then every country (lower-case
    code, name in the page's language), by name."""
    return [
        SelectChoice("", gettext("Choose a country")),
        *(SelectChoice(code, name) for code, name in countries(g.lang)),
    ]


def language_choices() -> list[SelectChoice]:
    """An empty first option, then the languages of the site."""
    languages = [
        SelectChoice(code, language_name(code)) for code in current_app.config["LANGUAGES"]
    ]
    return [SelectChoice("", gettext("Choose a language")), *languages]
