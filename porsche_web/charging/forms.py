"""Forms of the Charging Service booking."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, ValidationError

from porsche_web import addresses
from porsche_web.accounts.forms import name_field


class PlanForm(FlaskForm):
    plan = RadioField(
        _l("Which charging plan do you want?"),
        validate_choice=False,
    )

    def validate_plan(self, field) -> None:
        if not field.data or field.data not in {choice.value for choice in field.choices or ()}:
            raise ValidationError(_l("Choose a charging plan."))


class DeliveryForm(addresses.PostalAddressMixin, FlaskForm):
    """Where the charging card goes; the market's address format decides the postal code."""

    name = name_field(_l("Full name"), _l("Enter the name of the card's recipient."))
    street = addresses.street_field()
    postal_code = addresses.postal_code_field()
    city = addresses.city_field()
    region = addresses.region_field()


class ConfirmForm(FlaskForm):
    """A button: check your answers, activate the card, cancel the plan."""
