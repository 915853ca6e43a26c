"""The Charging Service's operations: which cars can book it, booking with the card order,
the card's status, the virtual card, cancelling. Explicit arguments, no request; the callers
commit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from flask_babel import format_date, gettext
from sqlalchemy import CursorResult, and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from porsche_web import apikeys, clock
from porsche_web.accounts.models import Account
from porsche_web.accounts.services import account_url, email_account
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
from porsche_web.markets.registry import MarketRegistry, current_registry
from porsche_web.markets.types import ChargingOffer, ChargingPlan, Market
from porsche_web.notifications.services import in_language, url_context
from porsche_web.vehicles import services as vehicles


@dataclass(frozen=True)
class Car:
    """An electrified car of the customer's in the site's market, with its charging contract
    and card (each None when there is none): the car of a confirmed activation (ordered or
    delivered; ``order_number`` set), or a car linked without an activation of the customer's,
    e.g. bought used and linked with its pairing code (``order_number`` None).

    ``key`` names the car in the Charging Service's addresses and cards: the order number, or
    the VIN of a car without an order."""

    key: str
    order_number: str | None
    vin: str | None
    model: VehicleModel
    model_year: int
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

    def as_recipient(self) -> dict[str, str | None]:
        """The address as a private invoice recipient (the keys of an activation's, F8)."""
        return {
            "kind": "private",
            "name": self.name,
            "company": None,
            "vat_number": None,
            "street": self.street,
            "postal_code": self.postal_code,
            "city": self.city,
            "region": self.region,
            "country": self.country,
        }


def electrified_cars(
    account_id: int,
    market: Market,
    now: datetime,
    confirmed: list[contracts.LinkableOrder] | None = None,
    linked: list[vehicles.LinkedCar] | None = None,
    sold: set[str] | None = None,
) -> list[Car]:
    """The customer's plug-in hybrid and electric cars in ``market`` (F16): those (ordered or
    delivered) of a confirmed activation, then the linked ones without an activation of the
    customer's (a used car linked with its pairing code). Combustion cars are left out, and so
    is a car that left the customer after the activation (sold, or removed from the Porsche
    ID) unless its charging contract or card is still there to be seen and cancelled.
    ``confirmed``, ``linked`` and ``sold``: the customer's confirmed orders, linked cars and
    ``vehicles.orders_before_release`` of those orders when the caller has them already
    (``contracts.confirmed_orders``, ``vehicles.linked_cars``)."""
    today = clock.today(market.timezone, now)
    cars = []
    activated_vins = set()
    orders = contracts.confirmed_orders(account_id) if confirmed is None else confirmed
    sold = vehicles.orders_before_release(orders) if sold is None else sold
    for order in orders:
        model = catalogue.get_model(order.model_id)
        if order.vin and order.order_number not in sold:
            activated_vins.add(order.vin)
        if order.market != market.code or model is None or not model.is_electrified:
            continue
        number = order.order_number
        contract = contracts.charging_contract(account_id, number, today)
        card = open_card(account_id, number)
        if number in sold and contract is None and card is None:
            continue  # not the customer's car any more: nothing to book
        cars.append(Car(number, number, order.vin, model, order.model_year, contract, card))
    for linked_car in vehicles.linked_cars(account_id) if linked is None else linked:
        model = catalogue.get_model(linked_car.model_id)
        if linked_car.vin in activated_vins or linked_car.market != market.code:
            continue
        if model is None or not model.is_electrified:
            continue
        contract = contracts.charging_contract_for_car(account_id, linked_car.vin, today)
        card = open_card(account_id, linked_car.vin)
        vin = linked_car.vin
        cars.append(Car(vin, None, vin, model, linked_car.model_year, contract, card))
    return cars


def electrified_car(account_id: int, key: str, market: Market, now: datetime) -> Car | None:
    """One car of :func:`electrified_cars` by its key (order number or VIN), None if it is not
    one."""
    key = key.strip().upper()
    return next((car for car in electrified_cars(account_id, market, now) if car.key == key), None)


def offer_of(registry: MarketRegistry, market: Market) -> ChargingOffer | None:
    """The market's Charging Service, None where its plugin does not offer it."""
    return registry.charging_offer(market)


def plan_of(offer: ChargingOffer, plan_id: str | None) -> ChargingPlan | None:
    return next((plan for plan in offer.plans if plan.id == plan_id), None)


def open_card(account_id: int, key: str) -> ChargingCard | None:
    """The card of the car ``key`` (its order number, or the VIN of a car without an order)
    that is not voided (at most one, by the unique indexes)."""
    return db.session.execute(
        select(ChargingCard).where(
            ChargingCard.account_id == account_id,
            or_(
                ChargingCard.order_number == key,
                and_(ChargingCard.order_number.is_(None), ChargingCard.vin == key),
            ),
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
    car: Car,
    plan: ChargingPlan,
    offer: ChargingOffer,
    address: DeliveryAddress,
    market: Market,
    now: datetime,
) -> ChargingCard:
    """Books the plan for the car and orders its card to ``address``, with a virtual card to
    use until it is activated. The charging contract comes through the activation for the car
    of an order; a car without one (linked by pairing code) gets a contract of its own,
    invoiced to the delivery address (F8). One transaction (a savepoint): a second submit, even
    a concurrent one, books nothing more.

    :raises AlreadyBooked: the car has a charging contract that runs, or an open card.
    """
    order_number = car.order_number
    # One booking of the car at a time: a second submit waits here, then finds the first (for
    # a car without an order the open card's unique index turns the second one away).
    if order_number is not None and not contracts.hold_for_charging(account_id, order_number):
        raise AlreadyBooked(car.key)
    if open_card(account_id, car.key) is not None:
        raise AlreadyBooked(car.key)
    try:
        with db.session.begin_nested():
            if order_number is not None:
                contract = contracts.book_charging(
                    account_id, order_number, plan, offer.currency, market, now
                )
            else:
                assert car.vin is not None  # a car without an order is named by its VIN
                contract = contracts.book_charging_for_car(
                    account_id,
                    contracts.CarToBook(car.vin, market.code, car.model.id, car.model_year),
                    plan,
                    offer.currency,
                    address.as_recipient(),
                    market,
                    now,
                )
            card = ChargingCard(
                account_id=account_id,
                order_number=order_number,
                vin=car.vin if order_number is None else None,
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
        raise AlreadyBooked(car.key) from exc
    audit.record(
        f"account:{account_id}",
        f"order:{order_number}" if order_number else f"vehicle:{car.vin}",
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
    card. The customer gets an e-mail (in the same transaction, through the outbox) when the
    card is shipped and when it is delivered: once, as a repeated report changes nothing.

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
        _tell_customer(card, SHIPPED)
    elif status == DELIVERED:
        card.delivered_at = now
        _tell_customer(card, DELIVERED)
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


def void_cards_of_sold_car(account_id: int, vin: str, now: datetime) -> int:
    """The car changed hands: the seller's cards for it (of its orders, or named by its VIN)
    are voided with their virtual cards, whether its contracts ended or went to the buyer.
    Flushes only.

    :returns: how many cards were voided.
    """
    numbers = [o.order_number for o in contracts.confirmed_orders(account_id) if o.vin == vin]
    voided = 0
    for key in [*numbers, vin]:
        card = open_card(account_id, key)
        if card is None:
            continue
        card.status = VOIDED
        card.voided_at = now
        card.virtual_voided_at = card.virtual_voided_at or now
        audit.record("system", f"charging_card:{card.id}", "charging.voided_with_sale")
        voided += 1
    db.session.flush()
    return voided


# -- the customer's e-mails about the card ----------------------------------------------------


#: :func:`send_late_notices` first picks the cards promised by a day before today in UTC or
#: earlier (a net wide enough for every market's time zone), then judges each in its market's
#: time with :func:`promise_broken`.
_LATE_NET = timedelta(days=1)


def _car_words(card: ChargingCard) -> str:
    if card.order_number:
        return gettext("order %(number)s", number=card.order_number)
    return gettext("VIN %(vin)s", vin=card.vin)


def _tell_customer(card: ChargingCard, what: str) -> None:
    """Queue the e-mail about the card's ``what`` (shipped, delivered, or ``LATE``) to its
    owner, in their language. Flushes only."""
    account = db.session.get(Account, card.account_id)
    if account is None:
        return
    with url_context(), in_language(account.market, account.language):
        car = _car_words(card)
        promised = format_date(card.promised_by, "long")
        if what == SHIPPED:
            subject = gettext("Your charging card is on its way")
            paragraphs = [
                gettext(
                    "We have sent the charging card for your car (%(car)s). It should be with "
                    "you by %(date)s.",
                    car=car,
                    date=promised,
                ),
                gettext("Until you activate the card, keep charging with your virtual card."),
            ]
        elif what == DELIVERED:
            subject = gettext("Your charging card has arrived")
            paragraphs = [
                gettext(
                    "The charging card for your car (%(car)s) has been delivered.",
                    car=car,
                ),
                gettext(
                    "Activate it on the page of your Porsche Charging Service; from then on "
                    "the virtual card no longer works."
                ),
            ]
        else:
            subject = gettext("Your charging card is late")
            paragraphs = [
                gettext(
                    "We promised you the charging card for your car (%(car)s) by %(date)s, and "
                    "it has not arrived yet. We are sorry for the wait.",
                    car=car,
                    date=promised,
                ),
                gettext(
                    "You do not need to do anything: until the card comes, charge with your "
                    "virtual card. Its page shows where the card is."
                ),
            ]
        email_account(
            account,
            subject=subject,
            paragraphs=paragraphs,
            link=(
                gettext("Your Porsche Charging Service"),
                account_url(account, "charging.overview"),
            ),
        )


#: The ``what`` of :func:`_tell_customer` for a card that missed its promised day.
LATE = "late"


def send_late_notices(registry: MarketRegistry, now: datetime) -> int:
    """E-mails each customer whose card has not arrived by its promised day (F17), once per
    card: the notice is claimed on the card's row (``late_notice_sent_at``) before the e-mail
    is queued, so a second run, even at the same time, sends nothing more. Flushes only.

    :returns: how many notices were queued.
    """
    candidates = db.session.execute(
        select(ChargingCard)
        .where(
            ChargingCard.status.in_((ORDERED, SHIPPED)),
            ChargingCard.late_notice_sent_at.is_(None),
            ChargingCard.promised_by < now.date() + _LATE_NET,
        )
        .order_by(ChargingCard.id)
    ).scalars()
    sent = 0
    for card in list(candidates):
        market = registry.get(card.market)
        if market is None or not promise_broken(card, market, now):
            continue
        claimed = db.session.execute(
            update(ChargingCard)
            .where(
                ChargingCard.id == card.id,
                ChargingCard.late_notice_sent_at.is_(None),
                ChargingCard.status.in_((ORDERED, SHIPPED)),
            )
            .values(late_notice_sent_at=now)
        )
        if cast(CursorResult[Any], claimed).rowcount != 1:
            continue  # another run told the customer, or the card moved on meanwhile
        _tell_customer(card, LATE)
        audit.record("system", f"charging_card:{card.id}", "charging.card_late_notice")
        sent += 1
    db.session.flush()
    return sent


# -- the fulfilment partner's keys -------------------------------------------------------------


def create_api_key(market: str, partner: str) -> tuple[FulfilmentApiKey, str]:
    """A new key for the fulfilment partner of ``market`` (it moves only that market's cards);
    the key itself is returned once and never stored."""
    if current_registry().get(market) is None:
        raise ValueError(f"{market!r} is not a market of this site")
    partner = partner.strip()
    if not partner or len(partner) > 100:
        raise ValueError("the partner's name must have 1 to 100 characters")
    return apikeys.issue(FulfilmentApiKey, "pcc_", market=market, partner=partner)


def find_api_key(key: str) -> FulfilmentApiKey | None:
    return apikeys.find(FulfilmentApiKey, key)


def card_for_key(key: FulfilmentApiKey, card_id: int) -> ChargingCard | None:
    """The card ``card_id`` if it is in the key's scope (its market); None for an unknown card
    and for a card of another market alike, so a key learns nothing of the cards it may not
    move. The row is locked for the status change that follows."""
    return db.session.execute(
        select(ChargingCard)
        .where(ChargingCard.id == card_id, ChargingCard.market == key.market)
        .with_for_update()
    ).scalar_one_or_none()


def forget_account(account_id: int) -> None:
    """A deleted Porsche ID takes its charging cards (and delivery addresses) along."""
    db.session.execute(delete(ChargingCard).where(ChargingCard.account_id == account_id))
