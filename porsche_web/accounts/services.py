"""Porsche ID operations. Explicit arguments, no ``request``; flush, never commit.

Every e-mail or SMS an operation causes is written to the outbox in the same transaction.
Security events go to the ``porsche_web.security`` log with ids only, and to the audit trail.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import phonenumbers
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.models import Account, EmailToken, PhoneChallenge, aware, utcnow
from porsche_web.audit.services import record
from porsche_web.extensions import db
from porsche_web.notifications.services import enqueue_email, enqueue_sms, in_language, public_url

security_log = logging.getLogger("porsche_web.security")

CONFIRM_EMAIL, RESET_PASSWORD, NEW_EMAIL = "confirm_email", "reset_password", "new_email"
TOKEN_LIFETIME = {
    CONFIRM_EMAIL: timedelta(days=3),
    RESET_PASSWORD: timedelta(hours=1),
    NEW_EMAIL: timedelta(days=1),
}
LOGIN_FAILURES_BEFORE_LOCK = 10
LOGIN_LOCK = timedelta(minutes=15)
SMS_CODE_LIFETIME = timedelta(minutes=10)
SMS_CODE_TRIES = 5
SMS_RESEND_AFTER = timedelta(seconds=30)
SMS_PER_HOUR = 5
SECURITY_CODE_TRIES = 5
SECURITY_CODE_LOCK = timedelta(minutes=60)


class AccountError(Exception):
    """A rule said no; ``message`` is a localized text for the customer."""

    message = _l("That did not work. Please try again.")

    def __init__(self, message=None) -> None:
        super().__init__(type(self).__name__)  # no text here: may run outside a request
        if message is not None:
            self.message = message


class InvalidToken(AccountError):
    message = _l("This link is not valid any more. It may have been used or be too old.")


class LoginFailed(AccountError):
    message = _l("The e-mail address or the password is not right.")


class AccountLocked(AccountError):
    def __init__(self, until: datetime) -> None:
        self.until = until
        super().__init__(_l("Too many failed attempts: this Porsche ID is locked for a while."))


class WrongPassword(AccountError):
    message = _l("The password is not right.")


class InvalidPhone(AccountError):
    message = _l("Enter a mobile phone number that can receive SMS, with its area code.")


class Throttled(AccountError):
    def __init__(self, wait: timedelta) -> None:
        self.wait_seconds = max(1, int(wait.total_seconds() + 0.999))
        super().__init__(_l("Please wait before asking for a new code."))


class CodeInvalid(AccountError):
    message = _l("The code is not right. Check the SMS and try again.")


class CodeExpired(AccountError):
    message = _l("This code is no longer valid. Ask for a new code.")


class SecurityCodeLocked(AccountError):
    def __init__(self, until: datetime) -> None:
        self.until = until
        super().__init__(_l("Too many wrong security codes. Try again in an hour."))


def actor(account: Account) -> str:
    return f"account:{account.id}"


def security_event(event: str, account: Account | None, **fields: object) -> None:
    """A structured security log line: ids only, never secrets or phone numbers."""
    security_log.info(
        "security event %s",
        event,
        extra={"event": event, "account_id": account and account.id, **fields},
    )


def audit(account: Account, action: str, request_id: str | None = None, **details) -> None:
    record(actor(account), actor(account), action, request_id=request_id, details=details)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> Account | None:
    return db.session.execute(
        select(Account).where(Account.email == normalize_email(email))
    ).scalar_one_or_none()


def parse_phone(raw: str, region: str) -> str:
    """E.164 of ``raw`` read as a number of ``region`` (the site's country)."""
    try:
        number = phonenumbers.parse(raw, region.upper())
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone() from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone()
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidPhone()
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def masked_phone(e164: str | None) -> str:
    return f"•••• {e164[-4:]}" if e164 else ""


# -- e-mail tokens -----------------------------------------------------------------------------


def issue_token(account: Account, purpose: str, new_email: str | None = None) -> str:
    """A new single-use link token; older open tokens of the same purpose are voided."""
    now = utcnow()
    db.session.execute(
        update(EmailToken)
        .where(
            EmailToken.account_id == account.id,
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_(None),
        )
        .values(used_at=now)
    )
    token, token_hash = hashing.new_token()
    db.session.add(
        EmailToken(
            account_id=account.id,
            purpose=purpose,
            token_hash=token_hash,
            new_email=new_email,
            created_at=now,
            expires_at=now + TOKEN_LIFETIME[purpose],
        )
    )
    db.session.flush()
    return token


def find_token(token: str, purpose: str) -> EmailToken | None:
    """The open, unexpired token (nothing is changed: GET pages call this)."""
    if not token or len(token) > 100:
        return None
    row = db.session.execute(
        select(EmailToken).where(EmailToken.token_hash == hashing.hash_token(token))
    ).scalar_one_or_none()
    if row is None or row.purpose != purpose or row.used_at is not None:
        return None
    if aware(row.expires_at) <= utcnow():
        return None
    return row


def consume_token(token: str, purpose: str) -> EmailToken:
    row = find_token(token, purpose)
    if row is None:
        raise InvalidToken()
    claimed = db.session.execute(
        update(EmailToken)
        .where(EmailToken.id == row.id, EmailToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:  # a second submit of the same link at the same moment
        raise InvalidToken()
    return row


# -- registration and e-mail -------------------------------------------------------------------


@dataclass
class Registration:
    email: str
    password: str
    given_name: str
    family_name: str
    country: str
    language: str
    phone_e164: str
    market: str
    #: The address is already proven (the customer came through an invitation link sent to it):
    #: no confirmation link is sent.
    email_verified: bool = False


def email_account(
    account: Account,
    *,
    subject: str,
    paragraphs: list[str],
    link: tuple[str, str] | None = None,
    to: str | None = None,
):
    """Queue an e-mail to the account's holder (at ``to`` if given) in the account's language.

    Call inside ``in_language(account.market, account.language)`` so the texts are localized.
    """
    return enqueue_email(
        to=to or account.email,
        market=account.market,
        language=account.language,
        subject=subject,
        greeting=gettext("Hello %(name)s,", name=account.given_name),
        paragraphs=paragraphs,
        link=link,
    )


def account_url(account: Account, endpoint: str, **values) -> str:
    """An absolute link to ``endpoint`` on the account's own site (market and language)."""
    return public_url(endpoint, country=account.market, lang=account.language, **values)


def register(data: Registration) -> Account | None:
    """Create the account and send the confirmation link.

    For an address that already has a Porsche ID nothing is created and its owner is told by
    e-mail instead; the caller answers both cases the same way.
    """
    password_hash = hashing.hash_secret(data.password)  # the same cost in both cases
    existing = find_by_email(data.email)
    if existing is not None:
        with in_language(existing.market, existing.language):
            email_account(
                existing,
                subject=gettext("Someone tried to create a Porsche ID with your address"),
                paragraphs=[
                    gettext(
                        "Someone tried to create a new Porsche ID with this e-mail address. "
                        "You already have one, so nothing was changed."
                    ),
                    gettext("If it was you, log in or reset your password instead."),
                ],
                link=(
                    gettext("Reset your password"),
                    account_url(existing, "accounts.forgot_password"),
                ),
            )
        security_event("registration.duplicate", existing)
        return None
    account = Account(
        email=normalize_email(data.email),
        given_name=data.given_name.strip(),
        family_name=data.family_name.strip(),
        country=data.country,
        market=data.market,
        language=data.language,
        phone_e164=data.phone_e164,
        password_hash=password_hash,
        email_verified_at=utcnow() if data.email_verified else None,
    )
    db.session.add(account)
    db.session.flush()
    if not data.email_verified:
        send_confirmation(account)
    audit(account, "account.created")
    security_event("account.created", account)
    return account


def send_confirmation(account: Account) -> None:
    token = issue_token(account, CONFIRM_EMAIL)
    with in_language(account.market, account.language):
        email_account(
            account,
            subject=gettext("Confirm your e-mail address for My Porsche"),
            paragraphs=[
                gettext("Welcome to My Porsche. Confirm that this is your e-mail address."),
                gettext("The link works once and for 3 days."),
            ],
            link=(
                gettext("Confirm your e-mail address"),
                account_url(account, "accounts.confirm_email", token=token),
            ),
        )


def resend_confirmation(email: str) -> None:
    """Send a new confirmation link when the address has an unconfirmed Porsche ID; silently
    nothing otherwise (the caller answers every case the same way)."""
    account = find_by_email(email)
    if account is None or account.email_verified:
        hashing.new_token()
        security_event("email.confirmation_resend", account, sent=False)
        return
    send_confirmation(account)
    security_event("email.confirmation_resend", account, sent=True)


def confirm_email(token: str) -> Account:
    row = consume_token(token, CONFIRM_EMAIL)
    account = db.session.get(Account, row.account_id)
    if account.email_verified_at is None:
        account.email_verified_at = utcnow()
    audit(account, "email.confirmed")
    security_event("email.confirmed", account)
    return account


# -- log in ------------------------------------------------------------------------------------


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
    now = utcnow()
    locked_until = aware(account.locked_until)
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


# -- passwords ---------------------------------------------------------------------------------


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
    account.password_changed_at = utcnow()
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
    account = db.session.get(Account, row.account_id)
    set_password(account, password, keep_sid_hash=None)
    if account.email_verified_at is None:
        account.email_verified_at = utcnow()  # the link proved the address
    return account


# -- change e-mail -----------------------------------------------------------------------------


def request_email_change(account: Account, new_email: str) -> None:
    """Send a confirmation link to the new address and tell the old one."""
    new_email = normalize_email(new_email)
    taken = find_by_email(new_email) is not None
    with in_language(account.market, account.language):
        if taken:
            email_account(
                account,
                to=new_email,
                subject=gettext("This address already has a Porsche ID"),
                paragraphs=[
                    gettext(
                        "Someone asked to move a Porsche ID to this e-mail address, but it "
                        "already belongs to a Porsche ID. Nothing was changed."
                    )
                ],
            )
        else:
            token = issue_token(account, NEW_EMAIL, new_email=new_email)
            enqueue_email(
                to=new_email,
                market=account.market,
                language=account.language,
                subject=gettext("Confirm your new e-mail address for My Porsche"),
                paragraphs=[
                    gettext("Confirm that you want to use this address for your Porsche ID."),
                    gettext("The link works once and for 1 day."),
                ],
                link=(
                    gettext("Confirm your new e-mail address"),
                    account_url(account, "accounts.confirm_new_email", token=token),
                ),
            )
        email_account(
            account,
            subject=gettext("A new e-mail address was requested for your Porsche ID"),
            paragraphs=[
                gettext(
                    "Someone signed in to your Porsche ID asked to use another e-mail address. "
                    "It changes only when the new address is confirmed."
                ),
                gettext(
                    "If you did not do this, change your password and contact customer service."
                ),
            ],
        )
    audit(account, "email.change_requested")
    security_event("email.change_requested", account)


def confirm_new_email(token: str) -> Account:
    row = consume_token(token, NEW_EMAIL)
    account = db.session.get(Account, row.account_id)
    if find_by_email(row.new_email) is not None:
        raise InvalidToken()
    account.email = row.new_email
    account.email_verified_at = utcnow()
    audit(account, "email.changed")
    security_event("email.changed", account)
    return account


# -- phone verification ------------------------------------------------------------------------


def _latest_challenge(account: Account) -> PhoneChallenge | None:
    return db.session.execute(
        select(PhoneChallenge)
        .where(PhoneChallenge.account_id == account.id)
        .order_by(PhoneChallenge.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def open_challenge(account: Account) -> PhoneChallenge | None:
    """The code that can still be entered, if any."""
    challenge = _latest_challenge(account)
    if (
        challenge is None
        or challenge.closed_at is not None
        or challenge.phone_e164 != account.phone_e164
        or aware(challenge.expires_at) <= utcnow()
    ):
        return None
    return challenge


def code_wait(account: Account, now: datetime | None = None) -> timedelta:
    """How long until a new code may be sent (zero: now). Counters live in the database."""
    now = now or utcnow()
    waits = [timedelta(0)]
    latest = _latest_challenge(account)
    if latest is not None:
        waits.append(aware(latest.created_at) + SMS_RESEND_AFTER - now)
    hour_ago = now - timedelta(hours=1)
    for column, value in (
        (PhoneChallenge.account_id, account.id),
        (PhoneChallenge.phone_e164, account.phone_e164),
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
            waits.append(aware(sent[-SMS_PER_HOUR]) + timedelta(hours=1) - now)
    return max(waits)


def send_phone_code(account: Account) -> PhoneChallenge:
    """Send a new 6-digit code to the account's number; the older codes stop counting."""
    if not account.phone_e164:
        raise InvalidPhone()
    now = utcnow()
    wait = code_wait(account, now)
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
        phone_e164=account.phone_e164,
        code_hash=hashing.hash_secret(code),
        created_at=now,
        expires_at=now + SMS_CODE_LIFETIME,
    )
    db.session.add(challenge)
    with in_language(account.market, account.language):
        enqueue_sms(
            to=account.phone_e164,
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
    challenge = _latest_challenge(account)
    now = utcnow()
    if (
        challenge is None
        or challenge.closed_at is not None
        or challenge.phone_e164 != account.phone_e164
    ):
        raise CodeExpired()
    if aware(challenge.expires_at) <= now:
        challenge.closed_at = now
        raise CodeExpired()
    if not hashing.verify_secret(challenge.code_hash, code):
        challenge.attempts += 1
        security_event("phone.code_failed", account, attempts=challenge.attempts)
        if challenge.attempts >= SMS_CODE_TRIES:
            challenge.closed_at = now
            db.session.flush()
            raise CodeExpired(
                _l("Too many wrong codes: this code no longer works. Ask for a new code.")
            )
        db.session.flush()
        raise CodeInvalid()
    challenge.closed_at = now
    account.phone_verified_at = now
    audit(account, "phone.verified")
    security_event("phone.verified", account)


def change_phone(account: Account, new_e164: str) -> bool:
    """A new number waits for its code; the old number and the e-mail address are told.

    :returns: False when ``new_e164`` is the number already verified (nothing changes).
    """
    old = account.phone_e164
    if old == new_e164 and account.phone_verified:
        return False
    account.phone_e164 = new_e164
    account.phone_verified_at = None
    db.session.execute(
        update(PhoneChallenge)
        .where(PhoneChallenge.account_id == account.id, PhoneChallenge.closed_at.is_(None))
        .values(closed_at=utcnow())
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


# -- the car's security code (F7) --------------------------------------------------------------


def set_security_code(account: Account, code: str) -> None:
    account.security_code_hash = hashing.hash_secret(code)
    account.security_code_failures = 0
    account.security_code_locked_until = None
    audit(account, "security_code.set")
    security_event("security_code.set", account)


def verify_security_code(account: Account, code: str) -> bool:
    """True for the right code. Five wrong codes lock it for 60 minutes
    (:class:`SecurityCodeLocked`, also raised while locked). The code is never logged."""
    now = utcnow()
    locked_until = aware(account.security_code_locked_until)
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


# -- sessions and deletion ---------------------------------------------------------------------


def delete_account(account: Account) -> None:
    """Delete the Porsche ID and its personal data; the goodbye e-mail is queued first."""
    from porsche_web.hooks import current_hooks
    from porsche_web.notifications.models import OutboxMessage

    with in_language(account.market, account.language):
        goodbye = email_account(
            account,
            subject=gettext("Your Porsche ID was deleted"),
            paragraphs=[
                gettext("Your Porsche ID and the personal data stored with it were deleted."),
                gettext("If you did not do this, contact customer service."),
            ],
        )
    db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.to_address.in_([account.email, account.phone_e164 or ""]),
            OutboxMessage.id != goodbye.id,
            OutboxMessage.status != "pending",
        )
    )
    audit(account, "account.deleted")
    security_event("account.deleted", account)
    current_hooks().account_deleted(account)  # every feature deletes its data of the account
    for model in (EmailToken, PhoneChallenge):
        db.session.execute(delete(model).where(model.account_id == account.id))
    from porsche_web.accounts.models import WebSession

    db.session.execute(delete(WebSession).where(WebSession.account_id == account.id))
    db.session.delete(account)
    db.session.flush()
