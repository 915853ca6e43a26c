"""Linking a Porsche ID to a car (F13): from an activated order or with the pairing code the PCM
shows; the account's own cars, removing one, its name, and forgetting a deleted Porsche ID.
Flush, never commit."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, Select, bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError

from porsche_web import tries
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.models import Account
from porsche_web.activation import contracts
from porsche_web.activation.contracts import LinkableOrder
from porsche_web.audit import services as audit
from porsche_web.extensions import db
from porsche_web.validators import normalize_vin, valid_vin
from porsche_web.vehicles.errors import AlreadyLinked, NotLinked, PairingFailed, VehicleError
from porsche_web.vehicles.models import (
    VIA_ORDER,
    VIA_PAIRING,
    PairingCode,
    RemoteCommand,
    Vehicle,
    VehicleLink,
)
from porsche_web.vehicles.services.credentials import find_by_vin, provision, rotate_token

#: A pairing code shown by the PCM lives this long and allows this many wrong tries.
PAIRING_CODE_LIFETIME = timedelta(minutes=10)
PAIRING_TRIES = 5
PAIRING_DIGITS = 8

#: ``VehicleReleased.reason`` of a car its main user removed from their Porsche ID.
REMOVED = "removed"


def vehicles_of(account: Account) -> list[Vehicle]:
    return list(
        db.session.execute(
            select(Vehicle)
            .join(VehicleLink, VehicleLink.vehicle_id == Vehicle.id)
            .where(VehicleLink.account_id == account.id)
            .order_by(VehicleLink.linked_at)
        ).scalars()
    )


@dataclass(frozen=True)
class LinkedCar:
    """A car linked to a Porsche ID, as other features may see it."""

    vin: str
    market: str
    model_id: str
    model_year: int


def linked_cars(account_id: int) -> list[LinkedCar]:
    """The cars the Porsche ID is the main user of, the oldest link first."""
    rows = db.session.execute(_linked_cars(), {"account_id": account_id}).all()
    return [LinkedCar(*row) for row in rows]


@functools.cache
def _linked_cars() -> Select[str, str, str, int]:
    """:func:`linked_cars`' statement (on every My Porsche page), built once."""
    return (
        select(Vehicle.vin, Vehicle.market, Vehicle.model_id, Vehicle.model_year)
        .join(VehicleLink, VehicleLink.vehicle_id == Vehicle.id)
        .where(VehicleLink.account_id == bindparam("account_id"))
        .order_by(VehicleLink.linked_at, VehicleLink.id)
    )


def vehicle_of(account: Account, vehicle_id: int) -> Vehicle | None:
    """The account's own linked car with this id; None for any other car."""
    vehicle = db.session.get(Vehicle, vehicle_id)
    if vehicle is None or vehicle.link is None or vehicle.link.account_id != account.id:
        return None
    return vehicle


def main_user_id(vehicle_id: int) -> int | None:
    """The account id of the car's main user (None: no such car, or nobody linked), for the
    security event of a look at another customer's car."""
    return db.session.execute(
        select(VehicleLink.account_id).where(VehicleLink.vehicle_id == vehicle_id)
    ).scalar_one_or_none()


def order_to_link(account: Account, order_number: str) -> LinkableOrder | None:
    """The order with this number if this Porsche ID activates it (confirmed or not)."""
    return contracts.order_activated_by(account.id, order_number)


def activated_by(order_number: str) -> int | None:
    """Who activates the order with this number (for the security event of a foreign try)."""
    return contracts.activating_account(order_number)


