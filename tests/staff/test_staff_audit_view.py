"""The audit view (issue #12, item 5): the trail of an order's customer and of a staff member,
filterable by date range and kind, exportable as CSV safe against formula injection, scoped
like the search."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from porsche_web import clock
from porsche_web.audit import services as audit
from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.staff.audit_trail import safe_cell
from porsche_web.staff.models import StaffMember
from porsche_web.testing.helpers import post_form

TRAIL = "/staff/orders/SE-200300/audit"


def staff_id(app, email):
    with app.app_context():
        return db.session.execute(
            select(StaffMember.id).where(StaffMember.email == email)
        ).scalar_one()


def test_customer_service_sees_the_customers_trail_and_filters_it(app, astrid, agent):
    post_form(agent, "/staff/orders/SE-200300", {})  # a reveal, audited
    html = agent.get(TRAIL).get_data(as_text=True)
    assert "staff.phone_revealed" in html and "phone.verified" in html
    html = agent.get(TRAIL + "?kind=phone").get_data(as_text=True)
    assert "phone.verified" in html and "staff.phone_revealed" not in html
    tomorrow = (clock.now() + timedelta(days=1)).date().isoformat()
    html = agent.get(f"{TRAIL}?start={tomorrow}").get_data(as_text=True)
    assert "phone.verified" not in html and "No events match." in html
    today = clock.now().date().isoformat()
    assert "phone.verified" in agent.get(f"{TRAIL}?start={today}&end={today}").get_data(
        as_text=True
    )


def test_bad_filters_get_a_message_not_a_500(app, astrid, agent):
    for query in (
        "start=yesterday",
        "start=2026-13-40",
        "start=2026-11-29&end=2026-11-01",
        "kind=%3Cscript%3E",
        "kind=" + "x" * 100,
    ):
        response = agent.get(f"{TRAIL}?{query}")
        assert response.status_code == 422, query
        assert "error-summary" in response.get_data(as_text=True)
    assert agent.get(f"{TRAIL}?start=yesterday&format=csv").status_code == 422


def test_the_csv_export_neutralises_formulas(app, astrid, agent):
    with app.app_context():
        account_id = db.session.execute(
            select(AuditEvent.subject).where(AuditEvent.action == "phone.verified")
        ).scalar_one()
        audit.record(account_id, account_id, "test.formula", details={"x": 1})
        audit.record("=cmd|' /C calc'!A0", account_id, "test.formula")
        db.session.commit()
    response = agent.get(TRAIL + "?format=csv&kind=test")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["time_utc", "actor", "subject", "action", "details"]
    assert len(rows) == 3
    assert rows[1][1] == "'=cmd|' /C calc'!A0"
    for value in ("=1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(value).startswith("'")
    assert safe_cell("plain") == "plain" and safe_cell(None) == ""
    with app.app_context():
        actions = set(db.session.execute(select(AuditEvent.action)).scalars())
    assert "staff.audit_exported" in actions


def test_scope_other_markets_and_centres_see_no_customer_trail(app, astrid, member):
    germany = member("de@porsche.example", "service", ["de"])
    centre = member("gbg@centre.example", "centre", ["se"], ["se-goteborg"])
    for client in (germany, centre):
        assert client.get(TRAIL).status_code == 404
        assert client.get(TRAIL + "?format=csv").status_code == 404


def test_administrators_open_a_customers_trail_by_its_order_number(app, astrid, member):
    admin = member("admin@porsche.example", "admin")
    home = admin.get("/staff/").get_data(as_text=True)
    assert 'action="/staff/audit"' in home
    response = admin.get("/staff/audit?number=se-200300")
    assert response.status_code == 303 and response.headers["Location"].endswith(TRAIL)
    html = admin.get(TRAIL).get_data(as_text=True)
    assert "phone.verified" in html and 'href="/staff/"' in html  # back to the start page
    assert admin.get(TRAIL + "?format=csv").status_code == 200
    assert admin.get("/staff/orders/SE-999999/audit").status_code == 404
    for bad in ("", "x", "<script>", "A" * 60):
        response = admin.get("/staff/audit", query_string={"number": bad})
        assert response.status_code == 422, bad
        assert "error-summary" in response.get_data(as_text=True)
    # The trail only: no search, no order page, no action.
    assert admin.get("/staff/orders/SE-200300").status_code == 404
    with app.app_context():
        exported = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "staff.audit_exported")
        ).scalar_one()
    assert exported.actor == f"staff:{staff_id(app, 'admin@porsche.example')}"
    agent = member("agent@porsche.example", "service", ["se"])
    assert agent.get("/staff/audit?number=SE-200300").status_code == 404  # administrators' form


def test_staff_trails_for_administrators_and_customer_service_of_the_markets(app, astrid, member):
    agent = member("agent@porsche.example", "service", ["se"])
    admin = member("admin@porsche.example", "admin")
    member("de@porsche.example", "service", ["de"])
    agent.get("/staff/orders/SE-200300")
    own = staff_id(app, "agent@porsche.example")
    html = admin.get(f"/staff/people/{own}/audit").get_data(as_text=True)
    assert "staff.viewed_order" in html and "staff.signed_in" in html
    assert f"/staff/people/{own}/audit" in admin.get("/staff/people").get_data(as_text=True)
    german = staff_id(app, "de@porsche.example")
    assert agent.get(f"/staff/people/{german}/audit").status_code == 404
    assert (
        agent.get(f"/staff/people/{staff_id(app, 'admin@porsche.example')}/audit").status_code
        == 404
    )
    assert agent.get(f"/staff/people/{own}/audit").status_code == 200
    assert admin.get("/staff/people/999999/audit").status_code == 404
    centre = member("gbg@centre.example", "centre", ["se"], ["se-goteborg"])
    assert centre.get(f"/staff/people/{own}/audit").status_code == 404
