"""The shared form macros render the GOV.UK error pattern accessibly."""

from __future__ import annotations

from flask import render_template_string
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired


class NameForm(FlaskForm):
    name = StringField("Name", validators=[InputRequired(message="Enter your name")])


TEMPLATE = """{% import "macros/forms.html" as forms %}
{{ forms.error_summary(form) }}{{ forms.input(form.name, hint="As on your licence") }}"""


def test_errors_are_summarised_and_tied_to_their_field(app):
    with app.test_request_context("/se/en/", method="POST", data={"name": ""}):
        app.preprocess_request()
        form = NameForm(meta={"csrf": False})
        assert not form.validate()
        html = render_template_string(TEMPLATE, form=form)
    assert 'role="alert"' in html and '<a href="#name">Enter your name</a>' in html
    assert 'aria-describedby="name-hint name-error"' in html
    assert 'aria-invalid="true"' in html and 'id="name-error"' in html


def test_a_valid_field_has_no_error_markup(app):
    with app.test_request_context("/se/en/", method="POST", data={"name": "Ada"}):
        app.preprocess_request()
        form = NameForm(meta={"csrf": False})
        assert form.validate()
        html = render_template_string(TEMPLATE, form=form)
    assert "error" not in html and 'aria-describedby="name-hint"' in html
