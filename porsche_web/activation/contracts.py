"""What the activation offers other features: the contracts of a car and the orders a Porsche
ID has activated, as small frozen value objects.

Other features (``vehicles``, ``charging``, ``subscriptions``, ``sale``) read the activation's
tables only through this module; they never see an
:class:`~porsche_web.activation.models.Activation`, ``Contract`` or ``Order``. Most functions here
are one query and only read; the few that write say so: the Charging Service booked after the
activation (:func:`book_charging`, :func:`end_charging`), a contract's end moved by "My services"
(:func:`set_contract_end`) and the contracts of a sold car (:func:`end_contracts_for_vin`).

A contract belongs to the Porsche ID and the car. Most come from an activation (the car is its
order's); the Charging Service of a car linked without an activation of the customer's (a used
car's buyer, :func:`book_charging_for_car`) has none and names its car itself. Every query here
sees both (:func:`contracts_for_vin` as two indexed lookups; the others with the ``_car_*``
expressions, which take the order's value, else the contract's own).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import (
    CursorResult,
    Row,
    Select,
    and_,
    bindparam,
    func,
    null,
    or_,
    select,
    union_all,
    update,
)

from porsche_web import clock
from porsche_web.activation.models import (
    CONFIRMED,
    DATA_PASS_CONSENT,
    Activation,
    Consent,
    Contract,
)
from porsche_web.extensions import db
from porsche_web.markets.types import ChargingPlan, Market
from porsche_web.orders.models import Order

#: The kinds of contract (``ServicePeriod.kind``).
CONNECT, CHARGING = "connect", "charging"

#: The car of a contract: its order's value, or the contract's own for one without an
#: activation (the query joins the activation and the order with outer joins).
_car_vin = func.coalesce(Order.vin, Contract.vin)
_car_market = func.coalesce(Order.market, Contract.market)
_car_model = func.coalesce(Order.model_id, Contract.model_id)
_car_year = func.coalesce(Order.model_year, Contract.model_year)
_car_recipient = func.coalesce(Activation.invoice_recipient, Contract.invoice_recipient)
#: A contract that counts: of a confirmed activation, or one without an activation.
_in_force = or_(Contract.activation_id.is_(None), Activation.status == CONFIRMED)


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
    """The contracts of the car (of its orders' confirmed activations, and those without an
    activation) that run on ``today`` (started, from the car's delivery, and not ended), in
    the order they were made: a service whose contract starts later is not in the car's set
    yet. Two indexed lookups (``ix_orders_vin``, ``ix_contracts_vin``), never a scan."""
    columns = (
        Contract.id,
        Contract.service_id,
        Contract.kind,
        Contract.starts_on,
        Contract.ends_on,
    )
    running = (
        Contract.starts_on <= today,
        Contract.ends_on >= today,
        # A contract cancelled before its start never runs.
        Contract.ends_on >= Contract.starts_on,
    )
    of_orders = (
        select(*columns)
        .join(Activation, Contract.activation_id == Activation.id)
        .join(Order, Activation.order_id == Order.id)
        .where(Order.vin == vin, Activation.status == CONFIRMED, *running)
    )
    of_the_car = select(*columns).where(
        Contract.vin == vin, Contract.activation_id.is_(None), *running
    )
    both = union_all(of_orders, of_the_car).subquery()
    rows = db.session.execute(
        select(both.c.service_id, both.c.kind, both.c.starts_on, both.c.ends_on).order_by(both.c.id)
    ).all()
    return [
        ServicePeriod(service_id=service_id, kind=kind, starts_on=starts_on, ends_on=ends_on)
        for service_id, kind, starts_on, ends_on in rows
    ]


def end_contracts_for_vin(vin: str, today: date) -> None:
    """The car is sold and its market ends its contracts: every confirmed contract of the car
    that has not ended by ``today`` ends yesterday (so none is active from today); one that has
    not started yet ends the day before its start, so it never runs (as :func:`end_charging`
    ends it). Safe to run twice. Flushes only."""
    orders = select(Order.id).where(Order.vin == vin)
    activations = select(Activation.id).where(
        Activation.order_id.in_(orders), Activation.status == CONFIRMED
    )
    running = db.session.execute(
        select(Contract).where(
            or_(
                Contract.activation_id.in_(activations),
                and_(Contract.activation_id.is_(None), Contract.vin == vin),
            ),
            Contract.ends_on >= today,
        )
    ).scalars()
    yesterday = today - timedelta(days=1)
    for contract in running:
        contract.ends_on = max(yesterday, contract.starts_on - timedelta(days=1))
    db.session.flush()


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
    return activations_of_account(account_id).activated


@dataclass(frozen=True)
class CustomerActivation:
    """One activation of a Porsche ID, a draft or confirmed, with its order
    (:func:`activations_of_account`). ``language`` is the order's (the dealer's),
    ``activation_language`` the one the customer confirmed in."""

    activation_id: int
    created_at: datetime
    order_number: str
    vin: str | None
    model_id: str
    model_year: int
    market: str
    language: str
    account_id: int
    confirmed: bool
    confirmed_at: datetime | None
    data_pass_provider: str | None
    activation_language: str | None
    #: Whether the Data Pass consent is live (withdrawn: no hand-off to the provider).
    data_pass_consented: bool = True

    def linkable(self) -> LinkableOrder:
        return LinkableOrder(
            order_number=self.order_number,
            vin=self.vin,
            model_id=self.model_id,
            model_year=self.model_year,
            market=self.market,
            account_id=self.account_id,
            confirmed=self.confirmed,
            confirmed_at=self.confirmed_at,
        )


@dataclass(frozen=True)
class CustomerActivations:
    """Every activation of one Porsche ID with its order, read in one statement
    (:func:`activations_of_account`); the views other features need are derived from it here,
    each rule in one place: :attr:`confirmed` (:func:`confirmed_orders`), :attr:`activated`
    (:func:`activated_orders`), :attr:`data_passes` (:func:`data_pass_activations` of one
    Porsche ID)."""

    #: newest first (as the customer started them)
    all: tuple[CustomerActivation, ...]

    def _confirmed(self) -> list[CustomerActivation]:
        found = [a for a in self.all if a.confirmed]
        found.sort(key=lambda a: (a.confirmed_at, a.activation_id))
        return found

    @property
    def confirmed(self) -> list[LinkableOrder]:
        """The confirmed activations, with or without a VIN, oldest confirmation first."""
        return [a.linkable() for a in self._confirmed()]

    @property
    def activated(self) -> list[LinkableOrder]:
        """The confirmed activations of orders with a VIN, oldest confirmation first."""
        return [a.linkable() for a in self._confirmed() if a.vin]

    @property
    def data_passes(self) -> list[DataPassActivation]:
        """The confirmed activations with a Data Pass whose consent is live, oldest first."""
        found = []
        for a in self._confirmed():
            if a.data_pass_provider is None or not a.data_pass_consented:
                continue
            assert a.confirmed_at is not None  # confirmed
            found.append(
                DataPassActivation(
                    a.order_number,
                    a.account_id,
                    a.market,
                    a.model_id,
                    a.model_year,
                    a.vin,
                    a.data_pass_provider,
                    a.confirmed_at,
                    a.activation_language,
                )
            )
        return found


@functools.cache
def _activations_of_account() -> Select[*tuple[Any, ...]]:
    """The statement of :func:`activations_of_account`, built once (building a statement
    costs more Python than running it)."""
    return (
        select(
            Activation.id,
            Activation.created_at,
            Order.order_number,
            Order.vin,
            Order.model_id,
            Order.model_year,
            Order.market,
            Order.language,
            Activation.account_id,
            Activation.status,
            Activation.confirmed_at,
            Activation.data_pass_provider,
            Activation.language,
            _data_pass_consented(),
        )
        .select_from(Activation)
        .join(Order, Activation.order_id == Order.id)
        .where(Activation.account_id == bindparam("account_id"))
        .order_by(Activation.created_at.desc(), Activation.id.desc())
    )


def activations_of_account(account_id: int) -> CustomerActivations:
    """Every activation of the Porsche ID (drafts and confirmed) with its order, newest first,
    in one statement: My Porsche's sections (the activations, the cars, the Charging Service,
    Track your Dream, the Data Pass) share it through ``hooks.once_per_page`` instead of each
    asking for its part."""
    rows = db.session.execute(_activations_of_account(), {"account_id": account_id}).all()
    return CustomerActivations(
        tuple(
            CustomerActivation(
                activation_id=row[0],
                created_at=row[1],
                order_number=row[2],
                vin=row[3],
                model_id=row[4],
                model_year=row[5],
                market=row[6],
                language=row[7],
                account_id=row[8],
                confirmed=row[9] == CONFIRMED,
                confirmed_at=row[10],
                data_pass_provider=row[11],
                activation_language=row[12],
                data_pass_consented=bool(row[13]),
            )
            for row in rows
        )
    )


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


# -- the Charging Service after the activation (issue #13, item 2) -----------------------------


@dataclass(frozen=True)
class ChargingContract:
    """The charging contract of an order (or, without one, of a car linked by pairing code):
    its plan (``plan_id``), from ``starts_on`` to ``ends_on`` (both included);
    ``contract_id`` names it for :func:`end_charging`."""

    contract_id: int
    order_number: str | None
    plan_id: str
    starts_on: date
    ends_on: date
    price: Decimal | None
    currency: str


def confirmed_orders(account_id: int) -> list[LinkableOrder]:
    """The Porsche ID's confirmed activations, with or without a VIN (ordered and delivered
    cars), oldest confirmation first."""
    return activations_of_account(account_id).confirmed


def invoice_recipient(account_id: int, order_number: str) -> dict[str, Any] | None:
    """The invoice recipient the Porsche ID confirmed for the order (F8), as it was confirmed
    (``name``, ``street``, ``postal_code``, ``city``, ``region``, ``country``, ``kind``,
    ``company``, ``vat_number``); None for no confirmed activation of the account's."""
    return db.session.execute(
        select(Activation.invoice_recipient)
        .join(Order, Activation.order_id == Order.id)
        .where(
            Order.order_number == order_number,
            Activation.account_id == account_id,
            Activation.status == CONFIRMED,
        )
    ).scalar_one_or_none()


