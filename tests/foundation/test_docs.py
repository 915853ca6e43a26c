"""The author guide, the README and the code must agree."""

from __future__ import annotations

import configparser
import inspect
import re
from pathlib import Path

from porsche_web.markets import ENTRY_POINT_GROUP, HOOK_PREFIX, PROJECT_NAME, hookspecs

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "market-plugins.md"


def hook_specs() -> dict[str, list[str]]:
    specs = {}
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction):
        if hasattr(function, f"{PROJECT_NAME}_spec"):
            specs[name] = list(inspect.signature(function).parameters)
    return specs


def documented_hooks() -> dict[str, list[str]]:
    text = GUIDE.read_text(encoding="utf-8")
    found = {}
    for name, arguments in re.findall(r"^### (porsche_\w+)\(([^)]*)\)\s*$", text, re.M):
        found[name] = [a.strip() for a in arguments.split(",") if a.strip()]
    return found


def test_every_hook_is_documented_with_its_exact_arguments():
    assert hook_specs(), "no hook specifications found"
    assert documented_hooks() == hook_specs()


def test_every_hook_has_the_prefix_a_typed_signature_and_a_full_docstring():
    for name, function in inspect.getmembers(hookspecs, inspect.isfunction):
        if not hasattr(function, f"{PROJECT_NAME}_spec"):
            continue
        assert name.startswith(HOOK_PREFIX)
        signature = inspect.signature(function)
        assert signature.return_annotation is not inspect.Signature.empty, name
        doc = inspect.getdoc(function) or ""
        for parameter in signature.parameters:
            assert f":param {parameter}:" in doc, f"{name}: :param {parameter}: missing"
        assert ":returns:" in doc and "versionadded" in doc, name


def test_the_guide_quotes_the_entry_point_group_and_the_project_name():
    text = GUIDE.read_text(encoding="utf-8")
    assert f"`{ENTRY_POINT_GROUP}`" in text
    assert f"`{PROJECT_NAME}`" in text


def test_every_plugin_distribution_registers_in_the_entry_point_group():
    setups = sorted(ROOT.glob("plugins/*/setup.cfg"))
    assert len(setups) >= 2
    for setup in setups:
        parser = configparser.ConfigParser()
        parser.read(setup)
        assert ENTRY_POINT_GROUP in parser["options.entry_points"], setup
        assert (setup.parent / "README.md").exists(), setup


def test_the_readme_points_to_the_author_guide():
    assert "docs/market-plugins.md" in (ROOT / "README.md").read_text(encoding="utf-8")
