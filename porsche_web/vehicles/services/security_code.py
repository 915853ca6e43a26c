"""The one gate for the car's security code (F7), used by the PCM login and by remote commands:
whether the car's model needs the code at all, and checking it with its tries and lock."""

from __future__ import annotations

from porsche_web.accounts import services as accounts
from porsche_web.accounts.models import Account
from porsche_web.vehicles.errors import NoSecurityCode, SecurityCodeNeeded, WrongSecurityCode
from porsche_web.vehicles.models import Vehicle
from porsche_web.vehicles.services.credentials import model_year


def needs_security_code(vehicle: Vehicle, security_relevant: bool = True) -> bool:
    """Whether an action needs the security code on this car: only security-relevant actions
    (the PCM login, unlocking; not locking) and only on models that have a code."""
    return security_relevant and model_year(vehicle).needs_security_code


def check_security_code(
    account: Account,
    vehicle: Vehicle,
    security_code: str | None,
    *,
    security_relevant: bool = True,
) -> None:
    """Let the action through, or refuse it. Nothing is checked where the code is not needed;
    every wrong code counts, and five lock the code for 60 minutes.

    :raises NoSecurityCode: the Porsche ID has not set a security code yet.
    :raises SecurityCodeNeeded: no code was given.
    :raises WrongSecurityCode: the code is not right (counted).
    :raises accounts.SecurityCodeLocked: too many wrong codes, or still locked.
    """
    if not needs_security_code(vehicle, security_relevant):
        return
    if not account.security_code_set:
        raise NoSecurityCode()
    if not security_code:
        raise SecurityCodeNeeded()
    if not accounts.verify_security_code(account, security_code):
        raise WrongSecurityCode()
