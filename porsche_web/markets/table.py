"""Declarative market plugins: a market team lists its markets as rows, the core answers the hooks.

Most market teams ship several countries that differ only in data (contact, partners, prices,
address rules). Instead of writing the same hook implementations again, such a team describes
each market as a :class:`MarketRow` and registers one :class:`MarketTable` as its plugin::

    # porsche_market_nordics/plugin.py
    from porsche_web.markets.table import MarketTable
    from porsche_market_nordics.catalog import BASE_PRICES_EUR, MARKETS, PRIVACY_POLICY

    plugin = MarketTable(MARKETS, base_prices=BASE_PRICES_EUR, privacy_policy=PRIVACY_POLICY)

    # setup.cfg
    [options.entry_points]
    porsche_web.markets =
        nordics = porsche_market_nordics.plugin:plugin

A team with richer data (Data Pass, charging, texts of its own) writes module-level hook
implementations instead, as Sweden and Germany do; both kinds are ordinary pluggy plugins.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from porsche_web.markets import (
    AddressFormat,
    Market,
    Partner,
    PrivacyPolicy,
    ServiceOffer,
    SupportContact,
    hookimpl,
)


@dataclass(frozen=True)
class MarketRow:
    """One market of a :class:`MarketTable`.

    :param market: the market (see :func:`english_site`).
    :param email: the customer service address (F23).
    :param partners: the market's Porsche Centres (F27).
    :param address: billing-address rules.
    :param price_factor: the table's base prices times this give the market's prices.
    :param not_offered: ids of Connect services the market does not sell.
    :param track_your_dream: whether Track your Dream is offered (F19).
    :param included_months: included period for cars before ``new_from``.
    :param included_months_new: included period for model years from ``new_from`` on.
    :param new_from: the first model year with the longer included period.
    """

    market: Market
    email: str
    partners: tuple[Partner, ...]
    address: AddressFormat
    price_factor: Decimal = Decimal("1")
    not_offered: frozenset[str] = frozenset()
    track_your_dream: bool = False
    included_months: int = 12
    included_months_new: int = 36
    new_from: int = 2023


def english_site(
    code: str,
    currency: str,
    timezone: str,
    official_languages: tuple[str, ...],
    languages: tuple[str, ...] = ("en",),
    default_language: str = "en",
) -> Market:
    """A market served in ``languages`` (English unless said), with its official languages."""
    return Market(
        code=code,
        languages=languages,
        default_language=default_language,
        currency=currency,
        timezone=timezone,
        official_languages=official_languages,
    )


def porsche_centre(country: str, city: str, street: str, postal_code: str) -> Partner:
    """A Porsche Centre named after its city, with a stable id (``dk-copenhagen``)."""
    ascii_city = unicodedata.normalize("NFKD", city).encode("ascii", "ignore").decode()
    slug = ascii_city.lower().replace(" ", "-")
    return Partner(f"{country}-{slug}", f"Porsche Centre {city}", street, postal_code, city)


class MarketTable:
    """A market plugin whose hooks answer from a table of :class:`MarketRow`.

    :param rows: the markets, by code or as an iterable of rows.
    :param base_prices: yearly price per Connect service id, before each row's ``price_factor``.
    :param privacy_policy: the policy shown on the privacy pages of every market of the table.
    """

    def __init__(
        self,
        rows: Mapping[str, MarketRow] | Iterable[MarketRow],
        *,
        base_prices: Mapping[str, Decimal],
        privacy_policy: PrivacyPolicy,
    ) -> None:
        values = rows.values() if isinstance(rows, Mapping) else rows
        self.rows = {row.market.code: row for row in values}
        self.base_prices = dict(base_prices)
        self.privacy_policy = privacy_policy

    @hookimpl
    def porsche_markets(self) -> list[Market]:
        return [row.market for row in self.rows.values()]

    @hookimpl
    def porsche_support_contact(self, market: Market) -> SupportContact:
        return SupportContact(email=self.rows[market.code].email)

    @hookimpl
    def porsche_service_availability(
        self, market: Market, model: str, model_year: int
    ) -> list[ServiceOffer]:
        row = self.rows[market.code]
        included = row.included_months_new if model_year >= row.new_from else row.included_months
        return [
            ServiceOffer(service, included, (price * row.price_factor).quantize(Decimal("1")))
            for service, price in self.base_prices.items()
            if service not in row.not_offered
        ]

    @hookimpl
    def porsche_partners(self, market: Market) -> list[Partner]:
        return list(self.rows[market.code].partners)

    @hookimpl
    def porsche_track_your_dream(self, market: Market) -> bool:
        return self.rows[market.code].track_your_dream

    @hookimpl
    def porsche_address_format(self, market: Market) -> AddressFormat:
        return self.rows[market.code].address

    @hookimpl
    def porsche_privacy_policy(self, market: Market) -> PrivacyPolicy:
        return self.privacy_policy
