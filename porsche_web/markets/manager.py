"""Building the plugin manager: specs, the core's fallbacks, then the market plugins."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

import pluggy

from porsche_web.markets import defaults, hookspecs
from porsche_web.markets.constants import ENTRY_POINT_GROUP, PROJECT_NAME

log = logging.getLogger("porsche_web.markets")

#: The core's own hook implementations; they are not market plugins.
CORE_PLUGINS = (defaults,)


@dataclass(frozen=True)
class PluginInfo:
    """A registered market plugin: pluggy name, the distribution it came from and its version."""

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
    """A plugin, or one of its markets, that was switched off, and why; or, with
    ``switched_off`` False, a market served without one of its languages."""

    plugin: str
    message: str
    switched_off: bool = True

    def __str__(self) -> str:
        return f"{self.plugin}: {self.message}"


def build_plugin_manager(
    *,
    load_entrypoints: bool = True,
    extra_plugins: Iterable[object] = (),
    trace: bool = False,
) -> tuple[pluggy.PluginManager, list[PluginInfo], list[PluginProblem]]:
    """Create the manager with the specs, the core's fallbacks and the market plugins.

    A plugin that fails to import or implements a hook that does not exist is switched off
    (recorded as a problem, logged); the others still load.

    :param load_entrypoints: load the plugins installed in the entry-point group
        :data:`~porsche_web.markets.constants.ENTRY_POINT_GROUP`.
    :param extra_plugins: plugin objects registered in addition (tests, embedding).
    :param trace: log every hook call at DEBUG level.
    """
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for core_plugin in CORE_PLUGINS:
        pm.register(core_plugin, name=f"core:{core_plugin.__name__.rsplit('.', 1)[-1]}")

    plugins: list[PluginInfo] = []
    problems: list[PluginProblem] = []

    if load_entrypoints:
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            dist = ep.dist.name if ep.dist else "?"
            version = ep.dist.version if ep.dist else "?"
            try:
                plugin = ep.load()
                pm.register(plugin, name=ep.name)
            except Exception as exc:  # a broken plugin must not take the others down
                log.error("market plugin %s (%s) failed to load: %s", ep.name, dist, exc)
                problems.append(PluginProblem(f"{ep.name} ({dist})", f"failed to load: {exc}"))
                continue
            plugins.append(PluginInfo(ep.name, plugin, dist, version, package_dir_of(ep.module)))

    for plugin in extra_plugins:
        name = pm.register(plugin)
        if name is None:  # already registered or blocked
            continue
        distribution = getattr(plugin, "__name__", type(plugin).__name__)
        module_name = getattr(plugin, "__name__", None) or type(plugin).__module__
        plugins.append(
            PluginInfo(
                name,
                plugin,
                distribution,
                getattr(plugin, "VERSION", "-"),
                package_dir_of(module_name),
            )
        )

    _drop_invalid_implementations(pm, plugins, problems)

    if trace:
        pm.trace.root.setwriter(lambda message: log.debug("hook %s", message.rstrip()))
        pm.enable_tracing()
    return pm, plugins, problems


def _drop_invalid_implementations(
    pm: pluggy.PluginManager, plugins: list[PluginInfo], problems: list[PluginProblem]
) -> None:
    """Unregister every plugin that implements a hook with no spec (usually a typo)."""
    while True:
        try:
            pm.check_pending()
            return
        except pluggy.PluginValidationError as exc:
            name = pm.get_name(exc.plugin) or repr(exc.plugin)
            log.error("market plugin %s switched off: %s", name, exc)
            problems.append(PluginProblem(name, str(exc)))
            pm.unregister(exc.plugin)
            plugins[:] = [info for info in plugins if info.plugin is not exc.plugin]
