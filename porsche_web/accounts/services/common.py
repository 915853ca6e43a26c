"""What several account services share: the audit trail and the security log, finding an
account by its e-mail address, and e-mails to the account's holder on its own site."""

from __future__ import annotations

import logging

from flask_babel import gettext
from sqlalchemy import select

from porsche_web.accounts.models import Account
from porsche_web.audit.services import record
from porsche_web.extensions import db
from porsche_web.notifications.models import OutboxMessage
from porsche_web.notifications.services import enqueue_email, public_url

security_log = logging.getLogger("porsche_web.security")


def actor(account: Account) -> str:
    return f"account:{account.id}"


def security_event(event: str, account: Account | None, **fields: object) -> None:
    """A structured security log line: ids only, never secrets or phone numbers."""
    security_log.info(
        "security event %s",
        event,
        extra={"event": event, "account_id": account and account.id, **fields},
    )


def audit(account: Account, action: str, request_id: str | None = None, **details: object) -> None:
    record(actor(account), actor(account), action, request_id=request_id, details=details)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> Account | None:
    return db.session.execute(
        select(Account).where(Account.email == normalize_email(email))
    ).scalar_one_or_none()


def email_account(
    account: Account,
    *,
    subject: str,
    paragraphs: list[str],
    link: tuple[str, str] | None = None,
    to: str | None = None,
) -> OutboxMessage:
    """Queue an e-mail to the account's holder (at ``to`` if given) in the account's language.

    Call inside ``in_language(account.market, account.language)`` so the texts are localized.
    """
    return enqueue_email(
        to=to or account.email,
        market=account.market,
        language=account.language,
        subject=subject,
        greeting=gettext("Hello %(name)s,", name=account.given_name),
        paragraphs=paragraphs,
        link=link,
    )


def account_url(account: Account, endpoint: str, **values: object) -> str:
    """An absolute link to ``endpoint`` on the account's own site (market and language)."""
    return public_url(endpoint, country=account.market, lang=account.language, **values)
