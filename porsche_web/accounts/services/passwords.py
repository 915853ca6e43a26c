"""Passwords: the reset link, a new password (reset or change) and its consequences."""

from __future__ import annotations

from flask_babel import gettext

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.models import Account
from porsche_web.accounts.services import throttle
from porsche_web.accounts.services.common import (
    account_url,
    audit,
    email_account,
    security_event,
)
from porsche_web.accounts.services.link_requests import request_link
from porsche_web.accounts.services.tokens import (
    RESET_PASSWORD,
    consume_token,
    issue_token,
    token_account,
)
from porsche_web.notifications.services import in_language


def request_password_reset(email: str) -> None:
    """Ask for a reset link: the same work whether the address has a Porsche ID or not; the
    deliverer sends the link where there is one (:mod:`.link_requests`)."""
    request_link(RESET_PASSWORD, email)


def send_reset_link(account: Account) -> None:
    """Queue the reset link to the account's address (the deliverer, for a request)."""
    token = issue_token(account, RESET_PASSWORD)
    with in_language(account.market, account.language):
        email_account(
            account,
            subject=gettext("Choose a new password for My Porsche"),
            paragraphs=[
                gettext("Someone asked to reset the password of your Porsche ID."),
                gettext(
                    "The link works once and for 1 hour. If you did not ask, ignore this e-mail."
                ),
            ],
            link=(
                gettext("Choose a new password"),
                account_url(account, "accounts.reset_password", token=token),
            ),
        )


def set_password(account: Account, password: str, keep_sid_hash: str | None) -> None:
    """Store a new password, end every other session and tell the owner."""
    from porsche_web.accounts.sessions import end_other_sessions

    account.password_hash = hashing.hash_secret(password)
    account.password_changed_at = clock.now()
    throttle.forget(account.email)
    ended = end_other_sessions(account.id, keep_sid_hash)
    audit(account, "password.changed", sessions_ended=ended)
    security_event("password.changed", account, sessions_ended=ended)
    with in_language(account.market, account.language):
        email_account(
            account,
            subject=gettext("Your My Porsche password was changed"),
            paragraphs=[
                gettext(
                    "The password of your Porsche ID was changed and you were signed out "
                    "everywhere else."
                ),
                gettext("If you did not do this, contact customer service at once."),
            ],
        )


def reset_password(token: str, password: str) -> Account:
    row = consume_token(token, RESET_PASSWORD)
    account = token_account(row)
    set_password(account, password, keep_sid_hash=None)
    if account.email_verified_at is None:
        account.email_verified_at = clock.now()  # the link proved the address
    return account
