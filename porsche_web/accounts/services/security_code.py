"""The car's security code (F7): setting it and checking it, with its lock after five wrong
codes. The code is never logged."""

from __future__ import annotations

from datetime import timedelta

from porsche_web import clock, tries
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.errors import SecurityCodeLocked
from porsche_web.accounts.models import Account
from porsche_web.accounts.services.common import audit, security_event
from porsche_web.extensions import db

SECURITY_CODE_TRIES = 5
SECURITY_CODE_LOCK = timedelta(minutes=60)


def set_security_code(account: Account, code: str) -> None:
    account.security_code_hash = hashing.hash_secret(code)
    account.security_code_failures = 0
    account.security_code_locked_until = None
    audit(account, "security_code.set")
    security_event("security_code.set", account)


def verify_security_code(account: Account, code: str) -> bool:
    """True for the right code. Five wrong codes lock it for 60 minutes
    (:class:`SecurityCodeLocked`, also raised while locked). The code is never logged.

    The try is counted first, in one atomic statement that refuses it when the code is locked
    (:func:`porsche_web.tries.spend_try`); only a counted try is compared. Concurrent tries
    wait for each other on the account's row, so each is counted and none slips past the lock.
    """
    now = clock.now()
    if account.security_code_hash is None:
        return False
    spent = tries.spend_try(
        Account.security_code_failures,
        Account.id == account.id,
        (Account.security_code_locked_until.is_(None))
        | (Account.security_code_locked_until <= now),
        limit=SECURITY_CODE_TRIES,
    )
    db.session.expire(account, ["security_code_failures", "security_code_locked_until"])
    if spent is None:
        security_event("security_code.refused_locked", account)
        raise SecurityCodeLocked(account.security_code_locked_until or now + SECURITY_CODE_LOCK)
    if hashing.verify_secret(account.security_code_hash, code):
        account.security_code_failures = 0
        account.security_code_locked_until = None
        db.session.flush()
        return True
    security_event("security_code.failed", account, failures=spent)
    if spent >= SECURITY_CODE_TRIES:
        # The last try: the row is still ours, so nobody tries between the count and the lock.
        account.security_code_failures = 0
        account.security_code_locked_until = now + SECURITY_CODE_LOCK
        audit(account, "security_code.locked")
        db.session.flush()
        raise SecurityCodeLocked(account.security_code_locked_until)
    return False
