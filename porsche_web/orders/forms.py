"""Forms of the invitation link pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from porsche_web.accounts.forms import email_field, strip


class ContinueForm(FlaskForm):
    """Only the CSRF token: the Continue button that consumes an invitation link."""


class NewLinkForm(FlaskForm):
    order_number = StringField(
        _l("Order number"),
        filters=[strip],
        validators=[
            InputRequired(_l("Enter the order number from your order confirmation.")),
            Length(max=32, message=_l("An order number has at most 32 characters.")),
        ],
    )
    email = email_field()
