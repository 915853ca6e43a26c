"""Find and see (issue #12, item 2): a staff member's search by order number, VIN, e-mail address
or phone number (exact matches), and one order with everything around it, always inside the
member's scope (a Porsche Centre: its partner ids; customer service: its markets;
administrators manage staff and see no customers but an order's audit trail). Every search
and every view is audited; a phone number is masked to its last four digits unless the member
asks to see it, which is audited too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from porsche_web import validators
from porsche_web.accounts.models import Account
from porsche_web.accounts.services import (
    find_by_email,
    masked_phone,
    pending_phone,
    sign_in_blocked_until,
)
from porsche_web.activation import consents
from porsche_web.activation.contracts import ActivationProgress, progress_of_order
from porsche_web.audit import services as audit
from porsche_web.extensions import db
from porsche_web.orders import lookup
from porsche_web.orders.lookup import OrderView, Scope
from porsche_web.orders.schema import ORDER_NUMBER
from porsche_web.staff.models import CENTRE, SERVICE, StaffMember
from porsche_web.vehicles import services as vehicles


def scope_of(member: StaffMember) -> Scope:
    if member.role == CENTRE:
        return Scope(frozenset(member.markets), frozenset(member.partners))
    if member.role == SERVICE:
        return Scope(frozenset(member.markets))
    return Scope(frozenset())  # administrators: no search, no order page (audit_trail)


def kind_of(query: str, markets: frozenset[str]) -> tuple[str, str] | None:
    """What ``query`` is (``email``, ``vin``, ``number``, ``phone``) and its normal form."""
    text = query.strip()
    if not text or len(text) > 254:
        return None
    if validators.is_email(text):
        return "email", text.lower()
    vin = validators.normalize_vin(text)
    if validators.vin_format(vin):
        return "vin", vin
    if ORDER_NUMBER.match(text.upper()) and any(ch.isalpha() for ch in text):
        return "number", text.upper()
    for market in sorted(markets):
        phone = validators.mobile_e164(text, market)
        if phone:
            return "phone", phone
    return None


def search(member: StaffMember, query: str) -> list[OrderView] | None:
    """The orders in the member's scope matching ``query``; None when it is none of the four
    kinds."""
    scope = scope_of(member)
    found = kind_of(query, scope.markets)
    if found is None:
        return None
    kind, value = found
    criteria = {
        "email": {"emails": [value]},
        "vin": {"vin": value},
        "number": {"number": value},
        "phone": {"phone": value},
    }[kind]
    orders = lookup.find_orders(scope, **criteria)  # type: ignore[arg-type]
    audit.record(
        f"staff:{member.id}",
        f"staff:{member.id}",
        "staff.searched",
        details={"kind": kind, "results": len(orders)},
    )
    return orders


@dataclass(frozen=True)
class CustomerState:
    """The Porsche ID behind an order, as staff may see it."""

    account_id: int
    email: str
    email_confirmed: bool
    phone_verified: bool
    masked_phone: str
    phone_e164: str | None
    created_at: datetime
    #: A number entered by staff, waiting for the customer's code (masked).
    pending_masked_phone: str = ""
    pending_since: datetime | None = None
    #: Wrong passwords make some source wait until then before signing in (None: nobody).
    sign_in_blocked_until: datetime | None = None


@dataclass(frozen=True)
class OrderFile:
    order: OrderView
    activation: ActivationProgress | None
    customer: CustomerState | None
    consents: list[consents.ConsentRecord]
    #: The order's car as the vehicles feature knows it (None: no VIN or no such car yet).
    car: vehicles.CarState | None = None


def order_file(member: StaffMember, number: str, *, reveal_phone: bool = False) -> OrderFile | None:
    """One order with its invitations, activation, Porsche ID and consents; None outside the
    member's scope (as if it did not exist)."""
    order = lookup.order_in_scope(scope_of(member), number)
    if order is None:
        return None
    progress = progress_of_order(order.order_number)
    account = customer_of(order, progress)
    customer = None
    records: list[consents.ConsentRecord] = []
    if account is not None:
        customer = CustomerState(
            account_id=account.id,
            email=account.email,
            email_confirmed=account.email_verified_at is not None,
            phone_verified=account.phone_verified_at is not None,
            masked_phone=masked_phone(account.phone_e164),
            phone_e164=account.phone_e164 if reveal_phone else None,
            created_at=account.created_at,
            pending_masked_phone=masked_phone(pending_phone(account)),
            pending_since=account.pending_phone_since,
            sign_in_blocked_until=sign_in_blocked_until(account),
        )
        records = [r for r in consents.consents_of(account) if r.order_number == order.order_number]
    action = "staff.phone_revealed" if reveal_phone else "staff.viewed_order"
    audit.record(
        f"staff:{member.id}",
        f"order:{order.order_number}",
        action,
        details={"account": account.id if account else None},
    )
    car = vehicles.car_state(order.vin) if order.vin else None
    return OrderFile(order, progress, customer, records, car)


def customer_of(order: OrderView, progress: ActivationProgress | None = None) -> Account | None:
    """The Porsche ID behind an order: the one that started its activation, else the one with
    the order's e-mail address."""
    progress = progress or progress_of_order(order.order_number)
    if progress is not None:
        return db.session.get(Account, progress.account_id)
    return find_by_email(order.email)


def account_of(found: OrderFile) -> Account | None:
    """The Porsche ID of an order file (for an action on it)."""
    return db.session.get(Account, found.customer.account_id) if found.customer else None
