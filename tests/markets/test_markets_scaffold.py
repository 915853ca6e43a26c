"""``flask markets new <cc>``: the scaffold installs and passes ``markets check`` and its tests."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.core import get_global

from porsche_web.connect import catalogue
from porsche_web.markets.manager import hook_names
from porsche_web.markets.scaffold import MAIN_TIMEZONES, country_zones, create, describe


@pytest.mark.slow
@pytest.mark.server
def test_a_new_plugin_installs_and_passes_the_check_and_its_own_tests(runner, tmp_path):
    result = runner.invoke(args=["markets", "new", "NZ", "--directory", str(tmp_path)])
    assert result.exit_code == 0, result.output
    root = tmp_path / "porsche-market-nz"
    assert (root / "porsche_market_nz" / "plugin.py").exists()
    assert (root / "tests" / "test_market_nz.py").exists()
    assert "sample data" in (root / "README.md").read_text(encoding="utf-8")

    target = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(root),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(target), os.environ.get("PYTHONPATH", "")]),
        "PORSCHE_WEB_ENVIRONMENT": "testing",
        "PORSCHE_WEB_SECRET_KEY": "x" * 48,
    }
    check = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "porsche_web", "markets", "check", "nz"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "1 market(s), no problems" in check.stdout
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=300,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "3 passed" in tests.stdout


@pytest.mark.parametrize(
    ("code", "message"),
    [("se", "market se exists already in porsche-market-se"), ("xx", "is not an ISO 3166-1")],
)
def test_the_scaffold_refuses_existing_and_unknown_markets(runner, tmp_path, code, message):
    result = runner.invoke(args=["markets", "new", code, "--directory", str(tmp_path)])
    assert result.exit_code != 0
    assert message in result.output
    assert not any(tmp_path.iterdir())


def test_the_scaffold_refuses_to_overwrite(runner, tmp_path):
    (tmp_path / "porsche-market-nz").mkdir()
    result = runner.invoke(args=["markets", "new", "nz", "--directory", str(tmp_path)])
    assert result.exit_code != 0 and "exists already" in result.output


# -- what the scaffold writes ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("br", "America/Sao_Paulo"),
        ("us", "America/New_York"),
        ("ca", "America/Toronto"),
        ("au", "Australia/Sydney"),
        ("ru", "Europe/Moscow"),
        ("nz", "Pacific/Auckland"),
        ("se", "Europe/Stockholm"),
    ],
)
def test_the_new_market_gets_the_countrys_main_time_zone(code, zone):
    assert describe(code).timezone == zone


def test_every_country_with_several_time_zones_has_its_main_one():
    several = {
        territory
        for territory in get_global("territory_zones")
        if territory != "ZZ" and len(country_zones(territory)) > 1
    }
    assert several == set(MAIN_TIMEZONES)
    for territory, zone in MAIN_TIMEZONES.items():
        assert zone in country_zones(territory), territory


def test_the_site_languages_are_the_official_ones_the_site_has_then_english():
    assert describe("ch", ("sv", "en", "de")).languages == ("de", "en")
    assert describe("br", ("sv", "en", "de")).languages == ("en",)
    assert describe("br", ("sv", "en", "de", "pt")).languages == ("pt", "en")


def test_a_wrong_iso_code_gets_a_suggestion(runner, tmp_path):
    result = runner.invoke(args=["markets", "new", "uk", "--directory", str(tmp_path)])
    assert result.exit_code != 0
    assert "the ISO code of the United Kingdom is `gb`" in result.output


@pytest.fixture
def swiss_plugin(tmp_path):
    return create("ch", tmp_path, ("sv", "en", "de"))


def test_the_output_is_clean_under_ruff_format_and_ruff_check(swiss_plugin):
    config = ["--config", str(ROOT / "pyproject.toml")]
    for command in (["format", "--check"], ["check"]):
        ruff = subprocess.run(
            [sys.executable, "-m", "ruff", *command, *config, str(swiss_plugin)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert ruff.returncode == 0, ruff.stdout + ruff.stderr


def test_every_hook_has_a_stub_and_every_catalogue_service_is_listed(swiss_plugin):
    source = (swiss_plugin / "porsche_market_ch" / "plugin.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert functions == set(hook_names())
    (services,) = [
        node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "SERVICES"
    ]
    assert [key.value for key in services.keys] == [s.id for s in catalogue.services()]
    assert '"nc_destsync_v1": None,  # Navigation Plus' in source


def test_there_is_a_catalog_for_each_language_of_the_market(swiss_plugin):
    """The site languages and the official languages waiting for a catalog (#15)."""
    translations = swiss_plugin / "porsche_market_ch" / "translations"
    assert sorted(p.name for p in translations.iterdir()) == ["de", "en", "fr", "it"]
    french = (translations / "fr" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert '"Language: fr\\n"' in french
    german = (translations / "de" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert '"Language: de\\n"' in german
