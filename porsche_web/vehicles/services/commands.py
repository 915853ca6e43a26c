"""Remote commands (F7): which the car's services include, sending one (with the security code
where it is needed), handing them to the car once, their results and expiry. Flush, never
commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from porsche_web.accounts.models import Account
from porsche_web.audit import services as audit
from porsche_web.extensions import db
from porsche_web.hooks import VehicleAccess
from porsche_web.vehicles.errors import CommandUnavailable, Message, NotLinked
from porsche_web.vehicles.models import (
    DELIVERED,
    EXECUTED,
    EXPIRED,
    FAILED,
    PENDING,
    RemoteCommand,
    Vehicle,
)
from porsche_web.vehicles.services import security_code as gate
from porsche_web.vehicles.services.access import (
    MAIN_USER,
    SECONDARY_USER,
    access_of,
    access_of_id,
    group_of_service,
)
from porsche_web.vehicles.services.pcm import ActivatedService, activated_services

#: A remote command the car has not picked up by then expires …
COMMAND_LIFETIME = timedelta(minutes=10)
#: … and one it picked up but never reported on.
COMMAND_RESULT_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True)
class Command:
    kind: str
    service: str
    #: Needs the security code on models that have one (DOMAIN.md: unlocking does, locking not).
    security_relevant: bool
    label: Message


COMMANDS: dict[str, Command] = {
    command.kind: command
    for command in (
        Command("lock", "rlu_v1", False, _l("Lock")),
        Command("unlock", "rlu_v1", True, _l("Unlock")),
        Command("climate_on", "rclima_v1", False, _l("Start climate control")),
        Command("climate_off", "rclima_v1", False, _l("Stop climate control")),
    )
}


def available_commands(
    vehicle: Vehicle, now: datetime, activated: list[ActivatedService] | None = None
) -> list[Command]:
    """The remote functions the car's activated services include.

    :param activated: the car's ``activated_services`` when the caller has them already (the
        car page shows both), so they are not read twice.
    """
    if activated is None:
        activated = activated_services(vehicle, now)
    services = {service.id for service, _ in activated}
    return [command for command in COMMANDS.values() if command.service in services]


def may_send(access: VehicleAccess, command: Command) -> bool:
    """Whether the person may send the command: the main user any; a secondary user those of
    the function groups granted to them, while the grant lasts."""
    if access.role == MAIN_USER:
        return True
    group = group_of_service(command.service)
    return access.role == SECONDARY_USER and group is not None and group in access.rights


def needs_code(vehicle: Vehicle, command: Command) -> bool:
    return gate.needs_security_code(vehicle, command.security_relevant)


def send_command(
    account: Account, vehicle: Vehicle, kind: str, security_code: str | None, now: datetime
) -> RemoteCommand:
    """Queue a remote command for the car (its API hands it over).

    :raises NotLinked: neither the main user nor a secondary user with the command's right.
    :raises CommandUnavailable:
    :raises SecurityCodeNeeded, WrongSecurityCode, NoSecurityCode, accounts.SecurityCodeLocked:
        from the security-code gate (:func:`.security_code.check_security_code`).
    """
    access = access_of(account, vehicle, now)
    command = COMMANDS.get(kind)
    if command is None or not may_send(access, command):
        raise NotLinked()
    if command is None or command not in available_commands(vehicle, now):
        raise CommandUnavailable()
    gate.check_security_code(
        account, vehicle, security_code, security_relevant=command.security_relevant
    )
    row = RemoteCommand(vehicle_id=vehicle.id, account_id=account.id, kind=kind, created_at=now)
    db.session.add(row)
    db.session.flush()
    audit.record(
        f"account:{account.id}", f"vehicle:{vehicle.vin}", "vehicle.command", details={"kind": kind}
    )
    return row


def drop_commands_of(vehicle: Vehicle, account_id: int, now: datetime) -> None:
    """The person's commands the car has not picked up yet expire (a secondary user removed
    or leaving)."""
    db.session.execute(
        update(RemoteCommand)
        .where(
            RemoteCommand.vehicle_id == vehicle.id,
            RemoteCommand.account_id == account_id,
            RemoteCommand.status == PENDING,
        )
        .values(status=EXPIRED, finished_at=now)
    )


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
    """The car's latest commands since its main user linked it (never a former user's)."""
    expire_commands(vehicle, now)
    query = select(RemoteCommand).where(RemoteCommand.vehicle_id == vehicle.id)
    if vehicle.link is not None:
        query = query.where(RemoteCommand.created_at >= vehicle.link.linked_at)
    return list(db.session.execute(query.order_by(RemoteCommand.id.desc()).limit(limit)).scalars())


def commands_for_car(vehicle: Vehicle, now: datetime) -> list[RemoteCommand]:
    """What the car should execute now; handed over once (pending → delivered). A secondary
    user's command whose right has ended meanwhile (a time box) expires instead; the commands of
    a removed secondary user were dropped with them (:func:`drop_commands_of`)."""
    expire_commands(vehicle, now)
    pending = list(
        db.session.execute(
            select(RemoteCommand)
            .where(RemoteCommand.vehicle_id == vehicle.id, RemoteCommand.status == PENDING)
            .order_by(RemoteCommand.id)
        ).scalars()
    )
    rows = []
    for row in pending:
        command = COMMANDS.get(row.kind)
        access = access_of_id(row.account_id, vehicle, now)
        if command is None or (access.role == SECONDARY_USER and not may_send(access, command)):
            row.status = EXPIRED
            row.finished_at = now
            continue
        row.status = DELIVERED
        row.delivered_at = now
        rows.append(row)
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
