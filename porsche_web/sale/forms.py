"""Forms of the change of hands."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, ValidationError


class SellForm(FlaskForm):
    """ "I sold this car": the owner proves it is them, with the car's security code where the
    model has one, else with the password."""

    password = PasswordField(_l("Your password"))
    security_code = PasswordField(_l("Security code"))

    def __init__(self, *args, needs_code: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.needs_code = needs_code

    def validate_password(self, field) -> None:
        if not self.needs_code and not field.data:
            raise ValidationError(_l("Enter your password."))

    def validate_security_code(self, field) -> None:
        if not self.needs_code:
            return
        code = field.data or ""
        if len(code) != 4 or not code.isascii() or not code.isdigit():
            raise ValidationError(_l("Enter your security code of 4 digits."))


class ObjectForm(FlaskForm):
    """A button-only form: object to a release."""
