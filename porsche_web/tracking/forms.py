"""Forms of Track your Dream."""

from __future__ import annotations

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A button: e-mails at each milestone on or off."""
