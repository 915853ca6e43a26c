"""Vehicles: provisioning and credentials, linking (F13), what the car shows (F14, F15), the
PCM login with the security code (F7) and remote commands. Flush, never commit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts import services as accounts
from porsche_web.accounts.models import Account, aware
from porsche_web.activation.models import CONFIRMED, Activation, Contract, Order
from porsche_web.audit import services as audit
from porsche_web.connect import catalogue
from porsche_web.connect.catalogue import ConnectService, ModelYear
from porsche_web.extensions import db
from porsche_web.vehicles.models import (
    DELIVERED,
    EXECUTED,
    EXPIRED,
    FAILED,
    FULL,
    LIMITED,
    PENDING,
    VIA_ORDER,
    VIA_PAIRING,
    PairingCode,
    RemoteCommand,
    Vehicle,
    VehicleLink,
)
from porsche_web.vin import (  # noqa: F401  (the VIN rules, also used from here)
    CHECK_DIGIT_MARKETS,
    normalize_vin,
    valid_vin,
    vin_check_digit,
)

#: A pairing code shown by the PCM lives this long and allows this many wrong tries.
PAIRING_CODE_LIFETIME = timedelta(minutes=10)
PAIRING_TRIES = 5
PAIRING_DIGITS = 8
#: A remote command the car has not picked up by then expires …
COMMAND_LIFETIME = timedelta(minutes=10)
#: … and one it picked up but never reported on.
COMMAND_RESULT_LIFETIME = timedelta(hours=1)


class VehicleError(Exception):
    """A customer-facing refusal; ``message`` is localized."""

    message: Any = _l("This is not possible for this car.")

    def __init__(self, message: Any = None) -> None:
        super().__init__(type(self).__name__)  # no text here: may run outside a request
        if message is not None:
            self.message = message


class AlreadyLinked(VehicleError):
    message = _l(
        "This car is already linked to another Porsche ID. The main user can remove it in My "
        "Porsche, or customer service can help."
    )


class PairingFailed(VehicleError):
    message = _l(
        "The VIN or the pairing code is not right, or the code has expired. Show a new code "
        "in the car and try again."
    )


class NotLinked(VehicleError):
    message = _l("This Porsche ID is not linked to this car.")


class SecurityCodeNeeded(VehicleError):
    message = _l("Enter your security code.")


class WrongSecurityCode(VehicleError):
    message = _l("The security code is not right.")


class NoSecurityCode(VehicleError):
    message = _l("Set a security code for your car in My Porsche first.")


class CommandUnavailable(VehicleError):
    message = _l("Your car's services do not include this function.")


# -- cars and their credentials ----------------------------------------------------------------


def find_by_vin(vin: str) -> Vehicle | None:
    return db.session.execute(select(Vehicle).where(Vehicle.vin == vin)).scalar_one_or_none()


def find_by_token(token: str) -> Vehicle | None:
    if not token or len(token) > 100:
        return None
    return db.session.execute(
        select(Vehicle).where(Vehicle.token_hash == hashing.hash_token(token))
    ).scalar_one_or_none()


def provision(vin: str, model_id: str, model_year: int, market: str) -> tuple[Vehicle, str]:
    """A car enters the system with its own API token (returned once, only its hash is kept).

    :raises ValueError: an invalid VIN, model, model year, or a VIN already known.
    """
    vin = normalize_vin(vin)
    if not valid_vin(vin, market):
        raise ValueError(f"{vin!r} is not a valid VIN for market {market!r}")
    if catalogue.model_year(model_id, model_year) is None:
        raise ValueError(f"{model_id!r} {model_year} is not a model year with Porsche Connect")
    if find_by_vin(vin) is not None:
        raise ValueError(f"{vin} is already known; rotate its token instead")
    token, token_hash = hashing.new_token()
    vehicle = Vehicle(
        vin=vin, model_id=model_id, model_year=model_year, market=market, token_hash=token_hash
    )
    db.session.add(vehicle)
    db.session.flush()
    audit.record("system", f"vehicle:{vin}", "vehicle.provisioned")
    return vehicle, token


def rotate_token(vehicle: Vehicle, now: datetime) -> str:
    """A new API token for the car; the old one stops working at once."""
    token, vehicle.token_hash = hashing.new_token()
    vehicle.token_rotated_at = now
    audit.record("system", f"vehicle:{vehicle.vin}", "vehicle.token_rotated")
    db.session.flush()
    return token


def model_year(vehicle: Vehicle) -> ModelYear:
    return catalogue.model_year(vehicle.model_id, vehicle.model_year)


# -- what is activated for a car ---------------------------------------------------------------


def active_contracts(vehicle: Vehicle, today: date) -> list[Contract]:
    """The confirmed contracts of the car's orders that have not ended."""
    return list(
        db.session.execute(
            select(Contract)
            .join(Activation, Contract.activation_id == Activation.id)
            .join(Order, Activation.order_id == Order.id)
            .where(
                Order.vin == vehicle.vin,
                Activation.status == CONFIRMED,
                Contract.ends_on >= today,
            )
            .order_by(Contract.id)
        ).scalars()
    )


