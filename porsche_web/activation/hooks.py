"""The activation's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from porsche_web.activation import checkout
from porsche_web.activation.wizard import my_porsche
from porsche_web.hooks import (
    UNTIL_ACCOUNT_DELETED,
    AuditSubject,
    HomeSection,
    LegalBasis,
    NextStep,
    PersonalData,
    Processing,
    account_rows,
    core_hookimpl,
)

#: Where the activations go on My Porsche: first.
MY_PORSCHE_ORDER = 100
#: An unfinished activation is the most urgent next step (it verifies the phone too).
NEXT_STEP_URGENCY = 100


@core_hookimpl
def core_my_porsche_section(account) -> HomeSection | None:
    html = my_porsche.my_porsche_section(account)
    return HomeSection(html, MY_PORSCHE_ORDER) if html else None


@core_hookimpl
def core_my_porsche_next_step(account) -> NextStep | None:
    unfinished = my_porsche.unfinished_activation(account)
    if unfinished is None:
        return None
    order, url = unfinished
    return NextStep(my_porsche.next_step_text(order), url, NEXT_STEP_URGENCY)


@core_hookimpl
def core_account_deleted(account) -> None:
    checkout.forget_account(account)


@core_hookimpl
def core_order_activated(order) -> bool:
    activation = checkout.activation_for(order)
    return activation is not None and activation.confirmed


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="activations",
            columns=(
                "account_id",
                "order_id",
                "services",
                "charging_plan",
                "billing_address_id",
                "invoice_recipient",
                "privacy_policy_version",
                "language",
                "confirmed_at",
            ),
            purpose=_l(
                "Your answers in the guided activation of Porsche Connect, and the activation "
                "you confirmed."
            ),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.ORDERS,
            retention=UNTIL_ACCOUNT_DELETED,
        ),
        PersonalData(
            table="activations",
            columns=("account_id", "partner_id", "partner_consent"),
            purpose=_l(
                "The Porsche partner you chose, and whether you agreed that we exchange your "
                "contact details and your activation with them."
            ),
            legal_basis=LegalBasis.CONSENT,
            processing=Processing.PARTNER,
            retention=UNTIL_ACCOUNT_DELETED,
            recipients=(_l("Your Porsche Centre, if you consent to data exchange with it"),),
        ),
        PersonalData(
            table="activations",
            columns=("account_id", "data_pass_provider", "data_pass_terms_version"),
            purpose=_l(
                "The Data Pass provider you chose, and your consent that we pass them your "
                "e-mail address and your car's VIN."
            ),
            legal_basis=LegalBasis.CONSENT,
            processing=Processing.DATA_PASS,
            retention=UNTIL_ACCOUNT_DELETED,
            recipients=(_l("The Data Pass provider you chose"),),
        ),
        PersonalData(
            table="contracts",
            columns=(
                "account_id",
                "activation_id",
                "service_id",
                "kind",
                "price",
                "currency",
                "starts_on",
                "ends_on",
                "vin",
                "market",
                "model_id",
                "model_year",
                "invoice_recipient",
            ),
            purpose=_l(
                "Your Porsche Connect contracts: which services your car has, and until when."
            ),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CONTRACTS,
            retention=UNTIL_ACCOUNT_DELETED,
        ),
        PersonalData(
            table="consents",
            columns=(
                "account_id",
                "activation_id",
                "kind",
                "subject",
                "version",
                "language",
                "given_at",
                "withdrawn_at",
            ),
            purpose=_l(
                "Showing which consents you gave and withdrew, with their version, time and "
                "language."
            ),
            legal_basis=LegalBasis.LEGAL_OBLIGATION,
            processing=Processing.PARTNER,
            retention=UNTIL_ACCOUNT_DELETED,
        ),
        PersonalData(
            table="billing_addresses",
            columns=(
                "account_id",
                "kind",
                "name",
                "company",
                "vat_number",
                "street",
                "postal_code",
                "city",
                "region",
                "country",
            ),
            purpose=_l("The invoice recipients you entered, for invoicing your services."),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CONTRACTS,
            retention=UNTIL_ACCOUNT_DELETED,
        ),
    ]


@core_hookimpl
def core_personal_data_export(account) -> dict:
    from porsche_web.activation.models import Activation, BillingAddress, Consent, Contract

    return {
        "activations": account_rows(Activation, account),
        "contracts": account_rows(Contract, account),
        "consents": account_rows(Consent, account),
        "billing_addresses": account_rows(BillingAddress, account),
    }


@core_hookimpl
def core_vehicle_released(release) -> None:
    """A sold car: its contracts end when the market's rule says so (else they stay with it)."""
    from porsche_web.activation import contracts
    from porsche_web.markets import CONTRACTS_END

    if release.contracts == CONTRACTS_END:
        contracts.end_contracts_for_vin(release.vin, release.at.date())


@core_hookimpl
def core_audit_subjects(account) -> list[AuditSubject]:
    from porsche_web.activation import contracts

    numbers = sorted({a.order_number for a in contracts.activations_of_account(account.id).all})
    return [AuditSubject(f"order:{number}") for number in numbers] + [
        AuditSubject(f"contract:{c.id}") for c in contracts.contracts_of_account(account.id)
    ]
