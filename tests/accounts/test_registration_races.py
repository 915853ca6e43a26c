"""Simultaneous registrations of one new address: one Porsche ID, and every request answered
as for a known address, never a 500 (issue #20, item 20)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from porsche_web.accounts.models import Account
from porsche_web.accounts.services import registration
from porsche_web.extensions import db
from porsche_web.testing.actions.porsche_id import EMAIL, PASSWORD, SV
from porsche_web.testing.helpers import csrf_token, outbox

BURST = 10


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": False}


def looking_at_once(monkeypatch, parties: int) -> None:
    """Every request's first look for the address happens before any of them inserts: the
    race of the issue, every time instead of now and then."""
    barrier = threading.Barrier(parties)
    seen = threading.local()
    real = registration.find_by_email

    def find_by_email(email):
        found = real(email)
        if not getattr(seen, "looked", False):
            seen.looked = True
            barrier.wait(20)
        return found

    monkeypatch.setattr(registration, "find_by_email", find_by_email)


def form(email: str) -> dict:
    return {
        "given_name": "Anna",
        "family_name": "Svensson",
        "email": email,
        "phone": "070-174 06 06",
        "country": "se",
        "language": "sv",
        "password": PASSWORD,
    }


@pytest.mark.postgres
def test_simultaneous_registrations_of_one_new_address(app, monkeypatch):
    clients = [app.test_client() for _ in range(BURST)]
    tokens = [csrf_token(client, f"{SV}/register") for client in clients]
    looking_at_once(monkeypatch, BURST)
    answers: list[tuple[int, str]] = []

    def press(client, token) -> None:
        response = client.post(f"{SV}/register", data={**form(EMAIL), "csrf_token": token})
        answers.append((response.status_code, response.headers.get("Location", "")))

    threads = [
        threading.Thread(target=press, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert len(answers) == BURST
    assert {status for status, _ in answers} == {303}, answers
    assert all(location.endswith(f"{SV}/check-your-email") for _, location in answers)
    with app.app_context():
        assert db.session.execute(select(func.count(Account.id))).scalar_one() == 1
    subjects = [message.subject for message in outbox(app, "email")]
    assert len(subjects) == BURST  # one confirmation; the others tell the owner, as for a
    assert sum("Bekräfta" in subject for subject in subjects) == 1  # known address
