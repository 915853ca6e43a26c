"""The staff console's forms; every message is localized."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, PasswordField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from porsche_web import validators
from porsche_web.accounts.forms import good_password, no_control_characters, strip
from porsche_web.orders.schema import ORDER_NUMBER
from porsche_web.staff.models import ADMIN, CENTRE, SERVICE

CODE_LENGTH = Length(max=20, message=_l("The code has at most 20 characters."))


class LoginForm(FlaskForm):
    email = StringField(
        _l("E-mail address"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=254, message=_l("The e-mail address is too long.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(_l("Enter your password.")),
            Length(max=256, message=_l("Your password can have at most 256 characters.")),
        ],
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        filters=[strip],
        validators=[DataRequired(_l("Enter the code.")), CODE_LENGTH, no_control_characters],
    )


class PasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        validators=[InputRequired(_l("Enter a password.")), good_password],
    )
    repeat = PasswordField(
        _l("Repeat the password"),
        validators=[
            InputRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The two passwords are not the same.")),
        ],
    )


def _email(form, field) -> None:
    if field.data and not validators.is_email(field.data):
        raise ValidationError(_l("Enter an e-mail address like name@example.com."))


def _codes(form, field) -> None:
    values = [v.strip().lower() for v in (field.data or "").split(",") if v.strip()]
    for value in values:
        if not all(ch.isalnum() or ch == "-" for ch in value) or len(value) > 64:
            raise ValidationError(_l("Separate the ids with commas: letters, digits and dashes."))
    field.data = ",".join(values)


class InviteForm(FlaskForm):
    name = StringField(
        _l("Name"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the name.")),
            Length(max=200, message=_l("The name is too long.")),
            no_control_characters,
        ],
    )
    email = StringField(
        _l("E-mail address"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the e-mail address.")),
            _email,
            Length(max=254, message=_l("The e-mail address is too long.")),
        ],
    )
    role = RadioField(
        _l("Role"),
        choices=[
            SelectChoice(CENTRE, _l("Porsche Centre")),
            SelectChoice(SERVICE, _l("Customer service")),
            SelectChoice(ADMIN, _l("Administrator")),
        ],
        validators=[InputRequired(_l("Choose a role."))],
    )
    markets = StringField(
        _l("Markets (country codes, separated by commas)"), filters=[strip], validators=[_codes]
    )
    partners = StringField(
        _l("Porsche Centres (partner ids, separated by commas)"),
        filters=[strip],
        validators=[_codes],
    )


class SearchForm(FlaskForm):
    q = StringField(
        _l("Order number, VIN, e-mail address or mobile number"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter what you are looking for.")),
            Length(max=254, message=_l("That is too long to be any of them.")),
            no_control_characters,
        ],
    )


def _reason_field() -> StringField:
    return StringField(
        _l("Reason (kept in the audit log)"),
        filters=[strip],
        validators=[
            DataRequired(_l("Say why: the reason is kept in the audit log.")),
            Length(max=500, message=_l("The reason can have at most 500 characters.")),
        ],
    )


class ResendInvitationForm(FlaskForm):
    reason = _reason_field()
    email = StringField(
        _l("Corrected e-mail address (optional)"),
        filters=[strip],
        validators=[Length(max=254, message=_l("The e-mail address is too long.")), _email],
    )


class EndSessionsForm(FlaskForm):
    reason = _reason_field()


class RemoveAccessForm(FlaskForm):
    reason = _reason_field()


class WithdrawConsentForm(FlaskForm):
    reason = _reason_field()


class PhoneChangeForm(FlaskForm):
    phone = StringField(
        _l("New mobile number"),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter the new mobile number.")),
            Length(max=30, message=_l("The number is too long.")),
            no_control_characters,
        ],
    )
    reason = _reason_field()


class ClearBlockForm(FlaskForm):
    reason = _reason_field()


class SecurityCodeHelpForm(FlaskForm):
    reason = _reason_field()


#: The orders' VIN rule is checked by ``orders.lookup.correct_vin``; this is its message.
VIN_MESSAGE = _l("A VIN has 17 letters and digits, without I, O and Q. Check it and try again.")


class CorrectVinForm(FlaskForm):
    vin = StringField(
        _l("Vehicle identification number (VIN)"),
        filters=[strip],
        validators=[
            DataRequired(VIN_MESSAGE),
            Length(max=17, message=VIN_MESSAGE),
            no_control_characters,
        ],
    )
    reason = _reason_field()


class _DateField(DateField):
    """A date (YYYY-MM-DD, what ``<input type="date">`` sends) with a localized refusal."""

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Enter a date like 2026-11-29.")) from exc


class AuditOrderForm(FlaskForm):
    """An administrator's way to a customer's audit trail: the order number (a GET form)."""

    class Meta:
        csrf = False

    number = StringField(
        _l("Order number"),
        filters=[strip, lambda value: value.upper() if value else value],
        validators=[
            DataRequired(_l("Enter an order number, like SE-200300.")),
            Regexp(ORDER_NUMBER, message=_l("Enter an order number, like SE-200300.")),
        ],
    )


class AuditFilterForm(FlaskForm):
    """The audit view's filters: a GET form (dates and a kind, nothing personal in the URL)."""

    class Meta:
        csrf = False

    start = _DateField(_l("From (date)"), validators=[Optional()], format="%Y-%m-%d")
    end = _DateField(_l("To (date)"), validators=[Optional()], format="%Y-%m-%d")
    kind = SelectField(_l("Kind"), validators=[Optional()], validate_choice=False)

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError(_l("The end date must not be before the start date."))

    def validate_kind(self, field) -> None:
        value = field.data or ""
        if len(value) > 40 or not all(ch.isalnum() or ch == "_" for ch in value):
            raise ValidationError(_l("Choose a kind from the list."))
