"""The Porsche ID's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from porsche_web.accounts import demo
from porsche_web.hooks import (
    DELIVERY_SERVICES,
    UNTIL_ACCOUNT_DELETED,
    LegalBasis,
    NextStep,
    PersonalData,
    core_hookimpl,
)

#: After an unfinished activation (100), before linking the car (300).
PHONE_URGENCY = 200
EMAIL_URGENCY = 250


@core_hookimpl
def core_my_porsche_next_step(account) -> NextStep | None:
    """An unverified phone, then an unconfirmed e-mail address."""
    if not account.phone_verified:
        return NextStep(
            gettext("Verify your phone number"), url_for("accounts.verify_phone"), PHONE_URGENCY
        )
    if not account.email_verified:
        return NextStep(
            gettext("Confirm your e-mail address: get a new confirmation link"),
            url_for("accounts.resend_confirmation"),
            EMAIL_URGENCY,
        )
    return None


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="accounts",
            columns=(
                "email",
                "email_verified_at",
                "given_name",
                "family_name",
                "country",
                "market",
                "language",
                "phone_e164",
                "phone_verified_at",
                "password_hash",
                "password_changed_at",
                "failed_logins",
                "locked_until",
                "security_code_hash",
                "security_code_failures",
                "security_code_locked_until",
                "created_at",
            ),
            purpose=_l(
                "Your Porsche ID: logging you in, contacting you about your account and "
                "protecting it."
            ),
            legal_basis=LegalBasis.CONTRACT,
            retention=UNTIL_ACCOUNT_DELETED,
            recipients=(DELIVERY_SERVICES,),
        ),
        PersonalData(
            table="web_sessions",
            columns=("account_id", "user_agent", "data", "created_at", "last_seen_at"),
            purpose=_l("Keeping you logged in, and showing you where you are signed in."),
            legal_basis=LegalBasis.CONTRACT,
            retention=_l(
                "Until you log out, or after 30 minutes without use and at most 12 hours; "
                "sessions that ended are deleted at the next login."
            ),
        ),
        PersonalData(
            table="email_tokens",
            columns=("account_id", "purpose", "new_email", "created_at", "used_at"),
            purpose=_l("The links we e-mail you to confirm an address or to reset your password."),
            legal_basis=LegalBasis.CONTRACT,
            retention=UNTIL_ACCOUNT_DELETED,
            recipients=(DELIVERY_SERVICES,),
        ),
        PersonalData(
            table="phone_challenges",
            columns=("account_id", "phone_e164", "created_at", "attempts"),
            purpose=_l("The codes we send by SMS to verify your mobile phone number."),
            legal_basis=LegalBasis.CONTRACT,
            retention=UNTIL_ACCOUNT_DELETED,
            recipients=(DELIVERY_SERVICES,),
        ),
    ]


@core_hookimpl
def core_demo_seed() -> str:
    return demo.demo_customer()
