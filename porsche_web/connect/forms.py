"""The Connect Store's car chooser: a GET form (no CSRF: it changes nothing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, StopValidation, ValidationError

from porsche_web.connect import catalogue


class ListField(SelectField):
    """A select whose value must be one of its choices, with our own localized message.

    The Store's query parameters are parsed like a posted form: ``year=abc``, ``year=1e5`` or a
    value of 10 000 characters is "not in the list", never an exception.
    """

    def __init__(self, label=None, validators=None, *, not_in_list, **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.not_in_list = not_in_list

    def pre_validate(self, form) -> None:
        if self.data and self.data not in {str(choice[0]) for choice in self.iter_choices()}:
            raise StopValidation(self.not_in_list)


class StoreFilterForm(FlaskForm):
    class Meta:
        csrf = False

    model = ListField(
        _l("Model"),
        not_in_list=_l("Choose a model from the list."),
        choices=[SelectChoice("", _l("Choose a model"))]
        + [SelectChoice(m.id, m.name) for m in catalogue.models()],
        validators=[InputRequired(message=_l("Choose the model of your car."))],
    )
    year = ListField(
        _l("Model year"),
        not_in_list=_l("Choose a model year from the list."),
        choices=[SelectChoice("", _l("Choose a model year"))]
        + [SelectChoice(str(year), str(year)) for year in reversed(catalogue.all_years())],
        validators=[InputRequired(message=_l("Choose the model year of your car."))],
    )

    def validate_year(self, field: SelectField) -> None:
        model = catalogue.get_model(self.model.data or "")
        year = field.data or ""
        if model is not None and year.isdigit() and int(year) not in model.years:
            raise ValidationError(
                _l(
                    "The %(model)s has Porsche Connect from model year %(first)s to %(last)s. "
                    "Choose a year in that range.",
                    model=model.name,
                    first=model.model_years[0],
                    last=model.model_years[1],
                )
            )

    @property
    def car(self) -> catalogue.ModelYear | None:
        year = self.year.data or ""
        if not (year.isascii() and year.isdigit() and len(year) == 4):
            return None
        return catalogue.model_year(self.model.data or "", int(year))
