"""``markets check``: validate every installed market the way the core will use it.

Each problem names the distribution, the entry point, the market and the field, with a
suggestion where there is one, so a market team can fix it without reading the core. Errors
fail the check; warnings are printed and do not. The same checks run in the market teams' own
tests through the ``market_problems`` fixture of :mod:`porsche_web.testing`.

What is checked, besides what the value objects refuse when they are built (e-mail syntax,
https URLs, ISO codes, non-negative prices …):

* problems of loading (import failures, unknown hooks, a plugin that changed the core catalogue
  or another plugin's data while it was imported, a market code declared by two plugins);
* each hook's answer: its shape, raising (naming the model and model year asked for), time
  (warning above :data:`SLOW_WARNING`, error above :data:`SLOW_LIMIT` seconds);
* phones valid for the market's country, charging prices in the market's currency, prices not
  finer than the currency's smallest unit, service ids of the core catalogue, models that get
  no services while others do, SMS backends that fit :class:`~porsche_web.markets.SmsBackend`;
* the plugin's catalogs: every message of the plugin translated in every language it declares.
"""

from __future__ import annotations

import inspect
import sys
import time
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import phonenumbers
import pluggy
from babel import Locale
from babel.core import get_global
from babel.numbers import get_currency_precision

from porsche_web.connect import catalogue
from porsche_web.markets import results
from porsche_web.markets.constants import HOOK_PREFIX
from porsche_web.markets.manager import (
    PluginInfo,
    PluginProblem,
    hook_names,
    problem_of,
)
from porsche_web.markets.registry import call_details
from porsche_web.markets.types import (
    AddressFormat,
    Market,
    MarketDataError,
    SmsBackend,
    did_you_mean,
)

#: One mistake (the same record the registry keeps for a plugin it switched off).
CheckProblem = PluginProblem

#: A hook call slower than this (seconds) is a warning; slower than SLOW_LIMIT, an error.
SLOW_WARNING = 0.1
SLOW_LIMIT = 1.0

#: How the plugin's messages are found (the same keywords as ``tools/i18n.py``).
KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "lazy_gettext": None,
    "_l": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}
METHOD_MAP = [("**.py", "python"), ("**/templates/**.html", "jinja2")]

#: The source language of the plugins' messages: a missing translation shows the message itself.
SOURCE_LANGUAGE = "en"


def country_name(code: str) -> str:
    return Locale("en").territories.get(code.upper(), code.upper())


def phone_problem(phone: str, market: Market) -> str | None:
    """Why ``phone`` (E.164) is not a number of ``market``'s country, or None."""
    try:
        number = phonenumbers.parse(phone)
    except phonenumbers.NumberParseException:
        return f"{phone} is not a phone number"
    region = market.code.upper()
    if phonenumbers.is_valid_number_for_region(number, region):
        return None
    if phonenumbers.is_valid_number(number):
        other = phonenumbers.region_code_for_number(number) or "?"
        return (
            f"{phone} is a number of {country_name(other)}, not of {country_name(region)}; "
            "list the market's own number"
        )
    return f"{phone} is not a valid phone number in {country_name(region)}"


def price_problem(amount: Decimal | None, currency: str) -> tuple[str, str] | None:
    """``(severity, message)`` for an amount finer than ``currency``'s smallest unit."""
    if amount is None or amount == 0:
        return None
    precision = get_currency_precision(currency)
    unit = Decimal(1).scaleb(-precision)
    if amount < unit:
        return (
            "error",
            f"{amount} {currency} is smaller than the currency's smallest unit "
            f"({unit} {currency}): customers would see a price of 0",
        )
    if amount != amount.quantize(unit):
        return (
            "warning",
            f"{amount} {currency} has more decimals than {currency} ({precision}); "
            f"it is shown as {amount.quantize(unit)}",
        )
    return None


def _module_data(plugin: object) -> dict[str, Any]:
    """The module-level data of a plugin (a module, or an object and its class's module)."""
    if inspect.ismodule(plugin):
        return dict(vars(plugin))
    module = sys.modules.get(type(plugin).__module__)
    data = dict(vars(module)) if module else {}
    data.update(getattr(plugin, "__dict__", {}))
    return data


