"""Fake market plugins for tests of the core's own logic (datasette keeps installed plugins out
of its unit tests): a test builds the markets it needs and, with the ``make_core_app`` fixture,
runs without the installed market plugins.

Tests that run with the installed plugins take their counts and examples from the registry
(:func:`country_without_market`, :func:`markets_with_contact`), never from a fixed list, so a
new market keeps them green; :func:`build_brazil_distribution` builds such a new market, with a
language the core does not ship, to prove it."""

from __future__ import annotations

import itertools
import os
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import EntryPoint, distributions
from pathlib import Path
from typing import Any

from porsche_web.markets import ENTRY_POINT_GROUP, Market, Partner, SupportContact, hookimpl


class FakeMarketPlugin:
    """A market plugin built in a test: declares ``markets``, optionally a contact and
    Porsche partners."""

    def __init__(
        self,
        *markets: Market,
        contact: SupportContact | None = None,
        partners: Sequence[Partner] = (),
    ) -> None:
        self.markets = list(markets)
        self.contact = contact
        self.partners = list(partners)
        self.contact_calls: list[str] = []

    @hookimpl
    def porsche_markets(self):
        return self.markets

    @hookimpl
    def porsche_support_contact(self, market):
        self.contact_calls.append(market.code)
        return self.contact

    @hookimpl
    def porsche_partners(self, market):
        return self.partners or None


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


# -- a market plugin installed for one test ----------------------------------------------------

_packages = itertools.count(1)


def write_distribution(
    directory: Path,
    source: str,
    *,
    distribution: str = "porsche-market-zz",
    entry_point: str = "zz",
    attribute: str | None = None,
    catalogs: Mapping[str, Mapping[str, str]] | None = None,
) -> EntryPoint:
    """Write an installed market plugin distribution into ``directory`` and return its entry
    point, to pass as a plugin to ``make_core_app``/``build_plugin_manager``.

    The distribution holds a package (a fresh name per call, so each test imports its own) whose
    ``plugin.py`` is ``source``, its ``translations/<lang>/LC_MESSAGES/messages.po`` and ``.mo``
    from ``catalogs`` (language → {message: translation}), and a ``.dist-info`` with the entry
    point ``entry_point = <package>.plugin[:attribute]`` in ``porsche_web.markets``. Put
    ``directory`` on ``sys.path`` (``monkeypatch.syspath_prepend``) before loading it.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import write_po

    package = f"porsche_market_test{next(_packages)}_{os.getpid()}"
    root = directory / package
    root.mkdir(parents=True)
    (root / "__init__.py").write_text('__version__ = "0.1.0"\n', encoding="utf-8")
    (root / "plugin.py").write_text(textwrap.dedent(source), encoding="utf-8")
    for language, messages in (catalogs or {}).items():
        catalog = Catalog(locale=language)
        for message, translation in messages.items():
            catalog.add(message, translation)
        folder = root / "translations" / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / "messages.po").open("wb") as handle:
            write_po(handle, catalog)
        with (folder / "messages.mo").open("wb") as handle:
            write_mo(handle, catalog)
    info = directory / f"{package}-0.1.0.dist-info"  # one per call, whatever the name
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 0.1.0\n", encoding="utf-8"
    )
    target = f"{package}.plugin" + (f":{attribute}" if attribute else "")
    (info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\n{entry_point} = {target}\n", encoding="utf-8"
    )
    (found,) = [
        ep
        for dist in distributions(path=[str(directory)])
        for ep in dist.entry_points
        if ep.group == ENTRY_POINT_GROUP and ep.value == target
    ]
    return found


def country_without_market(registry: Any, *, with_nearest: bool = False) -> str:
    """A real country (CLDR) that no market of ``registry`` serves, the same on every run: the
    core's tests' example of a country without a market, whichever plugins are installed.

    ``with_nearest``: one whose nearest markets are known (the time zone database places it),
    for the pages that name the nearest markets' customer services (F24)."""
    from porsche_web.countries import countries, nearest

    codes = [market.code for market in registry.all()]
    for code in sorted(code for code, _name in countries("en")):
        if registry.get(code) is None and (not with_nearest or nearest(code, codes)):
            return code
    raise AssertionError("every country has a market")


