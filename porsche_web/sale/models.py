"""The record of every change of hands of a car."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from porsche_web import clock
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db

#: Who started the change: the main user ("I sold this car") or staff ("Release the car").
BY_OWNER, BY_STAFF = "owner", "staff"
#: A staff release waits for its day (``PENDING``), is applied, or the owner objected.
PENDING, APPLIED, OBJECTED = "pending", "applied", "objected"


class VehicleRelease(db.Model):
    """One change of hands: who started it, why, with which proof, and when it took effect.

    At most one pending release per car (a partial unique index).
    """

    __tablename__ = "vehicle_releases"
    __table_args__ = (
        # One pending release per car, decided by the database (two staff members at once).
        Index(
            "uq_vehicle_releases_pending",
            "vehicle_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"), index=True)
    #: The car's VIN at the release (the record names the car even for the auditors).
    vin: Mapped[str] = mapped_column(String(17))
    #: The main user until the release; None when the car had none or the ID was deleted.
    previous_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    started_by: Mapped[str] = mapped_column(String(8))
    #: The staff member who released the car (``started_by == "staff"``).
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    #: Why staff released the car, in their words.
    reason: Mapped[str | None] = mapped_column(String(500))
    #: The proof the process asks for: a reference to the sales contract or the registration
    #: document the buyer showed.
    proof_reference: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: When the release takes (or took) effect.
    effective_at: Mapped[datetime] = mapped_column(UTCDateTime)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    objected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: What the market's rule did to the car's contracts: "end" or "transfer".
    contracts: Mapped[str | None] = mapped_column(String(10))