def linkable_orders(
    account: Account,
    activated: list[LinkableOrder] | None = None,
    linked: list[LinkedCar] | None = None,
    sold: set[str] | None = None,
) -> list[LinkableOrder]:
    """Orders the account has activated (confirmed, VIN known) whose car it has not linked yet.
    ``activated``, ``linked`` and ``sold``: the account's activated orders
    (``contracts.activated_orders``), its linked cars (:func:`linked_cars`) and
    :func:`orders_before_release` of those orders (or of all its confirmed ones) when the
    caller has them already."""
    orders = contracts.activated_orders(account.id) if activated is None else activated
    if not orders:
        return []
    own = {car.vin for car in (linked_cars(account.id) if linked is None else linked)}
    sold = orders_before_release(orders) if sold is None else sold
    return [order for order in orders if order.vin not in own and order.order_number not in sold]


class ActivatedOrder(Protocol):
    """An activated order as :func:`orders_before_release` reads it (a ``LinkableOrder``, a
    ``DataPassActivation``)."""

    @property
    def order_number(self) -> str: ...
    @property
    def vin(self) -> str | None: ...
    @property
    def confirmed_at(self) -> datetime | None: ...


def orders_before_release(orders: Iterable[ActivatedOrder]) -> set[str]:
    """The numbers of those ``orders`` activated before their car last changed hands: the car
    is no longer theirs (the seller's order of a sold car)."""
    vins = {order.vin for order in orders if order.vin}
    if not vins:
        return set()
    released: dict[str, datetime | None] = dict(
        db.session.execute(
            select(Vehicle.vin, Vehicle.released_at).where(
                Vehicle.vin.in_(vins), Vehicle.released_at.is_not(None)
            )
        ).all()
    )
    return {
        order.order_number
        for order in orders
        if order.vin and _before_release(order, released.get(order.vin))
    }


def _before_release(order: ActivatedOrder, released_at: datetime | None) -> bool:
    """Whether the order was activated before the car last changed hands (it no longer links
    the car: the buyer links it with the pairing code from the car)."""
    return released_at is not None and (
        order.confirmed_at is None or order.confirmed_at <= released_at
    )


def _link(vehicle: Vehicle, account: Account, via: str, now: datetime) -> Vehicle:
    if vehicle.link is not None:
        if vehicle.link.account_id == account.id:
            return vehicle  # already the main user: submitting twice changes nothing
        raise AlreadyLinked()
    try:
        with db.session.begin_nested():
            db.session.add(
                VehicleLink(vehicle_id=vehicle.id, account_id=account.id, via=via, linked_at=now)
            )
    except IntegrityError:  # someone linked the car at the same moment: the database decides
        db.session.expire(vehicle)
        if vehicle.link is not None and vehicle.link.account_id == account.id:
            return vehicle
        raise AlreadyLinked() from None
    db.session.refresh(vehicle)
    audit.record(
        f"account:{account.id}", f"vehicle:{vehicle.vin}", "vehicle.linked", details={"via": via}
    )
    if vehicle.released_at is not None:
        _tell_new_main_user(account, vehicle)
    return vehicle


def _tell_new_main_user(account: Account, vehicle: Vehicle) -> None:
    """The car changed hands before this link (sold, released by staff, or removed by its main
    user): its new main user learns, in their language, that it starts from nothing."""
    from porsche_web.accounts.services import account_url, email_account
    from porsche_web.notifications.services import in_language, url_context

    with url_context(), in_language(account.market, account.language):
        email_account(
            account,
            subject=gettext("You are now the main user of your car"),
            paragraphs=[
                gettext(
                    "The car with VIN %(vin)s is now linked to your Porsche ID, and you are "
                    "its main user.",
                    vin=vehicle.vin,
                ),
                gettext(
                    "Nothing of its previous user came along: no name, no login in the car, no "
                    "remote commands, and nobody else may use the car with their Porsche ID."
                ),
                gettext(
                    "Next, log in with your Porsche ID in the car so it fetches its services, "
                    "see which Porsche Connect services the car has and add the ones you want, "
                    "and invite the people who may use the car too."
                ),
            ],
            link=(
                gettext("Go to your car"),
                account_url(account, "vehicles.vehicle", vehicle_id=vehicle.id),
            ),
        )


