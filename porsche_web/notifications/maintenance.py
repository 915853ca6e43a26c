"""Outbox upkeep for operators: purge old rows, take the secrets out of messages that will not
be sent again, count by state, requeue dead ones (``flask outbox purge|status|requeue``,
``/readyz``)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, delete, func, literal, or_, select, update

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.notifications.models import (
    DEAD,
    PENDING,
    SENDING,
    SENT,
    UNKNOWN,
    OutboxMessage,
)
from porsche_web.notifications.redact import redact_text

log = logging.getLogger("porsche_web.notifications")


def purge(now: datetime | None = None) -> int:
    """Delete delivered and dead messages older than ``OUTBOX_RETENTION_DAYS``; before that,
    dead and sent-unknown ones lose their secrets after ``OUTBOX_REQUEUE_HOURS``
    (:func:`redact_unsent`). Returns the number of rows deleted."""
    now = now or clock.now()
    redact_unsent(now)
    before = now - timedelta(days=current_app.config["OUTBOX_RETENTION_DAYS"])
    result = db.session.execute(
        delete(OutboxMessage)
        .where(
            or_(
                and_(OutboxMessage.status.in_([SENT, UNKNOWN]), OutboxMessage.sent_at < before),
                and_(OutboxMessage.status == DEAD, OutboxMessage.created_at < before),
            )
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount:
        log.info("outbox: %s old messages purged", result.rowcount)
    return result.rowcount


def redact_unsent(now: datetime | None = None, batch: int = 500) -> int:
    """Link tokens and codes out of dead and sent-unknown messages older than
    ``OUTBOX_REQUEUE_HOURS`` (issue #20, item 4): they were kept so that ``outbox requeue``
    can send them again after an outage; once that time is over they are kept no longer than
    those of a sent message. Nothing happens with ``OUTBOX_REDACT_SENT`` off (development).

    :returns: the number of messages redacted.
    """
    config = current_app.config
    if not config["OUTBOX_REDACT_SENT"]:
        return 0
    now = now or clock.now()
    before = now - timedelta(hours=config["OUTBOX_REQUEUE_HOURS"])
    done = 0
    while True:
        rows = (
            db.session.execute(
                select(OutboxMessage)
                .where(
                    OutboxMessage.redacted_at.is_(None),
                    or_(
                        and_(OutboxMessage.status == DEAD, OutboxMessage.created_at < before),
                        and_(OutboxMessage.status == UNKNOWN, OutboxMessage.sent_at < before),
                    ),
                )
                .order_by(OutboxMessage.id)
                .limit(batch)
            )
            .scalars()
            .all()
        )
        for row in rows:
            # Only if still dead or unknown: a requeue in between keeps its message whole.
            done += (
                db.session.execute(
                    update(OutboxMessage)
                    .where(
                        OutboxMessage.id == row.id,
                        OutboxMessage.status == row.status,
                        OutboxMessage.redacted_at.is_(None),
                    )
                    .values(
                        text_body=redact_text(row.text_body, row.channel) or "",
                        html_body=redact_text(row.html_body, row.channel),
                        redacted_at=now,
                    )
                    .execution_options(synchronize_session=False)
                ).rowcount
                or 0
            )
        db.session.commit()
        db.session.expire_all()
        if len(rows) < batch:
            break
    if done:
        log.info("outbox: secrets taken out of %s dead or sent-unknown messages", done)
    return done


def _is(status: str):
    """``status = '<status>'`` written inline, not as a parameter, so that the partial index
    of that status matches the statement (a prepared statement's generic plan cannot)."""
    return OutboxMessage.status == literal(status, literal_execute=True)


def _unsent():
    """The predicate of ``ix_outbox_messages_unsent`` as it is (SQLite uses a partial index
    only for a condition that contains its predicate)."""
    return OutboxMessage.status.in_(
        [literal(DEAD, literal_execute=True), literal(UNKNOWN, literal_execute=True)]
    )


def _count(*conditions):
    return select(func.count()).select_from(OutboxMessage).where(*conditions).scalar_subquery()


def status_counts(now: datetime | None = None, *, sent: bool = True) -> dict[str, int]:
    """Rows per status, plus ``due`` (pending, time has come) and ``stuck`` (a lease that ran
    out, or due for longer than ``OUTBOX_STUCK_SECONDS``), in one statement.

    Every count but ``sent`` reads a partial index (``ix_outbox_messages_pending``, ``_leased``,
    ``_unsent``), so it costs what the backlog and the failures hold, not the table: ``/readyz``
    asks on every probe. ``sent`` is nearly every row of the table; only ``outbox status``
    asks for it (``sent=False`` leaves it out).
    """
    now = now or clock.now()
    stuck_before = now - timedelta(seconds=current_app.config["OUTBOX_STUCK_SECONDS"])
    counts = {
        PENDING: _count(_is(PENDING)),
        "due": _count(_is(PENDING), OutboxMessage.next_attempt_at <= now),
        SENDING: _count(_is(SENDING)),
        # two counts, not one OR: each reads its own partial index (SQLite cannot otherwise)
        "stuck": _count(_is(SENDING), OutboxMessage.lease_until < now)
        + _count(_is(PENDING), OutboxMessage.next_attempt_at < stuck_before),
        # the predicate of ix_outbox_messages_unsent as it is, then the status
        UNKNOWN: _count(_unsent(), _is(UNKNOWN)),
        DEAD: _count(_unsent(), _is(DEAD)),
    }
    if sent:
        counts[SENT] = _count(_is(SENT))
    row = db.session.execute(select(*(value.label(key) for key, value in counts.items()))).one()
    return {key: int(value) for key, value in row._mapping.items()}


def requeue(ids: Iterable[int] = (), *, unknown: bool = False) -> int:
    """Dead messages (and with ``unknown`` the sent-unknown ones) back to pending, due now."""
    statuses = [DEAD, UNKNOWN] if unknown else [DEAD]
    query = update(OutboxMessage).where(
        OutboxMessage.status.in_(statuses), OutboxMessage.redacted_at.is_(None)
    )
    ids = list(ids)
    if ids:
        query = query.where(OutboxMessage.id.in_(ids))
    result = db.session.execute(
        query.values(
            status=PENDING, attempts=0, next_attempt_at=clock.now(), claimed_by=None, sent_at=None
        ).execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount


# -- the loop ----------------------------------------------------------------------------------
