"""Wrong-try counters cannot be raced (issue #20, item 2): bursts of 20 concurrent wrong tries,
each in its own thread, application context and database connection (the session's file
database on SQLite; PostgreSQL with ``--db=postgresql``). Every try is counted (up to the
limit), tries beyond it are refused without being compared, and the right secret after the
limit is refused.

The clock stands still during a burst, so the login throttle's 1 s wait cannot run out in the
middle of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts import services
from porsche_web.accounts.models import Account, PhoneChallenge
from porsche_web.extensions import db
from porsche_web.testing.actions.activation import PASSWORD, add_account
from porsche_web.testing.helpers import concurrently

pytestmark = pytest.mark.postgres

BURST = 20
EMAIL = "astrid@example.com"
SMS_CODE = "123456"
SECURITY_CODE = "4829"


def outcome(result) -> str:
    return type(result).__name__ if isinstance(result, BaseException) else repr(result)


def counts(results) -> dict[str, int]:
    found: dict[str, int] = {}
    for result in results:
        found[outcome(result)] = found.get(outcome(result), 0) + 1
    return found


# -- log in ------------------------------------------------------------------------------------


def try_login(app, email: str, password: str, source: str):
    def work(i: int):
        try:
            services.authenticate(email, password, source(i) if callable(source) else source)
        except services.LoginFailed:
            db.session.commit()  # the try stays counted
            raise
        except services.LoginThrottled:
            db.session.rollback()
            raise
        db.session.commit()
        return "logged in"

    return work


def test_twenty_wrong_passwords_from_one_place_count_five_and_refuse_the_rest(app):
    add_account(app, EMAIL)
    with time_machine.travel(clock.now(), tick=False):
        results = concurrently(app, BURST, try_login(app, EMAIL, "wrong password", "here"))
        assert counts(results) == {"LoginFailed": 5, "LoginThrottled": BURST - 5}
        with app.app_context():
            assert services.throttle.failures(EMAIL, "here") == 5
            assert services.throttle.failures(EMAIL) == 5
            with pytest.raises(services.LoginThrottled):  # the right one waits too
                services.authenticate(EMAIL, PASSWORD, "here")
            db.session.rollback()
            # … but not from elsewhere: the Porsche ID is not locked.
            assert services.authenticate(EMAIL, PASSWORD, "elsewhere").email == EMAIL


def test_twenty_wrong_passwords_from_twenty_places_are_all_counted(app):
    add_account(app, EMAIL)
    with time_machine.travel(clock.now(), tick=False):
        results = concurrently(
            app, BURST, try_login(app, EMAIL, "wrong password", lambda i: f"place-{i}")
        )
        assert counts(results) == {"LoginFailed": BURST}
        with app.app_context():
            assert services.throttle.failures(EMAIL) == BURST
            assert {services.throttle.failures(EMAIL, f"place-{i}") for i in range(BURST)} == {1}


def test_an_unknown_address_is_counted_the_same_way(app):
    with time_machine.travel(clock.now(), tick=False):
        results = concurrently(app, BURST, try_login(app, "nobody@example.com", "x", "here"))
        assert counts(results) == {"LoginFailed": 5, "LoginThrottled": BURST - 5}


# -- the SMS code ------------------------------------------------------------------------------


def open_challenge(app) -> int:
    account_id = add_account(app, EMAIL)
    with app.app_context():
        account = db.session.get(Account, account_id)
        account.phone_verified_at = None
        now = clock.now()
        db.session.add(
            PhoneChallenge(
                account_id=account_id,
                phone_e164=account.phone_e164,
                code_hash=hashing.hash_secret(SMS_CODE),
                created_at=now,
                expires_at=now + services.SMS_CODE_LIFETIME,
            )
        )
        db.session.commit()
    return account_id


def enter_sms_code(account_id: int, code: str):
    def work(i: int):
        account = db.session.get(Account, account_id)
        try:
            services.verify_phone_code(account, code)
        finally:
            db.session.commit()  # what a view does: the counter is kept
        return "verified"

    return work


def test_twenty_wrong_sms_codes_count_five_and_the_right_code_is_refused_after(app):
    account_id = open_challenge(app)
    results = concurrently(app, BURST, enter_sms_code(account_id, "654321"))
    assert counts(results) == {"CodeInvalid": 4, "CodeExpired": BURST - 4}
    with app.app_context():
        challenge = db.session.execute(select(PhoneChallenge)).scalar_one()
        assert challenge.attempts == services.SMS_CODE_TRIES
        assert challenge.closed_at is not None
        with pytest.raises(services.CodeExpired):
            services.verify_phone_code(db.session.get(Account, account_id), SMS_CODE)
        assert not db.session.get(Account, account_id).phone_verified


def test_the_right_sms_code_in_a_burst_only_counts_if_it_comes_before_the_limit(app):
    account_id = open_challenge(app)

    def work(i: int):
        return enter_sms_code(account_id, SMS_CODE if i == 0 else "654321")(i)

    results = concurrently(app, BURST, work)
    compared = sum(outcome(r) in ("CodeInvalid", "'verified'") for r in results)
    with app.app_context():
        challenge = db.session.execute(select(PhoneChallenge)).scalar_one()
        verified = db.session.get(Account, account_id).phone_verified
    assert compared <= services.SMS_CODE_TRIES
    assert verified == ("'verified'" in map(outcome, results))
    assert challenge.attempts <= services.SMS_CODE_TRIES


# -- the car's security code -------------------------------------------------------------------


def enter_security_code(account_id: int, code: str):
    def work(i: int):
        account = db.session.get(Account, account_id)
        try:
            return services.verify_security_code(account, code)
        finally:
            db.session.commit()

    return work


def test_twenty_wrong_security_codes_lock_it_after_five_and_the_right_one_is_refused(app):
    account_id = add_account(app, EMAIL, security_code=SECURITY_CODE)
    with time_machine.travel(clock.now(), tick=False):
        results = concurrently(app, BURST, enter_security_code(account_id, "1357"))
        # Four wrong codes answered as wrong, the fifth locks, the other fifteen meet the lock.
        assert counts(results) == {"False": 4, "SecurityCodeLocked": BURST - 4}
        with app.app_context():
            account = db.session.get(Account, account_id)
            assert account.security_code_locked_until == clock.now() + services.SECURITY_CODE_LOCK
            with pytest.raises(services.SecurityCodeLocked):
                services.verify_security_code(account, SECURITY_CODE)
    with time_machine.travel(clock.now() + timedelta(minutes=61)), app.app_context():
        assert services.verify_security_code(db.session.get(Account, account_id), SECURITY_CODE)
