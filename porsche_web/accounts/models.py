"""Accounts (Porsche ID), their server-side sessions, e-mail tokens and phone challenges.

Nothing here holds a secret in clear: passwords, security codes and SMS codes are argon2id
hashes, tokens and session ids are SHA-256 hashes of 256-bit random values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from porsche_web import clock
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db
from porsche_web.languages import LANGUAGE_LENGTH


class Account(UserMixin, db.Model):
    """A customer's Porsche ID."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    #: ISO 3166-1 alpha-2 code of the country of residence (lower case).
    country: Mapped[str] = mapped_column(String(2))
    #: The market (country site) the account was created on.
    market: Mapped[str] = mapped_column(String(2))
    language: Mapped[str] = mapped_column(String(LANGUAGE_LENGTH))
    phone_e164: Mapped[str | None] = mapped_column(String(16))
    phone_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A new number set by staff (issue #12): in force only once its SMS code is entered; until
    #: then ``phone_e164`` stays the number in use.
    pending_phone_e164: Mapped[str | None] = mapped_column(String(16))
    pending_phone_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_hash: Mapped[str] = mapped_column(String(255))
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    security_code_hash: Mapped[str | None] = mapped_column(String(255))
    security_code_failures: Mapped[int] = mapped_column(Integer, default=0)
    security_code_locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def phone_verified(self) -> bool:
        return self.phone_e164 is not None and self.phone_verified_at is not None

    @property
    def phone_last_four(self) -> str:
        return (self.phone_e164 or "")[-4:]

    @property
    def security_code_set(self) -> bool:
        return self.security_code_hash is not None


class WebSession(db.Model):
    """A server-side session: the cookie holds a random id, the table its SHA-256 and the data."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    sid_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Indexed for the purge of idle and expired sessions (``flask sessions purge``).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    user_agent: Mapped[str] = mapped_column(String(300), default="")


class EmailToken(db.Model):
    """A single-use link sent by e-mail (confirm address, reset password, confirm new address)."""

    __tablename__ = "email_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    new_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PhoneChallenge(db.Model):
    """One SMS code sent to a number; only the latest of an account counts."""

    __tablename__ = "phone_challenges"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    phone_e164: Mapped[str] = mapped_column(String(16), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: Set when used, voided by too many tries, or replaced by a newer code.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginThrottle(db.Model):
    """Consecutive wrong passwords for one e-mail address: from one source, and (``source``
    ``"*"``) from all sources together. Keyed by keyed hashes, never the address itself, and
    the same for addresses with and without a Porsche ID (issue #20, item 16)."""

    __tablename__ = "login_throttles"
    __table_args__ = (UniqueConstraint("address_key", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: HMAC-SHA256 of the normalised e-mail address.
    address_key: Mapped[str] = mapped_column(String(64))
    #: HMAC-SHA256 of the client address (its /64 for IPv6), a car (``vehicle:<id>``), or ``*``.
    source: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    #: No try is looked at before this moment.
    wait_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Indexed for the purge of rows nobody has used for a day.
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)


class EmailRequest(db.Model):
    """Someone asked for a reset or confirmation link: written the same way whether the address
    has a Porsche ID or not; the outbox deliverer looks the address up, sends the link where it
    should and deletes the row (issue #20, item 6)."""

    __tablename__ = "email_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
