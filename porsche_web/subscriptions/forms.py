"""My services' forms: the renewal's express consent (never ticked for the customer) and the
confirmation buttons (CSRF only)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField
from wtforms.validators import DataRequired, Length, Regexp


class RenewForm(FlaskForm):
    """Renew a service: the customer agrees to pay, expressly."""

    consent = BooleanField(
        _l("I order this year of the service and agree to pay the price shown."),
        validators=[DataRequired(_l("Tick the box to order the renewal."))],
    )


class ConfirmRenewalForm(FlaskForm):
    """Check your answers: confirm the renewal (the key makes a second submit harmless)."""

    request_key = HiddenField(
        validators=[DataRequired(), Length(min=20, max=64), Regexp(r"^[A-Za-z0-9_-]+$")]
    )


class ConfirmForm(FlaskForm):
    """Cancel or withdraw: the button is the whole answer."""
