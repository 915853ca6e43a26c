"""The vehicles' implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from porsche_web.hooks import (
    AuditSubject,
    HomeSection,
    LegalBasis,
    NextStep,
    PersonalData,
    Processing,
    account_rows,
    core_hookimpl,
    export_rows,
    once_per_page,
)
from porsche_web.vehicles import demo, services, views

#: Where the vehicles go on My Porsche: after the activations.
MY_PORSCHE_ORDER = 200
#: Linking the activated car comes after finishing the activation and verifying the phone.
NEXT_STEP_URGENCY = 300


@core_hookimpl
def core_my_porsche_section(account) -> HomeSection | None:
    html = views.my_porsche_section(account)
    return HomeSection(html, MY_PORSCHE_ORDER) if html else None


@core_hookimpl
def core_my_porsche_next_step(account) -> NextStep | None:
    if not once_per_page(views.linkable_on_page, account):
        return None
    return NextStep(
        gettext("Link your Porsche ID to your car, so that its services work in the car"),
        url_for("vehicles.vehicles"),
        NEXT_STEP_URGENCY,
    )


@core_hookimpl
def core_account_deleted(account) -> None:
    services.forget_account(account)


@core_hookimpl
def core_vehicle_released(release) -> None:
    services.forget_vehicle(release.vehicle_id, release.at)


@core_hookimpl
def core_demo_seed() -> str:
    return demo.demo_vehicles()


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="vehicles",
            columns=(
                "vin",
                "nickname",
                "pcm_account_id",
                "pcm_login_at",
                "services_fetched_at",
                "services_fetched_mode",
            ),
            purpose=_l(
                "Your car: the name you gave it, which Porsche ID is logged in in the car and "
                "which services the car has fetched."
            ),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CAR,
            retention=_l(
                "The name you gave the car and your login in the car end when you remove the "
                "car or delete your Porsche ID. When the car changes hands they are deleted, "
                "with the car's sync history, before the buyer links it."
            ),
        ),
        PersonalData(
            table="vehicle_links",
            columns=("account_id", "vehicle_id", "via", "linked_at"),
            purpose=_l("Linking your car to your Porsche ID as its main user."),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CAR,
            retention=_l("Until you remove the car or delete your Porsche ID."),
        ),
        PersonalData(
            table="remote_commands",
            columns=("account_id", "vehicle_id", "kind", "status", "message", "created_at"),
            purpose=_l("Carrying out the remote commands you send to your car."),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CAR,
            retention=_l(
                "Until you delete your Porsche ID, or until the car changes hands: then the "
                "commands are deleted."
            ),
        ),
    ]


@core_hookimpl
def core_personal_data_export(account) -> dict:
    from porsche_web.extensions import db
    from porsche_web.vehicles.models import RemoteCommand, Vehicle, VehicleLink

    links = list(
        db.session.execute(
            select(VehicleLink).where(VehicleLink.account_id == account.id)
        ).scalars()
    )
    vehicles = db.session.execute(
        select(Vehicle)
        .where(
            or_(
                Vehicle.id.in_([link.vehicle_id for link in links]),
                Vehicle.pcm_account_id == account.id,
            )
        )
        .order_by(Vehicle.id)
    ).scalars()
    return {
        "vehicles": export_rows(vehicles),
        "vehicle_links": export_rows(links),
        "remote_commands": account_rows(RemoteCommand, account),
    }


@core_hookimpl
def core_audit_subjects(account) -> list[AuditSubject]:
    from porsche_web.extensions import db
    from porsche_web.vehicles.models import Vehicle, VehicleLink

    linked = db.session.execute(
        select(Vehicle.vin, VehicleLink.linked_at)
        .join(VehicleLink, VehicleLink.vehicle_id == Vehicle.id)
        .where(VehicleLink.account_id == account.id)
        .order_by(VehicleLink.id)
    ).all()
    return [AuditSubject(f"vehicle:{vin}", since=at) for vin, at in linked]
