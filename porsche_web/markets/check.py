"""``markets check``: validate every installed market the way the core will use it.

Each problem names the plugin, the market and the field, so a market team can fix it without
reading the core. The same checks run in the market teams' own tests through the
``market_problems`` fixture of :mod:`porsche_web.testing`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pluggy

from porsche_web.connect import catalogue
from porsche_web.markets import results
from porsche_web.markets.manager import PluginInfo
from porsche_web.markets.types import (
    AddressFormat,
    Market,
)


@dataclass(frozen=True)
class CheckProblem:
    """One mistake: where (plugin, market, field) and what."""

    plugin: str
    market: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"plugin {self.plugin}: market {self.market}: {self.field}: {self.message}"


def _plugin_label(info: PluginInfo) -> str:
    return f"{info.name} ({info.distribution})"


def duplicate_markets(
    pm: pluggy.PluginManager, plugins: Iterable[PluginInfo]
) -> list[CheckProblem]:
    """Market codes declared by more than one plugin."""
    seen: dict[object, PluginInfo] = {}  # by declared code, whatever a plugin put there
    problems = []
    for info in plugins:
        for impl in pm.hook.porsche_markets.get_hookimpls():
            if impl.plugin is not info.plugin:
                continue
            try:
                declared = impl.function()
            except Exception:  # the registry reports it (its own problems)
                declared = ()
            for market in declared if isinstance(declared, list | tuple) else ():
                code = getattr(market, "code", None)
                if code in seen and seen[code] is not info:
                    problems.append(
                        CheckProblem(
                            _plugin_label(info),
                            str(code),
                            "code",
                            f"also declared by {_plugin_label(seen[code])}",
                        )
                    )
                seen.setdefault(code, info)
    return problems


class MarketChecker:
    """Calls one plugin's hooks for one market directly (no fallback) and checks the answers."""

    def __init__(
        self,
        pm: pluggy.PluginManager,
        info: PluginInfo,
        market: Market,
        catalog_dir: Path,
        provided: Iterable[str] = (),
    ) -> None:
        self.pm = pm
        self.info = info
        self.market = market
        self.catalog_dir = catalog_dir
        #: Languages whose core catalog a plugin ships (complete and compiled).
        self.provided = frozenset(provided)
        self.problems: list[CheckProblem] = []

    def problem(self, field: str, message: str) -> None:
        self.problems.append(
            CheckProblem(_plugin_label(self.info), self.market.code, field, message)
        )

    def ask(self, hook: str, **kwargs: Any) -> tuple[bool, Any]:
        others = [p for p in self.pm.get_plugins() if p is not self.info.plugin]
        caller = self.pm.subset_hook_caller(hook, remove_plugins=others)
        try:
            return True, caller(market=self.market, **kwargs)
        except Exception as exc:  # the plugin's fault: name the field the value object named
            words = str(exc).split()
            field = f"{hook}.{words[0]}" if words and words[0].isidentifier() else hook
            self.problem(field, f"{type(exc).__name__}: {exc}")
            return False, None

    def expect(self, hook: str, result: Any) -> bool:
        """Whether ``result`` has the hook's result shape; a problem naming the shape if not."""
        if results.fits(hook, result):
            return True
        self.problem(hook, f"must return {results.RESULTS[hook].wanted}, got {result!r:.80}")
        return False

    def run(self) -> list[CheckProblem]:
        self.check_languages()
        self.check_contact()
        address = self.check_address_format()
        self.check_partners(address)
        self.check_availability()
        self.check_data_pass()
        self.check_charging()
        self.check_simple("porsche_track_your_dream")
        self.check_simple("porsche_privacy_policy")
        return self.problems

    def check_languages(self) -> None:
        package_dir = self.info.package_dir
        own = package_dir / "translations" if package_dir else None
        for language in self.market.languages:
            compiled = self.catalog_dir / language / "LC_MESSAGES" / "messages.mo"
            if not compiled.exists() and language not in self.provided:
                self.problem("languages", f"{language!r} has no compiled core catalog")
            if own is not None:
                po = own / language / "LC_MESSAGES" / "messages.po"
                if po.exists() and not po.with_suffix(".mo").exists() and _has_messages(po):
                    self.problem(
                        "languages",
                        f"the plugin's catalog for {language!r} is not compiled "
                        "(python tools/i18n.py compile)",
                    )

    def check_contact(self) -> None:
        ok, result = self.ask("porsche_support_contact")
        found = ok and result is not None and self.expect("porsche_support_contact", result)
        if found and result.is_fallback:
            self.problem("porsche_support_contact", "must be the market's own contact")

    def check_address_format(self) -> AddressFormat:
        ok, result = self.ask("porsche_address_format")
        if ok and result is not None and self.expect("porsche_address_format", result):
            return result
        return AddressFormat()

    def check_partners(self, address: AddressFormat) -> None:
        ok, result = self.ask("porsche_partners")
        if not ok or result is None:
            return
        if not self.expect("porsche_partners", result):
            return
        if not result:
            self.problem("porsche_partners", "no Porsche partner: customers cannot choose one")
        seen: set[str] = set()
        for partner in result:
            if partner.id in seen:
                self.problem("porsche_partners.id", f"{partner.id!r} is repeated")
            seen.add(partner.id)
            if address.normalise_postal_code(partner.postal_code) is None:
                self.problem(
                    "porsche_partners.postal_code",
                    f"{partner.id}: {partner.postal_code!r} does not fit the address format",
                )

    def check_availability(self) -> None:
        for model in catalogue.models():
            for year in model.years:
                ok, result = self.ask(
                    "porsche_service_availability", model=model.id, model_year=year
                )
                if not ok:
                    return  # one report per hook is enough
                if result is None:
                    continue
                if not self.expect("porsche_service_availability", result):
                    return
                ids = [offer.service for offer in result]
                for service in sorted(set(ids)):
                    if catalogue.get_service(service) is None:
                        self.problem(
                            "porsche_service_availability.service",
                            f"{service!r} is not in the core catalogue",
                        )
                        return
                    if ids.count(service) > 1:
                        self.problem(
                            "porsche_service_availability.service", f"{service!r} is repeated"
                        )
                        return

    def check_data_pass(self) -> None:
        for model in catalogue.models():
            for year in model.years:
                if not catalogue.ModelYear(model, year).data_pass_possible:
                    continue
                ok, result = self.ask(
                    "porsche_data_pass_providers", model=model.id, model_year=year
                )
                if (
                    ok
                    and result is not None
                    and not self.expect("porsche_data_pass_providers", result)
                ):
                    return
                if not ok:
                    return

    def check_charging(self) -> None:
        ok, result = self.ask("porsche_charging_offer")
        if ok and result is not None:
            self.expect("porsche_charging_offer", result)

    def check_simple(self, hook: str) -> None:
        ok, result = self.ask(hook)
        if ok and result is not None:
            self.expect(hook, result)


def _has_messages(po: Path) -> bool:
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        return any(message.id for message in read_po(handle))


def check_markets(
    registry: Any, catalog_dir: Path, codes: Iterable[str] = ()
) -> list[CheckProblem]:
    """Every problem of the registry's markets (or only of ``codes``)."""
    wanted = set(codes)
    problems = [
        CheckProblem(p.plugin, "-", "porsche_markets", p.message) for p in registry.problems
    ]
    problems += duplicate_markets(registry.pm, registry.plugins)
    for market in registry.all():
        if wanted and market.code not in wanted:
            continue
        provided = [  # languages whose core catalog a plugin ships
            c.language
            for c in getattr(registry, "language_catalogs", ())
            if c.complete and c.provider != "core"
        ]
        checker = MarketChecker(registry.pm, registry.owner(market), market, catalog_dir, provided)
        problems += checker.run()
    return problems