def unknown_model_keys(plugin: object) -> list[tuple[str, str]]:
    """``(table, key)`` for each key of a plugin's table keyed by model ids (at least one key
    is a catalogue model) that is not a model of the catalogue."""
    models = {model.id for model in catalogue.models()}
    found = []
    for name, value in _module_data(plugin).items():
        if not isinstance(value, Mapping) or name.startswith("__"):
            continue
        keys = [key for key in value if isinstance(key, str)]
        if keys and any(key in models for key in keys):
            found += [(name, key) for key in keys if key not in models]
    return found


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
        #: hook → (slowest call in seconds, its arguments)
        self.timings: dict[str, tuple[float, dict[str, Any]]] = {}

    def problem(self, field: str, message: str, severity: str = "error") -> None:
        self.problems.append(
            problem_of(self.info, field, message, market=self.market.code, severity=severity)
        )

    def ask(self, hook: str, **kwargs: Any) -> tuple[bool, Any]:
        others = [p for p in self.pm.get_plugins() if p is not self.info.plugin]
        caller = self.pm.subset_hook_caller(hook, remove_plugins=others)
        started = time.perf_counter()
        try:
            return True, caller(market=self.market, **kwargs)
        except MarketDataError as exc:  # a value object refused the plugin's data
            field = f"{hook}.{exc.field}" if exc.field else hook
            self.problem(field, f"{exc.reason}{call_details(kwargs)}")
            return False, None
        except Exception as exc:  # the plugin's own fault
            self.problem(hook, f"raised {type(exc).__name__}: {exc}{call_details(kwargs)}")
            return False, None
        finally:
            elapsed = time.perf_counter() - started
            if elapsed > self.timings.get(hook, (0.0, {}))[0]:
                self.timings[hook] = (elapsed, kwargs)

    def expect(self, hook: str, result: Any) -> bool:
        """Whether ``result`` has the hook's result shape; a problem naming the shape if not."""
        if results.fits(hook, result):
            return True
        self.problem(hook, f"must return {results.RESULTS[hook].wanted}, got {result!r:.80}")
        return False

    def run(self) -> list[CheckProblem]:
        self.check_market()
        self.check_languages()
        self.check_contact()
        address = self.check_address_format()
        self.check_partners(address)
        self.check_availability()
        self.check_data_pass()
        self.check_charging()
        self.check_simple("porsche_track_your_dream")
        self.check_simple("porsche_secondary_user_limit")
        self.check_simple("porsche_privacy_policy")
        self.check_simple("porsche_owner_change")
        self.check_simple("porsche_vat")
        self.check_sms_backend()
        self.check_staff_support()
        self.check_timings()
        return self.problems

    def check_market(self) -> None:
        zone_country = get_global("zone_territories").get(self.market.timezone)
        if zone_country and zone_country != self.market.code.upper():
            self.problem(
                "porsche_markets.timezone",
                f"{self.market.timezone} is a time zone of {country_name(zone_country)}, "
                f"not of {country_name(self.market.code)}",
                "warning",
            )

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
        if not found:
            return
        if result.is_fallback:
            self.problem("porsche_support_contact", "must be the market's own contact")
        if result.phone is not None:
            wrong = phone_problem(result.phone, self.market)
            if wrong:
                self.problem("porsche_support_contact.phone", wrong)

    def check_staff_support(self) -> None:
        ok, result = self.ask("porsche_staff_support")
        if not ok or result is None or not self.expect("porsche_staff_support", result):
            return
        if result.escalation_phone is not None:
            wrong = phone_problem(result.escalation_phone, self.market)
            if wrong:
                self.problem("porsche_staff_support.escalation_phone", wrong)

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
            if partner.phone is not None:
                wrong = phone_problem(partner.phone, self.market)
                if wrong:
                    self.problem("porsche_partners.phone", f"{partner.id}: {wrong}")

    def check_availability(self) -> None:
        served: dict[str, bool] = {}
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
                served[model.id] = served.get(model.id, False) or bool(result)
                if not self.check_offers(result, model.id, year):
                    return
        self.check_models_without_services(served)

    def check_offers(self, offers: list[Any], model: str, year: int) -> bool:
        """The service ids and prices of one answer; False after the first problem."""
        ids = [offer.service for offer in offers]
        for service in sorted(set(ids)):
            if catalogue.get_service(service) is None:
                known = [s.id for s in catalogue.services()]
                self.problem(
                    "porsche_service_availability.service",
                    f"{service!r} is not in the core catalogue{did_you_mean(service, known)}",
                )
                return False
            if ids.count(service) > 1:
                self.problem("porsche_service_availability.service", f"{service!r} is repeated")
                return False
        for offer in offers:
            wrong = price_problem(offer.price, self.market.currency)
            if wrong:
                severity, message = wrong
                asked = call_details({"model": model, "model_year": year})
                self.problem(
                    "porsche_service_availability.price",
                    f"{offer.service}: {message}{asked}",
                    severity,
                )
                return False
        return True

    def check_models_without_services(self, served: dict[str, bool]) -> None:
        """A model that gets no service while others do: usually a table keyed by a model id
        the catalogue does not have."""
        without = sorted(model for model, any_offer in served.items() if not any_offer)
        if not without or len(without) == len(served):
            return
        keys = unknown_model_keys(self.info.plugin)
        for model in without:
            wrong = [(table, key) for table, key in keys if did_you_mean(key, [model])]
            if wrong:
                table, key = wrong[0]
                self.problem(
                    "porsche_service_availability.model",
                    f"{table} is keyed by {key!r}, which is not a model of the catalogue, and "
                    f"{model!r} gets no services while other models do; did you mean `{model}`?",
                )
                continue
            models = ", ".join(m.id for m in catalogue.models())
            self.problem(
                "porsche_service_availability.model",
                f"{model!r} gets no services while other models do; is a table keyed by a "
                f"model id the catalogue does not have? The catalogue's models: {models}",
                "warning",
            )

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
        if not ok or result is None or not self.expect("porsche_charging_offer", result):
            return
        if result.currency != self.market.currency:
            self.problem(
                "porsche_charging_offer.currency",
                f"{result.currency} is not the market's currency {self.market.currency}",
            )
        for plan in result.plans:
            for name in ("monthly_fee", "price_per_kwh_ac", "price_per_kwh_dc"):
                wrong = price_problem(getattr(plan, name), result.currency)
                if wrong:
                    severity, message = wrong
                    self.problem(
                        f"porsche_charging_offer.{name}", f"{plan.id}: {message}", severity
                    )

    def check_sms_backend(self) -> None:
        ok, result = self.ask("porsche_sms_backend")
        if not ok or result is None:
            return
        wrong = results.protocol_mismatch(result, SmsBackend)
        if wrong:
            self.problem(
                "porsche_sms_backend.send",
                f"{type(result).__name__}: {wrong}; the deliverer would fail every SMS",
            )

    def check_simple(self, hook: str) -> None:
        ok, result = self.ask(hook)
        if ok and result is not None:
            self.expect(hook, result)

    def check_timings(self) -> None:
        for hook, (elapsed, kwargs) in sorted(self.timings.items()):
            if elapsed <= SLOW_WARNING:
                continue
            severity = "error" if elapsed > SLOW_LIMIT else "warning"
            limit = SLOW_LIMIT if severity == "error" else SLOW_WARNING
            self.problem(
                hook,
                f"took {elapsed:.2f} s{call_details(kwargs)} (limit {limit:g} s): answer from "
                "data in memory, without network or database",
                severity,
            )


