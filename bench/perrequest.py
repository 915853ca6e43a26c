"""Benchmark: the work of one request, in-process (issue #11 item 3).

    .venv/bin/python bench/perrequest.py [--requests 300] [PAGE ...]
    .venv/bin/python bench/perrequest.py --instructions [--requests 40] [PAGE ...]
    .venv/bin/python bench/perrequest.py --profile /se/sv/support

The app in production configuration on a fresh SQLite database with the demo data (like
``compare.py``), through the Flask test client: no network, no server, so what is left is
routing, the session, the view's work and rendering. "My Porsche" is logged in as the demo
customer. Per page it prints the median and p95 time of one request and the requests per
second of one process.

``--instructions`` runs the same requests under ``valgrind --tool=callgrind`` twice, with
``--requests`` and with none, and prints the difference divided by the number of requests: the
CPU instructions of one request, of the pages' mix (``--each``: of each page, two runs per
page; a run takes minutes). Unlike times, instruction counts hardly move when other jobs
share the machine, so they are the figure to compare before and after a change.
``--calls`` counts the Python function calls of one request (cProfile around the requests
only): exact and repeatable, a quick stand-in for instructions when valgrind is too slow on a
loaded machine. ``--profile`` prints the cProfile of the requests to one page (the 30
costliest functions).
Never part of the tests.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["/se/sv/", "/se/sv/store", "/se/sv/support", "/se/sv/account/"]
LOGGED_IN = {"/se/sv/account/"}
COLLECTED = re.compile(r"Collected : (\d+)")


def make_app(folder: Path):
    from flask_migrate import upgrade

    from porsche_web import create_app
    from porsche_web.extensions import db
    from porsche_web.hooks import current_hooks

    app = create_app(
        {
            "ENVIRONMENT": "production",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "TRUSTED_HOSTS": ["localhost"],
            "PUBLIC_BASE_URL": "https://localhost",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "RATELIMIT_ENABLED": False,
            "LOG_LEVEL": "ERROR",
        }
    )
    with app.app_context():
        upgrade()
        current_hooks().demo_seed()
        db.session.commit()
    return app


def clients(app, log_in: bool = True):
    """An anonymous client and one logged in as the demo customer (unless ``log_in`` is
    false: argon2 under valgrind takes minutes)."""
    from porsche_web.accounts.demo import DEMO_EMAIL, DEMO_PASSWORD
    from porsche_web.testing.helpers import post_form

    anonymous = app.test_client()
    customer = app.test_client()
    for client in (anonymous, customer):
        client.environ_base.update({"wsgi.url_scheme": "https", "HTTP_HOST": "localhost"})
    if not log_in:
        return anonymous, customer
    response = post_form(
        customer,
        "/se/sv/account/login",
        {"email": DEMO_EMAIL, "password": DEMO_PASSWORD},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303, response.status_code
    return anonymous, customer


def run_pages(
    app, pages: list[str], requests: int, calls: dict[str, int] | None = None
) -> dict[str, list[float]]:
    """Time each page's requests; with ``calls``, count instead the Python function calls
    of its requests (cProfile around them only, no timing)."""
    anonymous, customer = clients(app, log_in=bool(LOGGED_IN & set(pages)))
    timings: dict[str, list[float]] = {}
    for page in pages:
        client = customer if page in LOGGED_IN else anonymous
        for _ in range(5):  # warm-up: template compilation, catalogues, caches
            assert client.get(page).status_code == 200, page
        if calls is not None:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(requests):
                client.get(page)
            profile.disable()
            calls[page] = pstats.Stats(profile).total_calls // requests  # type: ignore[attr-defined]
            continue
        durations = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(page)
            durations.append((time.perf_counter() - started) * 1000)
        timings[page] = durations
    return timings


def instructions(pages: list[str], requests: int, each: bool) -> None:
    """Instructions of one request: per page (``each``), or of the pages' mix."""
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is needed: apt-get install --no-install-recommends valgrind")
    print(f"{'pages':<60}{'instructions/request':>22}")
    for group in [[page] for page in pages] if each else [pages]:
        counts = []
        for n in (requests, 0):
            result = subprocess.run(
                [
                    "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                    sys.executable, __file__, "--inner", "--requests", str(n), *group,
                ],
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONHASHSEED": "0"},
            )  # fmt: skip
            found = COLLECTED.search(result.stderr)
            if result.returncode or not found:
                raise SystemExit(result.stderr[-2000:])
            counts.append(int(found.group(1)))
        per_request = (counts[0] - counts[1]) / (requests * len(group))
        print(f"{' '.join(group):<60}{per_request:>22,.0f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--instructions", action="store_true")
    parser.add_argument("--each", action="store_true", help="instructions per page")
    parser.add_argument("--calls", action="store_true", help="Python function calls per request")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("pages", nargs="*", default=PAGES)
    args = parser.parse_args()
    if args.instructions:
        instructions(args.pages, args.requests, args.each)
        return
    folder = Path(tempfile.mkdtemp(prefix="porsche-web-perrequest-"))
    try:
        app = make_app(folder)
        if args.inner:
            run_pages(app, args.pages, args.requests)
            return
        if args.calls:
            counted: dict[str, int] = {}
            run_pages(app, args.pages, args.requests, counted)
            print(f"{'page':<22}{'function calls/request':>24}")
            for page, count in counted.items():
                print(f"{page:<22}{count:>24,}")
            return
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            run_pages(app, args.pages, args.requests)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
            pstats.Stats(profile).sort_stats("tottime").print_stats(30)
            return
        timings = run_pages(app, args.pages, args.requests)
        print(f"{'page':<22}{'median ms':>10}{'p95 ms':>8}{'req/s':>8}")
        for page, durations in timings.items():
            durations.sort()
            median = statistics.median(durations)
            p95 = durations[int(len(durations) * 0.95) - 1]
            print(f"{page:<22}{median:>10.2f}{p95:>8.2f}{1000 / median:>8.0f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
