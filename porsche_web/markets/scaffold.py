"""``flask --app porsche_web markets new <cc>``: a new market plugin distribution to start from.

The files come from ``scaffold/*.tmpl`` (``string.Template``, ``$name`` placeholders); the result
installs with ``pip install -e plugins/porsche-market-<cc>``, passes ``markets check``, its own
tests, ``ruff format --check`` and ``ruff check`` unchanged. ``plugin.py`` has a stub for every
hook of the contract and lists the core catalogue's service ids; there is a catalog for each
language of the market: its site languages and its official languages (#15).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from string import Template

from babel import Locale
from babel.core import get_global
from babel.languages import get_official_languages
from babel.numbers import get_territory_currencies

from porsche_web.connect import catalogue
from porsche_web.markets.types import Market, MarketDataError

TEMPLATES = Path(__file__).resolve().parent / "scaffold"

#: (template, target path with ``$cc``/``$package`` placeholders); ``messages.po.tmpl`` is
#: written once per language (see :func:`create`).
FILES = (
    ("setup.cfg.tmpl", "setup.cfg"),
    ("pyproject.toml.tmpl", "pyproject.toml"),
    ("README.md.tmpl", "README.md"),
    ("init.py.tmpl", "$package/__init__.py"),
    ("plugin.py.tmpl", "$package/plugin.py"),
    ("test_market.py.tmpl", "tests/test_market_$cc.py"),
)
CATALOG = ("messages.po.tmpl", "$package/translations/$language/LC_MESSAGES/messages.po")

#: The main time zone of each country CLDR gives more than one (``territory_zones`` lists them
#: alphabetically, so its first is often a small place: America/Araguaina for Brazil). The zone
#: of the capital or the largest metropolitan area, which is CLDR's golden zone of the country's
#: main metazone (metaZones.xml, e.g. Brasilia -> America/Sao_Paulo, America_Eastern in Canada
#: -> America/Toronto). A test fails when CLDR lists a new multi-zone country.
MAIN_TIMEZONES = {
    "AQ": "Antarctica/McMurdo",
    "AR": "America/Argentina/Buenos_Aires",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CD": "Africa/Kinshasa",
    "CL": "America/Santiago",
    "CN": "Asia/Shanghai",
    "CY": "Asia/Nicosia",
    "DE": "Europe/Berlin",
    "EC": "America/Guayaquil",
    "ES": "Europe/Madrid",
    "FM": "Pacific/Pohnpei",
    "GL": "America/Nuuk",
    "ID": "Asia/Jakarta",
    "KI": "Pacific/Tarawa",
    "KZ": "Asia/Almaty",
    "MH": "Pacific/Majuro",
    "MN": "Asia/Ulaanbaatar",
    "MX": "America/Mexico_City",
    "MY": "Asia/Kuala_Lumpur",
    "NZ": "Pacific/Auckland",
    "PF": "Pacific/Tahiti",
    "PG": "Pacific/Port_Moresby",
    "PS": "Asia/Hebron",
    "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "UM": "Pacific/Midway",
    "US": "America/New_York",
    "UZ": "Asia/Tashkent",
}


def country_zones(territory: str) -> list[str]:
    """The IANA zones CLDR lists for a country (only those this Python knows)."""
    zones = get_global("territory_zones").get(territory, [])
    return [zone for zone in zones if zone in zoneinfo.available_timezones()]


def main_timezone(territory: str) -> str | None:
    """The country's main time zone: its only one, or :data:`MAIN_TIMEZONES`."""
    zones = country_zones(territory)
    if len(zones) == 1:
        return zones[0]
    main = MAIN_TIMEZONES.get(territory)
    return main if main in zones else None


class ScaffoldError(ValueError):
    """The plugin cannot be made (unknown country, folder exists, …)."""


