"""Track your Dream: the order's milestones and the customers' wish for an e-mail at each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from porsche_web import clock
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db


class OrderMilestone(db.Model):
    """One milestone of an ordered car, when it happened (as the dealer system says) and when
    we heard of it. One row per order and milestone: a repeated report changes nothing, a
    corrected time replaces the earlier one."""

    __tablename__ = "order_milestones"
    __table_args__ = (UniqueConstraint("order_id", "milestone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    milestone: Mapped[str] = mapped_column(String(20))
    happened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)


class MilestoneSubscription(db.Model):
    """The customer asked for an e-mail at each new milestone of the order (opt-in)."""

    __tablename__ = "milestone_subscriptions"
    __table_args__ = (UniqueConstraint("account_id", "order_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
