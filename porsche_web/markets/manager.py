"""Building the plugin manager: specs, the core's fallbacks, then the market plugins.

A plugin that cannot be used is switched off, never the whole application: one that fails to
import, that implements a hook the core does not know (usually a typo), whose implementation
takes arguments its hook does not have, or that changes the core catalogue or another
plugin's data while it is imported. Each is recorded as a :class:`PluginProblem` that names
the distribution, the entry point and the field, and logged once.
"""

from __future__ import annotations

import inspect
import logging
import sys
import sysconfig
import traceback
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

import pluggy

from porsche_web.markets import defaults, hookspecs
from porsche_web.markets.constants import ENTRY_POINT_GROUP, PROJECT_NAME
from porsche_web.markets.types import MarketDataError, did_you_mean

log = logging.getLogger("porsche_web.markets")

#: The core's own hook implementations; they are not market plugins.
CORE_PLUGINS = (defaults,)

#: The core's package folder (a traceback's frames outside it are the plugin's).
CORE_DIR = Path(__file__).resolve().parents[1]
#: Python's own library (``importlib`` imports the plugin: its frames are not the plugin's).
STDLIB_DIRS = tuple(
    {Path(sysconfig.get_paths()[key]).resolve() for key in ("stdlib", "platstdlib")}
)

#: The core data a plugin must leave alone while it is imported (module name → what it is).
CORE_DATA_MODULES = {"porsche_web.connect.catalogue": "the core catalogue"}


@dataclass(frozen=True)
class PluginInfo:
    """A registered market plugin: its entry point's name, the distribution it came from and
    its version."""

    name: str
    plugin: object
    distribution: str
    version: str
    #: The folder of the package that holds the plugin (its ``translations/`` live there).
    package_dir: Path | None = None


def package_dir_of(module_name: str | None) -> Path | None:
    """The folder of the package a module belongs to (None when it has no file)."""
    module = sys.modules.get(module_name or "")
    module_file = getattr(module, "__file__", None)
    return Path(module_file).resolve().parent if module_file else None


@dataclass(frozen=True)
class PluginProblem:
    """A mistake of a market plugin, named for the market team that has to fix it.

    :param distribution: the distribution (``porsche-market-se``).
    :param entry_point: the entry point's name in ``porsche_web.markets`` (``se``).
    :param field: what is wrong: a hook's answer (``porsche_partners.postal_code``), a value
        object's field (``Market.code``), ``import`` …
    :param message: what is wrong with it, and a suggestion where there is one.
    :param market: the market concerned; None for the plugin as a whole.
    :param severity: ``"error"`` (``markets check`` fails) or ``"warning"``.
    """

    distribution: str
    entry_point: str
    field: str
    message: str
    market: str | None = None
    severity: str = "error"

    @property
    def plugin(self) -> str:
        """The plugin as logs name it: ``se (porsche-market-se)``."""
        return f"{self.entry_point} ({self.distribution})"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.distribution} (entry point {self.entry_point})"
        if self.market:
            where += f": {'markets' if ',' in self.market else 'market'} {self.market}"
        prefix = "" if self.is_error else "warning: "
        return f"{prefix}{where}: {self.field}: {self.message}"


def problem_of(info: PluginInfo, field: str, message: str, **kwargs: Any) -> PluginProblem:
    return PluginProblem(info.distribution, info.name, field, message, **kwargs)


def hook_names() -> list[str]:
    """Every hook of the market plugin contract."""
    return [
        name
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(function, f"{PROJECT_NAME}_spec")
    ]


