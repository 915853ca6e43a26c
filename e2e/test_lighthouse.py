"""Lighthouse (#19): performance, accessibility, best practices and SEO all 100 on the key pages
of the market's site in its first language: the start page, the Connect Store, support, the
login page and My Porsche (a logged-in customer, through the browser's cookies).

Lighthouse is the npm package pinned in package.json (``make e2e`` installs it with ``npm ci``)
and runs Debian's Chromium (``CHROMIUM_PATH``) headless, offline against the tests' server.
Lighthouse's own mobile defaults (simulated slow 4G and a 4x slower CPU) apply. Its JSON
reports are kept in ``<output>/lighthouse/`` for review."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from pages import Person, PorscheIdPage

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@pytest.fixture(scope="session")
def reports(pytestconfig: pytest.Config) -> Path:
    folder = Path(pytestconfig.getoption("output") or "test-results") / "lighthouse"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def lighthouse(url: str, report: Path, cookie: str | None = None) -> dict[str, int]:
    """The four scores (0-100) of ``url``; what fell short is in the message of a failure."""
    assert CLI.exists(), f"{CLI} is missing: make e2e installs it (npm ci)"
    command = [
        "node",
        str(CLI),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    done = subprocess.run(
        command,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, (url, done.stderr[-2000:])
    result = json.loads(report.read_text(encoding="utf-8"))
    assert not result.get("runtimeError"), (url, result.get("runtimeError"))
    scores = {}
    for name in CATEGORIES:
        category = result["categories"][name]
        scores[name] = round(category["score"] * 100)
        if scores[name] < 100:
            scores[name + " (short of 100)"] = [  # type: ignore[assignment]
                (ref["id"], result["audits"][ref["id"]]["score"])
                for ref in category["auditRefs"]
                if ref["weight"] and (result["audits"][ref["id"]]["score"] or 0) < 1
            ]
    return scores


def test_key_pages_score_100(visit, outbox, market, main_language, base_url, reports):
    customer = visit(main_language)
    site = f"{base_url.rstrip('/')}{customer.path()}"
    pages = {
        "start": site,
        "store": f"{site}store?model=taycan&year=2026",
        "support": f"{site}support",
        "login": f"{site}account/login",
    }
    results = {
        name: lighthouse(url, reports / f"{main_language}-{name}.json")
        for name, url in pages.items()
    }
    # My Porsche, for a customer who registered and logged in a moment ago
    person = Person.new(market)
    porsche_id = PorscheIdPage(customer).open_from_the_start_page()
    porsche_id.register(person)
    porsche_id.confirm_email(outbox.wait_for_link(person.email, "/confirm-email/"))
    porsche_id.log_in(person)
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in customer.page.context.cookies())
    results["my-porsche"] = lighthouse(
        f"{site}account/", reports / f"{main_language}-my-porsche.json", cookie
    )
    short = {
        page: scores
        for page, scores in results.items()
        if any(v != 100 for v in scores.values() if isinstance(v, int))
    }
    assert not short, json.dumps(short, indent=1)
