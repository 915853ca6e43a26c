"""The customer-facing refusals of the vehicles services, each with a localized ``message``.

Which operation raises which (all in :mod:`porsche_web.vehicles.services`):

=====================================  ========================================================
operation                              raises
=====================================  ========================================================
``link_from_order``                    :class:`VehicleError` (not the account's confirmed
                                       activation, no VIN, or a VIN that is not valid),
                                       :class:`AlreadyLinked`
``link_with_pairing_code``             :class:`PairingFailed` (unknown VIN, no open code, wrong
                                       or expired code), :class:`AlreadyLinked`
``unlink``                             :class:`NotLinked`
``pcm_login``                          :class:`NotLinked` and the security-code gate's errors;
                                       also ``accounts.LoginFailed`` and
                                       ``accounts.LoginThrottled`` from the credentials
``send_command``                       :class:`NotLinked`, :class:`CommandUnavailable` and the
                                       security-code gate's errors
``check_security_code`` (the gate)     :class:`NoSecurityCode`, :class:`SecurityCodeNeeded`,
                                       :class:`WrongSecurityCode`; ``accounts.SecurityCodeLocked``
                                       after five wrong codes (60 minutes)
=====================================  ========================================================

``provision`` raises :class:`ValueError` (an operator's mistake, never shown to a customer).
Nothing here translates at construction time: the message is a lazy string, so an error may be
raised outside a request.
"""

from __future__ import annotations

from typing import TypeAlias

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

#: A localized message: a lazy string of the catalogue, or an already translated text.
Message: TypeAlias = str | LazyString


class VehicleError(Exception):
    """A customer-facing refusal; ``message`` is localized."""

    message: Message = _l("This is not possible for this car.")

    def __init__(self, message: Message | None = None) -> None:
        super().__init__(type(self).__name__)  # no text here: may run outside a request
        if message is not None:
            self.message = message


class AlreadyLinked(VehicleError):
    message = _l(
        "This car is already linked to another Porsche ID. The main user can remove it in My "
        "Porsche, or customer service can help."
    )


class PairingFailed(VehicleError):
    message = _l(
        "The VIN or the pairing code is not right, or the code has expired. Show a new code "
        "in the car and try again."
    )


class NotLinked(VehicleError):
    message = _l("This Porsche ID is not linked to this car.")


class SecurityCodeNeeded(VehicleError):
    message = _l("Enter your security code.")


class WrongSecurityCode(VehicleError):
    message = _l("The security code is not right.")


class NoSecurityCode(VehicleError):
    message = _l("Set a security code for your car in My Porsche first.")


class CommandUnavailable(VehicleError):
    message = _l("Your car's services do not include this function.")


__all__ = [
    "AlreadyLinked",
    "CommandUnavailable",
    "Message",
    "NoSecurityCode",
    "NotLinked",
    "PairingFailed",
    "SecurityCodeNeeded",
    "VehicleError",
    "WrongSecurityCode",
]
