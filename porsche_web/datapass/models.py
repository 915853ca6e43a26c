"""The Data Pass registrations (F18) and the providers' API keys."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from porsche_web import clock
from porsche_web.apikeys import ApiKeyColumns
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db

#: Who said the registration is done.
BY_PROVIDER, BY_CUSTOMER = "provider", "customer"


class DataPassRegistration(db.Model):
    """The hand-off of one order's Data Pass: registered (when, said by whom) or the reminder
    sent. No row: still waiting, no reminder yet."""

    __tablename__ = "data_pass_registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    order_number: Mapped[str] = mapped_column(String(32), unique=True)
    provider: Mapped[str] = mapped_column(String(200))
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registered_via: Mapped[str | None] = mapped_column(String(10))
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class ProviderApiKey(ApiKeyColumns, db.Model):
    """The key of a Data Pass provider of a market (:mod:`porsche_web.apikeys`)."""

    __tablename__ = "data_pass_provider_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    market: Mapped[str] = mapped_column(String(2))
    provider: Mapped[str] = mapped_column(String(200))