def _has_messages(po: Path) -> bool:
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        return any(message.id for message in read_po(handle))


# -- checks of a plugin as a whole -------------------------------------------------------------


def unmarked_hooks(pm: pluggy.PluginManager, info: PluginInfo, markets: str) -> list[CheckProblem]:
    """Functions named like a hook but not marked ``@hookimpl``: the core never calls them."""
    found = []
    for attribute in dir(info.plugin):
        if not attribute.startswith(HOOK_PREFIX):
            continue
        if not callable(getattr(info.plugin, attribute, None)):
            continue
        if pm.parse_hookimpl_opts(info.plugin, attribute) is not None:
            continue
        known = hook_names()
        hint = "" if attribute in known else did_you_mean(attribute, known)
        found.append(
            problem_of(
                info,
                attribute,
                f"is not marked @hookimpl, so the core never calls it{hint}",
                market=markets,
                severity="warning",
            )
        )
    return found


def plugin_messages(package_dir: Path) -> list[tuple[str, str | None]]:
    """The messages (id, context) the plugin's package translates."""
    from babel.messages.extract import extract_from_dir

    found = []
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(package_dir), METHOD_MAP, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple | list) else message
        if msgid and (msgid, context) not in found:
            found.append((msgid, context))
    return found


def catalog_problems(info: PluginInfo, languages: Mapping[str, list[str]]) -> list[CheckProblem]:
    """Each language the plugin's markets declare (language → market codes) whose catalog in
    the plugin's package lacks a message, or leaves it untranslated or fuzzy."""
    from babel.messages.pofile import read_po

    package_dir = info.package_dir
    if package_dir is None or not (package_dir / "__init__.py").exists():
        return []  # not a package (a plugin object built in a test)
    messages = plugin_messages(package_dir)
    if not messages:
        return []
    found = []
    for language, codes in sorted(languages.items()):
        po = package_dir / "translations" / language / "LC_MESSAGES" / "messages.po"
        field = f"translations.{language}"
        markets = ", ".join(sorted(codes))
        if not po.exists():
            found.append(
                problem_of(
                    info,
                    field,
                    f"no catalog for {language!r}, which the market declares; the plugin has "
                    f"{len(messages)} message(s) (python tools/i18n.py update, then translate)",
                    market=markets,
                )
            )
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        lacking = []
        for msgid, context in messages:
            entry = catalog.get(msgid, context=context)
            strings = entry.string if entry is not None else None
            texts = strings if isinstance(strings, tuple | list) else (strings,)
            untranslated = language != SOURCE_LANGUAGE and not all(texts)
            if entry is None or entry.fuzzy or untranslated:
                lacking.append(msgid)
        if lacking:
            shown = ", ".join(repr(m if len(m) < 40 else m[:39] + "…") for m in lacking[:3])
            more = f" and {len(lacking) - 3} more" if len(lacking) > 3 else ""
            found.append(
                problem_of(
                    info,
                    field,
                    f"{len(lacking)} message(s) missing, fuzzy or not translated: {shown}{more} "
                    "(python tools/i18n.py update, then translate)",
                    market=markets,
                )
            )
    return found


