"""The Connect Store's car chooser: a GET form (no CSRF: it changes nothing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from porsche_web.connect import catalogue


class StoreFilterForm(FlaskForm):
    class Meta:
        csrf = False

    model = SelectField(
        _l("Model"),
        choices=[SelectChoice("", _l("Choose a model"))]
        + [SelectChoice(m.id, m.name) for m in catalogue.models()],
        validators=[InputRequired(message=_l("Choose the model of your car."))],
    )
    year = SelectField(
        _l("Model year"),
        choices=[SelectChoice("", _l("Choose a model year"))]
        + [SelectChoice(str(year), str(year)) for year in reversed(catalogue.all_years())],
        validators=[InputRequired(message=_l("Choose the model year of your car."))],
    )

    def validate_year(self, field: SelectField) -> None:
        model = catalogue.get_model(self.model.data or "")
        if model is not None and int(field.data) not in model.years:
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
        return catalogue.model_year(self.model.data or "", int(year)) if year.isdigit() else None
