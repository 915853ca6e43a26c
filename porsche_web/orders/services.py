"""Orders and dealer API keys: business operations (flush, never commit). Invitations are in
:mod:`porsche_web.orders.invitations`.

Validation of an order is one function used by the dealer API and by ``orders import``, so
both accept and refuse exactly the same input. Error messages are for the dealer system's
developers and operators, so they are in English and name the field.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from porsche_web import clock, validators
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.services import InvalidPhone, normalize_email, parse_phone
from porsche_web.connect import catalogue
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.orders.models import (
    CANCELLED,
    ORDERED,
    STATUSES,
    DealerApiKey,
    Order,
)

ORDER_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9-]{3,31}$")
COMMISSION_NUMBER = re.compile(r"^[A-Z0-9]{6,10}$")
FIELDS = (
    "order_number",
    "market",
    "partner_id",
    "customer",
    "vehicle",
    "planned_delivery",
    "status",
)


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


def _text(data: dict, key: str, errors: dict[str, str], path: str, maximum: int) -> str | None:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        errors[path] = "is required"
        return None
    if not isinstance(value, str):
        errors[path] = "must be a string"
        return None
    value = value.strip()
    if len(value) > maximum:
        errors[path] = f"must be at most {maximum} characters"
        return None
    return value


def validate_order(raw: Any, default_partner: str | None = None) -> OrderData:
    """Check one order (a JSON object) against the markets and the catalogue.

    :raises OrderInvalid: naming every field that is wrong.
    """
    if not isinstance(raw, dict):
        raise OrderInvalid({"": "an order must be a JSON object"})
    errors: dict[str, str] = {}
    unknown = sorted(set(raw) - set(FIELDS))
    for key in unknown:
        errors[key] = "is not a known field"
    registry = current_registry()

    number = _text(raw, "order_number", errors, "order_number", 32)
    if number is not None:
        number = number.upper()
        if not ORDER_NUMBER.match(number):
            errors["order_number"] = "must be 4-32 letters, digits or dashes"

    market = None
    market_code = _text(raw, "market", errors, "market", 2)
    if market_code is not None:
        market = registry.get(market_code.lower())
        if market is None:
            errors["market"] = f"{market_code!r} is not a market of this site"

    partner_id = raw.get("partner_id", default_partner)
    if partner_id is None:
        errors["partner_id"] = "is required"
    elif not isinstance(partner_id, str):
        errors["partner_id"] = "must be a string"
    elif market is not None and partner_id not in {p.id for p in registry.partners(market)}:
        errors["partner_id"] = f"{partner_id!r} is not a Porsche Centre of this market"

    customer = raw.get("customer")
    given = family = email = language = None
    phone = None
    if not isinstance(customer, dict):
        errors["customer"] = "is required (an object)"
        customer = {}
    else:
        given = _text(customer, "given_name", errors, "customer.given_name", 100)
        family = _text(customer, "family_name", errors, "customer.family_name", 100)
        email = _text(customer, "email", errors, "customer.email", 254)
        if email is not None:
            email = normalize_email(email)
            if not validators.is_email(email):
                errors["customer.email"] = "is not an e-mail address"
        language = _text(customer, "language", errors, "customer.language", 2)
        if language is not None:
            language = language.lower()
            if market is not None and language not in market.languages:
                errors["customer.language"] = (
                    f"must be one of the market's languages: {', '.join(market.languages)}"
                )
        raw_phone = customer.get("phone")
        if raw_phone not in (None, ""):
            if not isinstance(raw_phone, str):
                errors["customer.phone"] = "must be a string"
            elif market is not None:
                try:
                    phone = parse_phone(raw_phone, market.code)
                except InvalidPhone:
                    errors["customer.phone"] = "is not a mobile number of this market"
        for key in sorted(
            set(customer) - {"given_name", "family_name", "email", "phone", "language"}
        ):
            errors[f"customer.{key}"] = "is not a known field"

    vehicle = raw.get("vehicle")
    vin = commission = model_id = None
    year = None
    if not isinstance(vehicle, dict):
        errors["vehicle"] = "is required (an object)"
    else:
        model_id = _text(vehicle, "model", errors, "vehicle.model", 40)
        model = catalogue.get_model(model_id) if model_id else None
        if model_id and model is None:
            ids = ", ".join(m.id for m in catalogue.models())
            errors["vehicle.model"] = f"is not a model with Porsche Connect ({ids})"
        year = vehicle.get("model_year")
        if year is None:
            errors["vehicle.model_year"] = "is required"
        elif not isinstance(year, int) or isinstance(year, bool):
            errors["vehicle.model_year"] = "must be a whole number"
            year = None
        elif model is not None and year not in model.years:
            first, last = model.model_years
            errors["vehicle.model_year"] = f"must be from {first} to {last} for this model"
        for key, pattern, message in (
            ("vin", validators.vin_format, "must be 17 letters and digits (no I, O or Q)"),
            ("commission_number", COMMISSION_NUMBER.match, "must be 6-10 letters and digits"),
        ):
            value = vehicle.get(key)
            if value is None:
                continue
            if not isinstance(value, str) or not pattern(value.strip().upper()):
                errors[f"vehicle.{key}"] = message
            elif key == "vin":
                vin = value.strip().upper()
                if market is not None and not validators.valid_vin(vin, market.code):
                    errors["vehicle.vin"] = "has a wrong check digit (position 9)"
                    vin = None
            else:
                commission = value.strip().upper()
        if not vehicle.get("vin") and not vehicle.get("commission_number"):
            errors["vehicle.vin"] = "give the VIN or the commission number"
        for key in sorted(set(vehicle) - {"model", "model_year", "vin", "commission_number"}):
            errors[f"vehicle.{key}"] = "is not a known field"

    delivery = None
    raw_delivery = raw.get("planned_delivery")
    if raw_delivery in (None, ""):
        errors["planned_delivery"] = "is required"
    elif not isinstance(raw_delivery, str):
        errors["planned_delivery"] = "must be a date like 2026-12-24"
    else:
        try:
            delivery = date.fromisoformat(raw_delivery)
        except ValueError:
            errors["planned_delivery"] = "must be a date like 2026-12-24"

    status = raw.get("status", ORDERED)
    if status not in STATUSES:
        errors["status"] = f"must be one of {', '.join(STATUSES)}"

    if errors:
        raise OrderInvalid(errors)
    return OrderData(
        order_number=number,
        market=market.code,
        partner_id=partner_id,
        given_name=given,
        family_name=family,
        email=email,
        phone_e164=phone,
        language=language,
        vin=vin,
        commission_number=commission,
        model_id=model_id,
        model_year=year,
        planned_delivery=delivery,
        status=status,
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
    for field in (
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
    ):
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
