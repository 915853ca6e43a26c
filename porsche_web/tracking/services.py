"""Track your Dream's operations: recording a milestone, the timeline, the e-mail opt-in.
Explicit arguments, no request; the callers commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_datetime, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from porsche_web.accounts.models import Account
from porsche_web.accounts.services import account_url, email_account
from porsche_web.activation import contracts
from porsche_web.connect import catalogue
from porsche_web.extensions import db
from porsche_web.notifications.services import in_language, url_context
from porsche_web.orders.models import Order
from porsche_web.tracking.models import MilestoneSubscription, OrderMilestone

#: The milestones of an ordered car, in the order they happen (F19).
MILESTONES = (
    "order_confirmed",
    "in_production",
    "produced",
    "in_transit",
    "at_centre",
    "handed_over",
)
MILESTONE_NAMES = {
    "order_confirmed": _l("Order confirmed"),
    "in_production": _l("In production"),
    "produced": _l("Produced"),
    "in_transit": _l("On its way"),
    "at_centre": _l("Arrived at your Porsche Centre"),
    "handed_over": _l("Handed over to you"),
}
#: Timeline states of a milestone.
DONE, PASSED, COMING = "done", "passed", "coming"


@dataclass(frozen=True)
class Step:
    """A milestone on the timeline: ``done`` (reported, with its time), ``passed`` (a later
    one is reported, this one not) or ``coming``; ``current`` for the furthest reported."""

    milestone: str
    name: str
    happened_at: datetime | None
    state: str
    current: bool


@dataclass(frozen=True)
class Recorded:
    """What a report changed: ``changed`` (new, or a corrected time) and the furthest
    milestone after it."""

    changed: bool
    furthest: str | None
    happened_at: datetime


def _reported(order_id: int) -> dict[str, datetime]:
    rows = db.session.execute(
        select(OrderMilestone.milestone, OrderMilestone.happened_at).where(
            OrderMilestone.order_id == order_id
        )
    ).all()
    return dict(rows)


def furthest(reported: Iterable[str]) -> str | None:
    """The furthest milestone reported (by the milestones' order, not by the reports' order:
    an earlier milestone reported late does not move the car back)."""
    indexes = [MILESTONES.index(m) for m in reported if m in MILESTONES]
    return MILESTONES[max(indexes)] if indexes else None


def record(order: Order, milestone: str, happened_at: datetime, now: datetime) -> Recorded:
    """Records a milestone of ``order``. The same report again changes nothing; a new time for
    a milestone already reported corrects it. A milestone that becomes the furthest is
    e-mailed to the customers who asked for it (never for a correction or an earlier one
    reported late).

    :raises ValueError: ``milestone`` is not one of :data:`MILESTONES`.
    """
    if milestone not in MILESTONES:
        raise ValueError(milestone)
    before = _reported(order.id)
    existing = db.session.execute(
        select(OrderMilestone).where(
            OrderMilestone.order_id == order.id, OrderMilestone.milestone == milestone
        )
    ).scalar_one_or_none()
    if existing is not None:
        if existing.happened_at == happened_at:
            return Recorded(False, furthest(before), existing.happened_at)
        existing.happened_at = happened_at
        existing.received_at = now
        db.session.flush()
        return Recorded(True, furthest(before), happened_at)
    try:
        with db.session.begin_nested():
            db.session.add(
                OrderMilestone(
                    order_id=order.id, milestone=milestone, happened_at=happened_at, received_at=now
                )
            )
            db.session.flush()
    except IntegrityError:  # the same report at the same moment: the other one recorded it
        return Recorded(False, furthest(before), happened_at)
    after = furthest({**before, milestone: happened_at})
    if after == milestone and furthest(before) != milestone:
        _tell_subscribers(order, milestone, happened_at)
    return Recorded(True, after, happened_at)


def timeline(order_id: int) -> list[Step]:
    reported = _reported(order_id)
    top = furthest(reported)
    top_index = MILESTONES.index(top) if top else -1
    steps = []
    for index, milestone in enumerate(MILESTONES):
        at = reported.get(milestone)
        if at is not None:
            state = DONE
        elif index < top_index:
            state = PASSED
        else:
            state = COMING
        steps.append(Step(milestone, str(MILESTONE_NAMES[milestone]), at, state, milestone == top))
    return steps


def owned_order(account_id: int, order_number: str) -> Order | None:
    """The order if the Porsche ID activates it (confirmed or not), else None."""
    if contracts.order_activated_by(account_id, order_number) is None:
        return None
    return db.session.execute(
        select(Order).where(Order.order_number == order_number.strip().upper())
    ).scalar_one_or_none()


def subscribed(account_id: int, order_id: int) -> bool:
    return (
        db.session.execute(
            select(MilestoneSubscription.id).where(
                MilestoneSubscription.account_id == account_id,
                MilestoneSubscription.order_id == order_id,
            )
        ).first()
        is not None
    )


def set_subscription(account_id: int, order_id: int, wanted: bool) -> None:
    """Opt in or out of the e-mails; asking twice changes nothing."""
    if not wanted:
        db.session.execute(
            delete(MilestoneSubscription).where(
                MilestoneSubscription.account_id == account_id,
                MilestoneSubscription.order_id == order_id,
            )
        )
        return
    if subscribed(account_id, order_id):
        return
    try:
        with db.session.begin_nested():
            db.session.add(MilestoneSubscription(account_id=account_id, order_id=order_id))
            db.session.flush()
    except IntegrityError:
        pass


def _tell_subscribers(order: Order, milestone: str, happened_at: datetime) -> None:
    accounts = db.session.execute(
        select(Account)
        .join(MilestoneSubscription, MilestoneSubscription.account_id == Account.id)
        .where(MilestoneSubscription.order_id == order.id)
    ).scalars()
    model = catalogue.get_model(order.model_id)
    for account in accounts:
        # The subscription stays only while the Porsche ID activates the order.
        if contracts.order_activated_by(account.id, order.order_number) is None:
            continue
        with url_context(), in_language(order.market, account.language):
            name = str(MILESTONE_NAMES[milestone])
            email_account(
                account,
                subject=gettext(
                    "Your %(model)s: %(milestone)s",
                    model=model.name if model else order.model_id,
                    milestone=name,
                ),
                paragraphs=[
                    gettext(
                        "News of your %(model)s (order %(number)s): %(milestone)s, on %(time)s.",
                        model=model.name if model else order.model_id,
                        number=order.order_number,
                        milestone=name,
                        time=format_datetime(happened_at, "long"),
                    ),
                    gettext(
                        "You get this e-mail because you asked for one at each milestone. You "
                        "can stop them on the page of your order."
                    ),
                ],
                link=(
                    gettext("Follow your car"),
                    account_url(account, "tracking.timeline", number=order.order_number),
                ),
            )


def forget_account(account_id: int) -> None:
    """A deleted Porsche ID takes its e-mail wishes along (the milestones belong to the order,
    which stays with the dealer system's data)."""
    db.session.execute(
        delete(MilestoneSubscription).where(MilestoneSubscription.account_id == account_id)
    )
