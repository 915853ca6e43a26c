#!/usr/bin/env python3
"""The load-and-fault run with bigger numbers than ``make test`` uses (issue #20).

    .venv/bin/python tools/loadfault.py --customers 50 [--workers 2]

Starts PostgreSQL, Redis, an SMTP server, an SMS gateway, gunicorn in production configuration
and the outbox deliverer; then dealer orders posted twice at once, two ``invitations send-due``
at once, an SMTP outage and a killed deliverer, every customer registering and activating at
once, and a gunicorn worker killed while they confirm (``porsche_web.testing.loadfault``).
Prints what happened and exits 1 when an invariant broke.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from porsche_web.testing import loadfault  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args(argv)
    report = loadfault.run(customers=args.customers, workers=args.workers)
    print(report.summary())
    return 1 if report.problems() else 0


if __name__ == "__main__":
    sys.exit(main())
