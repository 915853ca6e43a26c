"""The country finder of the support page: a GET form (it changes nothing, so no CSRF)."""

from __future__ import annotations

import functools

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired


class CountryFinderForm(FlaskForm):
    class Meta:
        csrf = False

    country = SelectField(
        _l("Your country"),
        validators=[InputRequired(message=_l("Choose your country from the list."))],
    )

    def __init__(self, *args, countries: tuple[tuple[str, str], ...], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices(countries)


@functools.lru_cache(maxsize=64)
def country_choices(countries: tuple[tuple[str, str], ...]) -> list[SelectChoice]:
    """The select's ~250 choices, built once per list of countries (one per language: see
    ``porsche_web.countries``); WTForms only reads them."""
    return [
        SelectChoice("", _l("Choose a country")),
        *(SelectChoice(code, name) for code, name in countries),
    ]
