"""Reset and confirmation links without a timing oracle (issue #20, item 6): the request does
the same work for every address (asserted on the SQL it sends, not on time); the outbox
deliverer looks the address up and sends the link where one is due."""

from __future__ import annotations

import contextlib
import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import event, func, select

from porsche_web import clock
from porsche_web.accounts.models import EmailRequest
from porsche_web.extensions import db
from porsche_web.notifications import deliver
from porsche_web.testing.actions.porsche_id import (
    EMAIL,
    SV,
    confirm,
    link_in,
    login,
    path_of,
    register,
)
from porsche_web.testing.helpers import (
    concurrently,
    csrf_token,
    outbox,
    post_form,
    run_deliverer_preparation,
)

FORGOT = "/se/sv/forgot-password"
UNKNOWN = "nobody@example.com"
CONFIRMED = "confirmed@example.com"


@pytest.fixture
def registered(app, client):
    assert register(client).status_code == 303
    assert confirm(client, app).status_code == 303


@contextlib.contextmanager
def statements(app):
    """The SQL statements the app sends while the block runs (text only: values differ)."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(re.sub(r"\s+", " ", statement).strip())

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def post_recorded(app, url: str, email: str) -> tuple[int, list[str]]:
    client = app.test_client()
    token = csrf_token(client, url)
    with statements(app) as seen:
        response = client.post(url, data={"email": email, "csrf_token": token})
    return response.status_code, seen


@pytest.mark.parametrize("url", [FORGOT, f"{SV}/confirm-email"], ids=["reset", "confirm"])
def test_known_and_unknown_addresses_cost_the_same_statements(app, url):
    register(app.test_client())  # EMAIL: a Porsche ID, not confirmed yet
    register(app.test_client(), email=CONFIRMED)
    confirm(app.test_client(), app, CONFIRMED)
    answers = {email: post_recorded(app, url, email) for email in (EMAIL, UNKNOWN, CONFIRMED)}
    assert {status for status, _ in answers.values()} == {303}
    known, unknown, confirmed = (seen for _, seen in answers.values())
    assert known == unknown == confirmed
    assert [s.split()[0] for s in known].count("INSERT") == 1  # the request, nothing else
    assert not [s for s in known if "accounts" in s]  # no lookup in the request
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(EmailRequest)).scalar() == 3


def test_forgotten_password_answers_the_same_and_the_link_works_once(app, client, registered):
    known = post_form(client, FORGOT, {"email": EMAIL})
    unknown = post_form(client, FORGOT, {"email": UNKNOWN})
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    before = len(outbox(app, "email"))
    assert run_deliverer_preparation(app) == 2  # the deliverer looks the addresses up
    (mail,) = outbox(app, "email")[before:]
    assert mail.to_address == EMAIL
    path = path_of(link_in(mail, "/reset-password/"), app)
    assert client.get(path).headers["Referrer-Policy"] == "no-referrer"
    done = post_form(client, path, {"password": "my new long password"})
    assert done.status_code == 303 and "reset-password" not in done.headers["Location"]
    assert client.get(path).status_code == 410
    assert login(client, password="my new long password").status_code == 303
    with app.app_context():  # the typed addresses are not kept
        assert db.session.execute(select(func.count()).select_from(EmailRequest)).scalar() == 0


def test_the_reset_link_expires_after_an_hour(app, client, registered):
    post_form(client, FORGOT, {"email": EMAIL})
    run_deliverer_preparation(app)
    path = path_of(link_in(outbox(app, "email")[-1], "/reset-password/"), app)
    with time_machine.travel(clock.now() + timedelta(minutes=61)):
        assert client.get(path).status_code == 410


def test_the_deliverer_sends_the_link_in_its_email_round(app, client, registered, monkeypatch):
    post_form(client, FORGOT, {"email": EMAIL})
    sent = []
    monkeypatch.setattr(
        deliver, "send_email", lambda m, *a, **k: sent.append((m.to_address, m.text_body))
    )
    with app.app_context():
        deliver.deliver_lane("email")
    to, text = sent[-1]
    assert to == EMAIL and "/reset-password/" in text


@pytest.mark.postgres
def test_two_deliverers_at_once_send_each_link_once(app, client, registered):
    for _ in range(3):
        post_form(client, FORGOT, {"email": EMAIL})
    before = len(outbox(app, "email"))
    handled = concurrently(app, 2, lambda i: deliver.prepare())
    assert sum(handled) == 3, handled  # each request taken by one of them
    assert len(outbox(app, "email")) == before + 3
