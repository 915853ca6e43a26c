"""The Connect Store: which services a car can have in a market, and why not (F2, F3)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from porsche_web.connect import catalogue
from porsche_web.connect.catalogue import Category, ConnectService, ModelYear
from porsche_web.markets.registry import MarketRegistry
from porsche_web.markets.types import (
    ChargingOffer,
    DataPassProvider,
    Market,
    ServiceOffer,
)


class Unavailable(enum.StrEnum):
    """Why a service cannot be had: the car's model, its model year, or the country."""

    MODEL = "model"
    MODEL_YEAR = "model_year"
    COUNTRY = "country"


@dataclass(frozen=True)
class StoreEntry:
    """One service of the store for one car."""

    service: ConnectService
    offer: ServiceOffer | None
    reason: Unavailable | None
    first_year: int | None = None

    @property
    def available(self) -> bool:
        return self.reason is None


@dataclass(frozen=True)
class StoreListing:
    """Every catalogue service for a car in a market, available ones first."""

    car: ModelYear
    entries: tuple[StoreEntry, ...]
    data_pass_providers: tuple[DataPassProvider, ...]
    charging: ChargingOffer | None

    @property
    def available(self) -> tuple[StoreEntry, ...]:
        return tuple(entry for entry in self.entries if entry.available)

    @property
    def unavailable(self) -> tuple[StoreEntry, ...]:
        return tuple(entry for entry in self.entries if not entry.available)

    @property
    def groups(self) -> tuple[tuple[Category, tuple[StoreEntry, ...]], ...]:
        """The entries by category (see :func:`by_category`); inside a category available
        ones first, as in :attr:`entries`."""
        return by_category(self.entries)


def by_category(
    entries: Iterable[StoreEntry],
) -> tuple[tuple[Category, tuple[StoreEntry, ...]], ...]:
    """The one grouping rule of service cards (the store, the activation's services step):
    the catalogue's order of categories, empty ones left out, the given order inside each."""
    entries = tuple(entries)
    return tuple(
        (category, found)
        for category in Category
        if (found := tuple(e for e in entries if e.service.category is category))
    )


def entry_for(
    service: ConnectService, car: ModelYear, offers: dict[str, ServiceOffer]
) -> StoreEntry:
    first_year = service.first_year(car.model)
    if first_year is None:
        return StoreEntry(service, None, Unavailable.MODEL)
    if car.year < first_year:
        return StoreEntry(service, None, Unavailable.MODEL_YEAR, first_year)
    offer = offers.get(service.id)
    if offer is None:
        return StoreEntry(service, None, Unavailable.COUNTRY)
    return StoreEntry(service, offer, None)


def store_listing(registry: MarketRegistry, market: Market, car: ModelYear) -> StoreListing:
    """The store for ``car`` in ``market``: the core decides what the car can have, the
    market's plugin what the country sells and at which price (built once per process for
    each market, model and year)."""
    return registry.memo(
        ("connect.store_listing", market.code, car.model.id, car.year),
        lambda: _build_store_listing(registry, market, car),
    )


def _build_store_listing(registry: MarketRegistry, market: Market, car: ModelYear) -> StoreListing:
    offers = registry.service_offers(market, car.model.id, car.year)
    entries = [entry_for(service, car, offers) for service in catalogue.services()]
    entries.sort(key=lambda entry: not entry.available)  # stable: catalogue order within
    providers = (
        registry.data_pass_providers(market, car.model.id, car.year)
        if car.data_pass_possible
        else ()
    )
    charging = registry.charging_offer(market) if car.model.is_electrified else None
    return StoreListing(car, tuple(entries), providers, charging)
