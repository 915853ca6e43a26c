"""Porsche ID forms. Every message is localized; passwords are never stripped or truncated."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

from porsche_web import validators
from porsche_web.accounts import password_strength
from porsche_web.accounts import secrets_ as hashing

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def no_control_characters(form, field) -> None:
    if field.data and CONTROL.search(field.data):
        raise ValidationError(_l("Remove the special characters from this field."))


def strip(value):
    return value.strip() if isinstance(value, str) else value


def good_password(form, field) -> None:
    password = field.data or ""
    if len(password) < hashing.PASSWORD_MIN:
        raise ValidationError(_l("Your password must have at least 12 characters."))
    if len(password) > hashing.PASSWORD_MAX:
        raise ValidationError(_l("Your password can have at most 256 characters."))
    if "\x00" in password:
        raise ValidationError(_l("Remove the special characters from this field."))
    reason = password_strength.weakness(password, personal_data(form))
    if reason is not None:
        raise ValidationError(WEAK_PASSWORD_MESSAGES[reason])


#: Why a password is refused, in words the person can act on.
WEAK_PASSWORD_MESSAGES = {
    password_strength.COMMON: _l(
        "This password is too common and easy to guess. Choose another one."
    ),
    password_strength.COMMON_WITH_ADDITIONS: _l(
        "This password is a common password with a few characters added or swapped, which is "
        "easy to guess. Choose another one."
    ),
    password_strength.PERSONAL: _l(
        "This password is made of your name or e-mail address, which is easy to guess. Choose "
        "another one."
    ),
    password_strength.PATTERN: _l(
        "This password is mostly a keyboard row, a sequence, a repetition or a date, which is "
        "easy to guess. Choose another one."
    ),
    password_strength.GUESSABLE: _l(
        "This password is easy to guess. A few unrelated words, like a short sentence only you "
        "know, make a strong password."
    ),
}


def personal_data(form) -> list[str]:
    """The name and e-mail address of the person choosing the password: from the form where it
    asks for them (registration), else from the logged-in account."""
    values = [
        getattr(getattr(form, name, None), "data", None)
        for name in ("email", "given_name", "family_name")
    ]
    if not any(values):
        from flask_login import current_user

        if getattr(current_user, "is_authenticated", False):
            values = [current_user.email, current_user.given_name, current_user.family_name]
    return [value for value in values if isinstance(value, str)]


def email_field(label=None):
    return StringField(
        label or _l("E-mail address"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=254, message=_l("The e-mail address can have at most 254 characters.")),
            no_control_characters,
            simple_email,
        ],
    )


def simple_email(form, field) -> None:
    if not validators.is_email(field.data or ""):
        raise ValidationError(_l("Enter an e-mail address like name@example.com."))


def name_field(label, message):
    return StringField(
        label,
        filters=[strip],
        validators=[
            DataRequired(message),
            Length(max=100, message=_l("This field can have at most 100 characters.")),
            no_control_characters,
        ],
    )


def text_field(label, maximum: int, required=None, too_long=None) -> StringField:
    """A stripped text field without control characters; ``required``: its empty message."""
    validators = [DataRequired(required)] if required else []
    validators += [
        Length(
            max=maximum,
            message=too_long or _l("This field can have at most %(max)s characters.", max=maximum),
        ),
        no_control_characters,
    ]
    return StringField(label, filters=[strip], validators=validators)


def phone_field():
    return StringField(
        _l("Mobile phone number"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter your mobile phone number.")),
            Length(
                max=30,
                message=_l("Enter a mobile phone number that can receive SMS, with its area code."),
            ),
            no_control_characters,
        ],
    )


def password_field(label=None):
    return PasswordField(
        label or _l("Password"),
        validators=[InputRequired(_l("Enter a password.")), good_password],
    )


def current_password_field():
    return PasswordField(
        _l("Your password"),
        validators=[
            InputRequired(_l("Enter your password.")),
            Length(max=256, message=_l("The password is not right.")),
        ],
    )


class RegistrationForm(FlaskForm):
    given_name = name_field(_l("Given name"), _l("Enter your given name."))
    family_name = name_field(_l("Family name"), _l("Enter your family name."))
    email = email_field()
    phone = phone_field()
    country = SelectField(
        _l("Country of residence"),
        validators=[DataRequired(_l("Choose your country of residence."))],
        validate_choice=True,
    )
    language = SelectField(
        _l("Preferred language"),
        validators=[DataRequired(_l("Choose your preferred language."))],
        validate_choice=True,
    )
    password = password_field()


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(_l("Enter your password.")),
            Length(max=256, message=_l("The e-mail address or the password is not right.")),
        ],
    )


class EmailForm(FlaskForm):
    email = email_field()


class NewEmailForm(FlaskForm):
    email = email_field(_l("New e-mail address"))


class PasswordCheckForm(FlaskForm):
    password = current_password_field()


class NewPasswordForm(FlaskForm):
    password = password_field(_l("New password"))


class ChangePasswordForm(FlaskForm):
    current = current_password_field()
    password = password_field(_l("New password"))


#: What people type between the digits of a code: spaces, hyphens and dashes, dots, slashes.
CODE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212./_]")


def without_separators(value):
    """``123-456``, ``123 456`` and ``12.34.56`` are the code ``123456``."""
    return CODE_SEPARATORS.sub("", value) if isinstance(value, str) else value


def six_digits(form, field) -> None:
    """The SMS code: six ASCII digits once the separators are gone. Checked here and not with
    ``Length``, which would render ``maxlength="6"``: a browser then cuts ``123-456`` to
    ``123-45`` before the separators can be taken out (issue #20, item 14)."""
    code = field.data or ""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        raise ValidationError(_l("The code has 6 digits."))


def sms_code_field():
    return StringField(
        _l("Code from the SMS"),
        filters=[without_separators],
        validators=[DataRequired(_l("Enter the 6-digit code from the SMS.")), six_digits],
    )


class PhoneCodeForm(FlaskForm):
    code = sms_code_field()


class PhoneForm(FlaskForm):
    phone = phone_field()


class SecurityCodeForm(FlaskForm):
    code = PasswordField(
        _l("Security code"),
        validators=[InputRequired(_l("Enter a security code of 4 digits."))],
    )
    repeat = PasswordField(
        _l("Security code again"),
        validators=[
            InputRequired(_l("Enter the security code again.")),
            EqualTo("code", _l("The two codes are not the same.")),
        ],
    )

    def validate_code(self, field) -> None:
        code = field.data or ""
        if len(code) != 4 or not code.isascii() or not code.isdigit():
            raise ValidationError(_l("Enter a security code of 4 digits."))
        if hashing.is_trivial_security_code(code):
            raise ValidationError(
                _l("This code is too easy to guess. Avoid repeated digits and runs like 1234.")
            )


class ResetSecurityCodeForm(SecurityCodeForm):
    sms_code = sms_code_field()

    def validate_sms_code(self, field) -> None:
        if not (field.data or "").isascii() or not field.data.isdigit():
            raise ValidationError(_l("The code has 6 digits."))


class ConfirmForm(FlaskForm):
    """A button-only form (Continue, log out, delete): its CSRF token is all it carries."""