def activated_services(vehicle: Vehicle, today: date) -> list[tuple[ConnectService, Contract]]:
    result = []
    for contract in active_contracts(vehicle, today):
        service = catalogue.get_service(contract.service_id)
        if contract.kind == "connect" and service is not None:
            result.append((service, contract))
    return result


def last_activation(vehicle: Vehicle) -> datetime | None:
    """When services of the car were last activated (to tell whether the car has them, F14)."""
    moment = db.session.execute(
        select(func.max(Activation.confirmed_at))
        .join(Order, Activation.order_id == Order.id)
        .where(Order.vin == vehicle.vin, Activation.status == CONFIRMED)
    ).scalar()
    return aware(moment)


def in_limited_set(service: ConnectService) -> bool:
    """What works without a Porsche ID logged in in the car: never remote functions (F15)."""
    return not service.remote and not service.needs_car_login


def car_services(vehicle: Vehicle, now: datetime) -> tuple[str, list[tuple[Any, Contract]]]:
    """What the car shows now, and the fetch recorded (F14): the full activated set when its
    main user is logged in in the PCM, else the limited set (F15)."""
    services = activated_services(vehicle, now.date())
    logged_in = vehicle.pcm_account_id is not None and (
        vehicle.link is not None and vehicle.link.account_id == vehicle.pcm_account_id
    )
    mode = FULL if logged_in else LIMITED
    if mode == LIMITED:
        services = [(s, c) for s, c in services if in_limited_set(s)]
    vehicle.services_fetched_at = now
    vehicle.services_fetched_mode = mode
    db.session.flush()
    return mode, services


# -- linking (F13) -----------------------------------------------------------------------------


def vehicles_of(account: Account) -> list[Vehicle]:
    return list(
        db.session.execute(
            select(Vehicle)
            .join(VehicleLink, VehicleLink.vehicle_id == Vehicle.id)
            .where(VehicleLink.account_id == account.id)
            .order_by(VehicleLink.linked_at)
        ).scalars()
    )


def vehicle_of(account: Account, vehicle_id: int) -> Vehicle | None:
    """The account's own linked car with this id; None for any other car."""
    vehicle = db.session.get(Vehicle, vehicle_id)
    if vehicle is None or vehicle.link is None or vehicle.link.account_id != account.id:
        return None
    return vehicle


def linkable_activations(account: Account) -> list[Activation]:
    """Confirmed activations of the account whose car (VIN known) it has not linked yet."""
    rows = db.session.execute(
        select(Activation)
        .join(Order, Activation.order_id == Order.id)
        .where(
            Activation.account_id == account.id,
            Activation.status == CONFIRMED,
            Order.vin.is_not(None),
        )
        .order_by(Activation.confirmed_at)
    ).scalars()
    result = []
    for activation in rows:
        vehicle = find_by_vin(activation.order.vin)
        if vehicle is None or vehicle.link is None or vehicle.link.account_id != account.id:
            result.append(activation)
    return result


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
    return vehicle


