"""Guided activation actions: a dealer's order and its invitation, the customer's steps."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts import services as accounts
from porsche_web.accounts.models import Account
from porsche_web.extensions import db
from porsche_web.orders import invitations, services
from porsche_web.testing.helpers import csrf_token, outbox, post_form

LINK = re.compile(r"http://[^\s]+/activate/([A-Za-z0-9_-]{43})")
SMS_CODE = re.compile(r"\b(\d{6})\b")
PASSWORD = "a long and good password"
DELIVERY = clock.now().date() + timedelta(days=10)
#: A delivery date for a car that is already here (its contracts start when it is activated):
#: give it as ``delivery`` to :func:`make_order` or :func:`activate` for a car to be used now.
DELIVERED = clock.now().date() - timedelta(days=1)
#: The order :func:`make_order` takes unless told otherwise (its customer: astrid@example.com).
NUMBER = "SE-200300"
#: The security code :func:`walk_to_check` sets.
SECURITY_CODE = "4711"


def make_order(
    app,
    number="SE-200300",
    model="taycan",
    year=2026,
    market="se",
    vin=None,
    delivery=None,
    **customer,
):
    raw = {
        "order_number": number,
        "market": market,
        "partner_id": "se-goteborg" if market == "se" else "de-stuttgart",
        "customer": {
            "given_name": "Astrid",
            "family_name": "Exempel",
            "email": "astrid@example.com",
            "phone": "+46701740606" if market == "se" else "+4915112345678",
            "language": "sv" if market == "se" else "de",
            **customer,
        },
        "vehicle": {
            "model": model,
            "model_year": year,
            "commission_number": "SE12345",
            **({"vin": vin} if vin else {}),
        },
        "planned_delivery": (delivery or DELIVERY).isoformat(),
    }
    with app.test_request_context():
        order, _ = services.save_order(services.validate_order(raw))
        invitations.send_invitation(order)
        db.session.commit()
    email = outbox(app, "email")[-1]
    return LINK.findall(email.text_body)[-1]


def use_link(client, token, site="/se/sv"):
    url = f"{site}/activate/{token}"
    response = post_form(client, url, {})
    assert response.status_code == 303, response.status_code
    return response


def step_url(number, step, site="/se/sv"):
    return f"{site}/activate/orders/{number}/{step}"


def add_account(app, email: str, security_code: str | None = None) -> int:
    """A verified Porsche ID with ``PASSWORD`` and optionally a security code."""
    with app.app_context():
        account = Account(
            email=email,
            email_verified_at=clock.now(),
            given_name="Astrid",
            family_name="Exempel",
            country="se",
            market="se",
            language="sv",
            phone_e164="+46701740606",
            phone_verified_at=clock.now(),
            password_hash=hashing.hash_secret(PASSWORD),
        )
        db.session.add(account)
        db.session.flush()
        if security_code:
            accounts.set_security_code(account, security_code)
        db.session.commit()
        return account.id


def register(client, number="SE-200300", site="/se/sv", **changes):
    url = step_url(number, "porsche-id", site)
    data = {
        "given_name": "Astrid",
        "family_name": "Exempel",
        "email": "astrid@example.com",
        "phone": "070-174 06 06" if site.startswith("/se") else "01511 2345678",
        "country": site[1:3],
        "language": site[4:6],
        "password": PASSWORD,
        **changes,
    }
    return post_form(client, url, data)


def verify_phone(app, client, number="SE-200300", site="/se/sv", read_sms=None):
    """Asks for the SMS code and types it in. ``read_sms`` returns the text of the code's SMS
    (default: the newest SMS in the outbox)."""
    url = step_url(number, "phone", site)
    token = csrf_token(client, url)
    response = client.post(url, data={"resend-csrf_token": token})
    assert response.status_code == 303, response.status_code
    text = read_sms() if read_sms else outbox(app, "sms")[-1].text_body
    code = SMS_CODE.search(text).group(1)
    return post_form(client, url, {"code": code})


def answer(client, number, step, data, site="/se/sv", page=None):
    return post_form(client, step_url(number, step, site), data, page=page)


def address(client, number, data, site="/se/sv", address_id=None):
    url = f"{site}/activate/orders/{number}/invoice/address"
    if address_id:
        url += f"/{address_id}"
    base = {"kind": "private", "name": "Astrid Exempel", "street": "Storgatan 1"}
    base.update({"postal_code": "114 35", "city": "Stockholm"})
    return post_form(client, url, {**base, **data})


def confirm_recipient(client, number="SE-200300", site="/se/sv"):
    """The invoice recipient step (F8): continue with the recipient it shows chosen."""
    html = client.get(step_url(number, "invoice", site)).get_data(as_text=True)
    radios = re.findall(r'<input[^>]*name="address"[^>]*>', html)
    chosen = next((re.search(r'value="(\d+)"', r) for r in radios if " checked" in r), None)
    assert chosen, "no invoice recipient chosen"
    return answer(client, number, "invoice", {"address": chosen.group(1)}, site)


def walk_to_check(
    app,
    client,
    number="SE-200300",
    read_sms=None,
    partner="se-malmo",
    charging="pcs_plus",
    **customer,
):
    """A Taycan customer answers every step up to check-your-answers (``customer``: changes to
    the Porsche ID step's answers; ``read_sms``: see :func:`verify_phone`; ``charging``: the
    plan, or ``"none"`` for no Charging Service now)."""
    assert register(client, number, **customer).headers["Location"].endswith("/phone")
    response = verify_phone(app, client, number, read_sms=read_sms)
    assert response.headers["Location"].endswith("/security-code")
    code = {"code": SECURITY_CODE, "repeat": SECURITY_CODE}
    response = answer(client, number, "security-code", code)
    assert response.headers["Location"].endswith("/services")
    response = answer(client, number, "services", {"services": ["nc_destsync_v1", "rlu_v1"]})
    assert response.headers["Location"].endswith("/data-pass")
    provider = "Exempel Mobil AB"
    response = answer(client, number, "data-pass", {"choice": provider, "consent": "y"})
    assert response.headers["Location"].endswith("/charging")
    response = answer(client, number, "charging", {"plan": charging})
    assert response.headers["Location"].endswith("/partner")
    response = answer(client, number, "partner", {"partner": partner, "consent": "y"})
    assert response.headers["Location"].endswith("/invoice")
    assert client.get(step_url(number, "invoice")).headers["Location"].endswith("/invoice/address")
    response = address(client, number, {})
    assert response.headers["Location"].endswith("/invoice")  # the recipient review (F8)
    response = confirm_recipient(client, number)
    assert response.headers["Location"].endswith("/check")


def activate(app, client, vin=None, number="SE-200300", charging="pcs_plus", delivery=None):
    """A Taycan (``vin`` if given) with Navigation Plus and Remote Lock and Unlock, ordered,
    walked through every step and confirmed by its customer on check-your-answers
    (``charging``: see :func:`walk_to_check`; ``delivery``: the planned delivery, by default
    :data:`DELIVERY` in ten days, :data:`DELIVERED` for a car already here whose services
    run from today)."""
    use_link(client, make_order(app, number, vin=vin, delivery=delivery))
    walk_to_check(app, client, number, charging=charging)
    return answer(client, number, "check", {})


class ActivationActions:
    """The actions above for one app and one browser (the ``activation`` fixture)::

    def test_the_customer_reaches_check_your_answers(activation):
        activation.use_link(activation.make_order())
        activation.walk_to_check()
        assert activation.answer("SE-200300", "check", {}).status_code == 303
    """

    PASSWORD = PASSWORD

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.app = app
        self.client = client

    def make_order(
        self, number=NUMBER, model="taycan", year=2026, market="se", vin=None, delivery=None, **c
    ):
        """Takes the order through the service and sends its invitation; returns the link's
        token."""
        return make_order(self.app, number, model, year, market, vin, delivery, **c)

    def use_link(self, token, site="/se/sv"):
        return use_link(self.client, token, site)

    def register(self, number=NUMBER, site="/se/sv", **changes):
        return register(self.client, number, site, **changes)

    def verify_phone(self, number=NUMBER, site="/se/sv"):
        return verify_phone(self.app, self.client, number, site)

    def answer(self, number, step, data, site="/se/sv", page=None):
        return answer(self.client, number, step, data, site, page)

    def address(self, number, data, site="/se/sv", address_id=None):
        return address(self.client, number, data, site, address_id)

    def walk_to_check(self, number=NUMBER, partner="se-malmo", charging="pcs_plus", **customer):
        return walk_to_check(
            self.app, self.client, number, partner=partner, charging=charging, **customer
        )

    def activate(self, vin=None, number=NUMBER, charging="pcs_plus", delivery=None):
        return activate(self.app, self.client, vin, number, charging, delivery)

    def add_account(self, email: str, security_code: str | None = None) -> int:
        return add_account(self.app, email, security_code)

    step_url = staticmethod(step_url)
