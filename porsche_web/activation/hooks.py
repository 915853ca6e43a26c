"""The activation's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from porsche_web.activation import checkout, demo
from porsche_web.activation.wizard import my_porsche
from porsche_web.activation.wizard.context import SESSION_KEY
from porsche_web.hooks import (
    UNTIL_ACCOUNT_DELETED,
    HomeSection,
    LegalBasis,
    PersonalData,
    core_hookimpl,
)

#: Where the activations go on My Porsche: first.
MY_PORSCHE_ORDER = 100


@core_hookimpl
def core_my_porsche_section(account) -> HomeSection | None:
    html = my_porsche.my_porsche_section(account)
    return HomeSection(html, MY_PORSCHE_ORDER) if html else None


@core_hookimpl
def core_session_keys_kept_at_login() -> list[str]:
    # The order of the invitation link used before logging in: the activation goes on after it.
    return [SESSION_KEY]


@core_hookimpl
def core_account_deleted(account) -> None:
    checkout.forget_account(account)


@core_hookimpl
def core_demo_seed() -> str:
    return demo.demo_orders()


# Orders and invitations come from the dealer systems and stay when a Porsche ID is deleted.
ORDER_RETENTION = _l(
    "Kept with the order, also after you delete your Porsche ID: the order belongs to your "
    "Porsche Centre."
)


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="orders",
            columns=(
                "order_number",
                "market",
                "partner_id",
                "given_name",
                "family_name",
                "email",
                "phone_e164",
                "language",
                "vin",
                "commission_number",
                "model_id",
                "model_year",
                "planned_delivery",
                "status",
            ),
            purpose=_l(
                "Your car order from your Porsche Centre, so that we can invite you to activate "
                "Porsche Connect for your car."
            ),
            legal_basis=LegalBasis.CONTRACT,
            retention=ORDER_RETENTION,
        ),
        PersonalData(
            table="invitations",
            columns=("order_id", "email", "sent_at", "used_at"),
            purpose=_l("The invitation e-mail with your activation link."),
            legal_basis=LegalBasis.CONTRACT,
            retention=ORDER_RETENTION,
        ),
        PersonalData(
            table="activations",
            columns=(
                "account_id",
                "order_id",
                "services",
                "data_pass_provider",
                "data_pass_terms_version",
                "charging_plan",
                "partner_id",
                "partner_consent",
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
            retention=UNTIL_ACCOUNT_DELETED,
            recipients=(_l("Your Porsche Centre, if you consent to data exchange with it"),),
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
            ),
            purpose=_l(
                "Your Porsche Connect contracts: which services your car has, and until when."
            ),
            legal_basis=LegalBasis.CONTRACT,
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
            retention=UNTIL_ACCOUNT_DELETED,
        ),
    ]
