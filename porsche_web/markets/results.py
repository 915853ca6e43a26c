"""What each market hook must answer, in one place.

The registry (:mod:`porsche_web.markets.registry`) uses it to refuse a faulty plugin's answer
at run time and fall back to the core; ``markets check`` (:mod:`porsche_web.markets.check`)
uses it to report the same fault before a release. A hook added to the hookspecs gets its row
here, and both follow.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from porsche_web.markets.constants import MAX_SECONDARY_USERS
from porsche_web.markets.types import (
    AddressFormat,
    ChargingOffer,
    DataPassProvider,
    Market,
    OwnerChange,
    Partner,
    PrivacyPolicy,
    ServiceOffer,
    SmsBackend,
    StaffSupport,
    SupportContact,
    Vat,
)


def protocol_mismatch(value: Any, protocol: type) -> str | None:
    """How ``value`` fails the methods of a typed ``Protocol`` (None when it fits): a method
    missing, a coroutine, or a signature the core cannot call by position and by name."""
    for name, wanted in inspect.getmembers(protocol, inspect.isfunction):
        if name.startswith("_"):
            continue
        expected = inspect.signature(wanted, eval_str=True)
        arguments = list(expected.parameters)[1:]  # without self
        shown = str(expected.replace(parameters=list(expected.parameters.values())[1:]))
        method = getattr(value, name, None)
        if not callable(method):
            return f"has no {name}() method; the protocol is {name}{shown}"
        if inspect.iscoroutinefunction(method):
            return f"{name}() is a coroutine; the protocol is a plain method {name}{shown}"
        try:
            actual = inspect.signature(method)
        except (TypeError, ValueError):  # a builtin without a signature: cannot tell
            continue
        try:
            actual.bind(*arguments)
            actual.bind(**dict.fromkeys(arguments))
        except TypeError:
            has = ", ".join(actual.parameters)
            return f"{name}({has}) does not match the protocol {name}{shown}"
    return None


@dataclass(frozen=True)
class ResultShape:
    """The answer a hook must give.

    :param kind: the value type (or ``bool``).
    :param many: a list (or tuple) of ``kind`` rather than one value.
    :param none_allowed: None is a valid final answer ("not offered"), not a fault.
    :param duck: instead of ``kind``, a test of the object's behaviour, and its words.
    """

    kind: type
    many: bool = False
    none_allowed: bool = False
    duck: tuple[Callable[[Any], bool], str] | None = None

    def fits(self, result: Any) -> bool:
        """Whether ``result`` is an answer of this shape."""
        if result is None:
            return self.none_allowed
        if self.duck is not None:
            return self.duck[0](result)
        if self.many:
            return isinstance(result, list | tuple) and all(
                isinstance(item, self.kind) for item in result
            )
        return isinstance(result, self.kind)

    @property
    def wanted(self) -> str:
        """The shape in words, for messages: "a list of Partner", "a ChargingOffer or None"."""
        name = self.kind.__name__
        if self.duck is not None:
            text = self.duck[1]
        elif self.kind is bool:
            text = "True or False"
        elif self.many:
            text = f"a list of {name}"
        else:
            text = f"{'an' if name[0] in 'AEIOU' else 'a'} {name}"
        return f"{text} or None" if self.none_allowed else text


#: Every market hook's answer, by hook name.
RESULTS: dict[str, ResultShape] = {
    "porsche_markets": ResultShape(Market, many=True),
    "porsche_service_availability": ResultShape(ServiceOffer, many=True),
    "porsche_data_pass_providers": ResultShape(DataPassProvider, many=True),
    "porsche_charging_offer": ResultShape(ChargingOffer, none_allowed=True),
    "porsche_partners": ResultShape(Partner, many=True),
    "porsche_track_your_dream": ResultShape(bool),
    "porsche_secondary_user_limit": ResultShape(
        int,
        duck=(
            lambda r: (
                isinstance(r, int) and not isinstance(r, bool) and 0 <= r <= MAX_SECONDARY_USERS
            ),
            "a whole number from 0 to 5",
        ),
    ),
    "porsche_address_format": ResultShape(AddressFormat),
    "porsche_privacy_policy": ResultShape(PrivacyPolicy),
    "porsche_support_contact": ResultShape(SupportContact),
    "porsche_staff_support": ResultShape(StaffSupport, none_allowed=True),
    "porsche_owner_change": ResultShape(OwnerChange),
    "porsche_vat": ResultShape(Vat, none_allowed=True),
    "porsche_sms_backend": ResultShape(
        object,
        none_allowed=True,
        duck=(
            lambda r: protocol_mismatch(r, SmsBackend) is None,
            "an SmsBackend (send(to, text, message_id))",
        ),
    ),
}


def fits(hook: str, result: Any) -> bool:
    """Whether ``result`` is a valid answer of ``hook``."""
    return RESULTS[hook].fits(result)
