"""The car changes hands. Flush, never commit (the views and the command commit).

Every release is one transaction: the car's main user link ends, the car's API token is
rotated (the PCM must be set up and paired again), and every feature drops its data tied to the
car through ``core_vehicle_released`` (the vehicles feature: the login in the car, open and
past commands, the name, the sync history, pairing codes; the activation: the contracts when the
market's rule ends them). That clean-up is ``vehicles.services.release``, which the main user's
plain "Remove the car" runs too. The change is audited and the people are told in their own
language.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import format_date, gettext
from sqlalchemy import CursorResult, Select, bindparam, select, update
from sqlalchemy.exc import IntegrityError

from porsche_web.accounts.models import Account
from porsche_web.accounts.services import account_url, email_account
from porsche_web.audit import services as audit
from porsche_web.extensions import db
from porsche_web.markets import OwnerChange
from porsche_web.markets.registry import current_registry
from porsche_web.notifications.services import in_language, url_context
from porsche_web.sale.models import (
    APPLIED,
    BY_OWNER,
    BY_STAFF,
    OBJECTED,
    PENDING,
    VehicleRelease,
)
from porsche_web.vehicles import services as vehicles
from porsche_web.vehicles.models import Vehicle

#: ``VehicleReleased.reason`` of the two ways a car changes hands.
SOLD, RELEASED_BY_STAFF = "sold", "staff"


@dataclass(frozen=True)
class StaffRelease:
    """What a staff member's "Release the car" did: the release and whether it is in effect."""

    release: VehicleRelease
    applied: bool
    repeated: bool


def rule_for(vehicle: Vehicle) -> OwnerChange:
    """The market's rule for a car that changes hands (the core's fallback for a market that
    is switched off)."""
    registry = current_registry()
    market = registry.get(vehicle.market)
    return registry.owner_change(market) if market is not None else OwnerChange()


def _locked(vehicle: Vehicle) -> Vehicle:
    """The car's row, locked until the transaction ends (PostgreSQL), fresh from the database."""
    db.session.execute(select(Vehicle.id).where(Vehicle.id == vehicle.id).with_for_update())
    db.session.refresh(vehicle)
    return vehicle


def _release(vehicle: Vehicle, previous: int | None, reason: str, actor: str, now: datetime) -> str:
    """The release itself; what happened to the contracts."""
    rule = rule_for(vehicle)
    vin = vehicle.vin
    vehicles.release(vehicle, previous, reason, rule.contracts, now)
    audit.record(
        actor,
        f"vehicle:{vin}",
        "vehicle.released",
        details={"reason": reason, "contracts": rule.contracts, "previous": previous},
    )
    return rule.contracts


def sell(account: Account, vehicle: Vehicle, now: datetime) -> VehicleRelease:
    """The main user sold the car: it is released at once. A pending staff release of the car
    is settled by it.

    :raises NotLinked: the account is not (or no longer) the car's main user.
    """
    vehicle = _locked(vehicle)
    # The first write claims the sale: of two confirmations at once, one ends the link.
    if not vehicles.end_link(account, vehicle):
        raise vehicles.NotLinked()
    vin = vehicle.vin
    contracts = _release(vehicle, account.id, SOLD, f"account:{account.id}", now)
    db.session.execute(
        update(VehicleRelease)
        .where(VehicleRelease.vehicle_id == vehicle.id, VehicleRelease.status == PENDING)
        .values(status=APPLIED, applied_at=now)
    )
    release = VehicleRelease(
        vehicle_id=vehicle.id,
        vin=vin,
        previous_account_id=account.id,
        started_by=BY_OWNER,
        status=APPLIED,
        requested_at=now,
        effective_at=now,
        applied_at=now,
        contracts=contracts,
    )
    db.session.add(release)
    db.session.flush()
    _tell_released(account, vin, contracts, by_owner=True)
    return release


def sold_by(account: Account, vehicle_id: int) -> bool:
    """Whether this Porsche ID sold the car with this id (a second "I sold this car")."""
    return (
        db.session.execute(
            select(VehicleRelease.id).where(
                VehicleRelease.vehicle_id == vehicle_id,
                VehicleRelease.previous_account_id == account.id,
                VehicleRelease.started_by == BY_OWNER,
            )
        ).first()
        is not None
    )


