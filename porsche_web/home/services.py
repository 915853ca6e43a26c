"""Choosing a country site."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from porsche_web.collation import sorted_names
from porsche_web.countries import countries
from porsche_web.i18n import language_name
from porsche_web.languages import url_code
from porsche_web.markets.types import Market


@dataclass(frozen=True)
class SiteChoice:
    """One entry of the chooser: a market in one of its languages."""

    market: Market
    language: str

    @property
    def country_name(self) -> str:
        """The country's name in the site's own language (``Sverige``)."""
        return self.market.name(self.language)

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def tag(self) -> str:
        return self.market.language_tag(self.language)


def first_official_code(market: Market) -> str | None:
    """The address code of the market's first official language (``zh`` for ``zh_Hant``)."""
    return url_code(market.official_languages[0]) if market.official_languages else None


def suggest_site(markets: Iterable[Market], accepted: Iterable[str]) -> SiteChoice | None:
    """The site that best fits the browser's ``Accept-Language`` values, best first.

    ``sv-SE`` → Sweden in Swedish; ``sv`` alone → the one market whose main language is
    Swedish, if there is exactly one, else the one among them whose first official language it
    is (Sweden, not Finland, whose Finnish site waits for its catalog); nothing fits → None.
    """
    markets = list(markets)
    for value in accepted:
        language, _, region = value.replace("_", "-").lower().partition("-")
        region = region.rpartition("-")[2]  # zh-Hant-TW: the script is the market's to know
        if len(region) == 2:
            for market in markets:
                served = market.site_language(language)
                if market.code == region and served in market.languages:
                    return SiteChoice(market, served)
        main = [m for m in markets if url_code(m.default_language) == language]
        if len(main) > 1:
            main = [m for m in main if first_official_code(m) == language]
        if len(main) == 1:
            return SiteChoice(main[0], main[0].default_language)
    return None


def country_without_site(markets: Iterable[Market], accepted: Iterable[str]) -> str | None:
    """The country of the browser's first ``Accept-Language`` value with a region (``pt-BR`` →
    ``br``) when it is a real country without a site; else None."""
    codes = {m.code for m in markets}
    for value in accepted:
        _language, _, region = value.replace("_", "-").lower().partition("-")
        if len(region) == 2 and region.isalpha():
            known = dict(countries("en"))
            return region if region in known and region not in codes else None
    return None


def site_choices(markets: Iterable[Market], language: str = "en") -> list[list[SiteChoice]]:
    """Per market, its sites (one per language, the market's main language first), sorted for
    readers of ``language`` (the page's)."""
    rows = [[SiteChoice(m, lang) for lang in m.languages] for m in markets]
    return sorted_names(rows, language, name=lambda row: row[0].country_name)
