"""The car's people's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from porsche_web.hooks import (
    DELIVERY_SERVICES,
    HomeSection,
    LegalBasis,
    PersonalData,
    Processing,
    VehicleAccess,
    VehicleReleased,
    core_hookimpl,
    export_rows,
)
from porsche_web.people import services, views
from porsche_web.vehicles import services as vehicles

#: Where the cars shared with the customer go on My Porsche: after their own cars.
MY_PORSCHE_ORDER = 250


@core_hookimpl
def core_my_porsche_section(account) -> HomeSection | None:
    html = views.my_porsche_section(account)
    return HomeSection(html, MY_PORSCHE_ORDER) if html else None


@core_hookimpl
def core_vehicle_access(account, vehicle, now) -> VehicleAccess | None:
    return services.access(account, vehicle, now)


@core_hookimpl
def core_vehicle_released(release: VehicleReleased) -> None:
    """A car that changes hands: every secondary user loses access at once and is told."""
    vehicle = vehicles.find_by_vin(release.vin)
    if vehicle is not None:
        services.remove_all_people(vehicle, f"vehicle released ({release.reason})", release.at)


@core_hookimpl
def core_account_deleted(account) -> None:
    services.forget_account(account)


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="car_people",
            columns=(
                "vehicle_id",
                "main_account_id",
                "account_id",
                "name",
                "email",
                "phone_e164",
                "market",
                "language",
                "status",
                "invited_at",
                "accepted_at",
                "confirmed_at",
                "activated_at",
            ),
            purpose=_l(
                "Letting another person use a car: the name, e-mail address and mobile number "
                "its main user entered, the Porsche ID that accepted and where the invitation is."
            ),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CAR,
            retention=_l(
                "Until the main user removes the person, the person leaves, the car changes "
                "hands, or either of them deletes their Porsche ID."
            ),
            recipients=(DELIVERY_SERVICES,),
        ),
        PersonalData(
            table="car_person_rights",
            columns=("person_id", "function", "until"),
            purpose=_l("Which functions of the car a secondary user may use, and until when."),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CAR,
            retention=_l("As long as the person uses the car."),
        ),
        PersonalData(
            table="car_person_codes",
            columns=("person_id", "created_at", "expires_at", "attempts", "closed_at"),
            purpose=_l("Confirming the invitation to use a car with a code sent by SMS."),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CAR,
            retention=_l("As long as the person uses the car."),
        ),
    ]


@core_hookimpl
def core_personal_data_export(account) -> dict:
    """The places the account has on other people's cars, and the people it invited to its own
    cars (what it entered: name, e-mail address, mobile number, and the rights it gave them).
    Neither side sees the other customer's account id."""
    from porsche_web.extensions import db
    from porsche_web.people.models import CarPerson, CarPersonCode, CarPersonRight

    places = list(
        db.session.execute(
            select(CarPerson).where(CarPerson.account_id == account.id).order_by(CarPerson.id)
        ).scalars()
    )
    invited = list(
        db.session.execute(
            select(CarPerson).where(CarPerson.main_account_id == account.id).order_by(CarPerson.id)
        ).scalars()
    )
    ids = [place.id for place in places]
    rights = db.session.execute(
        select(CarPersonRight)
        .where(CarPersonRight.person_id.in_(ids + [person.id for person in invited]))
        .order_by(CarPersonRight.id)
    ).scalars()
    codes = db.session.execute(
        select(CarPersonCode).where(CarPersonCode.person_id.in_(ids)).order_by(CarPersonCode.id)
    ).scalars()
    rows = export_rows(places)
    for row in rows:
        row.pop("main_account_id", None)  # another customer's id
    invited_rows = export_rows(invited)
    for row in invited_rows:
        row.pop("account_id", None)  # the invited person's Porsche ID is theirs
    return {
        "car_people": rows + invited_rows,
        "car_person_rights": export_rows(rights),
        "car_person_codes": export_rows(codes),
    }
