"""Porsche ID operations: the public API of the services, split by concern. Explicit arguments,
no ``request``; flush, never commit.

Every e-mail or SMS an operation causes is written to the outbox in the same transaction.
Security events go to the ``porsche_web.security`` log with ids only, and to the audit trail.

- :mod:`.common`: the audit trail and security log, finding an account by e-mail, e-mails to the
  account's holder and links to its own site (used by the modules below and by other features).
- :mod:`.tokens`: single-use e-mail link tokens.
- :mod:`.registration`: registration and confirming the e-mail address.
- :mod:`.throttle`: wrong passwords counted per source and address, and the waits they cost.
- :mod:`.sign_in_block`: what staff see of the waits and how they clear them.
- :mod:`.authentication`: log in and the fresh password check (both throttled).
- :mod:`.passwords`: the reset link, setting a new password.
- :mod:`.email_change`: moving the Porsche ID to another e-mail address.
- :mod:`.phone`: reading and masking numbers, SMS code challenges, changing the number.
- :mod:`.pending_phone`: a new number set by staff, in use once the customer enters its code.
- :mod:`.security_code`: the car's security code (F7).
- :mod:`.deletion`: deleting a Porsche ID (other features through ``core_account_deleted``).

The refusals live in :mod:`porsche_web.accounts.errors` (re-exported here). Callers import the
package: ``from porsche_web.accounts import services as accounts``; the submodules are the
implementation, not the interface.
"""

from __future__ import annotations

from porsche_web.accounts.errors import (
    AccountError,
    CodeExpired,
    CodeInvalid,
    InvalidPhone,
    InvalidToken,
    LoginFailed,
    LoginThrottled,
    SecurityCodeLocked,
    Throttled,
    WrongPassword,
)
from porsche_web.accounts.services import throttle
from porsche_web.accounts.services.authentication import (
    HASHER_NEEDS_REHASH,
    authenticate,
    check_password,
)
from porsche_web.accounts.services.common import (
    account_url,
    actor,
    audit,
    email_account,
    find_by_email,
    normalize_email,
    security_event,
    security_log,
)
from porsche_web.accounts.services.deletion import delete_account
from porsche_web.accounts.services.email_change import confirm_new_email, request_email_change
from porsche_web.accounts.services.passwords import (
    request_password_reset,
    reset_password,
    set_password,
)
from porsche_web.accounts.services.pending_phone import (
    confirm_pending_phone,
    pending_phone,
    propose_phone,
    send_pending_code,
)
from porsche_web.accounts.services.phone import (
    SMS_CODE_LIFETIME,
    SMS_CODE_TRIES,
    SMS_PER_HOUR,
    SMS_RESEND_AFTER,
    change_phone,
    code_wait,
    masked_phone,
    open_challenge,
    parse_phone,
    send_phone_code,
    verify_phone_code,
)
from porsche_web.accounts.services.registration import (
    Registration,
    confirm_email,
    register,
    resend_confirmation,
    send_confirmation,
)
from porsche_web.accounts.services.security_code import (
    SECURITY_CODE_LOCK,
    SECURITY_CODE_TRIES,
    reset_security_code,
    send_security_code_help,
    set_security_code,
    verify_security_code,
)
from porsche_web.accounts.services.sign_in_block import (
    clear_sign_in_block,
    sign_in_blocked_until,
)
from porsche_web.accounts.services.tokens import (
    CONFIRM_EMAIL,
    NEW_EMAIL,
    RESET_PASSWORD,
    TOKEN_LIFETIME,
    consume_token,
    find_token,
    issue_token,
)

__all__ = [
    # errors
    "AccountError",
    "CodeExpired",
    "CodeInvalid",
    "InvalidPhone",
    "InvalidToken",
    "LoginFailed",
    "LoginThrottled",
    "SecurityCodeLocked",
    "Throttled",
    "WrongPassword",
    # common
    "account_url",
    "actor",
    "audit",
    "email_account",
    "find_by_email",
    "normalize_email",
    "security_event",
    "security_log",
    # e-mail link tokens
    "CONFIRM_EMAIL",
    "NEW_EMAIL",
    "RESET_PASSWORD",
    "TOKEN_LIFETIME",
    "consume_token",
    "find_token",
    "issue_token",
    # registration
    "Registration",
    "confirm_email",
    "register",
    "resend_confirmation",
    "send_confirmation",
    # log in
    "HASHER_NEEDS_REHASH",
    "authenticate",
    "check_password",
    "throttle",
    "clear_sign_in_block",
    "sign_in_blocked_until",
    # passwords
    "request_password_reset",
    "reset_password",
    "set_password",
    # e-mail change
    "confirm_new_email",
    "request_email_change",
    # phone
    "SMS_CODE_LIFETIME",
    "SMS_CODE_TRIES",
    "SMS_PER_HOUR",
    "SMS_RESEND_AFTER",
    "change_phone",
    "code_wait",
    "masked_phone",
    "open_challenge",
    "parse_phone",
    "send_phone_code",
    "verify_phone_code",
    # a new number set by staff, pending until its code is entered
    "confirm_pending_phone",
    "pending_phone",
    "propose_phone",
    "send_pending_code",
    # the car's security code
    "SECURITY_CODE_LOCK",
    "SECURITY_CODE_TRIES",
    "reset_security_code",
    "send_security_code_help",
    "set_security_code",
    "verify_security_code",
    # deletion
    "delete_account",
]
