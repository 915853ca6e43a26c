"""The audit event table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from porsche_web import clock
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db


class AuditEvent(db.Model):
    """One security- or business-relevant action. Never holds secrets or full phone numbers."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(120), index=True)
    action: Mapped[str] = mapped_column(String(80))
    request_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