def link_from_order(account: Account, activation: Activation, now: datetime) -> Vehicle:
    """Link the car of an activated order: one confirmation, the VIN is already known."""
    order = activation.order
    if activation.account_id != account.id or not activation.confirmed or not order.vin:
        raise VehicleError()
    vehicle = find_by_vin(order.vin)
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
    """Link by VIN and the pairing code the PCM shows. Wrong tries are counted in the database;
    the answer is the same for an unknown VIN, a wrong code and an expired one.

    :raises PairingFailed: no such car, no open code, wrong or expired code.
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
    right = hashing.verify_secret(challenge.code_hash if challenge else None, code or "")
    if challenge is None or aware(challenge.expires_at) <= now:
        raise PairingFailed()
    if not right:
        # Counted in the database, so wrong tries at the same moment are all counted.
        db.session.execute(
            update(PairingCode)
            .where(PairingCode.id == challenge.id)
            .values(attempts=PairingCode.attempts + 1)
        )
        db.session.execute(
            update(PairingCode)
            .where(PairingCode.id == challenge.id, PairingCode.attempts >= PAIRING_TRIES)
            .values(closed_at=now)
        )
        db.session.expire(challenge)
        audit.record(f"account:{account.id}", f"vehicle:{vehicle.vin}", "vehicle.pairing_failed")
        raise PairingFailed()
    challenge.closed_at = now
    db.session.flush()
    return _link(vehicle, account, VIA_PAIRING, now)


def unlink(account: Account, vehicle: Vehicle, now: datetime) -> None:
    """Remove the car from the Porsche ID: the PCM logs the Porsche ID out and open remote
    commands are dropped. The contracts stay with the car (services are bought for a car)."""
    if vehicle.link is None or vehicle.link.account_id != account.id:
        raise NotLinked()
    db.session.delete(vehicle.link)
    if vehicle.pcm_account_id == account.id:
        vehicle.pcm_account_id = None
        vehicle.pcm_login_at = None
    db.session.execute(
        update(RemoteCommand)
        .where(RemoteCommand.vehicle_id == vehicle.id, RemoteCommand.status == PENDING)
        .values(status=EXPIRED, finished_at=now)
    )
    db.session.flush()
    db.session.expire(vehicle, ["link"])
    audit.record(f"account:{account.id}", f"vehicle:{vehicle.vin}", "vehicle.unlinked")


def set_nickname(vehicle: Vehicle, nickname: str | None) -> None:
    vehicle.nickname = nickname or None
    db.session.flush()


# -- the PCM login (F7, F15) -------------------------------------------------------------------


def pcm_login(
    vehicle: Vehicle, email: str, password: str, security_code: str | None, now: datetime
) -> Account:
    """Log a Porsche ID in in the car: its credentials, and the security code where the model
    needs one (five wrong codes lock it for 60 minutes).

    :raises accounts.LoginFailed, accounts.AccountLocked: wrong credentials, locked account.
    :raises NotLinked: the Porsche ID is not the car's main user.
    :raises SecurityCodeNeeded, WrongSecurityCode, NoSecurityCode, accounts.SecurityCodeLocked:
    """
    account = accounts.authenticate(email, password)
    if vehicle.link is None or vehicle.link.account_id != account.id:
        raise NotLinked()
    if model_year(vehicle).needs_security_code:
        if not account.security_code_set:
            raise NoSecurityCode()
        if not security_code:
            raise SecurityCodeNeeded()
        if not accounts.verify_security_code(account, security_code):
            raise WrongSecurityCode()
    vehicle.pcm_account_id = account.id
    vehicle.pcm_login_at = now
    db.session.flush()
    audit.record(f"account:{account.id}", f"vehicle:{vehicle.vin}", "vehicle.pcm_login")
    return account


def pcm_logout(vehicle: Vehicle) -> None:
    vehicle.pcm_account_id = None
    vehicle.pcm_login_at = None
    db.session.flush()


# -- remote commands (F7) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    kind: str
    service: str
    #: Needs the security code on models that have one (DOMAIN.md: unlocking does, locking not).
    security_relevant: bool
    label: Any


COMMANDS: dict[str, Command] = {
    command.kind: command
    for command in (
        Command("lock", "rlu_v1", False, _l("Lock")),
        Command("unlock", "rlu_v1", True, _l("Unlock")),
        Command("climate_on", "rclima_v1", False, _l("Start climate control")),
        Command("climate_off", "rclima_v1", False, _l("Stop climate control")),
    )
}


def available_commands(vehicle: Vehicle, today: date) -> list[Command]:
    """The remote functions the car's activated services include."""
    services = {service.id for service, _ in activated_services(vehicle, today)}
    return [command for command in COMMANDS.values() if command.service in services]


