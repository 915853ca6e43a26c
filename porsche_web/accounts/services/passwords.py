"""Passwords: the reset link, a new password (reset or change) and its consequences."""

from __future__ import annotations

from flask_babel import gettext

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.models import Account
from porsche_web.accounts.services.common import (
    account_url,
    audit,
    email_account,
    find_by_email,
    security_event,
)
from porsche_web.accounts.services.tokens import (
    RESET_PASSWORD,
    consume_token,
    issue_token,
    token_account,
)
from porsche_web.notifications.services import in_language


def request_password_reset(email: str) -> None:
    """Send a reset link when the address has a Porsche ID; silently nothing otherwise."""
    account = find_by_email(email)
    if account is None:
        hashing.new_token()
        security_event("password.reset_requested", None, known=False)
        return
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
    security_event("password.reset_requested", account, known=True)


def set_password(account: Account, password: str, keep_sid_hash: str | None) -> None:
    """Store a new password, end every other session and tell the owner."""
    from porsche_web.accounts.sessions import end_other_sessions

    account.password_hash = hashing.hash_secret(password)
    account.password_changed_at = clock.now()
    account.failed_logins = 0
    account.locked_until = None
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
