"""Support: the customer service directory (F23) and the path for other countries (F24)."""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale
from babel.core import get_global

from porsche_web.collation import sorted_names
from porsche_web.countries import country_placed, nearest
from porsche_web.languages import url_code
from porsche_web.markets.registry import MarketRegistry
from porsche_web.markets.types import Market, SupportContact


@dataclass(frozen=True)
class DirectoryEntry:
    """A country with its customer service contact, the name in the page's language."""

    code: str
    name: str
    contact: SupportContact


def contact_directory(registry: MarketRegistry, language: str) -> list[DirectoryEntry]:
    """Every market that lists a customer service contact, by country name in ``language``
    (built once per process and language; the caller gets its own list)."""

    def build() -> tuple[DirectoryEntry, ...]:
        entries = []
        for market in registry.all():
            contact = registry.support_contact(market)
            if contact.is_fallback:
                continue
            entries.append(DirectoryEntry(market.code, market.name(language), contact))
        return tuple(sorted_names(entries, language, name=lambda entry: entry.name))

    return list(registry.memo(("support.contact_directory", language), build))


@dataclass(frozen=True)
class CountryAnswer:
    """Where a customer in ``code`` finds help: a contact, or their Porsche partner (F24)."""

    code: str
    name: str
    contact: SupportContact | None
    market: Market | None


def find_contact(registry: MarketRegistry, code: str, language: str) -> CountryAnswer:
    market = registry.get(code)
    contact = registry.support_contact(market) if market else None
    if contact is not None and contact.is_fallback:
        contact = None
    name = Locale.parse(language).territories.get(code.upper(), code.upper())
    return CountryAnswer(code, name, contact, market)


def nearest_contacts(
    registry: MarketRegistry, code: str, language: str, count: int = 3
) -> list[DirectoryEntry]:
    """The customer services of the ``count`` markets nearest to the country ``code`` (one
    without a site, F24), nearest first (``porsche_web.countries.nearest``).

    A country the time zone database cannot place (Ascension ``ac``, Kosovo ``xk``, the Canary
    Islands ``ic``) gets the markets that speak its people's language instead (CLDR's
    languages of the territory, the most widely spoken first: English for Ascension, Spanish for
    the Canary Islands), by name; a country whose language no market speaks (an uninhabited
    one), every customer service by name, for the customer to choose."""
    entries = contact_directory(registry, language)
    directory = {entry.code: entry for entry in entries}
    found = nearest(code, directory, count)
    if found or country_placed(code):
        return [directory[c] for c in found]
    return _same_language_first(registry, code, entries, count)


def _same_language_first(
    registry: MarketRegistry, code: str, entries: list[DirectoryEntry], count: int
) -> list[DirectoryEntry]:
    spoken: dict[str, float] = {}  # language → the share of the country's people who speak it
    for lang, data in get_global("territory_languages").get(code.upper(), {}).items():
        spoken[url_code(lang)] = max(spoken.get(url_code(lang), 0.0), data["population_percent"])

    def share(entry: DirectoryEntry) -> float:
        market = registry.get(entry.code)
        official = {url_code(lang) for lang in market.official_languages} if market else set()
        return max((spoken[lang] for lang in official if lang in spoken), default=0.0)

    others = [entry for entry in entries if entry.code != code.lower()]
    speaking = sorted((e for e in others if share(e) > 0), key=share, reverse=True)
    return speaking[:count] if speaking else others
