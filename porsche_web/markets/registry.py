"""The market registry: which plugin serves which market, and per-market hook calls.

Built once per application at start-up (``create_app``) and kept in ``app.extensions``; market
data is computed once per process and cached here. Tests get a fresh registry with every app.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar, cast

import pluggy
from flask import Flask, current_app

from porsche_web import clock
from porsche_web.config import ConfigError
from porsche_web.languages import (
    LanguageCatalog,
    core_translations_dir,
    language_completeness,
    plugin_catalog_dirs,
    restrict,
    site_languages,
)
from porsche_web.markets import results
from porsche_web.markets.manager import (
    PluginInfo,
    PluginProblem,
    build_plugin_manager,
    problem_of,
)
from porsche_web.markets.types import (
    AddressFormat,
    ChargingOffer,
    DataPassProvider,
    Market,
    MarketDataError,
    OwnerChange,
    Partner,
    PrivacyPolicy,
    ServiceOffer,
    StaffSupport,
    SupportContact,
    Vat,
)

log = logging.getLogger("porsche_web.markets")

EXTENSION_KEY = "porsche_web.markets"

T = TypeVar("T")


class MarketRegistry:
    """Markets by code, the plugin behind each, and per-market dispatch of market hooks."""

    def __init__(
        self,
        pm: pluggy.PluginManager,
        plugins: Iterable[PluginInfo],
        problems: Iterable[PluginProblem] = (),
        *,
        languages: Iterable[str] | None = None,
        disabled: Iterable[str] = (),
    ) -> None:
        self.pm = pm
        self.plugins = list(plugins)
        self.problems: list[PluginProblem] = list(problems)
        #: Every installed catalog of the core's messages, with its completeness.
        self.language_catalogs = installed_catalogs(self.plugins)
        #: The languages a market may be served in (default: every complete installed one).
        self.languages: tuple[str, ...] = (
            site_languages(self.language_catalogs) if languages is None else tuple(languages)
        )
        self._disabled = {code.lower() for code in disabled}
        self._markets: dict[str, Market] = {}
        self._owners: dict[str, PluginInfo] = {}
        self._callers: dict[tuple[str, str], Any] = {}
        self._cache: dict[tuple[Any, ...], Any] = {}
        self._collect_markets()

    # -- building ------------------------------------------------------------------------------

    def _collect_markets(self) -> None:
        by_plugin = {id(info.plugin): info for info in self.plugins}
        declared: list[tuple[PluginInfo, list[Market]]] = []
        for impl in self.pm.hook.porsche_markets.get_hookimpls():
            info = by_plugin.get(id(impl.plugin))
            if info is None:  # not a market plugin (the core declares no markets)
                continue
            try:
                answer = impl.function()
            except MarketDataError as exc:  # a Market that refused its data
                field = f"porsche_markets.{exc.where}" if exc.where else "porsche_markets"
                self._problem(info, field, exc.reason, exc.market)
                continue
            except Exception as exc:
                self._problem(info, "porsche_markets", f"raised {type(exc).__name__}: {exc}")
                continue
            if not answer or not results.fits("porsche_markets", answer):
                wanted = results.RESULTS["porsche_markets"].wanted
                self._problem(info, "porsche_markets", f"must return {wanted}, got {answer!r:.80}")
                continue
            by_code: dict[str, Market] = {}
            for market in cast("list[Market]", answer):  # fits() checked the shape
                if market.code in by_code:
                    self._problem(info, "porsche_markets.code", "declared twice", market.code)
                    continue
                by_code[market.code] = market
            declared.append((info, list(by_code.values())))
        switched_off = self._switch_off_duplicates(declared)
        for info, own in declared:
            if id(info.plugin) not in switched_off:
                for market in own:
                    self._add(info, market)

    def _switch_off_duplicates(self, declared: list[tuple[PluginInfo, list[Market]]]) -> set[int]:
        """Switch off every plugin that declares a market another plugin declares too (one log
        line per market code); every other plugin's markets are served. Returns their ids."""
        claims: dict[str, list[PluginInfo]] = {}
        for info, markets in declared:
            for market in markets:
                claims.setdefault(market.code, []).append(info)
        switched_off: set[int] = set()
        for code, owners in sorted(claims.items()):
            if len(owners) < 2:
                continue
            names = " and ".join(f"{o.name} ({o.distribution})" for o in owners)
            log.error(
                "market %s is declared by two plugins, %s: both are switched off; "
                "every other market is served",
                code,
                names,
            )
            for owner in owners:
                switched_off.add(id(owner.plugin))
                others = ", ".join(
                    f"{o.distribution} (entry point {o.name})" for o in owners if o is not owner
                )
                self.problems.append(
                    problem_of(
                        owner,
                        "porsche_markets.code",
                        f"also declared by {others}; both plugins are switched off",
                        market=code,
                    )
                )
        return switched_off

    def _add(self, info: PluginInfo, market: Market) -> None:
        self._owners[market.code] = info
        if market.code in self._disabled:
            log.info("market %s switched off by DISABLED_MARKETS", market.code)
            return
        for dropped in market.languages:
            if dropped not in self.languages and dropped not in market.official_languages:
                self._problem(
                    info,
                    "porsche_markets.languages",
                    f"{self.why_not_served(dropped)}; served without it",
                    market.code,
                    severity="warning",
                )
        served = served_market(market, self.languages)
        if served is None:
            self._problem(
                info,
                "porsche_markets.languages",
                "no language with a catalog; switched off",
                market.code,
            )
            return
        self._markets[market.code] = served

    def waiting_languages(self) -> dict[str, list[str]]:
        """The official languages of the enabled markets that are not served yet because no
        complete catalog of the core's messages ships for them: language → market codes."""
        waiting: dict[str, list[str]] = {}
        for market in self.all():
            for language in market.official_languages:
                if language not in market.languages:
                    waiting.setdefault(language, []).append(market.code)
        return dict(sorted(waiting.items()))

    def why_not_served(self, language: str) -> str:
        """Why ``language`` is not a site language (no catalog, an incomplete one, or not
        configured), for ``markets list``/``check`` and the log."""
        catalogs = [c for c in self.language_catalogs if c.language == language]
        if not catalogs:
            return f"no catalog for {language} (neither the core nor a plugin ships one)"
        if any(catalog.complete for catalog in catalogs):  # complete, but not in LANGUAGES
            return f"{language} is not one of the configured LANGUAGES"
        return f"no complete catalog for {language}: " + "; ".join(
            f"{catalog.provider} translates {catalog.translated} of {catalog.total} core messages"
            + ("" if catalog.compiled else " and is not compiled")
            for catalog in catalogs
        )

    def _problem(
        self,
        info: PluginInfo,
        field: str,
        message: str,
        market: str | None = None,
        *,
        severity: str = "error",
    ) -> None:
        problem = problem_of(info, field, message, market=market, severity=severity)
        log.log(
            logging.ERROR if problem.is_error else logging.WARNING, "market plugin: %s", problem
        )
        self.problems.append(problem)

    # -- lookup --------------------------------------------------------------------------------

    def get(self, code: str) -> Market | None:
        """The enabled market with this code (lower case), or None."""
        return self._markets.get(code)

    def today(self, code: str, now: datetime | None = None) -> date:
        """The calendar day at ``now`` (default: the clock's now) in the market ``code``'s time
        zone; in UTC for a market no longer enabled (its rows outlive it)."""
        market = self.get(code)
        return clock.today(market.timezone if market else "UTC", now)

    def all(self) -> list[Market]:
        """Every enabled market, by code."""
        return [self._markets[code] for code in sorted(self._markets)]

    def owner(self, market: Market | str) -> PluginInfo:
        """The plugin that declared ``market``."""
        return self._owners[market if isinstance(market, str) else market.code]

    # -- per-market dispatch -------------------------------------------------------------------

    def _caller(self, hook_name: str, market: Market | None) -> Any:
        """The hook caller limited to ``market``'s plugin and the core (None: the core only)."""
        key = (hook_name, market.code if market else "")
        if key not in self._callers:
            keep = self._owners.get(market.code) if market else None
            others = [info.plugin for info in self.plugins if info is not keep]
            self._callers[key] = self.pm.subset_hook_caller(hook_name, remove_plugins=others)
        return self._callers[key]

    def call(self, hook_name: str, market: Market, **kwargs: Any) -> Any:
        """Call a market hook for ``market`` only, falling back to the core on a plugin fault.

        A plugin that raises or answers something that does not fit the hook's result shape
        (:data:`porsche_web.markets.results.RESULTS`) is logged (naming the plugin) and the
        core's fallback answers instead, so one faulty market never breaks a page.
        """
        try:
            result = self._caller(hook_name, market)(market=market, **kwargs)
            if results.fits(hook_name, result):
                return result
            fault = f"{hook_name} returned {result!r:.80}"
        except Exception as exc:
            fault = f"{hook_name} raised {type(exc).__name__}: {exc}"
        info = self._owners.get(market.code)
        plugin = f"{info.distribution} (entry point {info.name})" if info else "?"
        log.error(
            "market plugin %s: market %s: %s%s; the core's fallback answers",
            plugin,
            market.code,
            fault,
            call_details(kwargs),
        )
        return self._caller(hook_name, None)(market=market, **kwargs)

    def memo(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """A value computed once per process from the markets' answers (a hook's answer, the
        support directory, a store listing) and forgotten with them by :meth:`clear_cache`.
        ``key`` starts with the hook's or the caller's name."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def _cached(self, hook_name: str, market: Market, compute: Callable[[], T], *args: Any) -> T:
        return self.memo((hook_name, market.code, *args), compute)

    def clear_cache(self) -> None:
        """Forget every cached answer (tests that change a plugin's data between calls)."""
        self._cache.clear()

    def service_offers(
        self, market: Market, model: str, model_year: int
    ) -> dict[str, ServiceOffer]:
        """What ``market`` sells for the model and model year, by service id (F2, F3)."""

        def compute() -> dict[str, ServiceOffer]:
            offers = self.call(
                "porsche_service_availability", market, model=model, model_year=model_year
            )
            return {offer.service: offer for offer in offers}

        return self._cached("porsche_service_availability", market, compute, model, model_year)

    def data_pass_providers(
        self, market: Market, model: str, model_year: int
    ) -> tuple[DataPassProvider, ...]:
        """The Data Pass providers of ``market`` for the car (F9, F18); call only for cars that
        can have a Data Pass (``ModelYear.data_pass_possible``)."""
        return self._cached(
            "porsche_data_pass_providers",
            market,
            lambda: tuple(
                self.call("porsche_data_pass_providers", market, model=model, model_year=model_year)
            ),
            model,
            model_year,
        )

    def charging_offer(self, market: Market) -> ChargingOffer | None:
        """The Porsche Charging Service of ``market``, None where it is not offered (F16)."""
        return self._cached(
            "porsche_charging_offer",
            market,
            lambda: self.call("porsche_charging_offer", market),
        )

    def partners(self, market: Market) -> tuple[Partner, ...]:
        """The Porsche partners (Porsche Centres) of ``market`` (F27)."""
        return self._cached(
            "porsche_partners",
            market,
            lambda: tuple(self.call("porsche_partners", market)),
        )

    def track_your_dream(self, market: Market) -> bool:
        """Whether Track your Dream is offered in ``market`` (F19)."""
        return self._cached(
            "porsche_track_your_dream",
            market,
            lambda: self.call("porsche_track_your_dream", market),
        )

    def secondary_user_limit(self, market: Market) -> int:
        """How many secondary users a car of ``market`` may have (issue #16; at most 5)."""
        return self._cached(
            "porsche_secondary_user_limit",
            market,
            lambda: self.call("porsche_secondary_user_limit", market),
        )

    def address_format(self, market: Market) -> AddressFormat:
        """How billing addresses are written and postal codes checked in ``market`` (F8)."""
        return self._cached(
            "porsche_address_format",
            market,
            lambda: self.call("porsche_address_format", market),
        )

    def privacy_policy(self, market: Market) -> PrivacyPolicy:
        """The current privacy policy of ``market`` (F26; fallback: the core's)."""
        return self._cached(
            "porsche_privacy_policy",
            market,
            lambda: self.call("porsche_privacy_policy", market),
        )

    def owner_change(self, market: Market) -> OwnerChange:
        """What happens to a car of ``market`` that changes hands (fallback: contracts end,
        14 days of waiting for a release the owner did not start)."""
        return self._cached(
            "porsche_owner_change",
            market,
            lambda: self.call("porsche_owner_change", market),
        )

    def sms_backend(self, market: Market) -> Any:
        """The SMS gateway a market plugin contributes for ``market``, or None (the core's
        configured backend then sends)."""
        return self.call("porsche_sms_backend", market)

    def support_contact(self, market: Market) -> SupportContact:
        """The customer service contact of ``market`` (fallback: the Porsche partner, F24)."""
        return self._cached(
            "porsche_support_contact",
            market,
            lambda: self.call("porsche_support_contact", market),
        )

    def vat(self, market: Market) -> Vat | None:
        """The value added tax of ``market`` (rate, whether prices include it), None when its
        plugin declares none."""
        return self._cached("porsche_vat", market, lambda: self.call("porsche_vat", market))

    def staff_support(self, market: Market) -> StaffSupport | None:
        """Support hours and escalation contact of ``market`` for staff, None if not given."""
        return self._cached(
            "porsche_staff_support",
            market,
            lambda: self.call("porsche_staff_support", market),
        )


def served_market(market: Market, shipped: Iterable[str]) -> Market | None:
    """``market`` as it is served when ``shipped`` are the languages that ship (None when none
    of its languages does).

    Its sites are each of its ``official_languages`` that ships, in the plugin's order, then
    each other language of its ``languages`` that ships (English where the plugin allows it).
    ``/<code>/`` leads to the first official language that ships; while none does, to the
    plugin's ``default_language`` (or the first language served). An official language that
    does not ship yet is *waiting for a catalog*: its addresses redirect to the default
    language (:mod:`porsche_web.sites`) and ``markets list``/``check`` name it.
    """
    available = set(shipped)
    official = [lang for lang in market.official_languages if lang in available]
    others = [lang for lang in market.languages if lang in available and lang not in official]
    languages = (*official, *others)
    if not languages:
        return None
    if official:
        default = official[0]
    elif market.default_language in languages:
        default = market.default_language
    else:
        default = languages[0]
    if languages == market.languages and default == market.default_language:
        return market
    return dataclasses.replace(market, languages=languages, default_language=default)


def call_details(kwargs: dict[str, Any]) -> str:
    """`` for model taycan, model year 2024`` for the arguments of a hook call."""
    words = [f"{name.replace('_', ' ')} {value}" for name, value in kwargs.items()]
    return f" for {', '.join(words)}" if words else ""


def installed_catalogs(plugins: Iterable[PluginInfo]) -> list[LanguageCatalog]:
    """Every installed catalog of the core's messages: the core's and those of ``plugins``."""
    return language_completeness(
        core_translations_dir(),
        plugin_catalog_dirs((info.distribution, info.package_dir) for info in plugins),
    )


def init_app(app: Flask, extra_plugins: Iterable[object] = ()) -> MarketRegistry:
    """Build the plugin manager and the registry for ``app``, and set ``LANGUAGES`` to the
    site languages: every language with a complete installed catalog of the core's messages
    (:mod:`porsche_web.languages`), limited to the ``LANGUAGES`` setting when one is given."""
    pm, plugins, problems = build_plugin_manager(
        load_entrypoints=app.config["LOAD_MARKET_PLUGINS"],
        extra_plugins=extra_plugins,
        trace=app.config["TRACE_HOOKS"],
    )
    available = site_languages(installed_catalogs(plugins))
    configured = app.config["LANGUAGES"]
    languages = restrict(available, configured)
    if configured and set(configured) - set(languages):
        log.warning(
            "LANGUAGES: no complete catalog installed for %s; not served",
            ", ".join(sorted(set(configured) - set(languages))),
        )
    if app.config["DEFAULT_LANGUAGE"] not in languages:
        raise ConfigError(
            f"DEFAULT_LANGUAGE {app.config['DEFAULT_LANGUAGE']!r} must be one of the site "
            f"languages ({', '.join(languages) or 'none'})"
        )
    app.config["LANGUAGES"] = list(languages)
    registry = MarketRegistry(
        pm,
        plugins,
        problems,
        languages=languages,
        disabled=app.config["DISABLED_MARKETS"],
    )
    app.extensions[EXTENSION_KEY] = registry
    return registry


def current_registry() -> MarketRegistry:
    """The registry of the current application."""
    return current_app.extensions[EXTENSION_KEY]