def override_problems(
    info: PluginInfo, own: Mapping[str, Market], catalog_dir: Path, codes: Iterable[str] = ()
) -> list[CheckProblem]:
    """The plugin's overrides of core messages (``translations/<lang>/LC_MESSAGES/
    market-<cc>.po``): each for a market of the plugin, compiled, in a language the market is
    served in (else a warning: not used), and overriding only messages the core has."""
    from babel.messages.pofile import read_po

    from porsche_web.languages import core_messages, override_catalogs

    package_dir = info.package_dir
    if package_dir is None:
        return []
    wanted = set(codes)
    core = core_messages(catalog_dir)
    found = []
    for code, language, po in override_catalogs(package_dir / "translations"):
        if wanted and code not in wanted:
            continue
        field = f"translations.{language}.{po.stem}"
        market = own.get(code)
        if market is None:
            found.append(
                problem_of(
                    info,
                    field,
                    f"overrides core messages for {code!r}, which is not a market of this "
                    "plugin: only a market's own plugin may override its messages",
                    market=code,
                )
            )
            continue
        if language not in market.languages:
            found.append(
                problem_of(
                    info,
                    field,
                    f"{language!r} is not served in {code} (yet): these overrides are not used",
                    market=code,
                    severity="warning",
                )
            )
        if not po.with_suffix(".mo").exists():
            found.append(
                problem_of(info, field, "not compiled (python tools/i18n.py compile)", market=code)
            )
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id:
                continue
            msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
            if (message.context, msgid) not in core:
                found.append(
                    problem_of(
                        info,
                        field,
                        f"overrides {msgid!r}, which the core does not have (a message id must "
                        "be exactly the core's, with its context)",
                        market=code,
                    )
                )
    return found


def check_markets(
    registry: Any, catalog_dir: Path, codes: Iterable[str] = ()
) -> list[CheckProblem]:
    """Every problem of the registry's markets (or only of ``codes``): errors and warnings."""
    wanted = set(codes)
    problems = [
        p for p in registry.problems if not wanted or p.market is None or p.market in wanted
    ]
    markets = [m for m in registry.all() if not wanted or m.code in wanted]
    for info in registry.plugins:
        own = [m for m in markets if registry.owner(m) is info]
        if not own:
            continue
        languages: dict[str, list[str]] = {}
        for market in own:
            for language in market.languages:
                languages.setdefault(language, []).append(market.code)
        codes_text = ", ".join(m.code for m in own)
        problems += unmarked_hooks(registry.pm, info, codes_text)
        problems += catalog_problems(info, languages)
        problems += override_problems(info, {m.code: m for m in own}, catalog_dir, wanted)
    provided = [  # languages whose core catalog a plugin ships
        c.language
        for c in getattr(registry, "language_catalogs", ())
        if c.complete and c.provider != "core"
    ]
    for market in markets:
        checker = MarketChecker(registry.pm, registry.owner(market), market, catalog_dir, provided)
        problems += checker.run()
    return problems
