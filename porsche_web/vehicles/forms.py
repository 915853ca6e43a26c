"""Forms of My vehicles."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField, ValidationError
from wtforms.validators import DataRequired, Length

from porsche_web.accounts.forms import no_control_characters, strip, without_separators
from porsche_web.validators import normalize_vin, valid_vin


class LinkForm(FlaskForm):
    vin = StringField(
        _l("Vehicle identification number (VIN)"),
        filters=[normalize_vin],
        validators=[DataRequired(_l("Enter the VIN of your car."))],
    )
    code = StringField(
        _l("Pairing code"),
        filters=[without_separators],  # "1234 5678", "1234-5678": as typed from the screen
        validators=[DataRequired(_l("Enter the pairing code your car shows."))],
    )

    def __init__(self, *args, market: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.market = market

    def validate_vin(self, field) -> None:
        if not valid_vin(field.data or "", self.market):
            raise ValidationError(
                _l("A VIN has 17 letters and digits, without I, O and Q. Check it and try again.")
            )

    def validate_code(self, field) -> None:
        code = field.data or ""
        if len(code) != 8 or not code.isascii() or not code.isdigit():
            raise ValidationError(_l("The pairing code has 8 digits."))


class NicknameForm(FlaskForm):
    nickname = StringField(
        _l("Name for your car"),
        filters=[strip],
        validators=[
            Length(max=40, message=_l("A name can have at most 40 characters.")),
            no_control_characters,
        ],
    )


class CommandForm(FlaskForm):
    kind = HiddenField()
    security_code = PasswordField(_l("Security code"))

    def validate_security_code(self, field) -> None:
        code = field.data or ""
        if code and (len(code) != 4 or not code.isascii() or not code.isdigit()):
            raise ValidationError(_l("Enter your security code of 4 digits."))


class ConfirmForm(FlaskForm):
    """A button-only form (link this car, remove it)."""
