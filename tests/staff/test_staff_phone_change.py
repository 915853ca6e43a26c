"""A new mobile number entered by staff (issue #12, item 3): pending until the customer enters
the code sent to it at their next sign-in (or from the e-mail's link); the old number stays in
use meanwhile and is told by SMS; the Porsche ID's rules for codes apply."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from porsche_web.accounts.models import Account
from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.testing.actions.activation import PASSWORD
from porsche_web.testing.helpers import outbox, post_form

OLD = "+46701740606"
NEW = "+46709876543"
PAGE = "/staff/orders/SE-200300"
URL = "/staff/orders/SE-200300/phone"
SV = "/se/sv/account"


def change(client, phone="070-987 65 43", reason="The customer called from the new phone"):
    return post_form(client, URL, {"phone-phone": phone, "phone-reason": reason}, page=PAGE)


def account(app) -> Account:
    with app.app_context():
        found = db.session.execute(
            select(Account).where(Account.email == "astrid@example.com")
        ).scalar_one()
        db.session.expunge(found)
        return found


def sms_to(app, number):
    return [m for m in outbox(app, "sms") if m.to_address == number]


def codes_to(app, number):
    return [m.text_body[:6] for m in sms_to(app, number) if re.match(r"\d{6} ", m.text_body)]


def sign_in_again(client):
    post_form(client, f"{SV}/logout", {}, page=f"{SV}/")
    return post_form(client, f"{SV}/login", {"email": "astrid@example.com", "password": PASSWORD})


def test_the_new_number_waits_and_the_old_one_stays_in_use(app, astrid, agent):
    mails_before = len(outbox(app, "email"))
    assert change(agent).status_code == 303
    assert change(agent).status_code == 303  # submitted twice: told once
    found = account(app)
    assert found.phone_e164 == OLD and found.phone_verified_at is not None
    assert found.pending_phone_e164 == NEW
    mails = outbox(app, "email")[mails_before:]
    assert [m.to_address for m in mails] == ["astrid@example.com"]
    assert "/se/sv/account/phone/new" in mails[0].text_body
    assert "6543" in mails[0].text_body and NEW not in mails[0].text_body
    assert mails[0].language == "sv"
    assert len(sms_to(app, OLD)) == 2  # the activation's code, then the notice
    assert sms_to(app, NEW) == []  # no code before the customer signs in
    html = agent.get(PAGE).get_data(as_text=True)
    assert "•••• 6543" in html and NEW not in html
    with app.app_context():
        events = list(
            db.session.execute(
                select(AuditEvent).where(AuditEvent.action == "staff.phone_change_requested")
            ).scalars()
        )
    assert len(events) == 1 and events[0].details["reason"].startswith("The customer called")


def test_the_next_sign_in_asks_for_the_new_numbers_code(app, astrid, agent, a_minute_later):
    change(agent)
    client = astrid.client
    response = sign_in_again(client)
    assert response.headers["Location"].endswith("/se/sv/account/phone/new")
    [code] = codes_to(app, NEW)
    html = client.get(f"{SV}/phone/new").get_data(as_text=True)
    assert "6543" in html and "98 76 543" not in html and NEW not in html
    # The wait between codes applies.
    resend = post_form(client, f"{SV}/phone/new/code", {}, page=f"{SV}/phone/new")
    assert resend.status_code == 422 and "sekunder" in resend.get_data(as_text=True)
    wrong = "000000" if code != "000000" else "111111"
    assert post_form(client, f"{SV}/phone/new", {"code": wrong}).status_code == 422
    assert account(app).phone_e164 == OLD  # still the old number
    assert post_form(client, f"{SV}/phone/new", {"code": code}).status_code == 303
    found = account(app)
    assert found.phone_e164 == NEW and found.pending_phone_e164 is None
    assert found.phone_verified_at is not None
    # The old number: the activation's code, the notice of the change, the notice it is done.
    assert len(sms_to(app, OLD)) == 3 and not re.match(r"\d{6} ", sms_to(app, OLD)[-1].text_body)
    assert client.get(f"{SV}/phone/new").status_code == 303  # nothing pending any more


def test_the_code_expires_and_a_new_one_can_be_asked_for(app, astrid, agent, a_minute_later):
    change(agent)
    client = astrid.client
    sign_in_again(client)
    [old_code] = codes_to(app, NEW)
    a_minute_later.shift(timedelta(minutes=10))
    assert post_form(client, f"{SV}/phone/new", {"code": old_code}).status_code == 422
    resend = post_form(client, f"{SV}/phone/new/code", {}, page=f"{SV}/phone/new")
    assert resend.status_code == 303
    assert len(codes_to(app, NEW)) == 2
    new_code = codes_to(app, NEW)[-1]
    assert post_form(client, f"{SV}/phone/new", {"code": new_code}).status_code == 303
    assert account(app).phone_e164 == NEW


def test_five_wrong_codes_void_the_code(app, astrid, agent, a_minute_later):
    change(agent)
    client = astrid.client
    sign_in_again(client)
    [code] = codes_to(app, NEW)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        post_form(client, f"{SV}/phone/new", {"code": wrong})
    assert post_form(client, f"{SV}/phone/new", {"code": code}).status_code == 422
    assert account(app).pending_phone_e164 == NEW and account(app).phone_e164 == OLD


def test_the_email_link_leads_to_the_code_after_signing_in(app, astrid, agent):
    change(agent)
    fresh = app.test_client()
    response = fresh.get(f"{SV}/phone/new")
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]


def test_bad_numbers_and_missing_reasons_are_refused(app, astrid, agent):
    for phone, reason in (("", "why"), ("12", "why"), ("08-123 456 78", "why"), (NEW, "")):
        response = change(agent, phone, reason)
        assert response.status_code == 422, (phone, reason)
        assert "error-summary" in response.get_data(as_text=True)
    assert account(app).pending_phone_e164 is None


def test_another_centre_cannot_change_the_number(app, astrid, member):
    malmo = member("malmo@centre.example", "centre", ["se"], ["se-malmo"])
    assert change(malmo).status_code == 404
    germany = member("de@porsche.example", "service", ["de"])
    assert change(germany).status_code == 404
    assert account(app).pending_phone_e164 is None
