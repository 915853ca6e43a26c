"""The development clock's form."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

#: The units the clock moves by, and how long one is.
UNITS = {"minutes": timedelta(minutes=1), "hours": timedelta(hours=1), "days": timedelta(days=1)}


class MoveForm(FlaskForm):
    amount = IntegerField(
        _l("How far"),
        validators=[
            InputRequired(_l("Enter how far to move the clock, a whole number from 1 to 999.")),
            NumberRange(min=1, max=999, message=_l("Enter a whole number from 1 to 999.")),
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
        validators=[InputRequired(_l("Choose minutes, hours or days."))],
    )

    @property
    def step(self) -> timedelta:
        """How far the form asks to move the clock (after validation)."""
        return UNITS[self.unit.data] * int(self.amount.data)


class BackForm(FlaskForm):
    """ "Back to the real time": only the CSRF token."""