def needs_code(vehicle: Vehicle, command: Command) -> bool:
    return command.security_relevant and model_year(vehicle).needs_security_code


def send_command(
    account: Account, vehicle: Vehicle, kind: str, security_code: str | None, now: datetime
) -> RemoteCommand:
    """Queue a remote command for the car (its API hands it over).

    :raises NotLinked, CommandUnavailable, SecurityCodeNeeded, WrongSecurityCode,
        NoSecurityCode, accounts.SecurityCodeLocked:
    """
    if vehicle.link is None or vehicle.link.account_id != account.id:
        raise NotLinked()
    command = COMMANDS.get(kind)
    if command is None or command not in available_commands(vehicle, now.date()):
        raise CommandUnavailable()
    if needs_code(vehicle, command):
        if not account.security_code_set:
            raise NoSecurityCode()
        if not security_code:
            raise SecurityCodeNeeded()
        if not accounts.verify_security_code(account, security_code):
            raise WrongSecurityCode()
    row = RemoteCommand(vehicle_id=vehicle.id, account_id=account.id, kind=kind, created_at=now)
    db.session.add(row)
    db.session.flush()
    audit.record(
        f"account:{account.id}", f"vehicle:{vehicle.vin}", "vehicle.command", details={"kind": kind}
    )
    return row


def expire_commands(vehicle: Vehicle, now: datetime) -> None:
    """Commands the car did not pick up in time, or picked up and never reported on."""
    for status, lifetime in ((PENDING, COMMAND_LIFETIME), (DELIVERED, COMMAND_RESULT_LIFETIME)):
        db.session.execute(
            update(RemoteCommand)
            .where(
                RemoteCommand.vehicle_id == vehicle.id,
                RemoteCommand.status == status,
                RemoteCommand.created_at < now - lifetime,
            )
            .values(status=EXPIRED, finished_at=now)
        )


def recent_commands(vehicle: Vehicle, now: datetime, limit: int = 10) -> list[RemoteCommand]:
    expire_commands(vehicle, now)
    return list(
        db.session.execute(
            select(RemoteCommand)
            .where(RemoteCommand.vehicle_id == vehicle.id)
            .order_by(RemoteCommand.id.desc())
            .limit(limit)
        ).scalars()
    )


def commands_for_car(vehicle: Vehicle, now: datetime) -> list[RemoteCommand]:
    """What the car should execute now; handed over once (pending → delivered)."""
    expire_commands(vehicle, now)
    rows = list(
        db.session.execute(
            select(RemoteCommand)
            .where(RemoteCommand.vehicle_id == vehicle.id, RemoteCommand.status == PENDING)
            .order_by(RemoteCommand.id)
        ).scalars()
    )
    for row in rows:
        row.status = DELIVERED
        row.delivered_at = now
    db.session.flush()
    return rows


def command_result(
    vehicle: Vehicle, command_id: int, succeeded: bool, message: str | None, now: datetime
) -> RemoteCommand | None:
    """The car reports a command's outcome; only its own, delivered commands (None otherwise)."""
    expire_commands(vehicle, now)
    row = db.session.get(RemoteCommand, command_id)
    if row is None or row.vehicle_id != vehicle.id:
        return None
    if row.status in (EXECUTED, FAILED):
        return row  # reported twice: the first answer stands
    if row.status != DELIVERED:
        return None
    row.status = EXECUTED if succeeded else FAILED
    row.message = message
    row.finished_at = now
    db.session.flush()
    return row


def forget_account(account: Account) -> None:
    """A deleted Porsche ID: its links, PCM logins and commands go."""
    db.session.execute(delete(VehicleLink).where(VehicleLink.account_id == account.id))
    db.session.execute(delete(RemoteCommand).where(RemoteCommand.account_id == account.id))
    db.session.execute(
        update(Vehicle)
        .where(Vehicle.pcm_account_id == account.id)
        .values(pcm_account_id=None, pcm_login_at=None)
    )
