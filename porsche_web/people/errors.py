"""Why a step with a car's people is refused, each with the sentence the customer reads."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l


class PeopleError(Exception):
    message: Any = _l("This did not work. Please try again.")

    def __init__(self, message: Any = None) -> None:
        super().__init__()
        if message is not None:
            self.message = message


class TooManyPeople(PeopleError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            _l(
                "A car can have at most %(limit)s secondary users. Remove one before you invite "
                "someone else.",
                limit=limit,
            )
        )


class InvitationInvalid(PeopleError):
    message = _l(
        "This invitation link is not valid any more. Ask the car's main user for a new one."
    )


class CodeExpired(PeopleError):
    message = _l("This code no longer works. Ask for a new code.")


class CodeInvalid(PeopleError):
    message = _l("The code is not right. Check the SMS and try again.")


class TooManyCodes(PeopleError):
    message = _l("Too many codes were sent. Wait an hour and ask again.")
