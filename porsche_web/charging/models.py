"""The charging cards (physical and virtual) and the fulfilment partner's API keys."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from porsche_web import clock
from porsche_web.apikeys import ApiKeyColumns
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db

#: The physical card's way: ordered → shipped → delivered → activated; voided when the plan
#: is cancelled.
ORDERED, SHIPPED, DELIVERED, ACTIVATED, VOIDED = (
    "ordered",
    "shipped",
    "delivered",
    "activated",
    "voided",
)
#: Every status, in the order the card goes through them.
STATUSES = (ORDERED, SHIPPED, DELIVERED, ACTIVATED)
#: The one status each may go on to (the fulfilment partner's reports; activated also by the
#: customer).
NEXT = {ORDERED: SHIPPED, SHIPPED: DELIVERED, DELIVERED: ACTIVATED}


class ChargingCard(db.Model):
    """The charging card of one booking of the Charging Service, with its delivery address and
    the virtual card the customer uses until the physical one is activated."""

    __tablename__ = "charging_cards"
    __table_args__ = (
        # One card on its way or in use per order: a second submit finds the first booking.
        Index(
            "uq_charging_cards_open",
            "order_number",
            unique=True,
            postgresql_where=text("status <> 'voided'"),
            sqlite_where=text("status <> 'voided'"),
        ),
        # The same for a car booked without an order (linked by pairing code): one per car and
        # Porsche ID.
        Index(
            "uq_charging_cards_open_vin",
            "account_id",
            "vin",
            unique=True,
            postgresql_where=text("status <> 'voided' AND order_number IS NULL"),
            sqlite_where=text("status <> 'voided' AND order_number IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    #: The order of the car; None for a car linked without an activation of the customer's
    #: (then ``vin`` names it).
    order_number: Mapped[str | None] = mapped_column(String(32))
    vin: Mapped[str | None] = mapped_column(String(17))
    market: Mapped[str] = mapped_column(String(2))
    #: The charging contract (``contracts.id``, owned by the activation).
    contract_id: Mapped[int] = mapped_column(Integer)
    plan_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(12), default=ORDERED)
    ordered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: The day the card is promised by (ordered + the plugin's delivery days, F17).
    promised_by: Mapped[date] = mapped_column(Date)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivery_name: Mapped[str] = mapped_column(String(200))
    delivery_street: Mapped[str] = mapped_column(String(200))
    delivery_postal_code: Mapped[str] = mapped_column(String(12))
    delivery_city: Mapped[str] = mapped_column(String(100))
    delivery_region: Mapped[str | None] = mapped_column(String(100))
    delivery_country: Mapped[str] = mapped_column(String(2))
    #: The virtual card's identifier (shown with its QR code until the card is activated).
    virtual_card_number: Mapped[str] = mapped_column(String(24), unique=True)
    virtual_voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the customer was told that the card missed its promised day (once per card).
    late_notice_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def open(self) -> bool:
        return self.status != VOIDED

    @property
    def virtual_usable(self) -> bool:
        return self.virtual_voided_at is None


class FulfilmentApiKey(ApiKeyColumns, db.Model):
    """The key of a fulfilment partner for the charging card API (:mod:`porsche_web.apikeys`),
    for the cards of one market: a card of another market is unknown to it (the card has no
    partner of its own, so the market is the key's whole scope)."""

    __tablename__ = "charging_partner_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    market: Mapped[str] = mapped_column(String(2))
    partner: Mapped[str] = mapped_column(String(100))
