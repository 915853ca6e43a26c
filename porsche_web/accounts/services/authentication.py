"""Log in and the fresh password check before sensitive changes, with wrong passwords
throttled per source instead of locking the Porsche ID (:mod:`.throttle`)."""

from __future__ import annotations

from datetime import datetime

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.errors import LoginFailed, LoginThrottled, WrongPassword
from porsche_web.accounts.models import Account
from porsche_web.accounts.services import throttle
from porsche_web.accounts.services.common import audit, find_by_email, security_event


def authenticate(email: str, password: str, source: str, now: datetime | None = None) -> Account:
    """The account for these credentials, or :class:`LoginFailed` / :class:`LoginThrottled`.

    The try is counted before the password is compared (:func:`.throttle.spend_try`), the same
    way for an address with and without a Porsche ID; a throttled try is not compared at all.

    :param source: who tries (:func:`.throttle.client_source` of the browser's address, or
        ``vehicle:<id>`` for a car).
    """
    now = now or clock.now()
    try:
        throttle.spend_try(email, source, now)
    except LoginThrottled as exc:
        security_event("login.throttled", None, everyone=exc.everyone, wait=exc.wait_seconds)
        raise
    account = find_by_email(email)
    ok = hashing.verify_secret(account.password_hash if account else None, password)
    if account is None:
        security_event("login.failed", None, reason="unknown")
        raise LoginFailed()
    if not ok:
        security_event("login.failed", account)
        raise LoginFailed()
    throttle.clear(email, source)
    if HASHER_NEEDS_REHASH(account.password_hash):
        account.password_hash = hashing.hash_secret(password)
    security_event("login.ok", account)
    audit(account, "login")
    return account


def HASHER_NEEDS_REHASH(hashed: str) -> bool:  # noqa: N802
    return hashing.HASHER.check_needs_rehash(hashed)


def check_password(
    account: Account, password: str, source: str, now: datetime | None = None
) -> None:
    """The fresh password check before sensitive changes; its wrong tries count like wrong
    logins (a stolen session does not get free guesses).

    :raises WrongPassword: not the password.
    :raises LoginThrottled: this source (or everyone) has to wait; the password was not compared.
    """
    now = now or clock.now()
    try:
        throttle.spend_try(account.email, source, now)
    except LoginThrottled as exc:
        security_event("reauth.throttled", account, everyone=exc.everyone)
        raise
    if not hashing.verify_secret(account.password_hash, password):
        security_event("reauth.failed", account)
        raise WrongPassword()
    throttle.clear(account.email, source)
    security_event("reauth.ok", account)
