"""The transactional outbox: every e-mail and SMS is a row written with the change causing it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from porsche_web import clock
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db
from porsche_web.languages import LANGUAGE_LENGTH

PENDING, SENDING, SENT, DEAD = "pending", "sending", "sent", "dead"
#: Handed to the mail server, whose answer was lost (a timeout after the content went out): it
#: may well have arrived, so it is not sent again automatically (``outbox requeue --unknown``).
UNKNOWN = "sent-unknown"
STATUSES = (PENDING, SENDING, SENT, UNKNOWN, DEAD)


class OutboxMessage(db.Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (
        # The deliverer's claim, in two index-ordered scans that stop at the batch size:
        # pending rows by the time they are due (rows waiting for a later retry are never
        # walked), and leased rows by the end of their lease.
        Index(
            "ix_outbox_messages_pending",
            "channel",
            "next_attempt_at",
            "id",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        Index(
            "ix_outbox_messages_leased",
            "channel",
            "lease_until",
            postgresql_where=text("status = 'sending'"),
            sqlite_where=text("status = 'sending'"),
        ),
        # The counts of ``/readyz`` and ``outbox status``, and ``outbox requeue``: the rows
        # that will not be sent again by themselves (few, kept until the purge). No index on
        # the status alone: nearly every row is "sent", and every claim and release changes
        # the status (one index entry fewer to write per change).
        Index(
            "ix_outbox_messages_unsent",
            "status",
            postgresql_where=text(f"status IN ('{DEAD}', '{UNKNOWN}')"),
            sqlite_where=text(f"status IN ('{DEAD}', '{UNKNOWN}')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))  # "email" | "sms"
    to_address: Mapped[str] = mapped_column(String(254))
    market: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(LANGUAGE_LENGTH))
    subject: Mapped[str] = mapped_column(String(300), default="")
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    #: "pending" → "sending" (leased by one deliverer until ``lease_until``) → "sent" |
    #: "sent-unknown" | back to "pending" | "dead". A lease that runs out (the deliverer was
    #: killed) makes the row claimable again: every message goes out at least once.
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    #: Sending attempts started (a transport that is down does not count against a message).
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: The deliverer (one claim of one lane) holding the row while it is "sending".
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the secrets (link tokens, codes) were taken out of the delivered bodies.
    redacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxTransport(db.Model):
    """A transport (the SMTP server, one market's SMS gateway) that failed: while
    ``paused_until`` lies ahead, no deliverer tries any of its messages."""

    __tablename__ = "outbox_transports"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)  # "email" | "sms:se"
    failures: Mapped[int] = mapped_column(Integer, default=0)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
