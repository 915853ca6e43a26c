"""The customer-facing refusals of the Porsche ID services, each with a localized ``message``.

Which operation raises which (all in :mod:`porsche_web.accounts.services`):

==========================================  ===================================================
operation                                   raises
==========================================  ===================================================
``confirm_email``, ``reset_password``,      :class:`InvalidToken` (unknown, used or expired
``confirm_new_email``, ``consume_token``    link; for a new address also one taken meanwhile)
``authenticate``                            :class:`LoginFailed`, :class:`LoginThrottled`
                                            (the source, or everyone, has to wait)
``check_password``                          :class:`WrongPassword`, :class:`LoginThrottled`
``parse_phone``, ``send_phone_code``        :class:`InvalidPhone`
``send_phone_code``                         :class:`Throttled` (too soon, or too many codes in
                                            an hour)
``verify_phone_code``                       :class:`CodeInvalid`, :class:`CodeExpired`
``verify_security_code``                    :class:`SecurityCodeLocked` (after five wrong
                                            codes, and while locked)
==========================================  ===================================================

Nothing here translates at construction time: the message is a lazy string, so an error may be
raised outside a request.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeAlias

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

#: A localized message: a lazy string of the catalogue, or an already translated text.
Message: TypeAlias = str | LazyString


class AccountError(Exception):
    """A rule said no; ``message`` is a localized text for the customer."""

    message: Message = _l("That did not work. Please try again.")

    def __init__(self, message: Message | None = None) -> None:
        super().__init__(type(self).__name__)  # no text here: may run outside a request
        if message is not None:
            self.message = message


class InvalidToken(AccountError):
    """An e-mail link that is unknown, used or expired (``tokens``, ``registration``,
    ``passwords``, ``email_change``)."""

    message = _l("This link is not valid any more. It may have been used or be too old.")


class LoginFailed(AccountError):
    """Wrong password or unknown address, the same answer for both (``authentication``)."""

    message = _l("The e-mail address or the password is not right.")


class LoginThrottled(AccountError):
    """Too many wrong passwords: the source (``everyone``: every source) waits ``wait`` before
    its next try is looked at (``throttle``; the Porsche ID itself is never locked)."""

    def __init__(self, wait: timedelta, *, everyone: bool = False) -> None:
        self.wait = wait
        self.wait_seconds = max(1, int(wait.total_seconds() + 0.999))
        self.everyone = everyone
        super().__init__(_l("Too many attempts. Please wait a moment and try again."))


class WrongPassword(AccountError):
    """The fresh password check failed (``authentication.check_password``)."""

    message = _l("The password is not right.")


class InvalidPhone(AccountError):
    """Not a mobile number of the site's country, or no number to send to (``phone``)."""

    message = _l("Enter a mobile phone number that can receive SMS, with its area code.")


class Throttled(AccountError):
    """A new SMS code is not allowed yet; ``wait_seconds`` says how long (``phone``)."""

    def __init__(self, wait: timedelta) -> None:
        self.wait_seconds = max(1, int(wait.total_seconds() + 0.999))
        super().__init__(_l("Please wait before asking for a new code."))


class CodeInvalid(AccountError):
    """A wrong SMS code that may be tried again (``phone.verify_phone_code``)."""

    message = _l("The code is not right. Check the SMS and try again.")


class CodeExpired(AccountError):
    """No SMS code can be entered any more: expired, replaced or tried too often (``phone``)."""

    message = _l("This code is no longer valid. Ask for a new code.")


class SecurityCodeLocked(AccountError):
    """Five wrong security codes; ``until`` is the end of the lock (``security_code``)."""

    def __init__(self, until: datetime) -> None:
        self.until = until
        super().__init__(_l("Too many wrong security codes. Try again in an hour."))


__all__ = [
    "AccountError",
    "CodeExpired",
    "CodeInvalid",
    "InvalidPhone",
    "InvalidToken",
    "LoginFailed",
    "LoginThrottled",
    "Message",
    "SecurityCodeLocked",
    "Throttled",
    "WrongPassword",
]
