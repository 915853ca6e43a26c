"""``flask --app porsche_web markets new <cc>``: a new market plugin distribution to start from.

The files come from ``scaffold/*.tmpl`` (``string.Template``, ``$name`` placeholders); the result
installs with ``pip install -e plugins/porsche-market-<cc>``, passes ``markets check`` and its
own tests unchanged.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from string import Template

from babel import Locale
from babel.core import get_global
from babel.languages import get_official_languages
from babel.numbers import get_territory_currencies

from porsche_web.markets.types import Market, MarketDataError

TEMPLATES = Path(__file__).resolve().parent / "scaffold"

#: (template, target path with ``$cc``/``$package`` placeholders)
FILES = (
    ("setup.cfg.tmpl", "setup.cfg"),
    ("pyproject.toml.tmpl", "pyproject.toml"),
    ("README.md.tmpl", "README.md"),
    ("init.py.tmpl", "$package/__init__.py"),
    ("plugin.py.tmpl", "$package/plugin.py"),
    ("messages.po.tmpl", "$package/translations/en/LC_MESSAGES/messages.po"),
    ("test_market.py.tmpl", "tests/test_market_$cc.py"),
)


class ScaffoldError(ValueError):
    """The plugin cannot be made (unknown country, folder exists, …)."""


@dataclass(frozen=True)
class NewMarket:
    code: str
    name: str
    currency: str
    timezone: str
    official_languages: tuple[str, ...]

    @property
    def package(self) -> str:
        return f"porsche_market_{self.code}"

    @property
    def distribution(self) -> str:
        return f"porsche-market-{self.code}"


def describe(code: str) -> NewMarket:
    """What CLDR knows about the country ``code``: currency, time zone, official languages."""
    code = code.strip().lower()
    territory = code.upper()
    name = Locale("en").territories.get(territory)
    if len(code) != 2 or not code.isalpha() or name is None:
        raise ScaffoldError(f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    currencies = get_territory_currencies(territory)
    zones = get_global("territory_zones").get(territory, [])
    zones = [zone for zone in zones if zone in zoneinfo.available_timezones()]
    if not currencies or not zones:
        raise ScaffoldError(f"CLDR knows no currency or time zone for {code!r}")
    official = tuple(
        language
        for language in get_official_languages(territory)
        if len(language) == 2 and language.isalpha()
    )
    market = NewMarket(code, name, currencies[0], zones[0], official)
    try:  # the plugin would fail at start-up: refuse now
        Market(code, ("en",), "en", market.currency, market.timezone, market.official_languages)
    except MarketDataError as exc:
        raise ScaffoldError(str(exc)) from exc
    return market


def create(code: str, directory: Path) -> Path:
    """Write the distribution ``porsche-market-<cc>`` into ``directory``; returns its folder."""
    market = describe(code)
    root = directory / market.distribution
    if root.exists():
        raise ScaffoldError(f"{root} exists already")
    values = {
        "cc": market.code,
        "CC": market.code.upper(),
        "name": market.name,
        "currency": market.currency,
        "timezone": market.timezone,
        "official": repr(market.official_languages),
        "package": market.package,
        "distribution": market.distribution,
    }
    for template, target in FILES:
        path = root / Template(target).substitute(values)
        path.parent.mkdir(parents=True, exist_ok=True)
        text = Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)
        path.write_text(text, encoding="utf-8")
    return root
