"""Secondary users of a car, their SMS codes and their rights. The invitation token and the
codes are stored only as hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from porsche_web import clock
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db
from porsche_web.languages import LANGUAGE_LENGTH

#: Where a secondary user is: invited (e-mail sent), confirmed (their SMS code; waiting for the
#: main user), active (the main user activated them).
INVITED, CONFIRMED, ACTIVE = "invited", "confirmed", "active"


class CarPerson(db.Model):
    """A person the main user invited to use their car (at most five per car and main user)."""

    __tablename__ = "car_people"
    __table_args__ = (UniqueConstraint("vehicle_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("vehicles.id"), index=True)
    #: The main user who invited: the access ends when the car has another main user.
    main_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    #: The secondary user's Porsche ID, once they accepted the invitation.
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(254))
    #: The number the main user entered; the SMS code goes there (E.164).
    phone_e164: Mapped[str] = mapped_column(String(16))
    market: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(LANGUAGE_LENGTH))
    status: Mapped[str] = mapped_column(String(10), default=INVITED)
    #: SHA-256 of the invitation link's token; None once used.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    rights: Mapped[list[CarPersonRight]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="CarPersonRight.id"
    )


class CarPersonCode(db.Model):
    """An SMS code confirming a secondary user (12 hours, only the latest, limited tries)."""

    __tablename__ = "car_person_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("car_people.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: Used, voided by too many tries, or replaced by a newer code.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CarPersonRight(db.Model):
    """A function group a secondary user may use, optionally until a moment."""

    __tablename__ = "car_person_rights"
    __table_args__ = (UniqueConstraint("person_id", "function"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("car_people.id"), index=True)
    function: Mapped[str] = mapped_column(String(12))
    until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[CarPerson] = relationship(back_populates="rights")