def markets_with_contact(registry: Any) -> list[Market]:
    """The markets of ``registry`` with a customer service contact of their own (those the
    support page lists, F23)."""
    return [m for m in registry.all() if not registry.support_contact(m).is_fallback]


# -- A market distribution with a language the core does not ship, built in a test -------------

#: A few of the core's messages in Portuguese; the fake catalog copies the others from English.
PORTUGUESE = {
    "Privacy": "Privacidade",
    "Help and customer service": "Ajuda e atendimento ao cliente",
    "Skip to main content": "Pular para o conteúdo principal",
    "Customer service in %(country)s": "Atendimento ao cliente em %(country)s",
}

#: The plugin's own message, and its Portuguese.
BRAZIL_HOURS = "Monday to Friday, 9 am to 6 pm (Brasília time)"
BRAZIL_HOURS_PT = "De segunda a sexta, das 9h às 18h (horário de Brasília)"

#: The same for Kenya in Swahili, a language the core does not ship (it ships Portuguese since).
SWAHILI = {
    "Privacy": "Faragha",
    "Help and customer service": "Msaada na huduma kwa wateja",
    "Skip to main content": "Ruka hadi maudhui makuu",
    "Customer service in %(country)s": "Huduma kwa wateja nchini %(country)s",
}
KENYA_HOURS = "Monday to Friday, 9 am to 6 pm (East Africa Time)"
KENYA_HOURS_SW = "Jumatatu hadi Ijumaa, saa tatu asubuhi hadi saa kumi na mbili jioni"

_MARKET_PLUGIN = """\
\"""$NAME: a market with a language the core does not ship (built by a test).\"""

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from porsche_web.connect import catalogue
from porsche_web.markets import AddressFormat, Market, PrivacyPolicy, SupportContact, hookimpl
from porsche_web.markets.table import MarketRow, MarketTable, porsche_centre

MARKET = Market(
    code="$CODE",
    languages=("$LANGUAGE", "en"),
    default_language="$LANGUAGE",
    currency="$CURRENCY",
    timezone="$TIMEZONE",
    official_languages=("$LANGUAGE",),
)
ROW = MarketRow(
    MARKET,
    "smartmobility@$CODE.porsche.example",
    (porsche_centre("$CODE", "$CITY", "$STREET", "$POSTAL_CODE"),),
    AddressFormat(postal_code_pattern=r"$POSTAL_PATTERN", postal_code_example="$POSTAL_CODE"),
)
PRICES = {service.id: Decimal("990") for service in catalogue.services()}
POLICY = PrivacyPolicy("PorscheConnectDPG/$CODE/1.0", date(2026, 1, 1))


class $NAMETable(MarketTable):
    @hookimpl
    def porsche_support_contact(self, market):
        return SupportContact(email=ROW.email, hours=_l(HOURS))


plugin = $NAMETable([ROW], base_prices=PRICES, privacy_policy=POLICY)
"""

#: (name, code, language, currency, time zone, city, street, postal code and its pattern)
_BRAZIL = (
    "Brazil",
    "br",
    "pt",
    "BRL",
    "America/Sao_Paulo",
    "São Paulo",
    "Avenida Exemplo 100",
    "04538-133",
    r"\d{5}-?\d{3}",
)
_KENYA = (
    "Kenya",
    "ke",
    "sw",
    "KES",
    "Africa/Nairobi",
    "Nairobi",
    "Mombasa Road 100",
    "00100",
    r"\d{5}",
)


@dataclass(frozen=True)
class FakeDistribution:
    """A market plugin distribution built on disk: put ``path`` on ``sys.path`` to install it
    (its ``.dist-info`` registers the entry point), then forget ``modules`` afterwards."""

    path: Path
    name: str
    package: str
    modules: tuple[str, ...]
    #: The market's code and the language its plugin ships the core's messages in.
    market: str = "br"
    language: str = "pt"

    @property
    def translations(self) -> Path:
        return self.path / self.package / "translations"


