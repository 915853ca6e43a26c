"""Forms of the Charging Service booking."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, ValidationError

from porsche_web.accounts.forms import name_field
from porsche_web.activation.forms import text_field


class PlanForm(FlaskForm):
    plan = RadioField(
        _l("Which charging plan do you want?"),
        validate_choice=False,
    )

    def validate_plan(self, field) -> None:
        if not field.data or field.data not in {choice.value for choice in field.choices or ()}:
            raise ValidationError(_l("Choose a charging plan."))


class DeliveryForm(FlaskForm):
    """Where the charging card goes; the market's address format decides the postal code."""

    name = name_field(_l("Full name"), _l("Enter the name of the card's recipient."))
    street = text_field(_l("Street and number"), 200, _l("Enter the street and number."))
    postal_code = text_field(
        _l("Postal code"),
        12,
        _l("Enter the postal code."),
        too_long=_l("Enter a valid postal code."),
    )
    city = text_field(_l("Town or city"), 100, _l("Enter the town or city."))
    region = text_field(_l("State, province or region"), 100)

    def check_market_rules(self, address_format) -> bool:
        """The market's postal code rule (normalises it) and its region field."""
        ok = True
        postal = address_format.normalise_postal_code(self.postal_code.data or "")
        if self.postal_code.data and postal is None:
            example = address_format.postal_code_example
            self.postal_code.errors.append(
                _l("Enter a valid postal code, like %(example)s.", example=example)
                if example
                else _l("Enter a valid postal code.")
            )
            ok = False
        elif postal:
            self.postal_code.data = postal
        if "region" in address_format.fields and not self.region.data:
            self.region.errors.append(_l("Enter the state, province or region."))
            ok = False
        return ok


class ConfirmForm(FlaskForm):
    """A button: check your answers, activate the card, cancel the plan."""
