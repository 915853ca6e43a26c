"""Orders and dealer API keys: business operations (flush, never commit). Invitations are in
:mod:`porsche_web.orders.invitations`.

Validation of an order is one declarative schema (:mod:`porsche_web.orders.schema`, pydantic)
used by the dealer API and by ``orders import``, so both accept and refuse exactly the same
input. Error messages are for the dealer system's
developers and operators, so they are in English and name the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError

from porsche_web import apikeys, clock
from porsche_web.extensions import db
from porsche_web.hooks import current_hooks
from porsche_web.markets.registry import current_registry
from porsche_web.orders.models import (
    CANCELLED,
    ORDER_FIELDS,
    ORDERED,
    DealerApiKey,
    Order,
)
from porsche_web.orders.schema import field_errors, parse_order


class OrderInvalid(Exception):
    """The order cannot be taken; ``errors`` maps each field (dotted path) to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class NotYourCentre(Exception):
    """A dealer key tried to write for another Porsche Centre than its own.

    :param existing: True when the order number belongs to an order of another Centre (of any
        market); False when the order itself names another market or Centre.
    """

    def __init__(self, existing: bool) -> None:
        super().__init__("order of another Porsche Centre" if existing else "another Centre")
        self.existing = existing


class OrderActivated(Exception):
    """The customer has activated the order: its car and owner no longer change from the dealer
    system (only from the staff side). ``errors`` maps each such field that the update would
    change (dotted path, as in :class:`OrderInvalid`) to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


#: The answer to an order still "ordered" with the VIN of another such order: a car is on
#: order for one customer at a time.
VIN_TAKEN = {"vehicle.vin": "is the VIN of another order that is still ordered"}


def _another_order_has(vin: str, order_id: int | None, status: ColumnElement[bool]) -> bool:
    """Whether an order other than ``order_id`` whose status meets ``status`` has ``vin``."""
    query = select(Order.id).where(Order.vin == vin, status)
    if order_id is not None:
        query = query.where(Order.id != order_id)
    return db.session.execute(query.limit(1)).first() is not None


def vin_on_order(vin: str, order_id: int | None = None) -> bool:
    """Whether another order than ``order_id`` that is still "ordered" has ``vin``: a car is on
    order for one customer at a time (``uq_orders_ordered_vin``, which also decides between two
    writers at the same moment). Cancelled and delivered orders keep their VIN: the car may
    be ordered again, or come back in its next owner's order once sold on."""
    return _another_order_has(vin, order_id, Order.status == ORDERED)


def vin_taken(vin: str, order_id: int | None = None) -> bool:
    """Whether another order than ``order_id`` that is not cancelled has ``vin`` (the staff
    console's correction of a VIN refuses it, :func:`porsche_web.orders.lookup.correct_vin`:
    the correction is for a VIN that was wrong, never the car of another customer's order)."""
    return _another_order_has(vin, order_id, Order.status != CANCELLED)


def _takes_a_vin(data: OrderData) -> bool:
    """The order would hold its VIN against others: it is still "ordered"."""
    return data.vin is not None and data.status == ORDERED


#: What identifies the car and its owner: fixed once the customer activated the order (the
#: dealer system may still give a VIN the order did not have). Field → its path in the body.
FIXED_WHEN_ACTIVATED = {
    "vin": "vehicle.vin",
    "email": "customer.email",
    "given_name": "customer.given_name",
    "family_name": "customer.family_name",
}


@dataclass(frozen=True)
class OrderData:
    order_number: str
    market: str
    partner_id: str
    given_name: str
    family_name: str
    email: str
    phone_e164: str | None
    language: str
    vin: str | None
    commission_number: str | None
    model_id: str
    model_year: int
    planned_delivery: date
    status: str