def link_from_order(account: Account, order: LinkableOrder, now: datetime) -> Vehicle:
    """Link the car of an activated order: one confirmation, the VIN is already known.

    :raises VehicleError: not this account's confirmed activation, no VIN, or an invalid VIN.
    :raises AlreadyLinked: the car has another main user.
    """
    if order.account_id != account.id or not order.confirmed or not order.vin:
        raise VehicleError()
    vehicle = find_by_vin(order.vin)
    if vehicle is not None and _before_release(order, vehicle.released_at):
        raise VehicleError(
            _l("This car has changed hands. Link it with the pairing code the car shows.")
        )
    if vehicle is None and not valid_vin(order.vin, order.market):
        raise VehicleError(
            _l("The VIN of this order is not valid. Your Porsche Centre can correct it.")
        )
    if vehicle is None:
        # The car has not called in yet: it enters the system now; its token is set when the
        # car is provisioned (``flask vehicles rotate-token``).
        vehicle, _ = provision(order.vin, order.model_id, order.model_year, order.market)
    return _link(vehicle, account, VIA_ORDER, now)


def issue_pairing_code(vehicle: Vehicle, now: datetime) -> tuple[str, datetime]:
    """A new code for the PCM to show; older codes stop working."""
    db.session.execute(
        update(PairingCode)
        .where(PairingCode.vehicle_id == vehicle.id, PairingCode.closed_at.is_(None))
        .values(closed_at=now)
    )
    code = f"{secrets.randbelow(10**PAIRING_DIGITS):0{PAIRING_DIGITS}d}"
    expires = now + PAIRING_CODE_LIFETIME
    db.session.add(
        PairingCode(
            vehicle_id=vehicle.id,
            code_hash=hashing.hash_secret(code),
            created_at=now,
            expires_at=expires,
        )
    )
    db.session.flush()
    return code, expires


def link_with_pairing_code(account: Account, vin: str, code: str, now: datetime) -> Vehicle:
    """Link by VIN and the pairing code the PCM shows. The answer is the same for an unknown
    VIN, a wrong code and an expired one.

    The try is counted before the code is compared, in one atomic statement that refuses it
    once the code has had its :data:`PAIRING_TRIES` tries or is closed
    (:func:`porsche_web.tries.spend_try`): tries at the same moment are each counted, and the
    right code after the last try is refused without being looked at.

    :raises PairingFailed: no such car, no open code, wrong or expired code, no tries left.
    :raises AlreadyLinked: the right code, but the car has another main user.
    """
    vehicle = find_by_vin(normalize_vin(vin))
    challenge = None
    if vehicle is not None:
        challenge = db.session.execute(
            select(PairingCode)
            .where(PairingCode.vehicle_id == vehicle.id, PairingCode.closed_at.is_(None))
            .order_by(PairingCode.id.desc())
            .limit(1)
        ).scalar_one_or_none()
    if vehicle is None or challenge is None or challenge.expires_at <= now:
        hashing.verify_secret(None, code or "")  # the same cost as a code compared
        raise PairingFailed()
    spent = tries.spend_try(
        PairingCode.attempts,
        PairingCode.id == challenge.id,
        PairingCode.closed_at.is_(None),
        limit=PAIRING_TRIES,
    )
    db.session.expire(challenge, ["attempts", "closed_at"])
    if spent is None:
        db.session.expire(vehicle, ["link"])
        if vehicle.link is not None and hashing.verify_secret(challenge.code_hash, code or ""):
            # The right code, used a moment ago by whoever linked the car: say so. (A closed
            # code links nothing, so comparing it gives a guesser nothing.)
            return _link(vehicle, account, VIA_PAIRING, now)
        raise PairingFailed()
    if not hashing.verify_secret(challenge.code_hash, code or ""):
        if spent >= PAIRING_TRIES:
            challenge.closed_at = now  # the row is still ours: nobody tried in between
            db.session.flush()
        audit.record(f"account:{account.id}", f"vehicle:{vehicle.vin}", "vehicle.pairing_failed")
        raise PairingFailed()
    challenge.closed_at = now
    db.session.flush()
    return _link(vehicle, account, VIA_PAIRING, now)


