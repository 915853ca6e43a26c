"""The list of countries a customer can pick or look up, named in the page's language (CLDR)."""

from __future__ import annotations

import functools
import math
import statistics
import zoneinfo
from collections.abc import Iterable
from pathlib import Path

from babel import Locale

from porsche_web.collation import sorted_names

#: CLDR territory codes that are not countries (EU, euro area, UN, pseudo-locales, unknown).
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"})


@functools.lru_cache(maxsize=64)
def countries(language: str) -> tuple[tuple[str, str], ...]:
    """Every country of CLDR as (lower-case ISO code, name in ``language``), sorted by name as
    readers of ``language`` expect (``porsche_web.collation``: Österreich with O in German).

    Cached per language: CLDR data does not change while the process runs.
    """
    territories = Locale.parse(language).territories
    found = [
        (code.lower(), name)
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    ]
    return tuple(sorted_names(found, language, name=lambda item: item[1]))


#: Time zone "continents" that are oceans: the region their islands count to.
_OCEAN_REGIONS = {
    "Atlantic": "Europe",
    "Indian": "Asia",
    "Pacific": "Oceania",
    "Australia": "Oceania",
}
_EARTH_KM = 6371.0


@functools.lru_cache(maxsize=1)
def _zone_table() -> dict[str, tuple[str, float, float]]:
    """Country → (region, latitude, longitude) from the IANA time zone database's ``zone.tab``
    (Debian's tzdata): the region is the continent most of its zones are named after, the
    place the mean of its zones' principal cities. Geography, not market data. Empty when the
    file is missing (then no country is "near" another)."""
    places: dict[str, list[tuple[str, float, float]]] = {}
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / "zone.tab"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("#") or not line.strip():
                    continue
                code, coordinates, zone = line.split("\t")[:3]
                continent = zone.split("/", 1)[0]
                latitude, longitude = _coordinates(coordinates)
                region = _OCEAN_REGIONS.get(continent, continent)
                places.setdefault(code.lower(), []).append((region, latitude, longitude))
            break
    table = {}
    for code, found in places.items():
        regions = [region for region, _, _ in found]
        region = max(regions, key=lambda r: (regions.count(r), -regions.index(r)))
        table[code] = (
            region,
            statistics.fmean(lat for _, lat, _ in found),
            statistics.fmean(lon for _, _, lon in found),
        )
    return table


def _coordinates(text: str) -> tuple[float, float]:
    """ISO 6709 as in zone.tab: ``+4024-00341`` or ``+404251-0740023`` → degrees."""
    split = max(text.rfind("+"), text.rfind("-"))

    def degrees(part: str, width: int) -> float:
        sign = -1 if part[0] == "-" else 1
        digits = part[1:]
        whole, rest = int(digits[:width]), digits[width:]
        minutes = int(rest[:2]) if rest else 0
        seconds = int(rest[2:4]) if len(rest) > 2 else 0
        return sign * (whole + minutes / 60 + seconds / 3600)

    return degrees(text[:split], 2), degrees(text[split:], 3)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, point)) for point in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_KM * math.asin(math.sqrt(h))


def country_placed(code: str) -> bool:
    """Whether the time zone database places the country ``code`` (:func:`nearest` can answer:
    not for Ascension ``ac`` or Kosovo ``xk``, which have no zone of their own)."""
    return code.lower() in _zone_table()


def nearest(code: str, candidates: Iterable[str], count: int = 3) -> list[str]:
    """The ``count`` codes of ``candidates`` nearest to the country ``code``: those of its
    region (continent) first, each group by distance. Used to name the nearest markets'
    customer services to a customer from a country without a site (F24)."""
    table = _zone_table()
    home = table.get(code.lower())
    if home is None:
        return []

    def distance(other: str) -> tuple[bool, float, str]:
        there = table.get(other)
        if there is None:
            return (True, math.inf, other)
        return (there[0] != home[0], _km(home[1:], there[1:]), other)

    return sorted((c for c in candidates if c != code.lower()), key=distance)[:count]
