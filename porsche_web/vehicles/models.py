"""Cars, who is their main user, the pairing codes they show and the remote commands sent to
them. Credentials and codes are stored only as hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from porsche_web import clock
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db

#: How the Porsche ID was linked to the car.
VIA_ORDER, VIA_PAIRING = "order", "pairing"
#: What the car showed at its last fetch of services (F15).
FULL, LIMITED = "full", "limited"
#: Remote command statuses.
PENDING, DELIVERED, EXECUTED, FAILED, EXPIRED = (
    "pending",
    "delivered",
    "executed",
    "failed",
    "expired",
)


class Vehicle(db.Model):
    """A car with Porsche Connect, and what the system knows of its PCM."""

    __tablename__ = "vehicles"

    id: Mapped[int] = mapped_column(primary_key=True)
    vin: Mapped[str] = mapped_column(String(17), unique=True)
    model_id: Mapped[str] = mapped_column(String(40))
    model_year: Mapped[int] = mapped_column(Integer)
    market: Mapped[str] = mapped_column(String(2))
    nickname: Mapped[str | None] = mapped_column(String(40))
    #: SHA-256 of the car's API token (``Authorization: Bearer`` on ``/api/pcm/v1/``).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_rotated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: The Porsche ID logged in in the PCM (F15), None when nobody is.
    pcm_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    pcm_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    services_fetched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    services_fetched_mode: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: When the car last changed hands: an activation confirmed before it no longer links the
    #: car from its order (the seller's order is not a key to the buyer's car).
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    link: Mapped[VehicleLink | None] = relationship(back_populates="vehicle", uselist=False)


class VehicleLink(db.Model):
    """The main user of a car: one per car, enforced by the unique ``vehicle_id`` (F13)."""

    __tablename__ = "vehicle_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    via: Mapped[str] = mapped_column(String(10))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    vehicle: Mapped[Vehicle] = relationship(back_populates="link")


class PairingCode(db.Model):
    """A short-lived code the PCM shows so its owner can link it by VIN (argon2id hash)."""

    __tablename__ = "pairing_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: Used, voided by too many tries, or replaced by a newer code.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RemoteCommand(db.Model):
    """A remote command from My Porsche; the car picks it up through its API."""

    __tablename__ = "remote_commands"

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    message: Mapped[str | None] = mapped_column(String(200))
