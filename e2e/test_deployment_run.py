"""QA runs a journey against a running deployment, in any installed market and language (#18,
item 7): the activation journey with a dealer system's order, over HTTP only (``--base-url``,
``--dealer-key``, ``--market``, ``--lang``), in its own pytest with this folder's conftest and
page objects. The deployment is the site of this run; the market is another installed market
than this run's, taken from the registry, in its first language."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from html_check import VNU_ENV, vnu_jar
from pages import MarketFacts

from porsche_web.markets.registry import current_registry


@pytest.mark.local_server  # the dealer key comes from the server's CLI
def test_the_activation_journey_runs_against_a_deployment_in_another_market(
    base_url, market, local_server, tmp_path
):
    with local_server.app.app_context():
        registry = current_registry()
        other = next(
            m.code for m in registry.all() if m.code != market.code and registry.partners(m)
        )
    facts = MarketFacts(local_server.app, other)
    language = facts.languages[0]
    key = local_server.dealer_key(facts.code, facts.partner.id)

    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "test_activation_journey.py::test_invitation_to_start",
            "-p",
            "no:cacheprovider",
            "-v",
            "--base-url",
            base_url,
            "--dealer-key",
            key,
            "--market",
            facts.code,
            "--lang",
            language,
            "--output",
            str(tmp_path / "artifacts"),
        ],
        cwd=Path(__file__).parent,
        env={**os.environ, VNU_ENV: str(vnu_jar())},  # the HTML checker of this checkout
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    # every variant ran in the chosen market's language, and passed
    for variant in ("taycan", "718", "cayenne-no-js"):
        passed = rf"\[{language}-{variant}(-\w+)?\] PASSED"  # (pytest-playwright adds the browser)
        assert re.search(passed, run.stdout), run.stdout[-2000:]
