"""Helpers shared by every feature's forms and the form macros (``macros/forms.html``)."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from werkzeug.datastructures import ImmutableMultiDict


def field_attributes(field: Any, hint: Any, given: dict[str, Any]) -> dict[str, Any]:
    """The HTML attributes of a form control.

    ``given`` attributes with the value None are left out; ``aria-describedby`` points to the
    hint and the error message when there are any, and ``aria-invalid`` marks a field in error.
    """
    attributes = {key: value for key, value in given.items() if value is not None}
    described = [f"{field.id}-hint"] if hint else []
    if field.errors:
        described.append(f"{field.id}-error")
        attributes["aria-invalid"] = "true"
    if described:
        attributes["aria-describedby"] = " ".join(described)
    return attributes


def drop_file_parts() -> None:
    """No form of the site takes a file: a file part sent for a text field is dropped before
    any form sees it, so the field counts as not filled in and gets its localized message
    (instead of a validator meeting a ``FileStorage``: a 500)."""
    if request.method in ("POST", "PUT", "PATCH") and request.files:
        request.files = ImmutableMultiDict()


def init_app(app: Flask) -> None:
    app.jinja_env.globals["field_attributes"] = field_attributes
    app.before_request(drop_file_parts)
