"""Clearing a customer's sign-in block (issue #12, item 3): wrong passwords make signing in
wait (the Porsche ID is never locked); staff see it on the order's page and may clear it, with
a reason, audited, the customer told once."""

from __future__ import annotations

from sqlalchemy import select

from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.testing.actions.activation import PASSWORD
from porsche_web.testing.helpers import outbox, post_form

PAGE = "/staff/orders/SE-200300"
URL = "/staff/orders/SE-200300/sign-in-block"
LOGIN = "/se/sv/account/login"


def wrong_passwords(app, count=6):
    client = app.test_client()
    for _ in range(count):
        response = post_form(
            client, LOGIN, {"email": "astrid@example.com", "password": "not the password"}
        )
    return client, response


def test_staff_see_the_block_and_clear_it_once(app, astrid, agent):
    assert "not blocked" in agent.get(PAGE).get_data(as_text=True)
    assert "Clear the block" not in agent.get(PAGE).get_data(as_text=True)
    client, last = wrong_passwords(app)
    assert last.status_code == 429
    html = agent.get(PAGE).get_data(as_text=True)
    assert "blocked by wrong passwords until" in html and "Clear the block" in html
    assert post_form(agent, URL, {"block-reason": ""}, page=PAGE).status_code == 422
    mails = len(outbox(app, "email"))
    data = {"block-reason": "Identified by phone"}
    assert post_form(agent, URL, data, page=PAGE).status_code == 303
    assert post_form(agent, URL, data, page=PAGE).status_code == 303  # twice: nothing more
    new_mails = outbox(app, "email")[mails:]
    assert [m.to_address for m in new_mails] == ["astrid@example.com"]
    assert "not blocked" in agent.get(PAGE).get_data(as_text=True)
    # The customer signs in at once from the place that was waiting.
    response = post_form(client, LOGIN, {"email": "astrid@example.com", "password": PASSWORD})
    assert response.status_code in (302, 303)
    with app.app_context():
        events = list(
            db.session.execute(
                select(AuditEvent).where(AuditEvent.action == "staff.sign_in_block_cleared")
            ).scalars()
        )
    assert len(events) == 1 and events[0].details["reason"] == "Identified by phone"


def test_outside_the_scope_it_is_not_found(app, astrid, member):
    wrong_passwords(app)
    malmo = member("malmo@centre.example", "centre", ["se"], ["se-malmo"])
    assert post_form(malmo, URL, {"block-reason": "x"}, page="/staff/").status_code == 404
    admin = member("admin@porsche.example", "admin")
    assert post_form(admin, URL, {"block-reason": "x"}, page="/staff/people").status_code == 404
