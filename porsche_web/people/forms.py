"""Forms of the car's people."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, PasswordField, StringField, ValidationError
from wtforms.validators import DataRequired, Length, Optional

from porsche_web.accounts.forms import (
    PhoneCodeForm,
    email_field,
    no_control_characters,
    phone_field,
    strip,
)
from porsche_web.people.services import FUNCTION_LABELS

UNTIL_FORMAT = "%Y-%m-%dT%H:%M"


class InviteForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the person's name.")),
            Length(max=80, message=_l("A name can have at most 80 characters.")),
            no_control_characters,
        ],
    )
    email = email_field(_l("The person's e-mail address"))
    phone = phone_field()


class UntilField(DateTimeLocalField):
    """A local date and time; a value that is none says so in the site's language."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a date and time like 2026-12-24 18:00.")) from None


def _until(label):
    return UntilField(
        label,
        format=UNTIL_FORMAT,
        validators=[Optional()],
        render_kw={"step": "60"},
    )


class RightsForm(FlaskForm):
    """A tick per function group and, optionally, when it ends (in the market's local time)."""

    lock = BooleanField(FUNCTION_LABELS["lock"])
    lock_until = _until(_l("Lock and unlock: until (optional)"))
    climate = BooleanField(FUNCTION_LABELS["climate"])
    climate_until = _until(_l("Climate control: until (optional)"))
    position = BooleanField(FUNCTION_LABELS["position"])
    position_until = _until(_l("Car position: until (optional)"))
    trips = BooleanField(FUNCTION_LABELS["trips"])
    trips_until = _until(_l("Trip data: until (optional)"))


class ActivateForm(FlaskForm):
    security_code = PasswordField(_l("Your security code"))

    def validate_security_code(self, field) -> None:
        code = field.data or ""
        if code and (len(code) != 4 or not code.isascii() or not code.isdigit()):
            raise ValidationError(_l("Enter your security code of 4 digits."))


class CodeForm(PhoneCodeForm):
    """The 6-digit code from the SMS (the rules of the Porsche ID's phone code)."""
