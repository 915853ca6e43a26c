"""Benchmark: how fast the core renders its pages (in-process, through the Flask test client).

    .venv/bin/python bench/pages.py [--requests 300] [URL ...]

Prints per URL the median and 95th percentile time per request and the requests per second of
one worker. This measures our code (routing, market lookup, templates, i18n), not the network;
compare numbers from the same machine only. Never part of the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from porsche_web import create_app

DEFAULT_URLS = ["/", "/se/sv/", "/se/en/support", "/de/de/privacy", "/xx/sv/", "/healthz"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("urls", nargs="*", default=DEFAULT_URLS)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        uri = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app(
            {"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": uri, "LOG_LEVEL": "ERROR"}
        )
        with app.app_context():
            upgrade()
        client = app.test_client()
        print(f"{'url':<20} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'req/s':>8}")
        for url in args.urls:
            for _ in range(10):  # warm-up: template compilation, catalog loading, caches
                client.get(url)
            timings = []
            for _ in range(args.requests):
                start = time.perf_counter()
                response = client.get(url, headers={"Accept-Language": "sv-SE"})
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            median = statistics.median(timings)
            rate = 1000 / median
            print(f"{url:<20} {response.status_code:>6} {median:>10.2f} {p95:>8.2f} {rate:>8.0f}")


if __name__ == "__main__":
    main()
