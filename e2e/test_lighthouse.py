"""Lighthouse (#19): performance, accessibility, best practices and SEO 100 on the key pages
of the market's site in its first language: the start page, the Connect Store, support, the
login page and My Porsche (a logged-in customer, through the browser's cookies).

Lighthouse is the npm package pinned in package.json (``make e2e`` installs it with ``npm ci``)
and runs Debian's Chromium (``CHROMIUM_PATH``) headless, offline against the tests' server.
Lighthouse's own mobile defaults (simulated slow 4G and a 4x slower CPU) apply; performance
is the median of five runs (see PERFORMANCE_RUNS). Its JSON reports are kept in
``<output>/lighthouse/`` for review."""

from __future__ import annotations

import json
import os
import statistics
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


#: Performance is measured on a CPU shared with other work: its score is the median of this
#: many runs, as Lighthouse's own docs on variability advise (five; the other categories do
#: not vary). A single run now and then stalls in the browser's own work (below); the median
#: of five needs three such runs of one page to fail.
PERFORMANCE_RUNS = 5
#: The issue asks for 100. It was 98 while every page evaluated htmx (52 KB) on load: under
#: Lighthouse's 4x CPU slowdown on a busy machine that cost 0-150 ms of Total Blocking Time.
#: htmx is now fetched on demand (README, "htmx on demand"), never during a page load without
#: a visitor. Measured since (2 shared cores, load average 3-11, six test runs, 110 runs):
#: 103 runs 100; 99 (three), 98, 96, 95 and 87 from Total Blocking Time of 121-505 ms, each
#: from long tasks of the browser's own unattributed work or style and layout (up to 844 ms
#: when the machine stalled the browser; our script evaluation stays under 40 ms even then);
#: every median 100. Before (the same machine, 15 runs): htmx's evaluation 68-164 ms a run,
#: Total Blocking Time up to 114 ms, support's median 99.
PERFORMANCE_FLOOR = 100
#: Lighthouse's trace recording sometimes fails on a busy machine (NO_NAVSTART, NO_FCP …) and
#: then says so itself: "Please run Lighthouse again". Such a run measured nothing and is
#: repeated, at most this many times in all; any other failure fails at once.
ATTEMPTS = 3
RUN_AGAIN = "Please run Lighthouse again"


def lighthouse(url: str, report: Path, cookie: str | None = None) -> dict[str, int]:
    """The four scores (0-100) of ``url``, performance as the median of its runs."""
    scores = run_lighthouse(url, report, cookie, CATEGORIES)
    runs = [scores["performance"]]
    for number in range(2, PERFORMANCE_RUNS + 1):
        again = report.with_name(f"{report.stem}-performance-{number}.json")
        runs.append(run_lighthouse(url, again, cookie, ("performance",))["performance"])
    scores["performance"] = statistics.median_low(runs)
    return scores


def run_lighthouse(
    url: str, report: Path, cookie: str | None, categories: tuple[str, ...]
) -> dict[str, int]:
    """One run; what fell short is in the message of a failure."""
    assert CLI.exists(), f"{CLI} is missing: make e2e installs it (npm ci)"
    command = [
        "node",
        str(CLI),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(categories)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    for _attempt in range(ATTEMPTS):
        done = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        if done.returncode == 0 or RUN_AGAIN not in done.stderr:
            break
    assert done.returncode == 0, (url, done.stderr[-2000:])
    result = json.loads(report.read_text(encoding="utf-8"))
    assert not result.get("runtimeError"), (url, result.get("runtimeError"))
    scores = {}
    for name in categories:
        category = result["categories"][name]
        scores[name] = round(category["score"] * 100)
        if scores[name] < 100:
            scores[name + " (short of 100)"] = [  # type: ignore[assignment]
                (ref["id"], audit["score"], audit.get("displayValue"))
                for ref in category["auditRefs"]
                if ref["weight"] and ((audit := result["audits"][ref["id"]])["score"] or 0) < 1
            ]
    return scores


def test_key_pages_scores(visit, outbox, market, main_language, base_url, reports):
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
    report = reports / f"{main_language}-my-porsche.json"
    results["my-porsche"] = lighthouse(f"{site}account/", report, cookie)
    final = json.loads(report.read_text(encoding="utf-8"))["finalDisplayedUrl"]
    assert final.endswith("/account/"), final  # My Porsche itself, not the login page
    floor = {**dict.fromkeys(CATEGORIES, 100), "performance": PERFORMANCE_FLOOR}
    short = {
        page: scores
        for page, scores in results.items()
        if any(scores[name] < floor[name] for name in CATEGORIES)
    }
    assert not short, json.dumps(short, indent=1)