def validate_order(raw: Any, default_partner: str | None = None) -> OrderData:
    """Check one order (a JSON object) against the schema, the markets and the catalogue.

    :param default_partner: the Porsche Centre when the order names none (the dealer key's).
    :raises OrderInvalid: naming every field that is wrong.
    """
    try:
        order = parse_order(raw, current_registry(), default_partner)
    except ValidationError as exc:
        raise OrderInvalid(field_errors(exc)) from exc
    customer, vehicle = order.customer, order.vehicle
    return OrderData(
        order_number=order.order_number,
        market=order.market,
        partner_id=order.partner_id or "",
        given_name=customer.given_name,
        family_name=customer.family_name,
        email=customer.email,
        phone_e164=customer.phone,
        language=customer.language,
        vin=vehicle.vin,
        commission_number=vehicle.commission_number,
        model_id=vehicle.model,
        model_year=vehicle.model_year,
        planned_delivery=order.planned_delivery,
        status=order.status,
    )


def find_order(order_number: str) -> Order | None:
    return db.session.execute(
        select(Order).where(Order.order_number == order_number.strip().upper())
    ).scalar_one_or_none()


def save_order(
    data: OrderData, *, key: DealerApiKey | None = None, now: datetime | None = None
) -> tuple[Order, bool]:
    """Create or update the order ``data.order_number``; returns ``(order, created)``.

    A repeat with the same number updates the order (idempotent), also when it arrives at the
    same moment as the request that creates it: the database's unique order number decides,
    and the later request updates the order the first one created. When the e-mail address
    changes, open invitation links are voided: the next ``send-due`` invites the new address.
    A changed delivery date only moves when the invitation is due; a link already sent stays
    valid for its 14 days.

    :param key: the dealer key that sends the order (the dealer API); ``None`` for the
        operator's ``orders import``. A key writes only its own Porsche Centre's orders.
    :raises NotYourCentre: the order, or the existing order with its number, is of another
        Porsche Centre than the key's.
    :raises OrderActivated: the order is activated and the update would change its car or owner
        (:data:`FIXED_WHEN_ACTIVATED`).
    :raises OrderInvalid: :data:`VIN_TAKEN`, an order still "ordered" with the VIN of another
        such order (checked last, before the write; a clash at the same moment is refused
        alike, by the database).
    """
    now = now or clock.now()
    if key is not None and (data.market, data.partner_id) != (key.market, key.partner_id):
        raise NotYourCentre(existing=False)
    order = find_order(data.order_number)
    if order is None:
        if _takes_a_vin(data) and vin_on_order(data.vin or ""):
            raise OrderInvalid(dict(VIN_TAKEN))
        created = _insert_order(data, now)
        if created is not None:
            return created, True
        # Created by a concurrent request since we looked: this request is a repeat of it.
        order = find_order(data.order_number)
        if order is None:  # the unique violation was the VIN's, taken at the same moment
            raise OrderInvalid(dict(VIN_TAKEN))
    if key is not None and (order.market, order.partner_id) != (key.market, key.partner_id):
        raise NotYourCentre(existing=True)
    fixed = fixed_changes(order, data)
    if fixed and current_hooks().order_activated(order):
        raise OrderActivated(
            dict.fromkeys(fixed, "cannot change once the customer has activated the order")
        )
    if _takes_a_vin(data) and vin_on_order(data.vin or "", order.id):
        raise OrderInvalid(dict(VIN_TAKEN))
    try:
        with db.session.begin_nested():
            if order.email != data.email:
                void_invitations(order, now)
            for field in ORDER_FIELDS:
                setattr(order, field, getattr(data, field))
            if data.status == CANCELLED:
                void_invitations(order, now)
            order.updated_at = now
    except IntegrityError:
        # Another order took the VIN since we looked (``uq_orders_ordered_vin``): the savepoint
        # is undone and the order stays as it was.
        raise OrderInvalid(dict(VIN_TAKEN)) from None
    return order, False


def _insert_order(data: OrderData, now: datetime) -> Order | None:
    """The new order, or None when a concurrent request inserted the same number (or an order
    with the same VIN) first (the insert is in a savepoint, so the rest of the transaction
    goes on)."""
    order = Order(
        order_number=data.order_number,
        created_at=now,
        updated_at=now,
        **{field: getattr(data, field) for field in ORDER_FIELDS},
    )
    try:
        with db.session.begin_nested():
            db.session.add(order)
    except IntegrityError:
        return None
    return order


