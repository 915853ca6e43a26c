"""A forgotten security code (issue #12, item 3): staff send the self-service reset, never see
or set a code; the customer chooses a new one in My Porsche after a fresh password and an SMS
code, then follows the steps in the car."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from porsche_web.accounts import services as accounts
from porsche_web.accounts.models import Account
from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.testing.actions.activation import PASSWORD, SECURITY_CODE
from porsche_web.testing.helpers import outbox, post_form

PAGE = "/staff/orders/SE-200300"
URL = "/staff/orders/SE-200300/security-code-help"
SV = "/se/sv/account"
FORGOTTEN = f"{SV}/security-code/forgotten"


def code_works(app, code) -> bool:
    with app.test_request_context():
        found = db.session.execute(
            select(Account).where(Account.email == "astrid@example.com")
        ).scalar_one()
        return accounts.verify_security_code(found, code)


def test_staff_send_the_instructions_once_with_a_reason(app, astrid, agent):
    assert post_form(agent, URL, {"code-reason": ""}, page=PAGE).status_code == 422
    before = len(outbox(app, "email"))
    data = {"code-reason": "Customer forgot the code"}
    assert post_form(agent, URL, data, page=PAGE).status_code == 303
    assert post_form(agent, URL, data, page=PAGE).status_code == 303  # twice: one e-mail
    [mail] = outbox(app, "email")[before:]
    assert mail.to_address == "astrid@example.com" and mail.language == "sv"
    assert "/se/sv/account/security-code/forgotten" in mail.text_body
    assert "PCM" in mail.text_body  # a Taycan 2026 needs the factory reset (DOMAIN 1.6)
    assert SECURITY_CODE not in mail.text_body
    assert code_works(app, SECURITY_CODE)  # nothing changed by staff
    with app.app_context():
        events = list(
            db.session.execute(
                select(AuditEvent).where(AuditEvent.action == "staff.security_code_help_sent")
            ).scalars()
        )
    assert len(events) == 1 and events[0].details["reason"] == "Customer forgot the code"


def test_the_customer_sets_a_new_code_after_password_and_sms(app, astrid, a_minute_later):
    client = astrid.client
    post_form(client, f"{SV}/logout", {}, page=f"{SV}/")
    post_form(client, f"{SV}/login", {"email": "astrid@example.com", "password": PASSWORD})
    a_minute_later.shift(timedelta(minutes=6))  # the login is no longer a fresh password
    response = client.get(FORGOTTEN)
    assert response.status_code in (302, 303) and "confirm-password" in response.headers["Location"]
    post_form(client, f"{SV}/confirm-password", {"password": PASSWORD})
    html = client.get(FORGOTTEN).get_data(as_text=True)
    assert "0606" in html and "701740606" not in html
    assert post_form(client, f"{FORGOTTEN}/code", {}, page=FORGOTTEN).status_code == 303
    sms = [m for m in outbox(app, "sms") if re.match(r"\d{6} ", m.text_body)]
    code = sms[-1].text_body[:6]
    wrong = "000000" if code != "000000" else "111111"
    data = {"sms_code": wrong, "code": "8251", "repeat": "8251"}
    response = post_form(client, FORGOTTEN, data)
    assert response.status_code == 422 and "8251" not in response.get_data(as_text=True)
    assert code_works(app, SECURITY_CODE)
    data["sms_code"] = code
    assert post_form(client, FORGOTTEN, data).status_code == 303
    assert code_works(app, "8251") and not code_works(app, SECURITY_CODE)


def test_outside_the_scope_nothing_is_sent(app, astrid, member):
    malmo = member("malmo@centre.example", "centre", ["se"], ["se-malmo"])
    before = len(outbox(app, "email"))
    assert post_form(malmo, URL, {"code-reason": "x"}, page="/staff/").status_code == 404
    assert len(outbox(app, "email")) == before
