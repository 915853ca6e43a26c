"""The deliverer's claim at scale (issue #11, item 6): two index-ordered scans, pending rows by
the time they are due and leased rows by the end of their lease, so a poll never walks the
rows waiting for a later retry, whatever their number."""

from __future__ import annotations

from datetime import timedelta

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.notifications import deliver, maintenance
from porsche_web.notifications.models import DEAD, PENDING, SENDING, SENT, UNKNOWN, OutboxMessage
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
        plans = [query_plan(statement) for statement in claims]
        db.session.rollback()
    assert "ix_outbox_messages_leased" in plans[0], plans[0]
    assert "ix_outbox_messages_pending" in plans[1], plans[1]


# -- the counts of /readyz and ``outbox status`` -----------------------------------------------


def some_of_each_status() -> None:
    for _ in range(3):
        message(due_in=600)  # pending, later
    message(due_in=-1)  # pending, due
    message(due_in=-3600)  # pending, due for an hour: stuck
    message(SENDING, lease_in=60)
    message(SENDING, lease_in=-1)  # stuck
    for status, count in ((SENT, 4), (UNKNOWN, 2), (DEAD, 1)):
        for _ in range(count):
            message(status)


def test_the_counts_of_each_status(app):
    with app.app_context():
        some_of_each_status()
        db.session.commit()
        expected = {
            "pending": 5,
            "due": 2,
            "sending": 2,
            "stuck": 2,
            "sent-unknown": 2,
            "dead": 1,
        }
        assert maintenance.status_counts() == {**expected, "sent": 4}
        assert maintenance.status_counts(sent=False) == expected  # what /readyz asks
        with sql_statements() as seen:
            maintenance.status_counts(sent=False)
        assert len(seen) == 1, seen


def test_the_counts_of_readyz_read_partial_indexes_not_the_table(app):
    """``/readyz`` counts on every probe: at 1 M outbox rows a count of the whole table took
    60-80 ms a probe (bench/scale.py); each count reads the partial index of its status."""
    with app.app_context():
        some_of_each_status()
        db.session.commit()
        with sql_statements() as seen:
            maintenance.status_counts(sent=False)
        plan = query_plan(seen[0])
        dialect = db.engine.dialect.name
        db.session.rollback()
    for index in ("pending", "leased", "unsent"):
        assert f"ix_outbox_messages_{index}" in plan, plan
    if dialect == "postgresql":
        assert "Seq Scan" not in plan and "pk_outbox_messages" not in plan, plan
    else:
        assert "SCAN outbox_messages\n" not in plan + "\n", plan  # a scan without an index