def fixed_changes(order: Order, data: OrderData) -> list[str]:
    """The paths of :data:`FIXED_WHEN_ACTIVATED` that ``data`` would change (a VIN the order
    did not have yet is not a change)."""
    changed = []
    for field, path in FIXED_WHEN_ACTIVATED.items():
        old, new = getattr(order, field), getattr(data, field)
        if field == "vin" and old is None:
            continue
        if old != new:
            changed.append(path)
    return changed


def import_orders(items: Any) -> tuple[int, int]:
    """Validate every order first, then save them all: ``(created, updated)``.

    :raises OrderInvalid: with fields prefixed by the order's index (``"2.customer.email"``),
        also for an activated order whose car or owner would change, or the VIN of another
        order still "ordered" (also one in the file) (the caller rolls back).
    """
    if isinstance(items, dict) and "orders" in items:
        items = items["orders"]
    if not isinstance(items, list):
        raise OrderInvalid({"": 'the file must hold a JSON list of orders (or {"orders": [...]})'})
    errors: dict[str, str] = {}
    valid: list[OrderData] = []
    numbers: set[str] = set()
    vins: set[str] = set()
    for index, item in enumerate(items):
        try:
            data = validate_order(item)
        except OrderInvalid as exc:
            errors.update({f"{index}.{key}".rstrip("."): msg for key, msg in exc.errors.items()})
            continue
        if data.order_number in numbers:
            errors[f"{index}.order_number"] = "appears twice in the file"
        numbers.add(data.order_number)
        if _takes_a_vin(data):
            existing = find_order(data.order_number)
            if data.vin in vins:
                errors[f"{index}.vehicle.vin"] = "appears twice in the file"
            elif vin_on_order(data.vin or "", existing.id if existing else None):
                errors[f"{index}.vehicle.vin"] = VIN_TAKEN["vehicle.vin"]
            vins.add(data.vin or "")
        valid.append(data)
    # Everything that can be told before writing is told here: nothing is written then.
    if errors:
        raise OrderInvalid(errors)
    created = updated = 0
    for index, data in enumerate(valid):
        try:
            _, was_created = save_order(data)
        except (OrderActivated, OrderInvalid) as exc:
            errors.update({f"{index}.{path}": msg for path, msg in exc.errors.items()})
            continue
        created += was_created
        updated += not was_created
    if errors:
        raise OrderInvalid(errors)
    return created, updated


# -- dealer API keys ---------------------------------------------------------------------------


def create_api_key(market: str, partner_id: str) -> tuple[DealerApiKey, str]:
    """A new key for one Porsche Centre; the key itself is returned once and never stored."""
    registry = current_registry()
    market_obj = registry.get(market)
    if market_obj is None:
        raise ValueError(f"{market!r} is not a market of this site")
    if partner_id not in {p.id for p in registry.partners(market_obj)}:
        raise ValueError(f"{partner_id!r} is not a Porsche Centre of market {market!r}")
    return apikeys.issue(DealerApiKey, "pwd_", market=market, partner_id=partner_id)


def find_api_key(key: str) -> DealerApiKey | None:
    return apikeys.find(DealerApiKey, key)


# -- invitations -------------------------------------------------------------------------------


def activated(order_number: str) -> bool:
    """Whether the customer has activated the order with this number (asked through the
    internal hook ``core_order_activated``)."""
    order = find_order(order_number)
    return order is not None and current_hooks().order_activated(order)


def void_invitations(order: Order, now: datetime) -> None:
    """Void the order's open links; ``invited_at`` keeps the time of a used one, if any."""
    for invitation in order.invitations:
        if invitation.used_at is None and invitation.voided_at is None:
            invitation.voided_at = now
    live = [i.sent_at for i in order.invitations if i.voided_at is None]
    order.invited_at = max(live) if live else None
