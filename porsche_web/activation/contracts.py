"""What the activation offers other features: the contracts of a car and the orders a Porsche
ID has activated, as small frozen value objects.

Other features (``vehicles``) read the activation's tables only through this module; they never
see an :class:`~porsche_web.activation.models.Activation`, ``Contract`` or ``Order``. Every
function here is one query and only reads, but :func:`end_contracts_for_vin` (a sold car).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Row, Select, func, select, update

from porsche_web.activation.models import CONFIRMED, Activation, Contract
from porsche_web.extensions import db
from porsche_web.orders.models import Order

#: The kinds of contract (``ServicePeriod.kind``).
CONNECT, CHARGING = "connect", "charging"


@dataclass(frozen=True)
class ServicePeriod:
    """A confirmed contract of a car: a Connect service (``kind == "connect"``, ``service_id``
    is a catalogue id) or the Charging Service (``kind == "charging"``, a plan id), from
    ``starts_on`` to ``ends_on`` (both included)."""

    service_id: str
    kind: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class LinkableOrder:
    """An order a Porsche ID activates or has activated, as far as linking its car needs it.

    ``confirmed`` tells whether the activation is confirmed; ``vin`` is None while the dealer
    system has not sent it.
    """

    order_number: str
    vin: str | None
    model_id: str
    model_year: int
    market: str
    account_id: int
    confirmed: bool
    confirmed_at: datetime | None

    @property
    def ready_to_link(self) -> bool:
        """Confirmed and with a VIN: the car can be linked from the order."""
        return self.confirmed and bool(self.vin)


#: One row of :func:`_linkable_select`.
_LinkableRow = Row[str, str | None, str, int, str, int, str, datetime | None]


def _linkable_select() -> Select[str, str | None, str, int, str, int, str, datetime | None]:
    return (
        select(
            Order.order_number,
            Order.vin,
            Order.model_id,
            Order.model_year,
            Order.market,
            Activation.account_id,
            Activation.status,
            Activation.confirmed_at,
        )
        .select_from(Activation)
        .join(Order, Activation.order_id == Order.id)
    )


def _linkable(row: _LinkableRow) -> LinkableOrder:
    number, vin, model_id, model_year, market, account_id, status, confirmed_at = row
    return LinkableOrder(
        order_number=number,
        vin=vin,
        model_id=model_id,
        model_year=model_year,
        market=market,
        account_id=account_id,
        confirmed=status == CONFIRMED,
        confirmed_at=confirmed_at,
    )


def contracts_for_vin(vin: str, today: date) -> list[ServicePeriod]:
    """The confirmed contracts of the car's orders that have not ended by ``today``, in the
    order they were made."""
    rows = db.session.execute(
        select(Contract.service_id, Contract.kind, Contract.starts_on, Contract.ends_on)
        .join(Activation, Contract.activation_id == Activation.id)
        .join(Order, Activation.order_id == Order.id)
        .where(Order.vin == vin, Activation.status == CONFIRMED, Contract.ends_on >= today)
        .order_by(Contract.id)
    ).all()
    return [
        ServicePeriod(service_id=service_id, kind=kind, starts_on=starts_on, ends_on=ends_on)
        for service_id, kind, starts_on, ends_on in rows
    ]


def end_contracts_for_vin(vin: str, today: date) -> None:
    """The car is sold and its market ends its contracts: every confirmed contract of the car
    that has not ended by ``today`` ends yesterday (so none is active from today)."""
    orders = select(Order.id).where(Order.vin == vin)
    activations = select(Activation.id).where(
        Activation.order_id.in_(orders), Activation.status == CONFIRMED
    )
    db.session.execute(
        update(Contract)
        .where(Contract.activation_id.in_(activations), Contract.ends_on >= today)
        .values(ends_on=today - timedelta(days=1))
        .execution_options(synchronize_session=False)
    )


def last_activation_for_vin(vin: str) -> datetime | None:
    """When services of the car were last activated (confirmed), None if never (F14)."""
    moment = db.session.execute(
        select(func.max(Activation.confirmed_at))
        .join(Order, Activation.order_id == Order.id)
        .where(Order.vin == vin, Activation.status == CONFIRMED)
    ).scalar()
    return moment


def activated_orders(account_id: int) -> list[LinkableOrder]:
    """The Porsche ID's confirmed activations of orders with a VIN, oldest confirmation first."""
    rows = db.session.execute(
        _linkable_select()
        .where(
            Activation.account_id == account_id,
            Activation.status == CONFIRMED,
            Order.vin.is_not(None),
        )
        .order_by(Activation.confirmed_at)
    ).all()
    return [_linkable(row) for row in rows]


def activating_account(order_number: str) -> int | None:
    """The Porsche ID that activates the order with this number, None when nobody does."""
    return db.session.execute(
        select(Activation.account_id)
        .join(Order, Activation.order_id == Order.id)
        .where(Order.order_number == order_number.strip().upper())
    ).scalar_one_or_none()


def order_activated_by(account_id: int, order_number: str) -> LinkableOrder | None:
    """The order with this number if the Porsche ID activates it (confirmed or not); None for
    an unknown order, one nobody activates, or one another Porsche ID activates."""
    row = db.session.execute(
        _linkable_select().where(Order.order_number == order_number.strip().upper())
    ).one_or_none()
    if row is None or row.account_id != account_id:
        return None
    return _linkable(row)


@dataclass(frozen=True)
class ActivationProgress:
    """How far the customer got with an order's activation, step by step (for the staff
    console): each answer's time, or None while it is not given."""

    account_id: int
    status: str
    started_at: datetime
    services_chosen: bool
    data_pass_decided_at: datetime | None
    charging_decided_at: datetime | None
    partner_decided_at: datetime | None
    invoice_recipient_set: bool
    confirmed_at: datetime | None
    contracts: tuple[ServicePeriod, ...]


def progress_of_order(order_number: str) -> ActivationProgress | None:
    """The activation of the order with this number, None when nobody has started it."""
    activation = db.session.execute(
        select(Activation)
        .join(Order, Activation.order_id == Order.id)
        .where(Order.order_number == order_number)
    ).scalar_one_or_none()
    if activation is None:
        return None
    periods = db.session.execute(
        select(Contract.service_id, Contract.kind, Contract.starts_on, Contract.ends_on)
        .where(Contract.activation_id == activation.id)
        .order_by(Contract.id)
    ).all()
    return ActivationProgress(
        account_id=activation.account_id,
        status=activation.status,
        started_at=activation.created_at,
        services_chosen=activation.services is not None,
        data_pass_decided_at=activation.data_pass_decided_at,
        charging_decided_at=activation.charging_decided_at,
        partner_decided_at=activation.partner_decided_at,
        invoice_recipient_set=activation.billing_address_id is not None,
        confirmed_at=activation.confirmed_at,
        contracts=tuple(ServicePeriod(*row) for row in periods),
    )
