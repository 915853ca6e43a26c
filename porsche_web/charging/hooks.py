"""The Charging Service's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l

from porsche_web.activation import contracts
from porsche_web.charging import services
from porsche_web.charging.models import ChargingCard
from porsche_web.clock import now
from porsche_web.hooks import (
    UNTIL_ACCOUNT_DELETED,
    ActivationConfirmed,
    AuditSubject,
    HomeSection,
    LegalBasis,
    PersonalData,
    Processing,
    account_rows,
    core_hookimpl,
    once_per_page,
    render_section,
)
from porsche_web.markets.registry import current_registry
from porsche_web.vehicles import services as vehicles

#: After the activations, before the cars.
MY_PORSCHE_ORDER = 150


@core_hookimpl
def core_my_porsche_section(account) -> HomeSection | None:
    moment = now()
    # the activations My Porsche's sections share (Track your Dream's, the cars', ...)
    confirmed = once_per_page(contracts.activations_of_account, account.id).confirmed
    linked = once_per_page(vehicles.linked_cars, account.id)  # the cars section's too
    sold = once_per_page(vehicles.orders_before_release, tuple(confirmed))  # theirs too
    cars = services.electrified_cars(account.id, g.market, moment, confirmed, linked, sold)
    if not cars:
        return None
    offer = services.offer_of(current_registry(), g.market)
    broken = {
        car.card.id: services.promise_broken(car.card, g.market, moment)
        for car in cars
        if car.card is not None
    }
    html = render_section("charging/my_porsche.html", cars=cars, offer=offer, broken=broken)
    return HomeSection(html, MY_PORSCHE_ORDER)


@core_hookimpl
def core_activation_confirmed(confirmed: ActivationConfirmed) -> None:
    services.order_card_for_activation(confirmed, current_registry())


@core_hookimpl
def core_vehicle_released(release) -> None:
    """A car that changed hands (sold, or released by staff for a buyer) takes the former main
    user's charging cards along, whatever its market does with the contracts: they end (the
    card would charge on nothing) or go to the buyer (the card would charge on the buyer's
    contract; the buyer books a card of their own). A car its main user only removed from the
    Porsche ID keeps its contract and card, for the same person."""
    if release.reason != vehicles.REMOVED and release.previous_account_id is not None:
        services.void_cards_of_sold_car(release.previous_account_id, release.vin, release.at)


@core_hookimpl
def core_account_deleted(account) -> None:
    services.forget_account(account.id)


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="charging_cards",
            columns=(
                "account_id",
                "order_number",
                "vin",
                "plan_id",
                "status",
                "delivery_name",
                "delivery_street",
                "delivery_postal_code",
                "delivery_city",
                "delivery_region",
                "delivery_country",
                "virtual_card_number",
            ),
            purpose=_l(
                "Sending you the charging card of your Porsche Charging Service and showing "
                "where it is, and your virtual charging card."
            ),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CONTRACTS,
            retention=UNTIL_ACCOUNT_DELETED,
            recipients=(_l("The company that makes and sends the charging cards"),),
        ),
    ]


@core_hookimpl
def core_personal_data_export(account) -> dict:
    return {"charging_cards": account_rows(ChargingCard, account)}


@core_hookimpl
def core_audit_subjects(account) -> list[AuditSubject]:
    from sqlalchemy import select

    from porsche_web.extensions import db

    cards = db.session.execute(
        select(ChargingCard.id)
        .where(ChargingCard.account_id == account.id)
        .order_by(ChargingCard.id)
    ).scalars()
    return [AuditSubject(f"charging_card:{card}") for card in cards]
