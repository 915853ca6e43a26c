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

_BRAZIL_PLUGIN = """\
\"""Brazil: a market with a language the core does not ship (built by a test).\"""

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from porsche_web.connect import catalogue
from porsche_web.markets import AddressFormat, Market, PrivacyPolicy, SupportContact, hookimpl
from porsche_web.markets.table import MarketRow, MarketTable, porsche_centre

BRAZIL = Market(
    code="br",
    languages=("pt", "en"),
    default_language="pt",
    currency="BRL",
    timezone="America/Sao_Paulo",
    official_languages=("pt",),
)
ROW = MarketRow(
    BRAZIL,
    "smartmobility@br.porsche.example",
    (porsche_centre("br", "São Paulo", "Avenida Exemplo 100", "04538-133"),),
    AddressFormat(postal_code_pattern=r"\\d{5}-?\\d{3}", postal_code_example="01310-100"),
)
PRICES = {service.id: Decimal("990") for service in catalogue.services()}
POLICY = PrivacyPolicy("PorscheConnectDPG/BR/1.0", date(2026, 1, 1))


class BrazilTable(MarketTable):
    @hookimpl
    def porsche_support_contact(self, market):
        return SupportContact(email=ROW.email, hours=_l(HOURS))


plugin = BrazilTable([ROW], base_prices=PRICES, privacy_policy=POLICY)
"""


@dataclass(frozen=True)
class FakeDistribution:
    """A market plugin distribution built on disk: put ``path`` on ``sys.path`` to install it
    (its ``.dist-info`` registers the entry point), then forget ``modules`` afterwards."""

    path: Path
    name: str
    package: str
    modules: tuple[str, ...]

    @property
    def translations(self) -> Path:
        return self.path / self.package / "translations"


def build_brazil_distribution(root: Path, *, complete: bool = True) -> FakeDistribution:
    """``porsche-market-br`` in ``root``: Brazil served in Portuguese (a language the core does
    not ship: the plugin ships the core's messages in ``pt``, complete unless ``complete`` is
    False, then one message is left untranslated) and English.

    Its Portuguese catalog of the core's messages copies the core's English catalog and
    translates :data:`PORTUGUESE`; built from the compiled core catalogs, so it works from a
    checkout and from a wheel.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import read_mo, write_mo
    from babel.messages.pofile import write_po

    from porsche_web.languages import (
        CORE_DOMAIN,
        MESSAGES_DOMAIN,
        catalog_path,
        core_translations_dir,
    )

    package = "porsche_market_br"
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

    core = Catalog(locale="pt")
    left_out = not complete
    for message in english:
        if not message.id:
            continue
        if isinstance(message.id, str):
            string: str | tuple[str, ...] = PORTUGUESE.get(message.id, message.string)
        else:
            string = tuple(message.string)
        if left_out and isinstance(message.id, str) and message.id not in PORTUGUESE:
            string, left_out = "", False
        core.add(message.id, string, context=message.context)
    save(core, "pt", CORE_DOMAIN)
    for language, hours in (("pt", BRAZIL_HOURS_PT), ("en", BRAZIL_HOURS)):
        own = Catalog(locale=language)
        own.add(BRAZIL_HOURS, hours)
        save(own, language, MESSAGES_DOMAIN)

    (root / package / "__init__.py").write_text('__version__ = "0.1.0"\n', encoding="utf-8")
    plugin = _BRAZIL_PLUGIN.replace("HOURS", repr(BRAZIL_HOURS))
    (root / package / "plugin.py").write_text(plugin, encoding="utf-8")
    info = root / "porsche_market_br-0.1.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: porsche-market-br\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[porsche_web.markets]\nbr = {package}.plugin:plugin\n", encoding="utf-8"
    )
    return FakeDistribution(root, "porsche-market-br", package, (package, f"{package}.plugin"))