def _newest_charging(query: Select[Any], today: date) -> ChargingContract | None:
    """The newest charging contract of ``query`` (over contracts, selecting
    :func:`_charging_columns`) that has not ended by ``today``; one cancelled before its start
    never runs and is left out."""
    row = db.session.execute(
        query.where(
            Contract.kind == CHARGING,
            Contract.ends_on >= today,
            Contract.ends_on >= Contract.starts_on,
        )
        .order_by(Contract.id.desc())
        .limit(1)
    ).one_or_none()
    return ChargingContract(*row) if row is not None else None


def _charging_columns(order_number: Any) -> Select[Any]:
    """The columns of a :class:`ChargingContract`, the order number from ``order_number``."""
    return select(
        Contract.id,
        order_number,
        Contract.service_id,
        Contract.starts_on,
        Contract.ends_on,
        Contract.price,
        Contract.currency,
    )


def charging_contract(account_id: int, order_number: str, today: date) -> ChargingContract | None:
    """The order's charging contract that has not ended by ``today`` (the newest), if the
    Porsche ID has confirmed the order's activation."""
    return _newest_charging(
        _charging_columns(Order.order_number)
        .join(Activation, Contract.activation_id == Activation.id)
        .join(Order, Activation.order_id == Order.id)
        .where(
            Order.order_number == order_number,
            Activation.account_id == account_id,
            Activation.status == CONFIRMED,
        ),
        today,
    )


