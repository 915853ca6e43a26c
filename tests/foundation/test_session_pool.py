"""Twenty concurrent requests from one session are all answered, and another customer's page
with them (issue #20, item 3): the session store reads and writes on the request's own pooled
connection, so a small pool is never exhausted by requests that each wait for a second one.

The pool is made small on purpose (4 connections, no overflow, a short wait): with a second
connection per request, four requests holding one each would wait for a fifth that never comes
and time out. Runs on the session's file database (SQLite) and on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.testing.actions.porsche_id import PASSWORD, confirm, login, register

pytestmark = pytest.mark.postgres

BURST = 20
SV = "/se/sv"
POOL = {"pool_size": 4, "max_overflow": 0, "pool_timeout": 5, "pool_pre_ping": True}


@pytest.fixture
def app_config():
    return {"SQLALCHEMY_ENGINE_OPTIONS": POOL}


def logged_in(app, email: str):
    client = app.test_client()
    assert register(client, email=email, password=PASSWORD).status_code == 303
    assert confirm(client, app, email).status_code == 303
    assert login(client, email=email).status_code == 303
    return client.get_cookie("pw_session").value


def burst(app, cookies: list[str], path: str) -> list[int | BaseException]:
    barrier = threading.Barrier(len(cookies))
    answers: list[int | BaseException] = [0] * len(cookies)

    def load(i: int) -> None:
        client = app.test_client()
        client.set_cookie("pw_session", cookies[i])
        try:
            barrier.wait(30)
            answers[i] = client.get(path).status_code
        except BaseException as exc:  # reported to the test
            answers[i] = exc

    threads = [threading.Thread(target=load, args=(i,), daemon=True) for i in range(len(cookies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), "a request hangs"
    return answers


def test_twenty_concurrent_requests_of_one_session_are_all_answered(app):
    astrid = logged_in(app, "astrid@example.com")
    bertil = logged_in(app, "bertil@example.com")
    with app.app_context():
        assert db.engine.pool.size() == POOL["pool_size"]
    # Later than the touch interval: every request of the burst also wants to write
    # last_seen_at (one of them does), the heaviest case for the pool.
    with time_machine.travel(clock.now() + timedelta(minutes=5)):
        answers = burst(app, [astrid] * BURST + [bertil], f"{SV}/account/")
    assert answers == [200] * (BURST + 1), answers
