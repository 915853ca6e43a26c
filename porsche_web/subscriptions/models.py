"""My services' tables: paid extensions, cancellations, invoices (with a gap-free number
sequence per market) and the reminders sent."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from porsche_web import clock
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db
from porsche_web.languages import LANGUAGE_LENGTH

#: Extension statuses: paid and running (or waiting for its start), withdrawn within 14 days,
#: or dropped by a cancellation before it started.
ACTIVE, WITHDRAWN, CANCELLED = "active", "withdrawn", "cancelled"
#: Invoice kinds.
INVOICE, CREDIT_NOTE = "invoice", "credit_note"
#: Reminder kinds: days before the period ends.
REMINDER_DAYS = (30, 7)


class Extension(db.Model):
    """A paid year added to a contract (a renewal) at the market's price."""

    __tablename__ = "contract_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contracts.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    #: The check-your-answers form's one-time key: a second submit finds the first extension.
    request_key: Mapped[str] = mapped_column(String(64), unique=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    #: The contract's last day before this extension (where a withdrawal puts it back).
    previous_end: Mapped[date] = mapped_column(Date)
    price: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(12), default=ACTIVE)
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"))
    credit_note_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"))


class Cancellation(db.Model):
    """The customer's cancellation of a contract at the end of its term (one per contract)."""

    __tablename__ = "contract_cancellations"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contracts.id", ondelete="CASCADE"), unique=True
    )
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    #: The service's last day.
    ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class InvoiceCounter(db.Model):
    """The last invoice number given in a market: numbers follow without gaps (the counter's
    row is locked by the update until the invoice's transaction ends)."""

    __tablename__ = "invoice_counters"

    market: Mapped[str] = mapped_column(String(2), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Invoice(db.Model):
    """An invoice of a paid extension, or the credit note of its withdrawal.

    Kept for bookkeeping; no link to the contract (which goes with the Porsche ID): what was
    sold is copied in. When the Porsche ID is deleted the invoice is anonymised, not deleted.
    """

    __tablename__ = "invoices"
    __table_args__ = (UniqueConstraint("market", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    market: Mapped[str] = mapped_column(String(2))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12), default=INVOICE)
    #: None once the Porsche ID is deleted (anonymised).
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    #: The invoice recipient of the checkout (F8) as it was; anonymised with the Porsche ID.
    recipient: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(LANGUAGE_LENGTH))
    service_id: Mapped[str] = mapped_column(String(64))
    order_number: Mapped[str | None] = mapped_column(String(40))
    vin: Mapped[str | None] = mapped_column(String(17))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    #: Positive for an invoice, the refunded amount (positive) for a credit note.
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    #: The invoice a credit note corrects.
    refers_to_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: The market's VAT rate (per cent) when the invoice was issued, and whether ``amount``
    #: includes it (the plugin's ``porsche_vat``); both None for a market without one.
    vat_rate: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    vat_included: Mapped[bool | None] = mapped_column(Boolean)

    @property
    def display_number(self) -> str:
        return f"{self.market.upper()}-{self.number:06d}"


class Reminder(db.Model):
    """A reminder e-mail sent before a contract's period ends: one per contract, kind (30 or 7
    days) and end date, whatever runs the command."""

    __tablename__ = "contract_reminders"
    __table_args__ = (UniqueConstraint("contract_id", "days", "period_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(
        ForeignKey("contracts.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    days: Mapped[int] = mapped_column(Integer)
    period_end: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