def request_release(
    staff_member_id: int, vehicle: Vehicle, reason: str, proof: str, now: datetime
) -> StaffRelease:
    """Staff release the car for a buyer who legitimised themselves. A car without a main user
    (or in a market without a waiting period) is released at once; otherwise its main user is
    told by e-mail and the release takes effect after the market's waiting period unless they
    object. A second request while one is pending changes nothing."""
    vehicle = _locked(vehicle)
    open_ = pending_release(vehicle.id)
    if open_ is not None:
        return StaffRelease(open_, applied=False, repeated=True)
    rule = rule_for(vehicle)
    previous = vehicle.link.account_id if vehicle.link is not None else None
    release = VehicleRelease(
        vehicle_id=vehicle.id,
        vin=vehicle.vin,
        previous_account_id=previous,
        started_by=BY_STAFF,
        staff_member_id=staff_member_id,
        reason=reason,
        proof_reference=proof,
        status=PENDING,
        requested_at=now,
        effective_at=now + timedelta(days=rule.waiting_days),
    )
    try:
        with db.session.begin_nested():
            db.session.add(release)
    except IntegrityError:  # another member's release of the car came first
        open_ = pending_release(vehicle.id)
        assert open_ is not None
        return StaffRelease(open_, applied=False, repeated=True)
    audit.record(
        f"staff:{staff_member_id}",
        f"vehicle:{vehicle.vin}",
        "vehicle.release_requested",
        details={
            "reason": reason,
            "proof": proof,
            "previous": previous,
            "effective_at": release.effective_at.isoformat(),
        },
    )
    if previous is None or release.effective_at <= now:
        _apply(release, now)
        return StaffRelease(release, applied=True, repeated=False)
    owner = db.session.get(Account, previous)
    if owner is not None:
        _tell_requested(owner, vehicle, release)
    return StaffRelease(release, applied=False, repeated=False)


def _apply(release: VehicleRelease, now: datetime) -> None:
    vehicle = db.session.get(Vehicle, release.vehicle_id)
    assert vehicle is not None
    vehicle = _locked(vehicle)
    linked = vehicle.link.account_id if vehicle.link is not None else None
    release.status = APPLIED
    release.applied_at = now
    if linked is not None and linked != release.previous_account_id:
        # The car changed hands in between (sold and linked by someone else): nothing of the
        # new main user is touched.
        audit.record("system", f"vehicle:{vehicle.vin}", "vehicle.release_superseded")
        db.session.flush()
        return
    release.contracts = _release(vehicle, linked, RELEASED_BY_STAFF, "system", now)
    db.session.flush()
    if release.previous_account_id is not None:
        owner = db.session.get(Account, release.previous_account_id)
        if owner is not None:
            _tell_released(owner, release.vin, release.contracts, by_owner=False)


def pending_release(vehicle_id: int) -> VehicleRelease | None:
    return db.session.execute(
        select(VehicleRelease).where(
            VehicleRelease.vehicle_id == vehicle_id, VehicleRelease.status == PENDING
        )
    ).scalar_one_or_none()


