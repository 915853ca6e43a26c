"""Find and see (issue #12, item 2): exact search by order number, VIN, e-mail address or mobile
number, always inside the member's scope (a Porsche Centre: its partner ids; customer service:
its markets; administrators: nothing); the order page with invitations, activation, Porsche ID
and consents; the phone masked unless asked for, which is audited; everything audited."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from porsche_web import clock
from porsche_web.activation.models import Consent
from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.orders.models import Invitation
from porsche_web.staff import services, totp
from porsche_web.testing.helpers import outbox, post_form

PASSWORD = "a staff password that is long"
VIN = "WP0ZZZY1ZTS000733"


def staff_client(app, email, role, markets=(), partners=()):
    """A signed-in member of ``role`` (set up directly, signed in through the pages)."""
    with app.test_request_context():
        member, token = services.create_member(
            email, "Test", role, markets=list(markets), partners=list(partners)
        )
        services.accept_invitation(token, PASSWORD)
        secret = services.start_enrolment(member)
        enrolled = services.confirm_enrolment(member, totp.code_at(secret))
        db.session.commit()
    client = app.test_client()
    post_form(client, "/staff/login", {"email": email, "password": PASSWORD})
    assert (
        post_form(client, "/staff/login/code", {"code": enrolled.recovery_codes[0]}).status_code
        == 303
    )
    return client


@pytest.fixture
def orders(app, activation):
    """Astrid's activated order at Göteborg (se), and a German order at Stuttgart."""
    activation.use_link(activation.make_order(vin=VIN))
    activation.walk_to_check()
    activation.answer("SE-200300", "check", {})
    activation.make_order("DE-500600", market="de", email="dora@example.com")


def search(client, query):
    return post_form(client, "/staff/", {"q": query})


def test_customer_service_finds_an_order_four_ways_in_its_market(app, orders):
    client = staff_client(app, "agent@porsche.example", "service", markets=["se"])
    for query in ("SE-200300", "se-200300", VIN, "astrid@example.com", "070-174 06 06"):
        html = search(client, query).get_data(as_text=True)
        assert 'href="/staff/orders/SE-200300"' in html, query
    assert "/staff/orders/DE-500600" not in search(client, "DE-500600").get_data(as_text=True)
    assert client.get("/staff/orders/DE-500600").status_code == 404  # not even by URL


def test_a_centre_sees_only_its_own_orders(app, orders):
    malmo = staff_client(app, "malmo@centre.example", "centre", ["se"], ["se-malmo"])
    goteborg = staff_client(app, "gbg@centre.example", "centre", ["se"], ["se-goteborg"])
    for query in ("SE-200300", VIN, "astrid@example.com", "070-174 06 06"):
        assert "/staff/orders/SE-200300" not in search(malmo, query).get_data(as_text=True)
        assert "/staff/orders/SE-200300" in search(goteborg, query).get_data(as_text=True)
    assert malmo.get("/staff/orders/SE-200300").status_code == 404
    assert goteborg.get("/staff/orders/SE-200300").status_code == 200
    with app.app_context():
        counts = [
            event.details["results"]
            for event in db.session.execute(
                select(AuditEvent).where(AuditEvent.action == "staff.searched")
            ).scalars()
        ]
    assert counts == [0, 1] * 4  # not even counted outside the scope


def test_administrators_see_no_customers(app, orders):
    admin = staff_client(app, "admin@porsche.example", "admin")
    assert "/staff/orders/SE-200300" not in search(admin, "SE-200300").get_data(as_text=True)
    assert admin.get("/staff/orders/SE-200300").status_code == 404


def test_the_order_page_masks_the_phone_until_asked_and_records_it(app, orders):
    client = staff_client(app, "agent@porsche.example", "service", markets=["se"])
    html = client.get("/staff/orders/SE-200300").get_data(as_text=True)
    assert "•••• 0606" in html and "+46701740606" not in html
    assert "astrid@example.com" in html and VIN in html
    # The activation step by step, confirmed, with its contracts.
    confirmed = re.search(r"<dt>Confirmed</dt><dd>([^<]*)</dd>", html).group(1)
    assert confirmed.strip() and confirmed != "not yet"
    assert "<h3>Contracts</h3>" in html
    response = post_form(client, "/staff/orders/SE-200300", {})
    assert "+46701740606" in response.get_data(as_text=True)
    assert "no-store" in response.headers["Cache-Control"]
    with app.app_context():
        actions = list(db.session.execute(select(AuditEvent.action)).scalars())
    assert "staff.viewed_order" in actions and "staff.phone_revealed" in actions


def test_bad_queries_get_a_message(app, orders):
    client = staff_client(app, "agent@porsche.example", "service", markets=["se"])
    for query in ("", "x", "a" * 300, "hello world"):
        response = search(client, query)
        assert response.status_code == 422, query
        assert "error-summary" in response.get_data(as_text=True)
    assert client.get("/staff/orders/" + "X" * 500).status_code == 404


