"""\"Download my data\" (issue #14, item 4): asked for once, built by the job, announced by
e-mail, downloadable by its owner only for seven days, then deleted; every declared table is in
it, with every row of the customer and nothing of anyone else, and no secret."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from porsche_web import clock
from porsche_web.accounts.models import Account
from porsche_web.extensions import db
from porsche_web.hooks import current_hooks
from porsche_web.privacy import export
from porsche_web.privacy.models import READY, DataExport
from porsche_web.testing.actions import ActivationActions
from porsche_web.testing.actions.activation import DELIVERED, PASSWORD
from porsche_web.testing.helpers import outbox, post_form
from porsche_web.vehicles import services as vehicle_services
from porsche_web.vehicles.models import Vehicle

PRIVACY = "/se/sv/account/privacy"
VIN = "WP0ZZZY1ZTS000477"


@pytest.fixture
def customer(app, activation, vehicles):
    """Astrid: an activated Taycan, linked to her Porsche ID, one remote command sent."""
    with app.app_context():
        vehicle_services.provision(VIN, "taycan", 2026, "se")
        db.session.commit()
    activation.activate(vin=VIN, delivery=DELIVERED)
    vehicles.link_car()
    with app.app_context():
        car = db.session.execute(select(Vehicle.id).where(Vehicle.vin == VIN)).scalar_one()
    page = f"/se/sv/account/vehicles/{car}"
    assert (
        post_form(activation.client, f"{page}/commands", {"kind": "lock"}, page=page).status_code
        == 303
    )
    return activation


@pytest.fixture
def other(app):
    """Bertil: another customer with an activation of his own."""
    client = app.test_client()
    actions = ActivationActions(app, client)
    token = actions.make_order("SE-300400", email="bertil@example.com", given_name="Bertil")
    actions.use_link(token)
    actions.walk_to_check("SE-300400", email="bertil@example.com", given_name="Bertil")
    assert actions.answer("SE-300400", "check", {}).status_code == 303
    return client


def account_id(app, email: str) -> int:
    with app.app_context():
        return db.session.execute(select(Account.id).where(Account.email == email)).scalar_one()


def build(app) -> int:
    with app.app_context():
        return export.build_due()


def archive(response) -> dict[str, object]:
    files = zipfile.ZipFile(io.BytesIO(response.data))
    return {
        name: (files.read(name).decode() if name.endswith(".txt") else json.loads(files.read(name)))
        for name in files.namelist()
    }


def download_url(client) -> str:
    html = client.get(PRIVACY).get_data(as_text=True)
    start = html.index(f"{PRIVACY}/export/")
    return html[start : html.index('"', start)]


def test_every_declared_table_is_exported(app, customer):
    with app.app_context():
        declared = {d.table for d in current_hooks().personal_data() if d.concerns == "customers"}
        account = db.session.get(Account, account_id(app, "astrid@example.com"))
        exported = current_hooks().personal_data_export(account)
    assert set(exported) == declared


def test_the_export_holds_all_of_the_customer_and_nothing_of_another(app, client, customer, other):
    astrid, bertil = account_id(app, "astrid@example.com"), account_id(app, "bertil@example.com")
    assert post_form(client, f"{PRIVACY}/export", {}, page=PRIVACY).status_code == 303
    assert build(app) == 1
    response = client.get(download_url(client))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert "no-store" in response.headers["Cache-Control"]
    files = archive(response)
    readme = files["README.txt"]
    assert "Porsche ID: astrid@example.com" in readme
    assert readme.startswith("Dina uppgifter från My Porsche") and "Filerna:" in readme  # sv
    assert all(f"- {name}:" in readme for name in files if name.endswith(".json"))
    data = {name[:-5]: rows for name, rows in files.items() if name.endswith(".json")}
    assert data["accounts"][0]["phone_e164"] == "+46701740606"  # the full number
    assert [r["vin"] for r in data["vehicles"]] == [VIN]
    assert data["orders"] and data["activations"] and data["contracts"] and data["consents"]
    assert data["vehicle_links"] and data["web_sessions"] and data["audit_events"]
    for table, rows in data.items():
        for row in rows:
            if "account_id" in row:
                assert row["account_id"] == astrid, (table, row)
    text = json.dumps(data)
    assert "bertil" not in text.lower() and "SE-300400" not in text
    assert [row["id"] for row in data["accounts"]] == [astrid] != [bertil]
    assert "_hash" not in text  # no secret, not even hashed
    assert data["remote_commands"] and data["billing_addresses"]
    with app.app_context():  # every row of hers in every table tied to the Porsche ID
        counts = {}
        for name in data:
            table = db.metadata.tables[name]
            if "account_id" in table.c:
                query = select(func.count()).select_from(table).where(table.c.account_id == astrid)
                counts[name] = db.session.execute(query).scalar_one()
    assert {"contracts", "consents", "activations", "remote_commands", "web_sessions"} <= {
        name for name, count in counts.items() if count
    }
    for table, count in counts.items():
        assert len(data[table]) == count, table


def test_asking_twice_builds_one_archive_and_the_owner_is_told(app, client, customer):
    for _ in range(2):
        assert post_form(client, f"{PRIVACY}/export", {}, page=PRIVACY).status_code == 303
    with app.app_context():
        assert db.session.execute(select(func.count(DataExport.id))).scalar_one() == 1
    html = client.get(PRIVACY).get_data(as_text=True)
    assert "Vi sätter ihop dina uppgifter" in html
    mails = len(outbox(app, "email"))
    assert build(app) == 1 and build(app) == 0
    mail = outbox(app, "email")[mails]
    assert mail.to_address == "astrid@example.com"
    assert "ladda ner" in mail.subject.lower() and f"{PRIVACY}" in mail.text_body


def test_only_the_owner_downloads_and_only_for_seven_days(app, client, customer, other):
    post_form(client, f"{PRIVACY}/export", {}, page=PRIVACY)
    build(app)
    url = download_url(client)
    assert other.get(url).status_code == 404  # another customer: as if it did not exist
    anonymous = app.test_client()
    assert anonymous.get(url).status_code in (302, 303)
    export_id = int(url.rsplit("/", 1)[1])
    with time_machine.travel(clock.now() + timedelta(days=7, minutes=1)):
        with app.app_context():  # (the session itself has expired by then)
            account = db.session.get(Account, account_id(app, "astrid@example.com"))
            assert export.own_export(account, export_id) is None
        login = {"email": "astrid@example.com", "password": PASSWORD}
        assert post_form(client, "/se/sv/account/login", login).status_code == 303
        assert client.get(url).status_code == 404  # signed in again: the link is over
        build(app)  # the job deletes what is over
        with app.app_context():
            assert db.session.execute(select(func.count(DataExport.id))).scalar_one() == 0


def test_a_deleted_porsche_id_takes_its_exports_along(app, client, customer):
    post_form(client, f"{PRIVACY}/export", {}, page=PRIVACY)
    build(app)
    with app.app_context():
        account = db.session.get(Account, account_id(app, "astrid@example.com"))
        current_hooks().account_deleted(account)
        assert db.session.execute(select(func.count(DataExport.id))).scalar_one() == 0
        db.session.rollback()


def test_the_command_builds_and_reports(app, client, customer, runner):
    post_form(client, f"{PRIVACY}/export", {}, page=PRIVACY)
    result = runner.invoke(args=["privacy", "exports"])
    assert result.exit_code == 0 and "1 data export(s) built" in result.output
    with app.app_context():
        assert db.session.execute(select(DataExport.status)).scalar_one() == READY


def test_the_audit_events_about_her_orders_and_cars_are_exported_not_others(app, customer, other):
    """Issue #14: "audit events about them": what staff, the dealer or the system did with her
    order and her car (since she linked it), not only what she did; nothing of another
    customer, nothing of the car's former owner."""
    from porsche_web.audit import services as audit
    from porsche_web.audit.models import AuditEvent

    astrid, bertil = account_id(app, "astrid@example.com"), account_id(app, "bertil@example.com")
    with app.app_context():
        first = db.session.execute(
            select(func.min(AuditEvent.at)).where(AuditEvent.subject == f"vehicle:{VIN}")
        ).scalar_one()
        audit.record("staff:7", "order:SE-200300", "staff.viewed_order")
        audit.record("system", f"vehicle:{VIN}", "vehicle.token_rotated")
        audit.record(f"account:{bertil}", "order:SE-200300", "activation.started")  # his, not hers
        audit.record("staff:7", "order:SE-300400", "staff.viewed_order")  # Bertil's order
        db.session.commit()
        account = db.session.get(Account, astrid)
        events = current_hooks().personal_data_export(account)["audit_events"]
    found = {(e["actor"], e["subject"], e["action"]) for e in events}
    assert ("staff:7", "order:SE-200300", "staff.viewed_order") in found
    assert ("system", f"vehicle:{VIN}", "vehicle.token_rotated") in found
    assert all(
        e["actor"] != f"account:{bertil}" and "SE-300400" not in e["subject"] for e in events
    )
    provisioned = [e for e in events if e["action"] == "vehicle.provisioned"]
    assert first is not None and provisioned == []  # before she linked the car: not hers


def test_the_readme_is_in_the_language_she_asked_in(app, client, customer):
    english = "/se/en/account/privacy"
    assert post_form(client, f"{english}/export", {}, page=english).status_code == 303
    build(app)
    html = client.get(english).get_data(as_text=True)
    start = html.index(f"{english}/export/")
    readme = archive(client.get(html[start : html.index('"', start)]))["README.txt"]
    assert readme.startswith("Your data from My Porsche") and "The files:" in readme