@dataclass(frozen=True)
class NewMarket:
    code: str
    name: str
    currency: str
    timezone: str
    official_languages: tuple[str, ...]
    #: the site's languages: the official ones the site has catalogs for, then English
    languages: tuple[str, ...] = ("en",)

    @property
    def package(self) -> str:
        return f"porsche_market_{self.code}"

    @property
    def distribution(self) -> str:
        return f"porsche-market-{self.code}"


def describe(code: str, site_languages: Iterable[str] = ("en",)) -> NewMarket:
    """What CLDR knows about the country ``code``: currency, main time zone, official languages;
    the site's languages are the official ones among ``site_languages`` (the languages the site
    has catalogs for), then English."""
    code = code.strip().lower()
    territory = code.upper()
    name = Locale("en").territories.get(territory)
    if len(code) != 2 or not code.isalpha() or name is None:
        hint = ""
        if len(code) == 2 and code.isalpha():
            from porsche_web.markets.types import country_suggestion

            hint = country_suggestion(code)
        raise ScaffoldError(f"{code!r} is not an ISO 3166-1 alpha-2 country code{hint}")
    currencies = get_territory_currencies(territory)
    timezone = main_timezone(territory)
    if not currencies or not timezone:
        raise ScaffoldError(f"CLDR knows no currency or main time zone for {code!r}")
    official = tuple(
        language
        for language in get_official_languages(territory)
        if len(language) == 2 and language.isalpha()
    )
    available = set(site_languages)
    languages = tuple(lang for lang in official if lang in available and lang != "en") + ("en",)
    market = NewMarket(code, name, currencies[0], timezone, official, languages)
    try:  # the plugin would fail at start-up: refuse now
        Market(code, languages, languages[0], market.currency, market.timezone, official)
    except MarketDataError as exc:
        raise ScaffoldError(str(exc)) from exc
    return market


def _python(value: tuple[str, ...]) -> str:
    """A tuple of strings as ruff formats it: ``("de", "en")``, ``("en",)``."""
    items = ", ".join(f'"{item}"' for item in value)
    return f"({items},)" if len(value) == 1 else f"({items})"


def _services() -> str:
    """The lines of the ``SERVICES`` table: every service id of the core catalogue, with the
    service's English name."""
    from flask_babel import force_locale

    with force_locale("en"):
        return "\n".join(
            f'    "{service.id}": None,  # {service.name}' for service in catalogue.services()
        )


def create(code: str, directory: Path, site_languages: Iterable[str] = ("en",)) -> Path:
    """Write the distribution ``porsche-market-<cc>`` into ``directory``; returns its folder."""
    market = describe(code, site_languages)
    root = directory / market.distribution
    if root.exists():
        raise ScaffoldError(f"{root} exists already")
    values = {
        "cc": market.code,
        "CC": market.code.upper(),
        "name": market.name,
        "currency": market.currency,
        "timezone": market.timezone,
        "official": _python(market.official_languages) if market.official_languages else "()",
        "languages": _python(market.languages),
        "languages_text": ", ".join(market.languages),
        "official_text": ", ".join(market.official_languages) or "none listed",
        "default_language": market.languages[0],
        "services": _services(),
        "package": market.package,
        "distribution": market.distribution,
    }
    files = list(FILES)
    # a catalog for each of the market's languages: the site languages and the official ones
    # still waiting for the core's catalog, ready for the translators
    for language in dict.fromkeys((*market.official_languages, *market.languages)):
        files.append((CATALOG[0], CATALOG[1].replace("$language", language)))
    for template, target in files:
        path = root / Template(target).substitute(values)
        path.parent.mkdir(parents=True, exist_ok=True)
        language = path.parts[-3] if template == CATALOG[0] else ""
        text = Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(
            values,
            language=language,
            language_name=Locale("en").languages.get(language, language),
            source_note=(
                "the source language: each message is its own translation"
                if language == "en"
                else "translate every message of the plugin"
            ),
        )
        path.write_text(text, encoding="utf-8")
    return root
