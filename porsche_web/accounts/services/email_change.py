"""Changing the e-mail address: a link to the new address, a warning to the old one."""

from __future__ import annotations

from typing import cast

from flask_babel import gettext

from porsche_web import clock
from porsche_web.accounts.errors import InvalidToken
from porsche_web.accounts.models import Account
from porsche_web.accounts.services.common import (
    account_url,
    audit,
    email_account,
    find_by_email,
    normalize_email,
    security_event,
)
from porsche_web.accounts.services.tokens import (
    NEW_EMAIL,
    consume_token,
    issue_token,
    token_account,
)
from porsche_web.notifications.services import enqueue_email, in_language


def request_email_change(account: Account, new_email: str) -> None:
    """Send a confirmation link to the new address and tell the old one."""
    new_email = normalize_email(new_email)
    taken = find_by_email(new_email) is not None
    with in_language(account.market, account.language):
        if taken:
            email_account(
                account,
                to=new_email,
                subject=gettext("This address already has a Porsche ID"),
                paragraphs=[
                    gettext(
                        "Someone asked to move a Porsche ID to this e-mail address, but it "
                        "already belongs to a Porsche ID. Nothing was changed."
                    )
                ],
            )
        else:
            token = issue_token(account, NEW_EMAIL, new_email=new_email)
            enqueue_email(
                to=new_email,
                market=account.market,
                language=account.language,
                subject=gettext("Confirm your new e-mail address for My Porsche"),
                paragraphs=[
                    gettext("Confirm that you want to use this address for your Porsche ID."),
                    gettext("The link works once and for 1 day."),
                ],
                link=(
                    gettext("Confirm your new e-mail address"),
                    account_url(account, "accounts.confirm_new_email", token=token),
                ),
            )
        email_account(
            account,
            subject=gettext("A new e-mail address was requested for your Porsche ID"),
            paragraphs=[
                gettext(
                    "Someone signed in to your Porsche ID asked to use another e-mail address. "
                    "It changes only when the new address is confirmed."
                ),
                gettext(
                    "If you did not do this, change your password and contact customer service."
                ),
            ],
        )
    audit(account, "email.change_requested")
    security_event("email.change_requested", account)


def confirm_new_email(token: str) -> Account:
    row = consume_token(token, NEW_EMAIL)
    account = token_account(row)
    new_email = cast(str, row.new_email)  # always set on a NEW_EMAIL token
    if find_by_email(new_email) is not None:
        raise InvalidToken()
    account.email = new_email
    account.email_verified_at = clock.now()
    audit(account, "email.changed")
    security_event("email.changed", account)
    return account