def hold_for_charging(account_id: int, order_number: str) -> bool:
    """Takes the write lock of the order's confirmed activation (a row lock on PostgreSQL, the
    database's write lock on SQLite) until the caller's transaction ends, so that two bookings
    of the Charging Service for the same car run one after the other. Call it first in the
    transaction.

    :returns: False when the Porsche ID has no confirmed activation of this order.
    """
    activation_id = (
        select(Activation.id)
        .join(Order, Activation.order_id == Order.id)
        .where(
            Order.order_number == order_number,
            Activation.account_id == account_id,
            Activation.status == CONFIRMED,
        )
        .scalar_subquery()
    )
    held = db.session.execute(
        update(Activation)
        .where(Activation.id == activation_id)
        .values(updated_at=Activation.updated_at)
    )
    return bool(cast(CursorResult[Any], held).rowcount)


class NotBookable(Exception):
    """The order has no confirmed activation of this Porsche ID, or already a charging
    contract that runs."""


def book_charging(
    account_id: int,
    order_number: str,
    plan: ChargingPlan,
    currency: str,
    market: Market,
    now: datetime,
) -> ChargingContract:
    """Books the Charging Service for the car of a confirmed activation, any time after it
    (F16): a charging contract from the car's delivery (today for a car already delivered)
    with the plan's included months (12 when none), at the plan's monthly fee.

    A plan booked before and cancelled is started again (the contract's row is reused). Adds
    and flushes only; the caller commits.

    :raises NotBookable: no confirmed activation of the account's, or a charging contract
        that has not ended yet.
    """
    from porsche_web.activation.checkout import first_term_end, start_date

    activation = db.session.execute(
        select(Activation)
        .join(Order, Activation.order_id == Order.id)
        .where(
            Order.order_number == order_number,
            Activation.account_id == account_id,
            Activation.status == CONFIRMED,
        )
    ).scalar_one_or_none()
    if activation is None:
        raise NotBookable(order_number)
    starts = start_date(activation.order, market, now)
    if charging_contract(account_id, order_number, clock.today(market.timezone, now)):
        raise NotBookable(order_number)
    ends = first_term_end(starts, plan.included_months)
    contract = db.session.execute(
        select(Contract).where(
            Contract.activation_id == activation.id, Contract.service_id == plan.id
        )
    ).scalar_one_or_none()
    if contract is None:
        contract = Contract(activation_id=activation.id, account_id=account_id, service_id=plan.id)
        db.session.add(contract)
    contract.kind = CHARGING
    contract.included_months = plan.included_months
    contract.price = plan.monthly_fee
    contract.currency = currency
    contract.starts_on = starts
    contract.ends_on = ends
    contract.created_at = now
    db.session.flush()
    return ChargingContract(
        contract.id, order_number, plan.id, starts, ends, plan.monthly_fee, currency
    )