def latest_release(vehicle_id: int) -> VehicleRelease | None:
    return db.session.execute(
        select(VehicleRelease)
        .where(VehicleRelease.vehicle_id == vehicle_id)
        .order_by(VehicleRelease.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def pending_for(account: Account) -> list[VehicleRelease]:
    """The releases of the account's cars waiting for their day (shown on My Porsche)."""
    return list(db.session.execute(_pending_for(), {"account_id": account.id}).scalars())


@functools.cache
def _pending_for() -> Select[Any]:
    """:func:`pending_for`'s statement (on every My Porsche page), built once."""
    return (
        select(VehicleRelease)
        .where(
            VehicleRelease.previous_account_id == bindparam("account_id"),
            VehicleRelease.status == PENDING,
        )
        .order_by(VehicleRelease.id)
    )


def object_to(account: Account, release_id: int, now: datetime) -> VehicleRelease | None:
    """The main user objects to a release they did not start: it will not take effect. None
    for a release that is not this account's; objecting twice changes nothing."""
    release = db.session.get(VehicleRelease, release_id)
    if release is None or release.previous_account_id != account.id:
        return None
    if release.status != PENDING:
        return release
    claimed: CursorResult = db.session.execute(  # type: ignore[assignment]
        VehicleRelease.__table__.update()
        .where(VehicleRelease.id == release.id, VehicleRelease.status == PENDING)
        .values(status=OBJECTED, objected_at=now)
    )
    db.session.refresh(release)
    if claimed.rowcount:
        audit.record(f"account:{account.id}", f"vehicle:{release.vin}", "vehicle.release_objected")
        _tell_objected(release)
    return release


def latest_release_for_vin(vin: str) -> VehicleRelease | None:
    """The last release of the car with this VIN (the staff console's order page)."""
    return db.session.execute(
        select(VehicleRelease)
        .where(VehicleRelease.vin == vin)
        .order_by(VehicleRelease.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def apply_due(now: datetime) -> int:
    """Apply every staff release whose waiting period is over and that nobody objected to; each
    is claimed atomically, so two runs at once apply it once. How many were applied."""
    due = db.session.execute(
        select(VehicleRelease.id)
        .where(VehicleRelease.status == PENDING, VehicleRelease.effective_at <= now)
        .order_by(VehicleRelease.id)
    ).scalars()
    applied = 0
    for release_id in list(due):
        claimed: CursorResult = db.session.execute(  # type: ignore[assignment]
            VehicleRelease.__table__.update()
            .where(VehicleRelease.id == release_id, VehicleRelease.status == PENDING)
            .values(status=APPLIED, applied_at=now)
        )
        if not claimed.rowcount:
            continue
        release = db.session.get(VehicleRelease, release_id)
        assert release is not None
        db.session.refresh(release)
        _apply(release, now)
        db.session.commit()
        applied += 1
    return applied


def forget_account(account: Account) -> None:
    """A deleted Porsche ID: the records of its cars' changes of hands stay, without it."""
    db.session.execute(
        update(VehicleRelease)
        .where(VehicleRelease.previous_account_id == account.id)
        .values(previous_account_id=None)
    )


# -- Notifications --------------------------------------------------------------------------


def _tell_requested(owner: Account, vehicle: Vehicle, release: VehicleRelease) -> None:
    with url_context(), in_language(owner.market, owner.language):
        email_account(
            owner,
            subject=gettext("A Porsche Centre has asked to release your car"),
            paragraphs=[
                gettext(
                    "A Porsche Centre has asked to release your car with VIN %(vin)s from your "
                    "Porsche ID, because someone has shown that they now own it.",
                    vin=vehicle.vin,
                ),
                gettext(
                    "If you did not sell the car, object before %(date)s. Otherwise, on that "
                    "day the car is removed from your Porsche ID and everything tied to it is "
                    "deleted.",
                    date=format_date(release.effective_at, "long"),
                ),
            ],
            link=(
                gettext("See the request and object"),
                account_url(owner, "sale.release", release_id=release.id),
            ),
        )


def _tell_objected(release: VehicleRelease) -> None:
    """The staff member who asked for the release learns, in their language, that the owner
    objected: the car stays where it is."""
    from flask_babel import force_locale

    from porsche_web.notifications.services import enqueue_email, public_url
    from porsche_web.staff import services as staff

    member = staff.member_by_id(release.staff_member_id) if release.staff_member_id else None
    if member is None or not member.active:
        return
    with url_context(), force_locale(member.language):
        enqueue_email(
            to=member.email,
            market="",
            language=member.language,
            subject=gettext(
                "The owner objected to the release of the car %(vin)s", vin=release.vin
            ),
            paragraphs=[
                gettext(
                    "The owner of the car with VIN %(vin)s objected to the release you asked "
                    "for. The car stays with its owner and nothing was deleted.",
                    vin=release.vin,
                ),
                gettext(
                    "Check the buyer's proof of ownership again and contact the owner before "
                    "you do anything else."
                ),
            ],
            link=(
                gettext("See the car in the staff console"),
                public_url("staff.release_vehicle", vin=release.vin),
            ),
            reason=gettext("You receive this e-mail because you work with My Porsche."),
        )


def _tell_released(owner: Account, vin: str, contracts: str | None, *, by_owner: bool) -> None:
    from porsche_web.markets import CONTRACTS_END

    with url_context(), in_language(owner.market, owner.language):
        first = (
            gettext(
                "You told us that you sold your car with VIN %(vin)s. It is removed from your "
                "Porsche ID.",
                vin=vin,
            )
            if by_owner
            else gettext(
                "Your car with VIN %(vin)s is released for its new owner and removed from your "
                "Porsche ID.",
                vin=vin,
            )
        )
        contracts_text = (
            gettext("Its Porsche Connect services have ended.")
            if contracts == CONTRACTS_END
            else gettext("Its Porsche Connect services stay with the car for the new owner.")
        )
        email_account(
            owner,
            subject=gettext("Your car is removed from your Porsche ID"),
            paragraphs=[
                first,
                gettext(
                    "Nobody can use it with your Porsche ID any more. Your login in the car, "
                    "the name you gave it and its remote commands are deleted."
                ),
                contracts_text,
            ],
            link=(gettext("My vehicles"), account_url(owner, "vehicles.vehicles")),
        )
