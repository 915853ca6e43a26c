"""``flask markets new <cc>``: the scaffold installs and passes ``markets check`` and its tests."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


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
