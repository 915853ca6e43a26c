"""The core's own fallbacks, registered as a plugin like any other (``trylast``)."""

from __future__ import annotations

from datetime import date

from porsche_web.markets import (
    AddressFormat,
    DataPassProvider,
    Market,
    OwnerChange,
    Partner,
    PrivacyPolicy,
    ServiceOffer,
    SupportContact,
    hookimpl,
)
from porsche_web.markets.constants import MAX_SECONDARY_USERS

#: The core's privacy policy, used where a market names no version of its own.
CORE_PRIVACY_POLICY = PrivacyPolicy(version="MyPorsche/privacy/1.0", valid_from=date(2026, 1, 1))


@hookimpl(trylast=True)
def porsche_support_contact(market: Market) -> SupportContact:
    """No contact listed for the market: point to the Porsche partner (F24)."""
    return SupportContact(email=None, is_fallback=True)


@hookimpl(trylast=True)
def porsche_service_availability(market: Market, model: str, model_year: int) -> list[ServiceOffer]:
    """A market that says nothing sells nothing: every service shows "not in this country"."""
    return []


@hookimpl(trylast=True)
def porsche_data_pass_providers(
    market: Market, model: str, model_year: int
) -> list[DataPassProvider]:
    """No provider: no Data Pass in the market."""
    return []


@hookimpl(trylast=True)
def porsche_partners(market: Market) -> list[Partner]:
    return []


@hookimpl(trylast=True)
def porsche_track_your_dream(market: Market) -> bool:
    """Track your Dream is offered in selected countries only (F19)."""
    return False


@hookimpl(trylast=True)
def porsche_secondary_user_limit(market: Market) -> int:
    """Five secondary users per car, the most there can be (issue #16)."""
    return MAX_SECONDARY_USERS


@hookimpl(trylast=True)
def porsche_address_format(market: Market) -> AddressFormat:
    return AddressFormat()


@hookimpl(trylast=True)
def porsche_privacy_policy(market: Market) -> PrivacyPolicy:
    return CORE_PRIVACY_POLICY


@hookimpl(trylast=True)
def porsche_owner_change(market: Market) -> OwnerChange:
    """Selling a car ends its contracts; a release by staff waits 14 days for an objection."""
    return OwnerChange()
