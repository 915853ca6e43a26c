"""The staff console's data: staff members, their recovery codes, sessions and invitations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from porsche_web import clock
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db
from porsche_web.languages import LANGUAGE_LENGTH

#: Roles: a Porsche Centre's staff (scoped to partner ids of one market), customer service
#: (scoped to markets), administrators (manage staff).
CENTRE, SERVICE, ADMIN = "centre", "service", "admin"
ROLES = (CENTRE, SERVICE, ADMIN)


class StaffMember(db.Model):
    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    #: Markets (customer service, centre) and partner ids (centre) the member may see.
    markets: Mapped[list[str]] = mapped_column(JSON, default=list)
    partners: Mapped[list[str]] = mapped_column(JSON, default=list)
    language: Mapped[str] = mapped_column(String(LANGUAGE_LENGTH), default="en")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    #: The TOTP secret, encrypted with a key derived from SECRET_KEY (``staff.totp``).
    totp_secret: Mapped[str | None] = mapped_column(String(255))
    #: The last TOTP time step accepted: a code is never accepted twice (replay).
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    enrolled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_tries: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    @property
    def enrolled(self) -> bool:
        return self.totp_secret is not None and self.enrolled_at is not None

    def scope(self) -> dict[str, Any]:
        return {"role": self.role, "markets": list(self.markets), "partners": list(self.partners)}


class StaffRecoveryCode(db.Model):
    """One-time codes for when the authenticator is lost (stored as argon2id hashes)."""

    __tablename__ = "staff_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StaffSession(db.Model):
    """A staff sign-in: its cookie holds a random id, the table its SHA-256."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    sid_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: Set once the second factor is given; until then the session only reaches that step.
    second_factor_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The WebAuthn challenge of a passkey ceremony under way (base64url), used once.
    webauthn_challenge: Mapped[str | None] = mapped_column(String(128))


class StaffInvitation(db.Model):
    """A single-use link to set the password and enrol the authenticator (72 hours)."""

    __tablename__ = "staff_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StaffPasskey(db.Model):
    """A passkey (WebAuthn credential) of a staff member: a second factor besides the app."""

    __tablename__ = "staff_passkeys"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id"), index=True)
    #: The credential id (base64url), as the authenticator names it.
    credential_id: Mapped[str] = mapped_column(String(400), unique=True)
    #: The credential's public key (COSE, base64url): nothing secret.
    public_key: Mapped[str] = mapped_column(String(1000))
    sign_count: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
