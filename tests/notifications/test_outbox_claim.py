"""The deliverer's claim at scale (issue #11, item 6): two index-ordered scans, pending rows by
the time they are due and leased rows by the end of their lease, so a poll never walks the
rows waiting for a later retry, whatever their number."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.notifications import deliver
from porsche_web.notifications.models import PENDING, SENDING, OutboxMessage
from porsche_web.testing.helpers import query_plan, sql_statements


def message(status=PENDING, due_in=0, lease_in=None, channel="email") -> OutboxMessage:
    now = clock.now()
    row = OutboxMessage(
        channel=channel,
        to_address="kund@example.com",
        market="se",
        language="sv",
        subject="Hej",
        text_body="Hej",
        status=status,
        next_attempt_at=now + timedelta(seconds=due_in),
        lease_until=None if lease_in is None else now + timedelta(seconds=lease_in),
        claimed_by=None if lease_in is None else "gone:1",
    )
    db.session.add(row)
    db.session.flush()
    return row


def test_a_poll_takes_expired_leases_then_due_rows_and_leaves_later_ones(app):
    with app.app_context():
        later = [message(due_in=600) for _ in range(5)]
        due = [message(due_in=-60), message(due_in=-5)]
        held = message(SENDING, lease_in=60)  # another deliverer is sending it
        orphan = message(SENDING, lease_in=-1)  # its deliverer died
        sms = message(due_in=-60, channel="sms")
        db.session.commit()
        claimed = deliver.claim("email", 2, "me:1")
        assert claimed == sorted([orphan.id, due[0].id])
        assert deliver.claim("email", 10, "me:2") == [due[1].id]
        assert deliver.claim("email", 10, "me:3") == []
        db.session.expire_all()
        assert {db.session.get(OutboxMessage, r.id).status for r in later} == {PENDING}
        assert db.session.get(OutboxMessage, held.id).claimed_by == "gone:1"
        assert db.session.get(OutboxMessage, sms.id).status == PENDING


def test_the_claim_reads_through_its_partial_indexes(app):
    with app.app_context():
        for _ in range(3):
            message(due_in=600)
        message(due_in=-1)
        message(SENDING, lease_in=-1)
        db.session.commit()
        with sql_statements() as seen:
            deliver.claim("email", 5, "me:1")
        # the two scans: the SELECT … FOR UPDATE on PostgreSQL, the UPDATE's subquery on SQLite
        reads = "SELECT" if db.engine.dialect.name == "postgresql" else "UPDATE"
        claims = [
            s for s in seen if s.lstrip().upper().startswith(reads) and "FROM outbox_messages" in s
        ]
        assert len(claims) == 2, seen
        db.session.rollback()
        if db.engine.dialect.name == "postgresql":
            # What matters is that the partial indexes can serve the claim (the status literal
            # matches their predicate). Which of two cheap indexes PostgreSQL's planner picks
            # on a table of five rows depends on statistics earlier tests left, so the general
            # status index is dropped inside this transaction (rolled back below).
            db.session.execute(text("DROP INDEX ix_outbox_messages_status"))
        plans = [query_plan(statement) for statement in claims]
        db.session.rollback()
    assert "ix_outbox_messages_leased" in plans[0], plans[0]
    assert "ix_outbox_messages_pending" in plans[1], plans[1]
