"""The Charging Service's operations: which cars can book it, booking with the card order,
the card's status, the virtual card, cancelling. Explicit arguments, no request; the callers
commit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.activation import contracts
from porsche_web.audit import services as audit
from porsche_web.charging.models import (
    ACTIVATED,
    DELIVERED,
    NEXT,
    ORDERED,
    SHIPPED,
    STATUSES,
    VOIDED,
    ChargingCard,
    FulfilmentApiKey,
)
from porsche_web.connect import catalogue
from porsche_web.connect.catalogue import VehicleModel
from porsche_web.extensions import db
from porsche_web.hooks import ActivationConfirmed
from porsche_web.markets.registry import MarketRegistry
from porsche_web.markets.types import ChargingOffer, ChargingPlan, Market


@dataclass(frozen=True)
class Car:
    """An electrified car of a confirmed activation of the customer's, in the site's market,
    with its charging contract and card (each None when there is none)."""

    order: contracts.LinkableOrder
    model: VehicleModel
    contract: contracts.ChargingContract | None
    card: ChargingCard | None

    @property
    def bookable(self) -> bool:
        return self.contract is None


@dataclass(frozen=True)
class DeliveryAddress:
    """Where the charging card goes (validated by the form with the market's postal rule)."""

    name: str
    street: str
    postal_code: str
    city: str
    region: str | None
    country: str


def electrified_cars(
    account_id: int,
    market: Market,
    now: datetime,
    confirmed: list[contracts.LinkableOrder] | None = None,
) -> list[Car]:
    """The customer's plug-in hybrid and electric cars (ordered or delivered) with a confirmed
    activation in ``market`` (F16); combustion cars are left out. ``confirmed``: the customer's
    confirmed orders when the caller has them already (``contracts.confirmed_orders``)."""
    today = clock.today(market.timezone, now)
    cars = []
    if confirmed is None:
        confirmed = contracts.confirmed_orders(account_id)
    for order in confirmed:
        model = catalogue.get_model(order.model_id)
        if order.market != market.code or model is None or not model.is_electrified:
            continue
        contract = contracts.charging_contract(account_id, order.order_number, today)
        cars.append(Car(order, model, contract, open_card(account_id, order.order_number)))
    return cars


def electrified_car(account_id: int, order_number: str, market: Market, now: datetime):
    """One car of :func:`electrified_cars` by its order number, None if it is not one."""
    number = order_number.strip().upper()
    return next(
        (
            car
            for car in electrified_cars(account_id, market, now)
            if car.order.order_number == number
        ),
        None,
    )


def offer_of(registry: MarketRegistry, market: Market) -> ChargingOffer | None:
    """The market's Charging Service, None where its plugin does not offer it."""
    return registry.charging_offer(market)


def plan_of(offer: ChargingOffer, plan_id: str | None) -> ChargingPlan | None:
    return next((plan for plan in offer.plans if plan.id == plan_id), None)


def open_card(account_id: int, order_number: str) -> ChargingCard | None:
    """The order's card that is not voided (at most one, by the unique index)."""
    return db.session.execute(
        select(ChargingCard).where(
            ChargingCard.account_id == account_id,
            ChargingCard.order_number == order_number,
            ChargingCard.status != VOIDED,
        )
    ).scalar_one_or_none()


def own_card(account_id: int, card_id: int) -> ChargingCard | None:
    card = db.session.get(ChargingCard, card_id)
    return card if card is not None and card.account_id == account_id else None


def card_owner(card_id: int) -> int | None:
    card = db.session.get(ChargingCard, card_id)
    return card.account_id if card is not None else None


def new_virtual_card_number() -> str:
    """A virtual card's identifier: ``PCS-`` and 16 random digits in groups of four."""
    digits = f"{secrets.randbelow(10**16):016d}"
    return "PCS-" + "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def promised_by(offer: ChargingOffer, market: Market, now: datetime) -> date:
    """The day the card must have arrived: the plugin's delivery days, at most ten (F17)."""
    return clock.today(market.timezone, now) + timedelta(days=offer.card_delivery_days)


def promise_broken(card: ChargingCard, market: Market, now: datetime) -> bool:
    """The card arrived after the promised day, or has not arrived and the day is past."""
    if card.status == VOIDED:
        return False
    arrived = card.delivered_at or card.activated_at
    if arrived is not None:
        return clock.today(market.timezone, arrived) > card.promised_by
    return clock.today(market.timezone, now) > card.promised_by


class AlreadyBooked(Exception):
    """The car has a charging contract that runs (or a card on its way): nothing was booked."""


def book(
    account_id: int,
    order_number: str,
    plan: ChargingPlan,
    offer: ChargingOffer,
    address: DeliveryAddress,
    market: Market,
    now: datetime,
) -> ChargingCard:
    """Books the plan for the car (a charging contract through the activation) and orders its
    card to ``address``, with a virtual card to use until it is activated. One transaction
    (a savepoint): a second submit, even a concurrent one, books nothing more.

    :raises AlreadyBooked: the car has a charging contract that runs, or an open card.
    """
    # One booking of the car at a time: a second submit waits here, then finds the first.
    if not contracts.hold_for_charging(account_id, order_number):
        raise AlreadyBooked(order_number)
    if open_card(account_id, order_number) is not None:
        raise AlreadyBooked(order_number)
    try:
        with db.session.begin_nested():
            contract = contracts.book_charging(
                account_id, order_number, plan, offer.currency, market, now
            )
            card = ChargingCard(
                account_id=account_id,
                order_number=order_number,
                market=market.code,
                contract_id=contract.contract_id,
                plan_id=plan.id,
                status=ORDERED,
                ordered_at=now,
                promised_by=promised_by(offer, market, now),
                delivery_name=address.name,
                delivery_street=address.street,
                delivery_postal_code=address.postal_code,
                delivery_city=address.city,
                delivery_region=address.region,
                delivery_country=address.country,
                virtual_card_number=new_virtual_card_number(),
            )
            db.session.add(card)
            db.session.flush()
    except (contracts.NotBookable, IntegrityError) as exc:
        raise AlreadyBooked(order_number) from exc
    audit.record(
        f"account:{account_id}",
        f"order:{order_number}",
        "charging.booked",
        details={"plan": plan.id, "card": card.id},
    )
    return card


def order_card_for_activation(
    confirmed: ActivationConfirmed, registry: MarketRegistry
) -> ChargingCard | None:
    """The card of a plan booked during the activation: ordered when the activation is
    confirmed, to the invoice recipient's address (F8), with the same delivery promise and
    virtual card as a plan booked later (:func:`book`). Flushes only.

    :returns: the card, None when no plan was booked, the market does not offer the service,
        the activation has no invoice recipient, or the order has an open card already.
    """
    recipient = confirmed.invoice_recipient
    if confirmed.charging_contract_id is None or not confirmed.charging_plan_id or not recipient:
        return None
    market = registry.get(confirmed.market)
    offer = registry.charging_offer(market) if market is not None else None
    if market is None or offer is None:
        return None
    if open_card(confirmed.account_id, confirmed.order_number) is not None:
        return None
    card = ChargingCard(
        account_id=confirmed.account_id,
        order_number=confirmed.order_number,
        market=market.code,
        contract_id=confirmed.charging_contract_id,
        plan_id=confirmed.charging_plan_id,
        status=ORDERED,
        ordered_at=confirmed.at,
        promised_by=promised_by(offer, market, confirmed.at),
        delivery_name=recipient.get("name") or recipient.get("company") or "",
        delivery_street=recipient["street"],
        delivery_postal_code=recipient["postal_code"],
        delivery_city=recipient["city"],
        delivery_region=recipient.get("region"),
        delivery_country=recipient.get("country") or market.code,
        virtual_card_number=new_virtual_card_number(),
    )
    db.session.add(card)
    db.session.flush()
    audit.record(
        f"account:{confirmed.account_id}",
        f"order:{confirmed.order_number}",
        "charging.card_ordered_at_activation",
        details={"plan": confirmed.charging_plan_id, "card": card.id},
    )
    return card


class InvalidTransition(Exception):
    """The card cannot go to that status from the one it has."""

    def __init__(self, card: ChargingCard, wanted: str) -> None:
        super().__init__(f"{card.status} → {wanted}")
        self.current = card.status
        self.wanted = wanted
        self.allowed = NEXT.get(card.status)


def change_status(card: ChargingCard, status: str, now: datetime, actor: str) -> bool:
    """Moves the card one step on its way (ordered → shipped → delivered → activated).
    Reporting the status it has already changes nothing. Activating the card voids the virtual
    card.

    :returns: whether anything changed.
    :raises InvalidTransition: a skipped or backward step, a voided card, an unknown status.
    """
    if status not in STATUSES or card.status == VOIDED:
        raise InvalidTransition(card, status)
    if card.status == status:
        return False
    if NEXT.get(card.status) != status:
        raise InvalidTransition(card, status)
    card.status = status
    if status == SHIPPED:
        card.shipped_at = now
    elif status == DELIVERED:
        card.delivered_at = now
    elif status == ACTIVATED:
        card.activated_at = now
        card.virtual_voided_at = card.virtual_voided_at or now
    audit.record(actor, f"charging_card:{card.id}", f"charging.card_{status}")
    db.session.flush()
    return True


def cancel(card: ChargingCard, market: Market, now: datetime) -> bool:
    """Cancels the plan: the charging contract ends today (before its start: it never runs),
    the physical and the virtual card are voided.

    :returns: False when it was cancelled already.
    """
    if card.status == VOIDED:
        return False
    contracts.end_charging(card.account_id, card.contract_id, clock.today(market.timezone, now))
    card.status = VOIDED
    card.voided_at = now
    card.virtual_voided_at = card.virtual_voided_at or now
    audit.record(f"account:{card.account_id}", f"charging_card:{card.id}", "charging.cancelled")
    db.session.flush()
    return True


# -- the fulfilment partner's keys -------------------------------------------------------------


def create_api_key(partner: str) -> tuple[FulfilmentApiKey, str]:
    """A new key for a fulfilment partner; the key itself is returned once and never stored."""
    partner = partner.strip()
    if not partner or len(partner) > 100:
        raise ValueError("the partner's name must have 1 to 100 characters")
    key = "pcc_" + secrets.token_urlsafe(32)
    row = FulfilmentApiKey(partner=partner, key_hash=hashing.hash_token(key), prefix=key[:12])
    db.session.add(row)
    db.session.flush()
    return row, key


def find_api_key(key: str) -> FulfilmentApiKey | None:
    if not key:
        return None
    row = db.session.execute(
        select(FulfilmentApiKey).where(FulfilmentApiKey.key_hash == hashing.hash_token(key))
    ).scalar_one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    return row


def forget_account(account_id: int) -> None:
    """A deleted Porsche ID takes its charging cards (and delivery addresses) along."""
    db.session.execute(delete(ChargingCard).where(ChargingCard.account_id == account_id))
