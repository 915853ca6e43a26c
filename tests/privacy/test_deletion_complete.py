"""Deleting a Porsche ID is complete (issue #14, item 5): after deleting a customer with a full
history (activation, consents, invoice address, linked car, data export, sessions, e-mails and
SMS), no table holds their personal data, with two documented exceptions: the dealer's order and
its invitation log (they belong to the dealer system; the order can be activated again) and the
goodbye e-mail until it is delivered (then the outbox redacts and later purges it)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import JSON, String, Text, select

from porsche_web.accounts import services as accounts
from porsche_web.accounts.models import Account
from porsche_web.extensions import db
from porsche_web.notifications.models import OutboxMessage
from porsche_web.privacy import export
from porsche_web.testing.helpers import post_form
from porsche_web.vehicles import services as vehicle_services

VIN = "WP0ZZZY1ZTS000588"
EMAIL = "astrid@example.com"
#: What identifies Astrid: her e-mail address, phone, family name, street and postal code.
TRACES = (EMAIL, "+46701740606", "Exempel", "Storgatan 1", "114 35")


@pytest.fixture
def full_history(app, client, activation, vehicles):
    with app.app_context():
        vehicle_services.provision(VIN, "taycan", 2026, "se")
        db.session.commit()
    activation.activate(vin=VIN)
    vehicles.link_car()
    post_form(client, "/se/sv/account/privacy/export", {}, page="/se/sv/account/privacy")
    with app.app_context():
        export.build_due()


def traces_left(app) -> list[tuple[str, str, str]]:
    found = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON)]
            if not columns:
                continue
            for row in db.session.execute(select(table)).mappings():
                for column in columns:
                    value = row[column.key]
                    text = json.dumps(value) if isinstance(value, dict | list) else str(value)
                    for trace in TRACES:
                        if value is not None and trace in text:
                            found.append((table.name, column.key, trace))
    return found


def test_nothing_of_the_customer_is_left_but_the_order_and_the_goodbye(app, full_history):
    assert traces_left(app)  # the walk finds her before
    with app.app_context():
        account = db.session.execute(select(Account).where(Account.email == EMAIL)).scalar_one()
        accounts.delete_account(account)
        db.session.commit()
    left = {(table, column) for table, column, _ in traces_left(app)}
    allowed = {("orders", c) for c in ("email", "family_name", "phone_e164")}
    allowed.add(("invitations", "email"))  # the order's invitation log, the dealer's too
    allowed |= {("outbox_messages", c) for c in ("to_address", "text_body", "html_body")}
    assert left <= allowed, sorted(left - allowed)
    with app.app_context():
        mails = db.session.execute(
            select(OutboxMessage.subject).where(OutboxMessage.to_address == EMAIL)
        ).scalars()
        assert list(mails) == ["Ditt Porsche ID har raderats"]  # only the goodbye, to be sent
