"""Benchmark: the vehicle API at a car's polling rate (in-process, Flask test client, SQLite).

    .venv/bin/python bench/vehicle_api.py [--cars 200] [--requests 500]

Provisions ``--cars`` cars with their own tokens, then times ``GET /api/pcm/v1/services`` and
``GET /api/pcm/v1/commands`` round-robin over the cars (each fetch is recorded in the database,
as in production). Prints the median and 95th percentile per request and the requests per
second of one worker. Compare numbers from the same machine only; never part of the tests.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from flask_migrate import upgrade

from porsche_web import create_app
from porsche_web.extensions import db
from porsche_web.vehicles import services


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cars", type=int, default=200)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        uri = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        app = create_app(
            {
                "ENVIRONMENT": "testing",
                "SQLALCHEMY_DATABASE_URI": uri,
                "LOG_LEVEL": "ERROR",
                "RATELIMIT_ENABLED": False,
            }
        )
        with app.app_context():
            upgrade()
            tokens = []
            for number in range(args.cars):
                _, token = services.provision(f"WP0ZZZY1ZTS{number:06d}", "taycan", 2026, "se")
                tokens.append(token)
            db.session.commit()
        client = app.test_client()
        print(f"{'endpoint':<28} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'req/s':>8}")
        for path in ("/api/pcm/v1/services", "/api/pcm/v1/commands"):
            timings = []
            status = None
            for index in range(args.requests):
                headers = {"Authorization": f"Bearer {tokens[index % len(tokens)]}"}
                start = time.perf_counter()
                status = client.get(path, headers=headers).status_code
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            median = statistics.median(timings)
            print(f"{path:<28} {status:>6} {median:>10.2f} {p95:>8.2f} {1000 / median:>8.0f}")


if __name__ == "__main__":
    main()
