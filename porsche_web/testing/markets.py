"""Fake market plugins for tests of the core's own logic (datasette keeps installed plugins out
of its unit tests): a test builds the markets it needs and, with the ``make_core_app`` fixture,
runs without the installed market plugins."""

from __future__ import annotations

from porsche_web.markets import Market, SupportContact, hookimpl


class FakeMarketPlugin:
    """A market plugin built in a test: declares ``markets`` and optionally a contact."""

    def __init__(self, *markets: Market, contact: SupportContact | None = None) -> None:
        self.markets = list(markets)
        self.contact = contact
        self.contact_calls: list[str] = []

    @hookimpl
    def porsche_markets(self):
        return self.markets

    @hookimpl
    def porsche_support_contact(self, market):
        self.contact_calls.append(market.code)
        return self.contact


#: A market no installed plugin declares (English only).
NEW_ZEALAND = Market(
    code="nz", languages=("en",), default_language="en", currency="NZD", timezone="Pacific/Auckland"
)

#: A second market no installed plugin declares: Åland, Swedish first (the reference language).
ALAND = Market(
    code="ax",
    languages=("sv", "en"),
    default_language="sv",
    currency="EUR",
    timezone="Europe/Mariehamn",
)
