"""The Data Pass hand-off's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from porsche_web.activation import contracts
from porsche_web.datapass import services
from porsche_web.datapass.models import DataPassRegistration
from porsche_web.hooks import (
    UNTIL_ACCOUNT_DELETED,
    HomeSection,
    LegalBasis,
    NextStep,
    PersonalData,
    Processing,
    account_rows,
    core_hookimpl,
    once_per_page,
    render_section,
)
from porsche_web.vehicles import services as vehicles

#: After Track your Dream, before the cars.
MY_PORSCHE_ORDER = 180
#: After linking the car.
NEXT_STEP_URGENCY = 350


def _data_passes(account_id: int) -> list[services.DataPass]:
    """The customer's Data Passes, from the activations My Porsche's sections share."""
    shared = once_per_page(contracts.activations_of_account, account_id)
    if not shared.data_passes:
        return []
    # the cars that changed hands: asked once for the page (the Charging Service's too)
    sold = once_per_page(vehicles.orders_before_release, tuple(shared.confirmed))
    return services.data_passes(account_id, shared.data_passes, sold)


@core_hookimpl
def core_my_porsche_section(account) -> HomeSection | None:
    passes = once_per_page(_data_passes, account.id)
    if not passes:
        return None
    return HomeSection(render_section("datapass/my_porsche.html", passes=passes), MY_PORSCHE_ORDER)


@core_hookimpl
def core_my_porsche_next_step(account) -> NextStep | None:
    waiting = [p for p in once_per_page(_data_passes, account.id) if p.waiting]
    if not waiting:
        return None
    return NextStep(
        gettext(
            "Register for your Data Pass with %(provider)s.",
            provider=waiting[0].activation.provider,
        ),
        url_for("datapass.overview"),
        NEXT_STEP_URGENCY,
    )


@core_hookimpl
def core_account_deleted(account) -> None:
    services.forget_account(account.id)


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="data_pass_registrations",
            columns=("account_id", "order_number", "provider", "registered_at", "reminder_sent_at"),
            purpose=_l(
                "Knowing whether you registered for your Data Pass with the provider, and "
                "reminding you once if not."
            ),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.DATA_PASS,
            retention=UNTIL_ACCOUNT_DELETED,
            recipients=(_l("The Data Pass provider, which tells us when you registered"),),
        ),
    ]


@core_hookimpl
def core_personal_data_export(account) -> dict:
    return {"data_pass_registrations": account_rows(DataPassRegistration, account)}
