"""The privacy centre's data: the customer's data exports ("Download my data")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from porsche_web import clock
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db
from porsche_web.languages import LANGUAGE_LENGTH

#: Export statuses: asked for → being built (by one job, until ``lease_until``) → ready.
REQUESTED, BUILDING, READY = "requested", "building", "ready"


class DataExport(db.Model):
    """One "Download my data" archive (a ZIP of JSON files and a README), built by the export
    job, downloadable by its owner until ``expires_at``, then deleted."""

    __tablename__ = "data_exports"
    __table_args__ = (
        # One export in the making per customer: asking twice gives the same one.
        Index(
            "uq_data_exports_open",
            "account_id",
            unique=True,
            postgresql_where=text("status IN ('requested', 'building')"),
            sqlite_where=text("status IN ('requested', 'building')"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=REQUESTED)
    language: Mapped[str] = mapped_column(String(LANGUAGE_LENGTH))
    market: Mapped[str] = mapped_column(String(2))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    archive: Mapped[bytes | None] = mapped_column(LargeBinary)
    size: Mapped[int | None] = mapped_column()


class PolicyAcknowledgement(db.Model):
    """A signed-in customer read what changed in a market's privacy policy version (F26)."""

    __tablename__ = "policy_acknowledgements"
    __table_args__ = (
        UniqueConstraint("account_id", "market", "version", name="uq_policy_acknowledgements"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    market: Mapped[str] = mapped_column(String(2))
    version: Mapped[str] = mapped_column(String(100))
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
