"""The change of hands' implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from porsche_web.hooks import (
    HomeSection,
    LegalBasis,
    PersonalData,
    Processing,
    core_hookimpl,
    export_rows,
)

#: Where a waiting release goes on My Porsche: before the activations and the cars.
MY_PORSCHE_ORDER = 50


@core_hookimpl
def core_my_porsche_section(account) -> HomeSection | None:
    from porsche_web.sale import views

    html = views.my_porsche_section(account)
    return HomeSection(html, MY_PORSCHE_ORDER) if html else None


@core_hookimpl
def core_account_deleted(account) -> None:
    from porsche_web.sale import services

    services.forget_account(account)


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="vehicle_releases",
            columns=(
                "previous_account_id",
                "vehicle_id",
                "vin",
                "reason",
                "proof_reference",
                "requested_at",
                "effective_at",
                "applied_at",
                "objected_at",
            ),
            purpose=_l(
                "A record of each time a car left your Porsche ID: whether you sold it or a "
                "Porsche Centre released it for its new owner, with the proof of ownership "
                "shown, and whether you objected."
            ),
            legal_basis=LegalBasis.LEGITIMATE_INTERESTS,
            processing=Processing.CAR,
            retention=_l(
                "Kept as proof of who could use the car when. When you delete your Porsche ID "
                "the record stays without your Porsche ID."
            ),
        ),
    ]


@core_hookimpl
def core_personal_data_export(account) -> dict:
    from sqlalchemy import select

    from porsche_web.extensions import db
    from porsche_web.sale.models import VehicleRelease

    rows = db.session.execute(
        select(VehicleRelease)
        .where(VehicleRelease.previous_account_id == account.id)
        .order_by(VehicleRelease.id)
    ).scalars()
    return {"vehicle_releases": export_rows(rows)}
