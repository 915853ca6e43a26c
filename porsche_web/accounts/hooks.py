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
    Processing,
    account_rows,
    core_hookimpl,
    export_rows,
)

#: After an unfinished activation (100), before linking the car (300).
PHONE_URGENCY = 200
EMAIL_URGENCY = 250


@core_hookimpl
def core_my_porsche_next_step(account) -> NextStep | None:
    """A new number waiting for its code, an unverified phone, then an unconfirmed e-mail
    address."""
    if account.pending_phone_e164:
        return NextStep(
            gettext("Confirm your new phone number"), url_for("accounts.new_phone"), PHONE_URGENCY
        )
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
                "pending_phone_e164",
                "pending_phone_since",
                "password_hash",
                "password_changed_at",
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
            processing=Processing.PORSCHE_ID,
            retention=UNTIL_ACCOUNT_DELETED,
            recipients=(DELIVERY_SERVICES,),
        ),
        PersonalData(
            table="web_sessions",
            columns=("account_id", "user_agent", "data", "created_at", "last_seen_at"),
            purpose=_l("Keeping you logged in, and showing you where you are signed in."),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.PORSCHE_ID,
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
            processing=Processing.PORSCHE_ID,
            retention=UNTIL_ACCOUNT_DELETED,
            recipients=(DELIVERY_SERVICES,),
        ),
        PersonalData(
            table="phone_challenges",
            columns=("account_id", "phone_e164", "created_at", "attempts"),
            purpose=_l("The codes we send by SMS to verify your mobile phone number."),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.CONTACT,
            retention=UNTIL_ACCOUNT_DELETED,
            recipients=(DELIVERY_SERVICES,),
        ),
        PersonalData(
            table="login_throttles",
            columns=("address_key", "source", "failures", "wait_until", "last_failure_at"),
            purpose=_l(
                "Counting wrong passwords typed for your e-mail address, so that guessing your "
                "password gets slower and slower. The address and where the tries came from are "
                "kept only as keyed hashes."
            ),
            legal_basis=LegalBasis.LEGITIMATE_INTERESTS,
            processing=Processing.PORSCHE_ID,
            retention=_l("Deleted at your next login, or a day after the last wrong password."),
        ),
        PersonalData(
            table="email_requests",
            columns=("purpose", "email", "created_at"),
            purpose=_l("Your request for a password reset or confirmation link, until we send it."),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.PORSCHE_ID,
            retention=_l("Deleted as soon as the link is sent (within a minute)."),
        ),
    ]


@core_hookimpl
def core_prepare_messages() -> int:
    from porsche_web.accounts.services.link_requests import handle_requests

    return handle_requests()


@core_hookimpl
def core_demo_seed() -> str:
    return demo.demo_customer()


@core_hookimpl
def core_personal_data_export(account) -> dict:
    from sqlalchemy import select

    from porsche_web.accounts.models import (
        Account,
        EmailRequest,
        EmailToken,
        LoginThrottle,
        PhoneChallenge,
        WebSession,
    )
    from porsche_web.accounts.services.throttle import address_key
    from porsche_web.extensions import db

    return {
        "accounts": export_rows([db.session.get(Account, account.id)]),
        "web_sessions": account_rows(WebSession, account),
        "email_tokens": account_rows(EmailToken, account),
        "phone_challenges": account_rows(PhoneChallenge, account),
        "login_throttles": export_rows(
            db.session.execute(
                select(LoginThrottle).where(LoginThrottle.address_key == address_key(account.email))
            ).scalars()
        ),
        "email_requests": export_rows(
            db.session.execute(
                select(EmailRequest).where(EmailRequest.email == account.email)
            ).scalars()
        ),
    }
