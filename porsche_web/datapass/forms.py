"""Forms of the Data Pass hand-off."""

from __future__ import annotations

from flask_wtf import FlaskForm


class ConfirmForm(FlaskForm):
    """A button: "I have registered"."""