def implementation_problems(pm: pluggy.PluginManager, plugin: object) -> list[tuple[str, str]]:
    """``(hook, message)`` for every ``@hookimpl`` of ``plugin`` the core could not call: an
    unknown hook name, or arguments its hook does not have (each with a suggestion)."""
    known = hook_names()
    found = []
    for attribute in dir(plugin):
        if pm.parse_hookimpl_opts(plugin, attribute) is None:
            continue
        if attribute not in known:
            found.append((attribute, f"no such hook{did_you_mean(attribute, known)}"))
            continue
        spec = getattr(hookspecs, attribute)
        wanted = list(inspect.signature(spec).parameters)
        try:
            parameters = inspect.signature(getattr(plugin, attribute)).parameters
        except (TypeError, ValueError):
            continue
        unknown = [name for name in parameters if name not in wanted]
        for name in unknown:
            found.append(
                (
                    attribute,
                    f"argument {name!r} is not an argument of the hook "
                    f"({', '.join(wanted) or 'none'}){did_you_mean(name, wanted)}",
                )
            )
    return found


# -- what a plugin may not change while it is imported -----------------------------------------


#: What each plugin module changed of others' data when it was first imported in this process
#: (a later application of the process loads it without importing it again).
_CHANGED_AT_IMPORT: dict[str, list[str]] = {}


def _state(value: object) -> str:
    """A comparable picture of a module-level value (one level into plain objects)."""
    try:
        if hasattr(value, "__dict__") and not isinstance(value, type):
            return repr(sorted(vars(value).items(), key=lambda item: item[0]))
        return repr(value)
    except Exception:  # a value whose repr needs what is not there yet (an app, a locale)
        return f"<{type(value).__name__} {id(value)}>"


def module_state(module_name: str) -> dict[str, str]:
    """The data of a loaded module, by global name (functions, classes, modules left out)."""
    module = sys.modules.get(module_name)
    if module is None:
        return {}
    return {
        name: _state(value)
        for name, value in sorted(vars(module).items())
        if not name.startswith("__")
        and not inspect.ismodule(value)
        and not inspect.isroutine(value)
        and not isinstance(value, type)
    }


def _package(module_name: str) -> str:
    return module_name.split(".", 1)[0]


def guarded_data(others: Iterable[EntryPoint], own_package: str) -> dict[str, str]:
    """The modules whose data a plugin loading from ``own_package`` must leave alone: the core
    data, and every loaded module of another plugin's package (module name → whose it is)."""
    guarded = dict(CORE_DATA_MODULES)
    owners = {
        _package(ep.module): f"{ep.dist.name if ep.dist else '?'} (entry point {ep.name})"
        for ep in others
    }
    for module_name in list(sys.modules):
        package = _package(module_name)
        if package in owners and package != own_package:
            guarded[module_name] = owners[package]
    return guarded


def snapshot(modules: Iterable[str]) -> dict[str, dict[str, str]]:
    """The data of those ``modules`` that are loaded (a module imported later is new, not
    changed)."""
    return {name: module_state(name) for name in modules if name in sys.modules}


def changes(before: dict[str, dict[str, str]], guarded: dict[str, str]) -> list[str]:
    """What changed since ``before``: ``"SERVICES of the core catalogue"``."""
    found = []
    for module_name, old in before.items():
        new = module_state(module_name)
        changed = sorted(name for name in old.keys() | new.keys() if old.get(name) != new.get(name))
        if changed:
            found.append(f"{', '.join(changed)} of {guarded[module_name]}")
    return found