def charging_contract_for_car(account_id: int, vin: str, today: date) -> ChargingContract | None:
    """The Porsche ID's charging contract without an activation for the car ``vin`` that has
    not ended by ``today`` (the newest), None when there is none."""
    return _newest_charging(
        _charging_columns(null()).where(
            Contract.activation_id.is_(None),
            Contract.vin == vin,
            Contract.account_id == account_id,
        ),
        today,
    )


@dataclass(frozen=True)
class CarToBook:
    """A car the customer uses without an activation of their own (linked with its pairing
    code, e.g. bought used), as far as a contract needs it."""

    vin: str
    market: str
    model_id: str
    model_year: int


def book_charging_for_car(
    account_id: int,
    car: CarToBook,
    plan: ChargingPlan,
    currency: str,
    recipient: dict[str, Any],
    market: Market,
    now: datetime,
) -> ChargingContract:
    """Books the Charging Service for a car the Porsche ID linked without an activation of its
    own (F16): a charging contract of the customer and the car, from today (the car is here),
    with the plan's included months (12 when none), at the plan's monthly fee, invoiced to
    ``recipient`` (F8). Adds and flushes only; the caller commits and makes sure the car is the
    customer's.

    :raises NotBookable: a charging contract of the account's for the car has not ended yet.
    """
    from porsche_web.activation.checkout import first_term_end

    today = clock.today(market.timezone, now)
    if charging_contract_for_car(account_id, car.vin, today):
        raise NotBookable(car.vin)
    ends = first_term_end(today, plan.included_months)
    contract = Contract(
        activation_id=None,
        account_id=account_id,
        service_id=plan.id,
        kind=CHARGING,
        included_months=plan.included_months,
        price=plan.monthly_fee,
        currency=currency,
        starts_on=today,
        ends_on=ends,
        created_at=now,
        vin=car.vin,
        market=car.market,
        model_id=car.model_id,
        model_year=car.model_year,
        invoice_recipient=dict(recipient),
    )
    db.session.add(contract)
    db.session.flush()
    return ChargingContract(contract.id, None, plan.id, today, ends, plan.monthly_fee, currency)


