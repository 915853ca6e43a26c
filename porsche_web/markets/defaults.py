"""The core's own fallbacks, registered as a plugin like any other (``trylast``)."""

from __future__ import annotations

from porsche_web.markets import Market, SupportContact, hookimpl


@hookimpl(trylast=True)
def porsche_support_contact(market: Market) -> SupportContact:
    """No contact listed for the market: point to the Porsche partner (F24)."""
    return SupportContact(email=None, is_fallback=True)
