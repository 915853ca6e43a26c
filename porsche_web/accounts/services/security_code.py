"""The car's security code (F7): setting it and checking it, with its lock after five wrong
codes. The code is never logged."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext

from porsche_web import clock, tries
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.errors import InvalidPhone, SecurityCodeLocked
from porsche_web.accounts.models import Account
from porsche_web.accounts.services.common import (
    account_url,
    actor,
    audit,
    email_account,
    security_event,
)
from porsche_web.accounts.services.phone import _check_code
from porsche_web.audit.services import recorded_since
from porsche_web.extensions import db
from porsche_web.notifications.services import in_language

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


#: The reset instructions are sent once in this time however often staff submit.
HELP_AGAIN_AFTER = timedelta(minutes=10)


def reset_security_code(account: Account, sms_code: str, new_code: str) -> None:
    """A forgotten security code: a new one after the SMS code sent to the verified number
    (the page asks for a fresh password first). The old code stops working at once.

    :raises InvalidPhone: no verified number to send a code to.
    :raises CodeInvalid: a wrong SMS code, with tries left.
    :raises CodeExpired: no open SMS code, expired, or its tries used up.
    """
    if not account.phone_verified:
        raise InvalidPhone()
    _check_code(account, account.phone_e164, sms_code)
    set_security_code(account, new_code)
    audit(account, "security_code.reset")


def send_security_code_help(account: Account, factory_reset: bool, by: str) -> bool:
    """E-mail the customer how to reset a forgotten security code themselves (staff never see
    or set one): sign in, set a new code after an SMS code in My Porsche, then the steps in
    the car (a PCM factory reset first where the model needs it).

    :returns: False when the same help went out in the last :data:`HELP_AGAIN_AFTER` (a second
        submit): nothing is sent.
    """
    if recorded_since(actor(account), "security_code.help_sent", clock.now() - HELP_AGAIN_AFTER):
        return False
    with in_language(account.market, account.language):
        steps = [
            gettext(
                "Customer service cannot see or set your security code, but you can choose a "
                "new one yourself:"
            ),
            gettext(
                "1. Sign in to My Porsche and open Security code for your car, then Forgotten "
                "the code."
            ),
            gettext(
                "2. Confirm your password, ask for an SMS code to your verified mobile number and "
                "enter it with your new four-digit security code."
            ),
        ]
        if factory_reset:
            steps += [
                gettext(
                    "3. In the car, reset the PCM to its factory settings (this removes your "
                    "settings and stored data in the car)."
                ),
                gettext(
                    "4. Then sign in to the PCM with your Porsche ID as the main user and enter "
                    "the new security code when the car asks for it."
                ),
            ]
        else:
            steps.append(
                gettext(
                    "3. Then sign in to the PCM with your Porsche ID again and enter the new "
                    "security code when the car asks for it."
                )
            )
        email_account(
            account,
            subject=gettext("How to reset your security code"),
            paragraphs=steps,
            link=(
                gettext("Reset the security code"),
                account_url(account, "accounts.forgotten_security_code"),
            ),
        )
    audit(account, "security_code.help_sent", by=by, factory_reset=factory_reset)
    return True
