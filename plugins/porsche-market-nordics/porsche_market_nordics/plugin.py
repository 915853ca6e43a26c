"""Hook implementations of the market team: each market is one row of ``catalog.py``."""

from __future__ import annotations

from decimal import Decimal

from porsche_market_nordics.catalog import BASE_PRICES_EUR, MARKETS, PRIVACY_POLICY
from porsche_web.markets import (
    AddressFormat,
    Market,
    Partner,
    PrivacyPolicy,
    ServiceOffer,
    SupportContact,
    hookimpl,
)


@hookimpl
def porsche_markets() -> list[Market]:
    return [data.market for data in MARKETS.values()]


@hookimpl
def porsche_support_contact(market: Market) -> SupportContact:
    return SupportContact(email=MARKETS[market.code].email)


@hookimpl
def porsche_service_availability(market: Market, model: str, model_year: int) -> list[ServiceOffer]:
    data = MARKETS[market.code]
    included = data.included_months_new if model_year >= data.new_from else data.included_months
    return [
        ServiceOffer(service, included, (price * data.price_factor).quantize(Decimal("1")))
        for service, price in BASE_PRICES_EUR.items()
        if service not in data.not_offered
    ]


@hookimpl
def porsche_partners(market: Market) -> list[Partner]:
    return list(MARKETS[market.code].partners)


@hookimpl
def porsche_track_your_dream(market: Market) -> bool:
    return MARKETS[market.code].track_your_dream


@hookimpl
def porsche_address_format(market: Market) -> AddressFormat:
    return MARKETS[market.code].address


@hookimpl
def porsche_privacy_policy(market: Market) -> PrivacyPolicy:
    return PRIVACY_POLICY
