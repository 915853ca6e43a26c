"""Orders and dealer API keys: business operations (flush, never commit). Invitations are in
:mod:`porsche_web.orders.invitations`.

Validation of an order is one declarative schema (:mod:`porsche_web.orders.schema`, pydantic)
used by the dealer API and by ``orders import``, so both accept and refuse exactly the same
input. Error messages are for the dealer system's
developers and operators, so they are in English and name the field.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.orders.models import (
    CANCELLED,
    ORDER_FIELDS,
    DealerApiKey,
    Order,
)
from porsche_web.orders.schema import field_errors, parse_order


class OrderInvalid(Exception):
    """The order cannot be taken; ``errors`` maps each field (dotted path) to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class WrongMarket(Exception):
    """A dealer key tried to write an order of another market."""


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


def save_order(data: OrderData, *, market: str | None = None, now: datetime | None = None):
    """Create or update the order ``data.order_number``; returns ``(order, created)``.

    A repeat with the same number updates the order (idempotent). When the e-mail address
    changes, open invitation links are voided: the next ``send-due`` invites the new address.
    A changed delivery date only moves when the invitation is due; a link already sent stays
    valid for its 14 days.

    :param market: when given (a dealer key), the order must belong to this market.
    :raises WrongMarket: the order (new or existing) belongs to another market.
    """
    now = now or clock.now()
    if market is not None and data.market != market:
        raise WrongMarket()
    order = find_order(data.order_number)
    created = order is None
    if order is None:
        order = Order(order_number=data.order_number, created_at=now)
        db.session.add(order)
    elif market is not None and order.market != market:
        raise WrongMarket()
    elif order.email != data.email:
        void_invitations(order, now)
    for field in ORDER_FIELDS:
        setattr(order, field, getattr(data, field))
    if data.status == CANCELLED:
        void_invitations(order, now)
    order.updated_at = now
    db.session.flush()
    return order, created


def import_orders(items: Any) -> tuple[int, int]:
    """Validate every order first, then save them all: ``(created, updated)``.

    :raises OrderInvalid: with fields prefixed by the order's index (``"2.customer.email"``).
    """
    if isinstance(items, dict) and "orders" in items:
        items = items["orders"]
    if not isinstance(items, list):
        raise OrderInvalid({"": 'the file must hold a JSON list of orders (or {"orders": [...]})'})
    errors: dict[str, str] = {}
    valid: list[OrderData] = []
    numbers: set[str] = set()
    for index, item in enumerate(items):
        try:
            data = validate_order(item)
        except OrderInvalid as exc:
            errors.update({f"{index}.{key}".rstrip("."): msg for key, msg in exc.errors.items()})
            continue
        if data.order_number in numbers:
            errors[f"{index}.order_number"] = "appears twice in the file"
        numbers.add(data.order_number)
        valid.append(data)
    if errors:
        raise OrderInvalid(errors)
    created = updated = 0
    for data in valid:
        _, was_created = save_order(data)
        created += was_created
        updated += not was_created
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
    key = "pwd_" + secrets.token_urlsafe(32)
    row = DealerApiKey(
        market=market, partner_id=partner_id, key_hash=hashing.hash_token(key), prefix=key[:12]
    )
    db.session.add(row)
    db.session.flush()
    return row, key


def find_api_key(key: str) -> DealerApiKey | None:
    if not key:
        return None
    row = db.session.execute(
        select(DealerApiKey).where(DealerApiKey.key_hash == hashing.hash_token(key))
    ).scalar_one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    return row


# -- invitations -------------------------------------------------------------------------------


def void_invitations(order: Order, now: datetime) -> None:
    for invitation in order.invitations:
        if invitation.used_at is None and invitation.voided_at is None:
            invitation.voided_at = now
