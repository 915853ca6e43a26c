"""Who may do what with a car (issue #16): the main user everything; a secondary user
(``porsche_web.people``, through the internal hook ``core_vehicle_access``) only the function
groups the main user granted, until the time they end; anyone else nothing. Read only.

Main-user-only functions (buying services, payment data, Charging Service, granting or
prohibiting remote use, security-relevant details such as tracking) belong to no function group:
no secondary user ever gets them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from porsche_web.accounts.models import Account
from porsche_web.connect.catalogue import ConnectService
from porsche_web.extensions import db
from porsche_web.hooks import MAIN_USER, NO_ROLE, SECONDARY_USER, VehicleAccess, current_hooks
from porsche_web.vehicles.models import Vehicle

#: The function groups a main user can grant a secondary user, and the Connect services each
#: one covers (DOMAIN.md §6).
FUNCTION_GROUPS: dict[str, tuple[str, ...]] = {
    "lock": ("rlu_v1",),
    "climate": ("rclima_v1",),
    "position": ("carfinder_v1",),
    "trips": ("trip_statistic_v1",),
}

MAIN_ACCESS = VehicleAccess(MAIN_USER, frozenset(FUNCTION_GROUPS))
NO_ACCESS = VehicleAccess(NO_ROLE)


def group_of_service(service_id: str) -> str | None:
    """The function group a Connect service belongs to; None for the others."""
    for group, services in FUNCTION_GROUPS.items():
        if service_id in services:
            return group
    return None


def access_of(account: Account | None, vehicle: Vehicle, now: datetime) -> VehicleAccess:
    """What ``account`` may do with ``vehicle`` at ``now`` (the one answer for My Porsche, the
    PCM login, the services the car shows and remote commands)."""
    if account is None:
        return NO_ACCESS
    if vehicle.link is not None and vehicle.link.account_id == account.id:
        return MAIN_ACCESS
    answer = current_hooks().vehicle_access(account, vehicle, now)
    if answer is None or answer.role != SECONDARY_USER:
        return NO_ACCESS
    return answer


def access_of_id(account_id: int | None, vehicle: Vehicle, now: datetime) -> VehicleAccess:
    """:func:`access_of` for an account id (the car's PCM login, a command's sender)."""
    if account_id is None:
        return NO_ACCESS
    return access_of(db.session.get(Account, account_id), vehicle, now)


def may_use_service(access: VehicleAccess, service: ConnectService) -> bool:
    """Whether the service is in the person's set: the main user all; a secondary user the
    services of their function groups and the car's own non-remote services; nobody else any."""
    if access.role == MAIN_USER:
        return True
    if access.role != SECONDARY_USER:
        return False
    group = group_of_service(service.id)
    if group is not None:
        return group in access.rights
    return not service.remote


def lock_vehicle(vehicle_id: int) -> Vehicle | None:
    """The car, its row locked until the transaction ends: for counting what may exist per car
    at most (secondary users). A write that changes nothing takes the lock on both databases
    (the row lock on PostgreSQL, the write lock on SQLite, whose ``FOR UPDATE`` is a no-op), so
    whoever counts next waits and then sees what this transaction added."""
    db.session.execute(
        update(Vehicle).where(Vehicle.id == vehicle_id).values(id=Vehicle.id),
        execution_options={"synchronize_session": False},
    )
    return db.session.execute(
        select(Vehicle)
        .where(Vehicle.id == vehicle_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
