"""Log in (with the lock after too many wrong passwords) and the fresh password check before
sensitive changes."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.errors import AccountLocked, LoginFailed, WrongPassword
from porsche_web.accounts.models import Account
from porsche_web.accounts.services.common import (
    account_url,
    audit,
    email_account,
    find_by_email,
    security_event,
)
from porsche_web.extensions import db
from porsche_web.notifications.services import in_language

LOGIN_FAILURES_BEFORE_LOCK = 10
LOGIN_LOCK = timedelta(minutes=15)


def authenticate(email: str, password: str) -> Account:
    """The account for these credentials, or :class:`LoginFailed` / :class:`AccountLocked`.

    A locked account says so only to someone who knows its password; everyone else gets the
    same answer as for a wrong password or an unknown address.
    """
    account = find_by_email(email)
    ok = hashing.verify_secret(account.password_hash if account else None, password)
    if account is None:
        security_event("login.failed", None, reason="unknown")
        raise LoginFailed()
    now = clock.now()
    locked_until = account.locked_until
    if locked_until and locked_until > now:
        security_event("login.refused_locked", account)
        if ok:
            raise AccountLocked(locked_until)
        raise LoginFailed()
    if not ok:
        account.failed_logins += 1
        security_event("login.failed", account, failures=account.failed_logins)
        if account.failed_logins >= LOGIN_FAILURES_BEFORE_LOCK:
            lock_account(account, now)
        db.session.flush()
        raise LoginFailed()
    account.failed_logins = 0
    account.locked_until = None
    if HASHER_NEEDS_REHASH(account.password_hash):
        account.password_hash = hashing.hash_secret(password)
    security_event("login.ok", account)
    audit(account, "login")
    return account


def HASHER_NEEDS_REHASH(hashed: str) -> bool:  # noqa: N802
    return hashing.HASHER.check_needs_rehash(hashed)


def lock_account(account: Account, now: datetime) -> None:
    account.locked_until = now + LOGIN_LOCK
    account.failed_logins = 0
    audit(account, "login.locked")
    security_event("login.locked", account)
    with in_language(account.market, account.language):
        email_account(
            account,
            subject=gettext("Your Porsche ID was locked for 15 minutes"),
            paragraphs=[
                gettext(
                    "Someone entered a wrong password for your Porsche ID many times, so we "
                    "locked it for 15 minutes."
                ),
                gettext(
                    "If it was not you, your password is still safe. To be sure, choose a new one."
                ),
            ],
            link=(
                gettext("Choose a new password"),
                account_url(account, "accounts.forgot_password"),
            ),
        )


def check_password(account: Account, password: str) -> None:
    """The fresh password check before sensitive changes."""
    if not hashing.verify_secret(account.password_hash, password):
        security_event("reauth.failed", account)
        raise WrongPassword()
    security_event("reauth.ok", account)