def test_a_new_invitation_to_a_corrected_address_once_with_a_reason(app, activation):
    activation.make_order("SE-700800", email="wrong@exampel.com")
    client = staff_client(app, "agent@porsche.example", "service", markets=["se"])
    url = "/staff/orders/SE-700800/invitation"
    page = "/staff/orders/SE-700800"
    response = post_form(client, url, {"resend-email": "right@example.com"}, page=page)
    assert response.status_code == 422 and "audit log" in response.get_data(as_text=True)
    data = {"resend-email": "right@example.com", "resend-reason": "Typo at the Centre"}
    assert post_form(client, url, data, page=page).status_code == 303
    assert post_form(client, url, data, page=page).status_code == 303  # twice: one e-mail
    mails = [m for m in outbox(app, "email") if m.to_address == "right@example.com"]
    assert len(mails) == 1
    html = client.get(page).get_data(as_text=True)
    assert "replaced by a newer one" in html and "right@example.com" in html
    with app.app_context():
        event = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "staff.invitation_resent")
        ).scalar_one()
    assert event.details == {"reason": "Typo at the Centre", "email_changed": True}


def test_a_centre_cannot_resend_another_centres_invitation(app, orders):
    malmo = staff_client(app, "malmo@centre.example", "centre", ["se"], ["se-malmo"])
    data = {"resend-reason": "try"}
    response = post_form(malmo, "/staff/orders/SE-200300/invitation", data, page="/staff/")
    assert response.status_code == 404


def test_customer_service_signs_the_customer_out_everywhere(app, client, orders):
    assert client.get("/se/sv/account/").status_code == 200  # Astrid is signed in
    agent = staff_client(app, "agent@porsche.example", "service", markets=["se"])
    data = {"sessions-reason": "Lost phone"}
    url = "/staff/orders/SE-200300/sessions"
    before = len(outbox(app, "email"))
    assert post_form(agent, url, data, page="/staff/orders/SE-200300").status_code == 303
    assert post_form(agent, url, data, page="/staff/orders/SE-200300").status_code == 303
    assert client.get("/se/sv/account/").status_code == 303  # signed out
    mails = outbox(app, "email")[before:]
    assert [m.to_address for m in mails] == ["astrid@example.com"]  # twice: one e-mail
    assert mails[0].language == "sv"
    with app.app_context():
        events = list(
            db.session.execute(
                select(AuditEvent).where(AuditEvent.action == "staff.sessions_ended")
            ).scalars()
        )
    assert len(events) == 1 and events[0].details == {"reason": "Lost phone", "sessions": 1}


def test_customer_service_withdraws_a_consent_for_the_customer(app, orders):
    agent = staff_client(app, "agent@porsche.example", "service", markets=["se"])
    page = "/staff/orders/SE-200300"
    html = agent.get(page).get_data(as_text=True)
    consent_id = int(re.search(r"/consents/(\d+)/withdraw", html).group(1))
    url = f"/staff/orders/SE-200300/consents/{consent_id}/withdraw"
    assert post_form(agent, url, {}, page=page).status_code == 422  # no reason
    assert (
        post_form(agent, url, {"consent-reason": "Asked by e-mail"}, page=page).status_code == 303
    )
    assert post_form(agent, url, {"consent-reason": "Again"}, page=page).status_code == 303
    mails = [m for m in outbox(app, "email") if "återkallat" in m.subject.lower()]
    assert len(mails) == 1 and mails[0].to_address == "astrid@example.com"
    with app.app_context():
        consent = db.session.get(Consent, consent_id)
        assert consent.withdrawn_via == "customer_service"
        events = list(
            db.session.execute(
                select(AuditEvent).where(AuditEvent.action == "staff.consent_withdrawn")
            ).scalars()
        )
    assert len(events) == 1
    assert events[0].details == {"reason": "Asked by e-mail", "consent": consent_id}
    other = f"/staff/orders/SE-200300/consents/{consent_id + 999}/withdraw"
    assert post_form(agent, other, {"consent-reason": "x"}, page=page).status_code == 404


def test_the_order_page_shows_when_an_invitation_link_was_first_opened(app, activation):
    token = activation.make_order("SE-700800")
    with time_machine.travel(clock.now() + timedelta(days=20), tick=False) as traveller:
        opened = clock.now()
        agent = staff_client(app, "agent@porsche.example", "service", markets=["se"])
        assert "first opened" not in agent.get("/staff/orders/SE-700800").get_data(as_text=True)
        customer = app.test_client()
        assert customer.get(f"/se/sv/activate/{token}").status_code == 410  # expired: F22
        traveller.shift(timedelta(minutes=5))
        customer.get(f"/se/sv/activate/{token}")  # only the first opening counts
        html = agent.get("/staff/orders/SE-700800").get_data(as_text=True)
    assert re.search(r"first opened [^<–]+–\s*expired", html), html
    with app.app_context():
        [invitation] = db.session.execute(select(Invitation)).scalars()
        assert invitation.opened_at == opened
