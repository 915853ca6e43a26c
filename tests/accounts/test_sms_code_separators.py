"""An SMS code typed with separators is accepted (issue #20, item 14)."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from porsche_web.accounts.forms import PhoneCodeForm


def code_form(app, typed: str) -> PhoneCodeForm:
    with app.test_request_context("/se/sv/account/phone", method="POST"):
        form = PhoneCodeForm(formdata=MultiDict({"code": typed}), meta={"csrf": False})
        form.validate()
        return form


@pytest.mark.parametrize(
    "typed",
    [
        "123456",
        "123-456",
        "123 456",
        " 123 456 ",
        "12 34 56",
        "123\u2013456",
        "12.34.56",
        "123\t456",
    ],
)
def test_a_code_with_separators_is_the_code(app, typed):
    form = code_form(app, typed)
    assert form.errors == {} and form.code.data == "123456"


@pytest.mark.parametrize("typed", ["12345", "1234567", "123-45a", "12345\u0661", "abc-def", "---"])
def test_anything_else_is_still_refused(app, typed):
    assert code_form(app, typed).errors.get("code")
