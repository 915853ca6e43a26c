"""Clearing the sign-in block for a customer (issue #12, item 3). Wrong passwords never lock a
Porsche ID; they make the sources that typed them wait (:mod:`.throttle`). Staff may clear those
waits for a customer who is stuck behind them; the customer is told by e-mail."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext

from porsche_web import clock
from porsche_web.accounts.models import Account
from porsche_web.accounts.services import throttle
from porsche_web.accounts.services.common import account_url, audit, email_account, security_event
from porsche_web.notifications.services import in_language


def sign_in_blocked_until(account: Account) -> datetime | None:
    """Until when wrong passwords make some source wait before signing in; None if none."""
    return throttle.blocked_until(account.email, clock.now())


def clear_sign_in_block(account: Account, by: str) -> bool:
    """Every wrong-password counter of the account's address starts again; the customer is
    told. False when nothing was blocked (nothing changes, nobody is told)."""
    if sign_in_blocked_until(account) is None:
        return False
    throttle.forget(account.email)
    with in_language(account.market, account.language):
        email_account(
            account,
            subject=gettext("You can sign in again"),
            paragraphs=[
                gettext(
                    "Customer service has lifted the wait that wrong passwords put on signing "
                    "in to your Porsche ID. You can sign in again now."
                ),
                gettext(
                    "If the wrong passwords were not typed by you, change your password after "
                    "signing in."
                ),
            ],
            link=(gettext("Sign in"), account_url(account, "accounts.login")),
        )
    audit(account, "login.block_cleared", by=by)
    security_event("login.block_cleared", account)
    return True