def end_charging(account_id: int, contract_id: int, last_day: date) -> bool:
    """Ends the Porsche ID's charging contract on ``last_day`` (the day before it starts, for
    a contract that has not started: then it never runs). Flushes only.

    :returns: False for a contract that is not the account's charging contract or has ended.
    """
    contract = db.session.execute(
        select(Contract).where(
            Contract.id == contract_id,
            Contract.account_id == account_id,
            Contract.kind == CHARGING,
        )
    ).scalar_one_or_none()
    if contract is None or contract.ends_on < last_day:
        return False
    contract.ends_on = max(min(last_day, contract.ends_on), contract.starts_on - timedelta(days=1))
    db.session.flush()
    return True


# -- the Data Pass hand-off (issue #13, item 4) ------------------------------------------------


def _data_pass_consented() -> Any:
    """Whether the activation's Data Pass consent is live (given and not withdrawn): the
    hand-off to the provider (its registration link, the reminder, the provider's API) stops
    when the customer withdraws it (issue #14, item 2) and resumes when they give it again."""
    return (
        select(Consent.id)
        .where(
            Consent.activation_id == Activation.id,
            Consent.kind == DATA_PASS_CONSENT,
            Consent.subject == Activation.data_pass_provider,
            Consent.withdrawn_at.is_(None),
        )
        .exists()
    )


@dataclass(frozen=True)
class DataPassActivation:
    """A confirmed activation with the Data Pass (F9): the provider whose terms the customer
    accepted, for the hand-off to the provider's registration (F18)."""

    order_number: str
    account_id: int
    market: str
    model_id: str
    model_year: int
    vin: str | None
    provider: str
    confirmed_at: datetime
    language: str | None


def data_pass_activations(
    *,
    account_id: int | None = None,
    confirmed_before: datetime | None = None,
    order_number: str | None = None,
    vin: str | None = None,
) -> list[DataPassActivation]:
    """The confirmed activations with a Data Pass whose consent is live, oldest first: of one
    Porsche ID, confirmed before a moment (for reminders), of one order, or of one car (``vin``,
    through the orders' VIN index: the provider's callback)."""
    query = (
        select(
            Order.order_number,
            Activation.account_id,
            Order.market,
            Order.model_id,
            Order.model_year,
            Order.vin,
            Activation.data_pass_provider,
            Activation.confirmed_at,
            Activation.language,
        )
        .join(Order, Activation.order_id == Order.id)
        .where(
            Activation.status == CONFIRMED,
            Activation.data_pass_provider.is_not(None),
            _data_pass_consented(),
        )
        .order_by(Activation.confirmed_at, Activation.id)
    )
    if account_id is not None:
        query = query.where(Activation.account_id == account_id)
    if confirmed_before is not None:
        query = query.where(Activation.confirmed_at <= confirmed_before)
    if order_number is not None:
        query = query.where(Order.order_number == order_number.strip().upper())
    if vin is not None:
        query = query.where(Order.vin == vin.strip().upper())
    found = []
    for number, account, market, model_id, year, vin, provider, at, language in db.session.execute(
        query
    ).all():
        assert provider is not None and at is not None  # by the query
        found.append(
            DataPassActivation(number, account, market, model_id, year, vin, provider, at, language)
        )
    return found


# -- the customer's contracts over their life (``porsche_web.subscriptions``) -------------------


