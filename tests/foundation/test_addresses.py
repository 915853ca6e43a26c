"""The postal address rule, written once (porsche_web/addresses.py), serves both forms that ask
for an address: the invoice recipient of the activation and the charging card's delivery."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from porsche_web.activation.forms import AddressForm
from porsche_web.charging.forms import DeliveryForm
from porsche_web.markets.types import AddressFormat

SWEDEN = AddressFormat(postal_code_pattern=r"\d{3} ?\d{2}", postal_code_example="114 35")
UK = AddressFormat(postal_code_pattern=r"[A-Z0-9]{2,4} [0-9][A-Z]{2}", postal_code_uppercase=True)
WITH_REGION = AddressFormat(fields=("street", "city", "region", "postal_code"))

FORMS = pytest.mark.parametrize("form_class", [AddressForm, DeliveryForm])


def checked(app, form_class, address_format, **data):
    values = {"kind": "private", "name": "Astrid Exempel", "street": "Storgatan 1"}
    values |= {"postal_code": "114 35", "city": "Stockholm", **data}
    with app.test_request_context("/se/en/", method="POST"):
        form = form_class(formdata=MultiDict(values), meta={"csrf": False})
        valid = form.validate()
        ok = form.check_postal_address(address_format)
        errors = {name: [str(e) for e in f.errors] for name, f in form._fields.items() if f.errors}
        return valid and ok, form.postal_address(address_format), errors


@FORMS
def test_a_postal_code_by_the_market_rule_is_normalised(app, form_class):
    ok, address, _ = checked(app, form_class, UK, postal_code="  sw1a   1aa ")
    assert ok and address["postal_code"] == "SW1A 1AA"


@FORMS
def test_a_wrong_postal_code_names_the_markets_example(app, form_class):
    ok, _, errors = checked(app, form_class, SWEDEN, postal_code="1143")
    assert not ok
    assert errors == {"postal_code": ["Enter a valid postal code, like 114 35."]}


@FORMS
def test_without_an_example_the_message_has_none(app, form_class):
    ok, _, errors = checked(app, form_class, UK, postal_code="12345")
    assert not ok and errors == {"postal_code": ["Enter a valid postal code."]}


@FORMS
def test_an_empty_postal_code_gets_the_required_message_only(app, form_class):
    ok, _, errors = checked(app, form_class, SWEDEN, postal_code="")
    assert not ok and errors == {"postal_code": ["Enter the postal code."]}


@FORMS
def test_the_region_is_required_only_where_the_market_has_one(app, form_class):
    ok, _, errors = checked(app, form_class, WITH_REGION)
    assert not ok and errors == {"region": ["Enter the state, province or region."]}
    ok, address, _ = checked(app, form_class, WITH_REGION, region="Ontario")
    assert ok and address["region"] == "Ontario"
    # A region sent where the market has none is not kept.
    ok, address, _ = checked(app, form_class, SWEDEN, region="Uppland")
    assert ok and address == {
        "street": "Storgatan 1",
        "postal_code": "114 35",
        "city": "Stockholm",
        "region": None,
    }
