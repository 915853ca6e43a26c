"""The mobile phone number: reading and masking it, SMS code challenges (with their limits,
counted in the database) and changing the number."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from porsche_web import clock, tries, validators
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.errors import CodeExpired, CodeInvalid, InvalidPhone, Throttled
from porsche_web.accounts.models import Account, PhoneChallenge
from porsche_web.accounts.services.common import audit, email_account, security_event
from porsche_web.extensions import db
from porsche_web.notifications.services import enqueue_sms, in_language

SMS_CODE_LIFETIME = timedelta(minutes=10)
SMS_CODE_TRIES = 5
SMS_RESEND_AFTER = timedelta(seconds=30)
SMS_PER_HOUR = 5
TOO_MANY_CODES = _l("Too many wrong codes: this code no longer works. Ask for a new code.")


def parse_phone(raw: str, region: str) -> str:
    """E.164 of ``raw`` read as a mobile number of ``region`` (the site's country).

    :raises InvalidPhone: not a valid mobile number (the rule: ``validators.mobile_e164``).
    """
    e164 = validators.mobile_e164(raw, region)
    if e164 is None:
        raise InvalidPhone()
    return e164


def masked_phone(e164: str | None) -> str:
    return f"•••• {e164[-4:]}" if e164 else ""


def _latest_challenge(account: Account) -> PhoneChallenge | None:
    return db.session.execute(
        select(PhoneChallenge)
        .where(PhoneChallenge.account_id == account.id)
        .order_by(PhoneChallenge.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def open_challenge(account: Account, number: str | None = None) -> PhoneChallenge | None:
    """The code that can still be entered, if any (for ``number``, by default the number in
    use)."""
    challenge = _latest_challenge(account)
    if (
        challenge is None
        or challenge.closed_at is not None
        or challenge.phone_e164 != (number or account.phone_e164)
        or challenge.expires_at <= clock.now()
    ):
        return None
    return challenge


def code_wait(
    account: Account, now: datetime | None = None, number: str | None = None
) -> timedelta:
    """How long until a new code may be sent (zero: now), to ``number`` (by default the number
    in use). Counters live in the database."""
    now = now or clock.now()
    waits = [timedelta(0)]
    latest = _latest_challenge(account)
    if latest is not None:
        waits.append(latest.created_at + SMS_RESEND_AFTER - now)
    hour_ago = now - timedelta(hours=1)
    for column, value in (
        (PhoneChallenge.account_id, account.id),
        (PhoneChallenge.phone_e164, number or account.phone_e164),
    ):
        sent = (
            db.session.execute(
                select(PhoneChallenge.created_at)
                .where(column == value, PhoneChallenge.created_at > hour_ago)
                .order_by(PhoneChallenge.created_at)
            )
            .scalars()
            .all()
        )
        if len(sent) >= SMS_PER_HOUR:
            waits.append(sent[-SMS_PER_HOUR] + timedelta(hours=1) - now)
    return max(waits)


def send_phone_code(account: Account, number: str | None = None) -> PhoneChallenge:
    """Send a new 6-digit code to the account's number (or to ``number``: the pending one);
    the older codes stop counting."""
    number = number or account.phone_e164
    if not number:
        raise InvalidPhone()
    now = clock.now()
    wait = code_wait(account, now, number)
    if wait > timedelta(0):
        security_event("phone.code_throttled", account)
        raise Throttled(wait)
    db.session.execute(
        update(PhoneChallenge)
        .where(PhoneChallenge.account_id == account.id, PhoneChallenge.closed_at.is_(None))
        .values(closed_at=now)
    )
    code = hashing.new_sms_code()
    challenge = PhoneChallenge(
        account_id=account.id,
        phone_e164=number,
        code_hash=hashing.hash_secret(code),
        created_at=now,
        expires_at=now + SMS_CODE_LIFETIME,
    )
    db.session.add(challenge)
    with in_language(account.market, account.language):
        enqueue_sms(
            to=number,
            market=account.market,
            language=account.language,
            text=gettext(
                "%(code)s is your My Porsche code. It is valid for 10 minutes.", code=code
            ),
        )
    db.session.flush()
    security_event("phone.code_sent", account, challenge_id=challenge.id)
    return challenge


def verify_phone_code(account: Account, code: str) -> None:
    """Check the latest code. The try is counted before the code is compared, in one atomic
    statement that refuses it once the code has had its :data:`SMS_CODE_TRIES` tries or is
    closed (:func:`porsche_web.tries.spend_try`): concurrent wrong codes are each counted and
    the right code after the last try is refused.

    :raises CodeInvalid: a wrong code, with tries left.
    :raises CodeExpired: no open code, expired, or its tries used up.
    """
    now = _check_code(account, account.phone_e164, code)
    account.phone_verified_at = now
    audit(account, "phone.verified")
    security_event("phone.verified", account)


def _check_code(account: Account, number: str | None, code: str) -> datetime:
    """Spend a try on the latest code sent to ``number`` and compare it; closes it when right
    and answers the moment. Raises like :func:`verify_phone_code`."""
    challenge = _latest_challenge(account)
    now = clock.now()
    if (
        number is None
        or challenge is None
        or challenge.closed_at is not None
        or challenge.phone_e164 != number
    ):
        raise CodeExpired()
    if challenge.expires_at <= now:
        challenge.closed_at = now
        raise CodeExpired()
    spent = tries.spend_try(
        PhoneChallenge.attempts,
        PhoneChallenge.id == challenge.id,
        PhoneChallenge.closed_at.is_(None),
        limit=SMS_CODE_TRIES,
    )
    db.session.expire(challenge, ["attempts", "closed_at"])
    if spent is None:
        security_event("phone.code_refused", account)
        used_up = challenge.attempts >= SMS_CODE_TRIES  # else closed meanwhile (used, replaced)
        raise CodeExpired(TOO_MANY_CODES if used_up else None)
    if not hashing.verify_secret(challenge.code_hash, code):
        security_event("phone.code_failed", account, attempts=spent)
        if spent >= SMS_CODE_TRIES:
            challenge.closed_at = now
            db.session.flush()
            raise CodeExpired(TOO_MANY_CODES)
        raise CodeInvalid()
    challenge.closed_at = now
    return now


def change_phone(account: Account, new_e164: str) -> bool:
    """A new number waits for its code; the old number and the e-mail address are told.

    :returns: False when ``new_e164`` is the number already verified (nothing changes).
    """
    old = account.phone_e164
    if old == new_e164 and account.phone_verified:
        return False
    account.phone_e164 = new_e164
    account.phone_verified_at = None
    account.pending_phone_e164 = account.pending_phone_since = None  # the customer decided
    db.session.execute(
        update(PhoneChallenge)
        .where(PhoneChallenge.account_id == account.id, PhoneChallenge.closed_at.is_(None))
        .values(closed_at=clock.now())
    )
    with in_language(account.market, account.language):
        if old and old != new_e164:
            enqueue_sms(
                to=old,
                market=account.market,
                language=account.language,
                text=gettext(
                    "My Porsche: this number was removed from a Porsche ID. If you did not do "
                    "this, contact customer service."
                ),
            )
        email_account(
            account,
            subject=gettext("The phone number of your Porsche ID was changed"),
            paragraphs=[
                gettext(
                    "Your Porsche ID now uses the phone number ending in %(last)s. It is used "
                    "once you have entered the code we sent to it.",
                    last=new_e164[-4:],
                ),
                gettext(
                    "If you did not do this, change your password and contact customer service."
                ),
            ],
        )
    audit(account, "phone.changed")
    security_event("phone.changed", account)
    return True
