"""Fake market plugins for tests of the core's own logic (datasette keeps installed plugins out
of its unit tests): a test builds the markets it needs and, with the ``make_core_app`` fixture,
runs without the installed market plugins."""

from __future__ import annotations

import itertools
import os
import textwrap
from collections.abc import Mapping, Sequence
from importlib.metadata import EntryPoint, distributions
from pathlib import Path

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
