"""The car's view: which activated services it shows now (the full set when its main user is
logged in in the PCM, else the limited set, F14, F15), when its services were last activated,
and the PCM login with the security code (F7) and logout. Flush, never commit."""

from __future__ import annotations

from datetime import date, datetime

from porsche_web.accounts import services as accounts
from porsche_web.accounts.models import Account
from porsche_web.activation import contracts
from porsche_web.activation.contracts import ServicePeriod
from porsche_web.audit import services as audit
from porsche_web.connect import catalogue
from porsche_web.connect.catalogue import ConnectService
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.vehicles.errors import NotLinked
from porsche_web.vehicles.models import FULL, LIMITED, Vehicle
from porsche_web.vehicles.services import security_code as gate
from porsche_web.vehicles.services.access import NO_ROLE, access_of, access_of_id, may_use_service

#: A Connect service activated for a car, with its contract's period.
ActivatedService = tuple[ConnectService, ServicePeriod]


def vehicle_today(vehicle: Vehicle, now: datetime) -> date:
    """The calendar day at ``now`` in the car's market, the day its contracts start and end on
    (a contract starting "today" in Stockholm has started at 00:30 there, 23:30 UTC)."""
    return current_registry().today(vehicle.market, now)


def activated_services(vehicle: Vehicle, now: datetime) -> list[ActivatedService]:
    """The car's Connect services whose contract runs on the market's day at ``now`` (one
    query)."""
    result = []
    for period in contracts.contracts_for_vin(vehicle.vin, vehicle_today(vehicle, now)):
        service = catalogue.get_service(period.service_id)
        if period.kind == contracts.CONNECT and service is not None:
            result.append((service, period))
    return result


def last_activation(vehicle: Vehicle) -> datetime | None:
    """When services of the car were last activated (to tell whether the car has them, F14)."""
    return contracts.last_activation_for_vin(vehicle.vin)


def in_limited_set(service: ConnectService) -> bool:
    """What works without a Porsche ID logged in in the car: never remote functions (F15)."""
    return not service.remote and not service.needs_car_login


def car_services(vehicle: Vehicle, now: datetime) -> tuple[str, list[ActivatedService]]:
    """What the car shows now, and the fetch recorded (F14): the full activated set when its
    main user is logged in in the PCM, the full set filtered by their rights at ``now`` for a
    secondary user (issue #16), else the limited set (F15)."""
    services = activated_services(vehicle, now)
    access = access_of_id(vehicle.pcm_account_id, vehicle, now)
    mode = LIMITED if access.role == NO_ROLE else FULL
    if mode == LIMITED:
        services = [(s, c) for s, c in services if in_limited_set(s)]
    else:
        services = [(s, c) for s, c in services if may_use_service(access, s)]
    vehicle.services_fetched_at = now
    vehicle.services_fetched_mode = mode
    db.session.flush()
    return mode, services


def pcm_login(
    vehicle: Vehicle, email: str, password: str, security_code: str | None, now: datetime
) -> Account:
    """Log a Porsche ID in in the car: its credentials, and the security code where the model
    needs one (five wrong codes lock it for 60 minutes). The car is the source of the password
    tries: wrong passwords from it are throttled, not the Porsche ID elsewhere.

    :raises accounts.LoginFailed: wrong credentials.
    :raises accounts.LoginThrottled: too many wrong passwords from this car (or everywhere).
    :raises NotLinked: the Porsche ID is neither the car's main user nor an active secondary
        user (``access_of``).
    :raises SecurityCodeNeeded, WrongSecurityCode, NoSecurityCode, accounts.SecurityCodeLocked:
        from the security-code gate (:func:`.security_code.check_security_code`).
    """
    account = accounts.authenticate(email, password, f"vehicle:{vehicle.id}", now)
    if access_of(account, vehicle, now).role == NO_ROLE:
        raise NotLinked()
    gate.check_security_code(account, vehicle, security_code)
    vehicle.pcm_account_id = account.id
    vehicle.pcm_login_at = now
    db.session.flush()
    audit.record(f"account:{account.id}", f"vehicle:{vehicle.vin}", "vehicle.pcm_login")
    return account


def pcm_logout(vehicle: Vehicle) -> None:
    vehicle.pcm_account_id = None
    vehicle.pcm_login_at = None
    db.session.flush()
