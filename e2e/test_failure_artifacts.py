"""A failed journey leaves its Playwright trace, a screenshot and the page's HTML, and the end of
the run lists them (what ``tox -e e2e`` sets up for QA).

A deliberately failing tiny journey runs in its own pytest, with this folder's conftest and page
objects, against the site of this run given as ``--base-url`` (so it starts no server of its
own, as against a deployment)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from html_check import VNU_ENV, vnu_jar

LOST = """
from pages import StartPage
from playwright.sync_api import expect


def test_a_journey_that_gets_lost(visit, main_language):
    start = StartPage(visit(main_language)).open()
    expect(start.heading).to_have_text("A heading no page has", timeout=1000)
"""


def test_a_failed_journey_leaves_its_trace_screenshot_and_html(base_url, market, tmp_path):
    here = Path(__file__).parent
    shutil.copy(here / "conftest.py", tmp_path / "conftest.py")
    shutil.copy(here / "html_check.py", tmp_path / "html_check.py")
    shutil.copytree(
        here / "pages", tmp_path / "pages", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "test_lost.py").write_text(LOST, encoding="utf-8")
    output = tmp_path / "artifacts"

    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "test_lost.py",
            "-p",
            "no:cacheprovider",
            "--base-url",
            base_url,
            "--market",
            market.code,
            "--tracing",
            "retain-on-failure",
            "--screenshot",
            "only-on-failure",
            "--output",
            str(output),
        ],
        cwd=tmp_path,
        env={**os.environ, VNU_ENV: str(vnu_jar())},  # the HTML checker of this checkout
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed" in run.stdout, run.stdout
    # The listing ends with its hint line; warnings or other summaries may follow it.
    summary = run.stdout.split("what the failed journeys left", 1)[1]
    summary = summary.split("(a trace opens with", 1)[0]
    listed = {
        kind: tmp_path / path
        for kind, path in (line.split() for line in summary.splitlines() if line.startswith("    "))
    }
    assert set(listed) == {"trace", "screenshot", "html"}, summary
    folder = listed["trace"].parent
    assert folder.parent == output and "test-a-journey-that-gets-lost" in folder.name
    assert listed["trace"].name == "trace.zip" and listed["trace"].stat().st_size > 0
    assert listed["screenshot"].read_bytes().startswith(b"\x89PNG")
    html = listed["html"].read_text(encoding="utf-8")
    assert f"<!-- {base_url}{market.path(market.languages[0])} -->" in html
    assert "<h1" in html and 'lang="' in html
    # Only what the failed test left, nothing from the run's other tests.
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        path.name for path in listed.values()
    )
