"""Market plugins installed for one test: a distribution with an entry point, written into the
test's folder and loaded like an installed one."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

from porsche_web.testing.markets import write_distribution


@pytest.fixture
def install_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., EntryPoint]]:
    """``install_plugin(source, distribution=…, entry_point=…, catalogs=…)``: the entry point of
    a market plugin distribution whose ``plugin.py`` is ``source``; pass it as a plugin to
    ``make_core_app``. Its modules are forgotten after the test."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    packages: list[str] = []

    def install(source: str, **kwargs: Any) -> EntryPoint:
        entry_point = write_distribution(site, source, **kwargs)
        packages.append(entry_point.module.split(".", 1)[0])
        return entry_point

    yield install
    for name in list(sys.modules):
        if name.split(".", 1)[0] in packages:
            del sys.modules[name]