@dataclass(frozen=True)
class ContractInfo:
    """A confirmed contract of a Porsche ID with what "My services" shows and needs: its car
    (order, VIN, model), its period and price, the invoice recipient of the checkout (F8) and
    the language the activation was confirmed in."""

    id: int
    account_id: int
    service_id: str
    kind: str
    included_months: int
    #: Yearly price after the included period (charging: the monthly fee), or None.
    price: Decimal | None
    currency: str
    starts_on: date
    ends_on: date
    market: str
    #: None for a contract without an activation (booked for a car linked by pairing code).
    order_number: str | None
    vin: str | None
    model_id: str
    model_year: int
    invoice_recipient: dict[str, Any] | None

    @property
    def included_until(self) -> date:
        """The last day of the included period (the start when nothing is included)."""
        from porsche_web.activation.checkout import add_months

        if not self.included_months:
            return self.starts_on
        return add_months(self.starts_on, self.included_months)

    @property
    def runs_its_first_term(self) -> bool:
        """Whether the contract ends where its first term ends (as booked): not ended early
        (cancelled, the car sold) and not renewed."""
        from porsche_web.activation.checkout import first_term_end

        return self.ends_on == first_term_end(self.starts_on, self.included_months)


def _info_select() -> Select[Any]:
    """The columns of :class:`ContractInfo`, in its order."""
    return cast(
        Select[Any],
        select(
            Contract.id,
            Contract.account_id,
            Contract.service_id,
            Contract.kind,
            Contract.included_months,
            Contract.price,
            Contract.currency,
            Contract.starts_on,
            Contract.ends_on,
            _car_market,
            Order.order_number,
            _car_vin,
            _car_model,
            _car_year,
            _car_recipient,
        )
        .outerjoin(Activation, Contract.activation_id == Activation.id)
        .outerjoin(Order, Activation.order_id == Order.id)
        .where(_in_force),
    )


def contracts_of_account(account_id: int) -> list[ContractInfo]:
    """Every confirmed contract of the Porsche ID (ended ones too), by order, then as made."""
    rows = db.session.execute(
        _info_select()
        .where(Contract.account_id == account_id)
        .order_by(func.coalesce(Order.order_number, Contract.vin), Contract.id)
    ).all()
    return [ContractInfo(*row) for row in rows]


def contract_of_account(account_id: int, contract_id: int) -> ContractInfo | None:
    """The contract if it is the Porsche ID's and confirmed; None otherwise."""
    row = db.session.execute(
        _info_select().where(Contract.id == contract_id, Contract.account_id == account_id)
    ).one_or_none()
    return ContractInfo(*row) if row else None


def contract_owner(contract_id: int) -> int | None:
    """The Porsche ID a contract belongs to (for the 404 of an ownership check)."""
    return db.session.execute(
        select(Contract.account_id).where(Contract.id == contract_id)
    ).scalar_one_or_none()


def contracts_ending_between(first: date, last: date) -> list[ContractInfo]:
    """Confirmed contracts whose current end date lies from ``first`` to ``last`` (included)."""
    rows = db.session.execute(
        _info_select()
        .where(Contract.ends_on >= first, Contract.ends_on <= last)
        .order_by(Contract.id)
    ).all()
    return [ContractInfo(*row) for row in rows]


def lock_contract(contract_id: int) -> date | None:
    """Lock the contract's row until the transaction ends (``SELECT … FOR UPDATE`` where the
    database has it) and answer its current end date; None for an unknown contract. Every change
    of a contract's end goes through this first, so two changes never interleave."""
    return db.session.execute(
        select(Contract.ends_on).where(Contract.id == contract_id).with_for_update()
    ).scalar_one_or_none()


def set_contract_end(contract_id: int, ends_on: date) -> None:
    """Move the contract's last day (a paid extension, a withdrawal, a cancellation). The car's
    services follow (:func:`contracts_for_vin`). Flush only; the caller commits."""
    db.session.execute(update(Contract).where(Contract.id == contract_id).values(ends_on=ends_on))
