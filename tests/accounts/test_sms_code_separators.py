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


@pytest.mark.parametrize("typed", ["1234 5678", "1234-5678", "12.34.56.78", "1234\u20135678"])
def test_the_cars_pairing_code_takes_the_same_separators(app, typed):
    """The same rule for the other code a customer types from a screen (the car's)."""
    from porsche_web.vehicles.forms import LinkForm

    with app.test_request_context("/se/sv/account/vehicles/link", method="POST"):
        data = MultiDict({"vin": "WP0ZZZY1ZTS000201", "code": typed})
        form = LinkForm(formdata=data, meta={"csrf": False}, market="se")
        form.validate()
    assert "code" not in form.errors and form.code.data == "12345678"


@pytest.mark.parametrize("form_class", ["PhoneCodeForm", "ResetSecurityCodeForm"])
def test_the_browser_may_take_a_code_with_separators(app, form_class):
    """No ``maxlength`` of 6 on the field: a browser would cut ``123-456`` to ``123-45``."""
    import re

    from porsche_web.accounts import forms

    with app.test_request_context("/se/sv/account/phone"):
        form = getattr(forms, form_class)(meta={"csrf": False})
        field = form.code if form_class == "PhoneCodeForm" else form.sms_code
        html = str(field())
    limit = re.search(r'maxlength="(\d+)"', html)
    assert limit is None or int(limit.group(1)) >= len("123 - 456"), html