def build_brazil_distribution(root: Path, *, complete: bool = True) -> FakeDistribution:
    """``porsche-market-br`` in ``root``: Brazil served in Portuguese (the plugin ships the
    core's messages in ``pt``, complete unless ``complete`` is False, then one message is left
    untranslated) and English. The core ships Portuguese itself now: a test of the plugin's
    catalog leaves the core's out (``core_shipping``)."""
    return _build_distribution(root, _BRAZIL, PORTUGUESE, (BRAZIL_HOURS, BRAZIL_HOURS_PT), complete)


def build_kenya_distribution(root: Path, *, complete: bool = True) -> FakeDistribution:
    """``porsche-market-ke`` in ``root``: Kenya served in Swahili, a language the core does not
    ship (the plugin ships the core's messages in ``sw``), and English."""
    return _build_distribution(root, _KENYA, SWAHILI, (KENYA_HOURS, KENYA_HOURS_SW), complete)


def _build_distribution(
    root: Path,
    market: tuple[str, ...],
    translated: Mapping[str, str],
    hours: tuple[str, str],
    complete: bool,
) -> FakeDistribution:
    """The market distribution: its plugin (a ``MarketTable``), its catalog of the core's
    messages in the market's language (the core's English catalog with ``translated``; built
    from the compiled core catalogs, so it works from a checkout and from a wheel) and its own
    message ``hours`` (English, translation) in that language and English."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import read_mo, write_mo
    from babel.messages.pofile import write_po

    from porsche_web.languages import (
        CORE_DOMAIN,
        MESSAGES_DOMAIN,
        catalog_path,
        core_translations_dir,
    )

    name, code, language, currency, timezone, city, street, postal_code, pattern = market
    package = f"porsche_market_{code}"
    distribution = f"porsche-market-{code}"
    source = catalog_path(core_translations_dir(), "en", MESSAGES_DOMAIN, ".mo")
    with source.open("rb") as handle:
        english = read_mo(handle)

    def save(catalog: Catalog, language: str, domain: str) -> None:
        po = catalog_path(root / package / "translations", language, domain)
        po.parent.mkdir(parents=True, exist_ok=True)
        with po.open("wb") as handle:
            write_po(handle, catalog)
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)

    core = Catalog(locale=language)
    left_out = not complete
    for message in english:
        if not message.id:
            continue
        if isinstance(message.id, str):
            string: str | tuple[str, ...] = translated.get(message.id, message.string)
        else:
            string = tuple(message.string)
        if left_out and isinstance(message.id, str) and message.id not in translated:
            string, left_out = "", False
        core.add(message.id, string, context=message.context)
    save(core, language, CORE_DOMAIN)
    english_hours, own_hours = hours
    for catalog_language, text in ((language, own_hours), ("en", english_hours)):
        own = Catalog(locale=catalog_language)
        own.add(english_hours, text)
        save(own, catalog_language, MESSAGES_DOMAIN)

    (root / package / "__init__.py").write_text('__version__ = "0.1.0"\n', encoding="utf-8")
    values = {
        "$NAME": name,
        "$CODE": code,
        "$LANGUAGE": language,
        "$CURRENCY": currency,
        "$TIMEZONE": timezone,
        "$CITY": city,
        "$STREET": street,
        "$POSTAL_CODE": postal_code,
        "$POSTAL_PATTERN": pattern,
        "HOURS": repr(english_hours),
    }
    plugin = _MARKET_PLUGIN
    for placeholder, value in values.items():
        plugin = plugin.replace(placeholder, value)
    (root / package / "plugin.py").write_text(plugin, encoding="utf-8")
    info = root / f"{package}-0.1.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[porsche_web.markets]\n{code} = {package}.plugin:plugin\n", encoding="utf-8"
    )
    return FakeDistribution(
        root, distribution, package, (package, f"{package}.plugin"), code, language
    )