def unlink(account: Account, vehicle: Vehicle, now: datetime) -> None:
    """Remove the car from the Porsche ID: the same clean-up as when the car changes hands
    (:func:`release`), except that the contracts stay with the car (services are bought for a
    car). The car's next main user sees nothing of this one.

    :raises NotLinked: the account is not the car's main user.
    """
    from porsche_web.markets import CONTRACTS_TRANSFER

    if vehicle.link is None or not end_link(account, vehicle):
        raise NotLinked()
    release(vehicle, account.id, REMOVED, CONTRACTS_TRANSFER, now)
    audit.record(f"account:{account.id}", f"vehicle:{vehicle.vin}", "vehicle.unlinked")


def release(
    vehicle: Vehicle, previous_account_id: int | None, reason: str, contracts: str, now: datetime
) -> None:
    """The one clean-up of a car that leaves its main user (sold, released by staff, removed):
    its API token is rotated (the car must be reset and paired again) and every feature drops
    its data tied to the car through ``core_vehicle_released``. Call after the main user link
    has ended, inside the caller's transaction."""
    from porsche_web.hooks import VehicleReleased, current_hooks

    rotate_token(vehicle, now)
    current_hooks().vehicle_released(
        VehicleReleased(
            vehicle_id=vehicle.id,
            vin=vehicle.vin,
            market=vehicle.market,
            reason=reason,
            previous_account_id=previous_account_id,
            contracts=contracts,
            at=now,
        )
    )
    db.session.expire(vehicle)


def set_nickname(vehicle: Vehicle, nickname: str | None) -> None:
    vehicle.nickname = nickname or None
    db.session.flush()


def forget_account(account: Account) -> None:
    """A deleted Porsche ID: its links, the names it gave its cars, PCM logins and commands go."""
    linked = select(VehicleLink.vehicle_id).where(VehicleLink.account_id == account.id)
    db.session.execute(update(Vehicle).where(Vehicle.id.in_(linked)).values(nickname=None))
    db.session.execute(delete(VehicleLink).where(VehicleLink.account_id == account.id))
    db.session.execute(delete(RemoteCommand).where(RemoteCommand.account_id == account.id))
    db.session.execute(
        update(Vehicle)
        .where(Vehicle.pcm_account_id == account.id)
        .values(pcm_account_id=None, pcm_login_at=None)
    )


def end_link(account: Account, vehicle: Vehicle) -> bool:
    """End the account's main-user link of the car in one atomic statement; False when it is
    not (or no longer: another request just ended it) the car's main user."""
    ended: CursorResult = db.session.execute(  # type: ignore[assignment]
        VehicleLink.__table__.delete().where(
            VehicleLink.vehicle_id == vehicle.id, VehicleLink.account_id == account.id
        )
    )
    db.session.expire(vehicle, ["link"])
    return ended.rowcount == 1


def forget_vehicle(vehicle_id: int, now: datetime) -> None:
    """The car changes hands: nothing of its people stays with it. Its main user link, the
    name, the login in the car, the sync history, its pairing codes and every remote command
    (open ones are dropped with the rest) are deleted. Safe to run twice."""
    db.session.execute(delete(VehicleLink).where(VehicleLink.vehicle_id == vehicle_id))
    db.session.execute(delete(RemoteCommand).where(RemoteCommand.vehicle_id == vehicle_id))
    db.session.execute(delete(PairingCode).where(PairingCode.vehicle_id == vehicle_id))
    db.session.execute(
        update(Vehicle)
        .where(Vehicle.id == vehicle_id)
        .values(
            nickname=None,
            pcm_account_id=None,
            pcm_login_at=None,
            services_fetched_at=None,
            services_fetched_mode=None,
            released_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
