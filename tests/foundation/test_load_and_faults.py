"""The load-and-fault run (issue #20, SECURITY.md item 43) with small numbers: dealer orders
posted twice at once, two ``invitations send-due`` at once, an SMTP outage and a deliverer
killed mid-batch, customers registering and activating at once under gunicorn on PostgreSQL,
and a worker killed while they confirm. Bigger runs: ``tools/loadfault.py --customers 50``.
Real servers (PostgreSQL, Redis, SMTP, an SMS gateway, gunicorn), started and stopped here."""

from __future__ import annotations

import pytest

from porsche_web.testing import loadfault

pytestmark = [pytest.mark.slow, pytest.mark.server]


def test_many_customers_at_once_with_faults_keep_every_invariant():
    report = loadfault.run(customers=8, workers=2)
    assert not report.problems(), report.summary()
    assert report.worker_killed
    assert report.statuses[303] >= 8 * 10  # every customer walked the whole journey
