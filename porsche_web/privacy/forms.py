"""The privacy centre's forms: a confirmation button (CSRF only)."""

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """Withdraw or give a consent: the button is the whole answer."""
