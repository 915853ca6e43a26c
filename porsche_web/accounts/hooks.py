"""The Porsche ID's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from porsche_web.accounts import demo
from porsche_web.hooks import (
    DELIVERY_SERVICES,
    UNTIL_ACCOUNT_DELETED,
    LegalBasis,
    PersonalData,
    account_rows,
    core_hookimpl,
    export_rows,
)


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


@core_hookimpl
def core_personal_data_export(account) -> dict:
    from porsche_web.accounts.models import Account, EmailToken, PhoneChallenge, WebSession
    from porsche_web.extensions import db

    return {
        "accounts": export_rows([db.session.get(Account, account.id)]),
        "web_sessions": account_rows(WebSession, account),
        "email_tokens": account_rows(EmailToken, account),
        "phone_challenges": account_rows(PhoneChallenge, account),
    }
