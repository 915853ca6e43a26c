"""The development clock's form."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, ValidationError
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

#: The units the clock moves by, and how long one is.
UNITS = {"minutes": timedelta(minutes=1), "hours": timedelta(hours=1), "days": timedelta(days=1)}


class MoveForm(FlaskForm):
    amount = StringField(
        _l("How far"),
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
        validators=[
            InputRequired(_l("Enter how far to move the clock, a whole number from 1 to 999.")),
        ],
    )
    unit = RadioField(
        _l("Unit"),
        choices=[
            SelectChoice("minutes", _l("minutes")),
            SelectChoice("hours", _l("hours")),
            SelectChoice("days", _l("days")),
        ],
        default="minutes",
        validate_choice=False,  # validate_unit says it in our words
        validators=[InputRequired(_l("Choose minutes, hours or days."))],
    )

    def validate_unit(self, field: RadioField) -> None:
        if field.data not in UNITS:
            raise ValidationError(_l("Choose minutes, hours or days."))

    def validate_amount(self, field: StringField) -> None:
        # A text input (GOV.UK: inputmode numeric, not type number), read here in our words.
        if not (field.data.isascii() and field.data.isdigit() and 1 <= int(field.data) <= 999):
            raise ValidationError(_l("Enter a whole number from 1 to 999."))

    @property
    def step(self) -> timedelta:
        """How far the form asks to move the clock (after validation)."""
        return UNITS[self.unit.data] * int(self.amount.data)


class BackForm(FlaskForm):
    """The "back to the real time" button: only the CSRF token."""
