"""The car's security code (F7): setting it and checking it, with its lock after five wrong
codes. The code is never logged."""

from __future__ import annotations

from datetime import timedelta

from porsche_web import clock
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
    (:class:`SecurityCodeLocked`, also raised while locked). The code is never logged."""
    now = clock.now()
    locked_until = account.security_code_locked_until
    if locked_until and locked_until > now:
        security_event("security_code.refused_locked", account)
        raise SecurityCodeLocked(locked_until)
    if account.security_code_hash is None:
        return False
    if hashing.verify_secret(account.security_code_hash, code):
        account.security_code_failures = 0
        account.security_code_locked_until = None
        return True
    account.security_code_failures += 1
    security_event("security_code.failed", account, failures=account.security_code_failures)
    if account.security_code_failures >= SECURITY_CODE_TRIES:
        account.security_code_failures = 0
        account.security_code_locked_until = now + SECURITY_CODE_LOCK
        audit(account, "security_code.locked")
        db.session.flush()
        raise SecurityCodeLocked(account.security_code_locked_until)
    db.session.flush()
    return False
