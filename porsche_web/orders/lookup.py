"""Orders for the staff console, as value objects, always inside a scope.

Public functions of the orders feature: the staff console finds orders and reads them only
through here, never through the ``orders`` table. Every function takes the scope (the markets,
and for a Porsche Centre its partner ids) and applies it in SQL: an order outside the scope is
never loaded, not even counted.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from porsche_web import clock
from porsche_web.accounts.services import normalize_email
from porsche_web.extensions import db
from porsche_web.hooks import current_hooks
from porsche_web.orders import invitations, services
from porsche_web.orders.models import Order
from porsche_web.orders.schema import vin_problem


@dataclass(frozen=True)
class Scope:
    """Where a staff member may look: markets, and (a Porsche Centre) partner ids."""

    markets: frozenset[str]
    partners: frozenset[str] | None = None

    @property
    def empty(self) -> bool:
        return not self.markets or (self.partners is not None and not self.partners)


@dataclass(frozen=True)
class InvitationView:
    email: str
    sent_at: datetime
    expires_at: datetime
    used_at: datetime | None
    voided_at: datetime | None
    #: When the link was first opened (None: never; a mail scanner may be the first).
    opened_at: datetime | None = None

    def state(self, now: datetime) -> str:
        """``used``, ``voided``, ``expired`` or ``open``."""
        if self.used_at is not None:
            return "used"
        if self.voided_at is not None:
            return "voided"
        return "expired" if self.expires_at <= now else "open"


@dataclass(frozen=True)
class OrderView:
    order_number: str
    market: str
    partner_id: str | None
    status: str
    given_name: str
    family_name: str
    email: str
    phone_e164: str | None
    language: str
    vin: str | None
    model_id: str
    model_year: int
    planned_delivery: date | None
    invitations: tuple[InvitationView, ...]


def _scoped(query: Select, scope: Scope) -> Select:
    query = query.where(Order.market.in_(sorted(scope.markets)))
    if scope.partners is not None:
        query = query.where(Order.partner_id.in_(sorted(scope.partners)))
    return query


def _view(order: Order) -> OrderView:
    return OrderView(
        order_number=order.order_number,
        market=order.market,
        partner_id=order.partner_id,
        status=order.status,
        given_name=order.given_name,
        family_name=order.family_name,
        email=order.email,
        phone_e164=order.phone_e164,
        language=order.language,
        vin=order.vin,
        model_id=order.model_id,
        model_year=order.model_year,
        planned_delivery=order.planned_delivery,
        invitations=tuple(
            InvitationView(i.email, i.sent_at, i.expires_at, i.used_at, i.voided_at, i.opened_at)
            for i in sorted(order.invitations, key=lambda i: i.sent_at)
        ),
    )


def find_orders(
    scope: Scope,
    *,
    number: str | None = None,
    vin: str | None = None,
    emails: Collection[str] = (),
    phone: str | None = None,
    limit: int = 50,
) -> list[OrderView]:
    """The orders in ``scope`` that match exactly (one criterion at a time), newest first."""
    if scope.empty:
        return []
    query = select(Order).options(selectinload(Order.invitations))
    if number:
        query = query.where(Order.order_number == number.strip().upper())
    elif vin:
        query = query.where(Order.vin == vin)
    elif emails:
        query = query.where(func.lower(Order.email).in_([e.lower() for e in emails]))
    elif phone:
        query = query.where(Order.phone_e164 == phone)
    else:
        return []
    query = _scoped(query, scope).order_by(Order.id.desc()).limit(limit)
    return [_view(order) for order in db.session.execute(query).scalars()]


def order_in_scope(scope: Scope, number: str) -> OrderView | None:
    found = find_orders(scope, number=number, limit=1)
    return found[0] if found else None


#: A second "resend" within this time is the same request submitted twice: nothing more is sent.
RESEND_GRACE = timedelta(seconds=60)


def resend_invitation(
    scope: Scope, number: str, email: str | None = None
) -> tuple[OrderView, bool] | None:
    """A new invitation for an order in ``scope`` (the older links stop working), to a
    corrected e-mail address if given, and whether it was sent now: the same request twice
    within :data:`RESEND_GRACE` sends one invitation. None outside the scope."""
    if scope.empty:
        return None
    order = db.session.execute(
        _scoped(select(Order).where(Order.order_number == number.strip().upper()), scope)
    ).scalar_one_or_none()
    if order is None:
        return None
    now = clock.now()
    address = normalize_email(email) if email else order.email
    newest = max(order.invitations, key=lambda i: i.sent_at, default=None)
    repeated = (
        newest is not None
        and newest.email == address
        and newest.usable(now)
        and now - newest.sent_at < RESEND_GRACE
    )
    if not repeated:
        order.email = address
        invitations.send_invitation(order, now)
        db.session.flush()
        db.session.refresh(order)
    return _view(order), not repeated


class VinRefused(Exception):
    """The VIN of the order is not corrected; ``problem`` says why, in the order the refusals
    are tried (the most fundamental first): ``"not_activated"`` (until the customer activates
    the order, its dealer system changes the VIN: nothing to correct here, whatever the VIN),
    ``"invalid"`` (not a VIN of the order's market, :func:`porsche_web.orders.schema.vin_problem`),
    ``"taken"`` (another order, not cancelled, has the VIN; also when one took it at the same
    moment, which ``uq_orders_ordered_vin`` tells when both are still ordered) or ``"linked"``
    (the caller's ``car_forbids`` says a car forbids it). The same VIN as the order's is no
    refusal: nothing changes (the same request twice)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True)
class VinCorrection:
    order: OrderView
    #: The VIN before (None: the order had none).
    old_vin: str | None
    #: False when the order had this VIN already (the same request twice): nothing changed.
    changed: bool


def correct_vin(
    scope: Scope,
    number: str,
    raw_vin: str,
    car_forbids: Callable[[str | None, str], bool] | None = None,
) -> VinCorrection | None:
    """Correct the VIN of an order in ``scope`` that its customer has activated (the dealer
    systems may no longer change it, ``services.FIXED_WHEN_ACTIVATED``): the VIN in upper case,
    by the orders' VIN rule. Every check comes before the write (the refusals in the order of
    :class:`VinRefused`), so a refused correction writes nothing. Flushes only; the caller
    commits.

    Everything else follows the order's VIN: the contracts, charging cards, Data Pass and
    milestones of an activation name the order, not the car, so the car with the corrected VIN
    gets the services (``activation.contracts.contracts_for_vin``) and the old VIN none. (Rows
    naming a car by VIN are of cars linked without an order, and invoices keep the VIN they
    were issued for.)

    :param car_forbids: the caller's last check, ``(old VIN, new VIN) -> True`` when a car of
        another feature forbids the change (e.g. one linked to a Porsche ID under either VIN);
        asked only when everything else allows it.
    :returns: None outside the scope.
    :raises VinRefused: see its ``problem``.
    """
    if scope.empty:
        return None
    order = db.session.execute(
        _scoped(
            select(Order).where(Order.order_number == number.strip().upper()), scope
        ).with_for_update()
    ).scalar_one_or_none()
    if order is None:
        return None
    if not current_hooks().order_activated(order):
        raise VinRefused("not_activated")
    vin = raw_vin.strip().upper()
    if vin_problem(vin, order.market) is not None:
        raise VinRefused("invalid")
    old = order.vin
    if vin == old:
        return VinCorrection(_view(order), old, changed=False)
    if services.vin_taken(vin, order.id):
        raise VinRefused("taken")
    if car_forbids is not None and car_forbids(old, vin):
        raise VinRefused("linked")
    try:
        with db.session.begin_nested():
            order.vin = vin
            order.updated_at = clock.now()
    except IntegrityError:
        # Another order took the VIN since we looked (``uq_orders_ordered_vin``); the savepoint
        # is undone, the order keeps its VIN.
        db.session.refresh(order)
        raise VinRefused("taken") from None
    return VinCorrection(_view(order), old, changed=True)
