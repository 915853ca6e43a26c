"""Deleting a Porsche ID is complete (issue #14, item 5): after deleting a customer with a full
history (activation with consents and an invoice recipient, a linked car and a remote command, a
renewed service with its invoice, the Data Pass registered, the Data Pass consent withdrawn so
that its provider's notice waits in the outbox, an acknowledged privacy policy, a data export,
sessions, e-mails and SMS), a walk over every table finds none of their personal data and no row
tied to their Porsche ID, with documented exceptions only:

- the dealer's order and its invitation log (they belong to the dealer system; the order can be
  activated again);
- the audit log, which keeps its events under the Porsche ID's number only ("account:N"), without
  name or contact details;
- the goodbye e-mail until it is delivered (then the outbox redacts and later purges it), and the
  notice to the Data Pass provider that the consent was withdrawn (the recipient needs it to stop
  using the data; it names the order and the customer, as it did before the deletion);
- the car (``vehicles``) and its audit events, which name the car, unlinked from the Porsche ID;
- the invoice, kept for bookkeeping, anonymised (no Porsche ID, recipient, VIN or order)."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import JSON, String, Text, select

from porsche_web.accounts import services as accounts
from porsche_web.accounts.models import Account
from porsche_web.activation.models import Consent, Contract
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.notifications.models import OutboxMessage
from porsche_web.privacy import export, policy
from porsche_web.testing.actions.activation import DELIVERED
from porsche_web.testing.helpers import csrf_token, post_form
from porsche_web.vehicles import services as vehicle_services
from porsche_web.vehicles.models import Vehicle

VIN = "WP0ZZZY1ZTS000588"
EMAIL = "astrid@example.com"
#: What identifies Astrid: her e-mail address, phone, names, street, postal code and car.
TRACES = (EMAIL, "+46701740606", "Astrid", "Exempel", "Storgatan 1", "114 35", VIN)
#: The Data Pass provider's name holds her family name by chance: not a trace of her.
PROVIDER = "Exempel Mobil AB"
PRIVACY = "/se/sv/account/privacy"
SERVICES = "/se/sv/account/services"
#: The tables the history fills with her data (the walk proves something for each).
FILLED = {
    "accounts",
    "activations",
    "audit_events",
    "billing_addresses",
    "consents",
    "contract_extensions",
    "contracts",
    "data_exports",
    "data_pass_registrations",
    "invoices",
    "orders",
    "outbox_messages",
    "policy_acknowledgements",
    "remote_commands",
    "vehicle_links",
    "vehicles",
    "web_sessions",
}


def renew(client, contract_id: int) -> None:
    response = post_form(client, f"{SERVICES}/{contract_id}/renew", {"consent": "y"})
    check = response.headers["Location"]
    page = client.get(check).get_data(as_text=True)
    key = re.search(r'name="request_key" type="hidden" value="([^"]+)"', page)
    assert key, page[:400]
    assert post_form(client, check, {"request_key": key.group(1)}).status_code == 303


@pytest.fixture
def full_history(app, client, activation, vehicles):
    with app.app_context():
        vehicle_services.provision(VIN, "taycan", 2026, "se")
        db.session.commit()
    activation.activate(vin=VIN, delivery=DELIVERED)
    vehicles.link_car()
    with app.app_context():
        car = db.session.execute(select(Vehicle.id).where(Vehicle.vin == VIN)).scalar_one()
        data_pass = db.session.execute(
            select(Consent.id).where(Consent.kind == "data_pass")
        ).scalar_one()
        account = db.session.execute(select(Account).where(Account.email == EMAIL)).scalar_one()
        market = current_registry().get("se")
        version = current_registry().privacy_policy(market).version
        assert policy.acknowledge(account, market, version)
        nav = db.session.execute(
            select(Contract.id).where(Contract.service_id == "nc_destsync_v1")
        ).scalar_one()
    page = f"/se/sv/account/vehicles/{car}"
    assert post_form(client, f"{page}/commands", {"kind": "lock"}, page=page).status_code == 303
    renew(client, nav)
    passes = "/se/sv/account/data-pass"
    token = {"csrf_token": csrf_token(client, passes)}
    assert client.post(f"{passes}/SE-200300/registered", data=token).status_code == 303
    withdraw = f"{PRIVACY}/consents/{data_pass}/withdraw"
    assert post_form(client, withdraw, {}, page=PRIVACY).status_code == 303
    post_form(client, f"{PRIVACY}/export", {}, page=PRIVACY)
    with app.app_context():
        export.build_due()


def walk(app, account_id: int) -> list[tuple[str, str, object, str]]:
    """``(table, column, row id, what)`` for every value of every table that holds one of
    :data:`TRACES` or ties the row to the Porsche ID ``account_id``."""
    found = []
    me = re.compile(rf"\baccount:{account_id}\b")
    with app.app_context():
        for table in db.metadata.sorted_tables:
            texts = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
            ids = [
                c
                for c in table.columns
                if c.name.endswith("account_id")
                or any(fk.column.table.name == "accounts" for fk in c.foreign_keys)
            ]
            for row in db.session.execute(select(table)).mappings():
                key = row.get("id")
                for column in ids:
                    if row[column.key] == account_id:
                        found.append((table.name, column.key, key, "account id"))
                for column in texts:
                    value = row[column.key]
                    if value is None:
                        continue
                    text = json.dumps(value) if isinstance(value, dict | list) else str(value)
                    text = text.replace(PROVIDER, "")
                    found.extend((table.name, column.key, key, t) for t in TRACES if t in text)
                    if me.search(text):
                        found.append((table.name, column.key, key, "account number"))
    return found


def test_nothing_of_the_customer_is_left_but_the_documented_exceptions(app, full_history):
    with app.app_context():
        account = db.session.execute(select(Account).where(Account.email == EMAIL)).scalar_one()
        astrid = account.id
    before = walk(app, astrid)
    assert {table for table, *_ in before} >= FILLED, FILLED - {t for t, *_ in before}
    with app.app_context():
        account = db.session.get(Account, astrid)
        accounts.delete_account(account)
        db.session.commit()
        goodbye, notice = (
            db.session.execute(
                select(OutboxMessage.id).where(OutboxMessage.subject == subject)
            ).scalar_one()
            for subject in ("Ditt Porsche ID har raderats", "Samtycke återkallat: order SE-200300")
        )
        kept_mails = set(db.session.execute(select(OutboxMessage.id)).scalars())
    left = walk(app, astrid)
    unexpected = []
    for table, column, key, what in left:
        if table in ("orders", "invitations"):
            continue  # the dealer's
        if table == "audit_events" and what in ("account number", VIN):
            continue  # under the number only; the car's events name the car
        if (table, column, what) == ("vehicles", "vin", VIN):
            continue  # the car stays, unlinked, for its next owner
        if table == "outbox_messages" and key in (goodbye, notice):
            continue
        unexpected.append((table, column, key, what))
    assert unexpected == [], unexpected
    audit_values = [w for t, _, _, w in left if t == "audit_events"]
    assert set(audit_values) <= {"account number", VIN}  # no name, no contact
    assert {goodbye, notice} <= kept_mails
    with app.app_context():
        mails = db.session.execute(
            select(OutboxMessage.subject).where(OutboxMessage.to_address == EMAIL)
        ).scalars()
        assert list(mails) == ["Ditt Porsche ID har raderats"]  # only the goodbye, to be sent
