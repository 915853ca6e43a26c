"""My services' implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from porsche_web.hooks import (
    UNTIL_ACCOUNT_DELETED,
    HomeSection,
    LegalBasis,
    PersonalData,
    Processing,
    account_rows,
    core_hookimpl,
    render_section,
)
from porsche_web.subscriptions import services
from porsche_web.subscriptions.models import Cancellation, Extension, Invoice, Reminder

#: After the activations (100) and the vehicles (200).
MY_PORSCHE_ORDER = 300


@core_hookimpl
def core_my_porsche_section(account) -> HomeSection:
    return HomeSection(render_section("subscriptions/my_porsche.html"), MY_PORSCHE_ORDER)


@core_hookimpl
def core_account_deleted(account) -> None:
    services.forget_account(account)


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="contract_extensions",
            columns=("account_id", "contract_id", "starts_on", "ends_on", "price", "consent_at"),
            purpose=_l("The years you added to your services, with your order and its price."),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CONTRACTS,
            retention=UNTIL_ACCOUNT_DELETED,
        ),
        PersonalData(
            table="contract_cancellations",
            columns=("account_id", "contract_id", "ends_on"),
            purpose=_l("The services you cancelled, and when they end."),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CONTRACTS,
            retention=UNTIL_ACCOUNT_DELETED,
        ),
        PersonalData(
            table="contract_reminders",
            columns=("account_id", "contract_id", "period_end"),
            purpose=_l("Which reminders we sent you before a service ends, so each is sent once."),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CONTRACTS,
            retention=UNTIL_ACCOUNT_DELETED,
        ),
        PersonalData(
            table="invoices",
            columns=("account_id", "recipient", "vin", "order_number", "amount", "language"),
            purpose=_l("The invoices and credit notes of the renewals you paid for."),
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            processing=Processing.CONTRACTS,
            retention=_l(
                "Kept for bookkeeping as the law requires (up to ten years). When you delete "
                "your Porsche ID we remove your name, address, car and Porsche ID from them."
            ),
        ),
    ]


@core_hookimpl
def core_personal_data_export(account) -> dict:
    return {
        "contract_extensions": account_rows(Extension, account),
        "contract_cancellations": account_rows(Cancellation, account),
        "contract_reminders": account_rows(Reminder, account),
        "invoices": account_rows(Invoice, account),
    }