def _load_failure(ep_name: str, dist: str, exc: BaseException) -> PluginProblem:
    """The problem of a plugin whose import failed, naming the value object and field of a
    :class:`MarketDataError`, and the plugin's file and line (never a module path)."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [frame for frame in frames if _plugins_frame(frame.filename)]
    where = f" ({Path(own[-1].filename).name}, line {own[-1].lineno})" if own else ""
    if isinstance(exc, SyntaxError):
        where = ""  # its message names the plugin's file and line already
    if isinstance(exc, MarketDataError):
        field = exc.where or "import"
        return PluginProblem(dist, ep_name, field, f"{exc.reason}{where}", market=exc.market)
    return PluginProblem(dist, ep_name, "import", f"{type(exc).__name__}: {exc}{where}")


def _plugins_frame(filename: str) -> bool:
    """Whether a traceback frame is in the plugin's code (or a library it uses): not the
    core's, not Python's own library (site-packages excepted), not a frozen module."""
    if filename.startswith("<"):
        return False
    path = Path(filename).resolve()
    if path.is_relative_to(CORE_DIR):
        return False
    if any(part in ("site-packages", "dist-packages") for part in path.parts):
        return True
    return not any(path.is_relative_to(folder) for folder in STDLIB_DIRS)


def _extra_name(pm: pluggy.PluginManager, plugin: object) -> str:
    """The name an in-process plugin object is registered under: its module's or class's."""
    base = getattr(plugin, "__name__", None) or type(plugin).__name__
    name, number = base, 1
    while pm.has_plugin(name):
        number += 1
        name = f"{base}-{number}"
    return name


def declared_codes(pm: pluggy.PluginManager, plugin: object) -> str | None:
    """The market codes a plugin that is not registered declares (``"nz"``, ``"dk, fi"``), to
    name them in its problems; None when it cannot tell."""
    if pm.parse_hookimpl_opts(plugin, "porsche_markets") is None:
        return None
    try:
        declared = getattr(plugin, "porsche_markets")()  # noqa: B009 (a hook, by its name)
        codes = [market.code for market in declared]
    except Exception:  # reported once it is registered, if ever
        return None
    return ", ".join(str(code) for code in codes) or None


def _switch_off(problems: list[PluginProblem], found: Iterable[PluginProblem]) -> None:
    for problem in found:
        log.error("market plugin switched off: %s", problem)
        problems.append(problem)


def build_plugin_manager(
    *,
    load_entrypoints: bool = True,
    extra_plugins: Iterable[object] = (),
    trace: bool = False,
) -> tuple[pluggy.PluginManager, list[PluginInfo], list[PluginProblem]]:
    """Create the manager with the specs, the core's fallbacks and the market plugins.

    A plugin that cannot be used is switched off (recorded as a problem, logged); the others
    still load.

    :param load_entrypoints: load the plugins installed in the entry-point group
        :data:`~porsche_web.markets.constants.ENTRY_POINT_GROUP`.
    :param extra_plugins: registered in addition (tests, embedding): plugin objects, or
        :class:`importlib.metadata.EntryPoint` objects loaded like installed ones.
    :param trace: log every hook call at DEBUG level.
    """
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for core_plugin in CORE_PLUGINS:
        with warnings.catch_warnings():  # the core's fallback of a deprecated hook is meant
            warnings.simplefilter("ignore", DeprecationWarning)
            pm.register(core_plugin, name=f"core:{core_plugin.__name__.rsplit('.', 1)[-1]}")

    plugins: list[PluginInfo] = []
    problems: list[PluginProblem] = []

    extras = list(extra_plugins)
    eps = [ep for ep in extras if isinstance(ep, EntryPoint)]
    if load_entrypoints:
        eps = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name) + eps

    for ep in eps:
        dist = ep.dist.name if ep.dist else "?"
        version = ep.dist.version if ep.dist else "?"
        # Only a first import runs the plugin's code: watch what it changes then.
        imported = ep.module in sys.modules
        guarded = (
            {}
            if imported
            else guarded_data((other for other in eps if other is not ep), _package(ep.module))
        )
        before = snapshot(guarded)
        try:
            plugin = ep.load()
        except Exception as exc:  # a broken plugin must not take the others down
            _switch_off(problems, [_load_failure(ep.name, dist, exc)])
            continue
        changed = changes(before, guarded)
        if changed:
            _CHANGED_AT_IMPORT[ep.module] = changed
        changed = _CHANGED_AT_IMPORT.get(ep.module, [])
        if changed:  # now, or when it was first imported in this process
            message = f"changed {'; '.join(changed)} while it was imported; switched off"
            markets = declared_codes(pm, plugin)
            _switch_off(problems, [PluginProblem(dist, ep.name, "import", message, markets)])
            continue
        info = PluginInfo(ep.name, plugin, dist, version, package_dir_of(ep.module))
        _register(pm, info, plugins, problems)

    for plugin in extras:
        if isinstance(plugin, EntryPoint) or pm.is_registered(plugin):
            continue
        module_name = getattr(plugin, "__name__", None) or type(plugin).__module__
        info = PluginInfo(
            _extra_name(pm, plugin),
            plugin,
            getattr(plugin, "DISTRIBUTION", None) or type(plugin).__name__,
            getattr(plugin, "VERSION", "-"),
            package_dir_of(module_name),
        )
        _register(pm, info, plugins, problems)

    _drop_invalid_implementations(pm, plugins, problems)

    if trace:
        pm.trace.root.setwriter(lambda message: log.debug("hook %s", message.rstrip()))
        pm.enable_tracing()
    return pm, plugins, problems


def _register(
    pm: pluggy.PluginManager,
    info: PluginInfo,
    plugins: list[PluginInfo],
    problems: list[PluginProblem],
) -> None:
    """Register a plugin whose implementations all fit a hook; switch it off otherwise."""
    wrong = implementation_problems(pm, info.plugin)
    if wrong:
        markets = declared_codes(pm, info.plugin)
        _switch_off(
            problems,
            [problem_of(info, hook, message, market=markets) for hook, message in wrong],
        )
        return
    try:
        with warnings.catch_warnings(record=True):  # deprecations: reported below, by plugin
            warnings.simplefilter("always")
            pm.register(info.plugin, name=info.name)
    except Exception as exc:  # pluggy refused it (a name taken, a wrong hookimpl option)
        _switch_off(problems, [problem_of(info, "register", f"{type(exc).__name__}: {exc}")])
        return
    plugins.append(info)
    for problem in deprecated_implementations(pm, info):
        log.warning("market plugin: %s", problem)
        problems.append(problem)


def deprecated_implementations(pm: pluggy.PluginManager, info: PluginInfo) -> list[PluginProblem]:
    """A warning for each hook (or hook argument) ``info``'s plugin implements that the
    contract deprecates (``warn_on_impl``/``warn_on_impl_args`` on the hookspec)."""
    found = []
    for caller in pm.get_hookcallers(info.plugin) or []:
        spec = caller.spec
        if spec is None:
            continue
        if spec.warn_on_impl is not None:
            found.append(
                problem_of(
                    info, caller.name, f"deprecated: {spec.warn_on_impl}", severity="warning"
                )
            )
        for impl in caller.get_hookimpls():
            if impl.plugin is not info.plugin:
                continue
            for argument in impl.argnames + impl.kwargnames:
                warning = (spec.warn_on_impl_args or {}).get(argument)
                if warning is not None:
                    found.append(
                        problem_of(
                            info,
                            f"{caller.name}({argument})",
                            f"deprecated: {warning}",
                            severity="warning",
                        )
                    )
    return found


def _drop_invalid_implementations(
    pm: pluggy.PluginManager, plugins: list[PluginInfo], problems: list[PluginProblem]
) -> None:
    """Unregister every plugin pluggy still finds invalid (a safety net behind
    :func:`implementation_problems`)."""
    while True:
        try:
            pm.check_pending()
            return
        except pluggy.PluginValidationError as exc:
            info = next((i for i in plugins if i.plugin is exc.plugin), None)
            name = pm.get_name(exc.plugin) or type(exc.plugin).__name__
            hook = str(exc).split("'")[1] if str(exc).count("'") >= 2 else "register"
            _switch_off(
                problems,
                [
                    PluginProblem(
                        info.distribution if info else name,
                        name,
                        hook,
                        f"no such hook{did_you_mean(hook, hook_names())}",
                    )
                ],
            )
            pm.unregister(exc.plugin)
            plugins[:] = [i for i in plugins if i.plugin is not exc.plugin]
