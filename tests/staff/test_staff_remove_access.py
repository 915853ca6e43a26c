"""Administrators manage staff (issue #12, item 1): besides inviting, they remove the access of
someone who left — with a reason, audited, at once (their sessions end), once."""

from __future__ import annotations

from sqlalchemy import select

from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.staff.models import StaffMember
from porsche_web.testing.helpers import post_form

STAFF_PASSWORD = "a staff password that is long"  # tests/staff/conftest.py's members
PEOPLE = "/staff/people"


def staff_id(app, email: str) -> int:
    with app.app_context():
        return db.session.execute(
            select(StaffMember.id).where(StaffMember.email == email)
        ).scalar_one()


def test_an_administrator_removes_a_members_access_once(app, member):
    admin = member("admin@porsche.example", "admin")
    leaver = member("leaver@porsche.example", "service", ["se"])
    assert leaver.get("/staff/").status_code == 200
    url = f"/staff/people/{staff_id(app, 'leaver@porsche.example')}/remove"
    response = post_form(admin, url, {"remove-reason": ""}, page=PEOPLE)
    assert response.status_code == 422 and "error-message" in response.get_data(as_text=True)
    data = {"remove-reason": "Left the company"}
    assert post_form(admin, url, data, page=PEOPLE).status_code == 303
    assert post_form(admin, url, data, page=PEOPLE).status_code == 303  # twice: once
    assert leaver.get("/staff/").status_code == 303  # the session has ended at once
    assert "access removed" in admin.get(PEOPLE).get_data(as_text=True)
    again = app.test_client()
    post_form(
        again, "/staff/login", {"email": "leaver@porsche.example", "password": STAFF_PASSWORD}
    )
    assert again.get("/staff/login/code").status_code == 303  # the password leads nowhere
    with app.app_context():
        events = list(
            db.session.execute(
                select(AuditEvent).where(AuditEvent.action == "staff.access_removed")
            ).scalars()
        )
    assert len(events) == 1 and events[0].details == {"reason": "Left the company"}


def test_only_administrators_remove_and_never_their_own(app, member):
    admin = member("admin@porsche.example", "admin")
    agent = member("agent@porsche.example", "service", ["se"])
    data = {"remove-reason": "x"}
    own = f"/staff/people/{staff_id(app, 'admin@porsche.example')}/remove"
    assert post_form(admin, own, data, page=PEOPLE).status_code == 404
    assert post_form(admin, "/staff/people/999999/remove", data, page=PEOPLE).status_code == 404
    assert post_form(agent, own, data, page="/staff/").status_code == 404
    assert admin.get("/staff/").status_code == 200
