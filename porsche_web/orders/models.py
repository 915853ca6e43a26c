"""Orders from the dealer systems, the dealer API keys and the invitations (F4–F6, F22)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from porsche_web import clock
from porsche_web.apikeys import ApiKeyColumns
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db
from porsche_web.languages import LANGUAGE_LENGTH

#: Order statuses the dealer system sends.
ORDERED, DELIVERED, CANCELLED = "ordered", "delivered", "cancelled"
STATUSES = (ORDERED, DELIVERED, CANCELLED)
#: What the dealer system tells about an order, besides its number (all of it is written on
#: every update; the personal-data declaration names the same columns).
ORDER_FIELDS = (
    "market",
    "partner_id",
    "given_name",
    "family_name",
    "email",
    "phone_e164",
    "language",
    "vin",
    "commission_number",
    "model_id",
    "model_year",
    "planned_delivery",
    "status",
)


class DealerApiKey(ApiKeyColumns, db.Model):
    """The key of one Porsche Centre for ``POST /api/v1/orders`` (:mod:`porsche_web.apikeys`)."""

    __tablename__ = "dealer_api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    market: Mapped[str] = mapped_column(String(2))
    partner_id: Mapped[str] = mapped_column(String(64))


class Order(db.Model):
    """A car order as the dealer system knows it."""

    __tablename__ = "orders"
    __table_args__ = (
        # ``due_orders`` (``invitations send-due``): only the orders still "ordered" and not
        # invited, so the stale orders (delivery passed, invited long ago) are never visited.
        Index(
            "ix_orders_to_invite",
            "planned_delivery",
            postgresql_where=text("status = 'ordered' AND invited_at IS NULL"),
            sqlite_where=text("status = 'ordered' AND invited_at IS NULL"),
        ),
        # A car is on order for one customer at a time: a VIN is on at most one order still
        # "ordered". A cancelled order keeps its VIN for the record, and a delivered one too:
        # a car sold on may come back in its next owner's order (the activation adds up the
        # contracts of a car's orders; ``vehicles.orders_before_release`` tells the seller's
        # from the buyer's). ``services.vin_on_order`` asks first; this index decides between
        # two writers at the same moment.
        Index(
            "uq_orders_ordered_vin",
            "vin",
            unique=True,
            postgresql_where=text("vin IS NOT NULL AND status = 'ordered'"),
            sqlite_where=text("vin IS NOT NULL AND status = 'ordered'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_number: Mapped[str] = mapped_column(String(32), unique=True)
    market: Mapped[str] = mapped_column(String(2), index=True)
    partner_id: Mapped[str] = mapped_column(String(64))
    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    phone_e164: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(LANGUAGE_LENGTH))
    #: Indexed: the car page and every car poll look up the car's orders by VIN.
    vin: Mapped[str | None] = mapped_column(String(17), index=True)
    commission_number: Mapped[str | None] = mapped_column(String(20))
    model_id: Mapped[str] = mapped_column(String(40))
    model_year: Mapped[int] = mapped_column(Integer)
    #: Not indexed alone: ``due_orders`` reads ``ix_orders_to_invite``, no other query asks.
    planned_delivery: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=ORDERED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: When the order's live invitation (not voided; open or used) was sent; None when it has
    #: none, so ``due_orders`` reads only the orders still to invite (``ix_orders_to_invite``).
    #: Kept by ``send_invitation`` and ``void_invitations``.
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="order", order_by="Invitation.id"
    )


class Invitation(db.Model):
    """One invitation e-mail: its link's token (hash only), lifetime and use.

    An order has at most one open link (neither used nor voided; an expired one counts until
    a newer one voids it): a new invitation voids the older open ones, and the database holds
    to it (``uq_invitations_open_order``), also against two senders at the same moment.
    """

    __tablename__ = "invitations"
    __table_args__ = (
        Index(
            "uq_invitations_open_order",
            "order_id",
            unique=True,
            postgresql_where=text("used_at IS NULL AND voided_at IS NULL"),
            sqlite_where=text("used_at IS NULL AND voided_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When the link was first opened (shown to staff; a mail scanner may be the first).
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set only by ``services.void_invitations``, which keeps ``Order.invited_at`` with it
    #: (a test fails on any other writer).
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[Order] = relationship(back_populates="invitations")

    def usable(self, now: datetime) -> bool:
        return self.used_at is None and self.voided_at is None and self.expires_at > now


class RunLock(db.Model):
    """A job that must not run twice at once (``invitations send-due``), on databases without
    advisory locks (SQLite): the row is the lock, held by ``holder`` until ``expires_at`` so
    that a run that crashed blocks the next ones for one lease at most.
    See :mod:`porsche_web.orders.runlock`."""

    __tablename__ = "run_locks"

    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(32))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


# -- the guided activation ---------------------------------------------------------------------
