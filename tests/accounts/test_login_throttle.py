"""Wrong passwords slow the source down instead of locking the Porsche ID (issue #20, item 16;
NIST SP 800-63B throttling): 429 with ``Retry-After`` and a localized "try again in …"."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from porsche_web import clock
from porsche_web.accounts import services
from porsche_web.extensions import db
from porsche_web.testing.actions.porsche_id import (
    EMAIL,
    EN,
    PASSWORD,
    SV,
    confirm,
    login,
    register,
)
from porsche_web.testing.helpers import outbox, post_form

WRONG = "not the password at all"


@pytest.fixture
def app_config():
    # Flask-Limiter would answer 429 too; these tests are about the database counters.
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def registered(app, client):
    assert register(client).status_code == 303
    assert confirm(client, app).status_code == 303


def from_address(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_after_five_wrong_passwords_this_place_waits_and_the_owner_elsewhere_does_not(
    app, registered
):
    attacker, owner = from_address(app, "192.0.2.7"), from_address(app, "198.51.100.20")
    mails = len(outbox(app, "email"))
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for _ in range(5):
            assert login(attacker, password=WRONG).status_code == 422
        refused = login(attacker)  # even the right password is not looked at now
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "1"
        html = refused.get_data(as_text=True)
        assert "För många försök härifrån. Försök igen om 1 sekund." in html
        assert 'class="error-summary"' in html
        # The owner, somewhere else, logs in at once: nothing is locked, nobody is e-mailed.
        assert login(owner).status_code == 303
        assert len(outbox(app, "email")) == mails
        traveller.shift(timedelta(seconds=1))
        assert login(attacker, password=WRONG).status_code == 422  # the sixth: now 2 s
        assert login(attacker).headers["Retry-After"] == "2"
        traveller.shift(timedelta(seconds=2))
        assert login(attacker).status_code == 303


def test_the_wait_grows_and_stops_at_fifteen_minutes(app):
    with app.app_context():
        waits = [services.throttle.delay(n, 5) for n in range(4, 20)]
    assert waits[:4] == [
        timedelta(0),
        timedelta(seconds=1),
        timedelta(seconds=2),
        timedelta(seconds=4),
    ]
    assert max(waits) == timedelta(minutes=15) and waits == sorted(waits)


def test_the_message_says_how_long_in_the_visitors_language(app, registered):
    client = from_address(app, "2001:db8::1")
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for n in range(5 + 10):  # 5 free, then 1 s, 2 s … up to 15 minutes
            assert login(client, password=WRONG, base=EN).status_code == 422
            traveller.shift(services.throttle.delay(n + 1, 5))
        traveller.shift(-timedelta(seconds=1))
        # Another address of the same /64 is the same place.
        refused = login(from_address(app, "2001:db8::2"), base=EN)
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
        traveller.shift(-timedelta(minutes=8))
        html = login(client, base=EN).get_data(as_text=True)
        assert "Too many attempts from here. Try again in 8 minutes." in html


def test_many_places_together_slow_everyone_down_without_a_lock(app, registered):
    """A spread-out attack: after 50 wrong passwords from all places together, every place
    waits before its next try, the owner too, and the right password works after the wait."""
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for place in range(10):
            client = from_address(app, f"203.0.113.{place}")
            for _ in range(5):
                assert login(client, password=WRONG).status_code == 422
        owner = from_address(app, "198.51.100.20")
        refused = login(owner)
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
        assert "för den här e-postadressen" in refused.get_data(as_text=True)
        traveller.shift(timedelta(seconds=1))
        assert login(owner).status_code == 303
    with app.app_context():
        assert services.throttle.failures(EMAIL) == 0


def test_an_unknown_address_answers_exactly_like_a_known_one(app, registered):
    known, unknown = from_address(app, "192.0.2.7"), from_address(app, "192.0.2.8")
    with time_machine.travel(clock.now(), tick=False):
        for _ in range(5):
            login(known, password=WRONG)
            login(unknown, email="nobody@example.com", password=WRONG)
        a = login(known, password=WRONG)
        b = login(unknown, email="nobody@example.com", password=WRONG)
    assert a.status_code == b.status_code == 429
    assert a.headers["Retry-After"] == b.headers["Retry-After"]


def test_the_fresh_password_check_counts_wrong_passwords_too(app, registered):
    client = from_address(app, "192.0.2.7")
    assert login(client).status_code == 303
    url = f"{SV}/confirm-password"
    with time_machine.travel(clock.now(), tick=False):
        for _ in range(5):
            assert post_form(client, url, {"password": WRONG}).status_code == 422
        refused = post_form(client, url, {"password": PASSWORD})
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "1"
        assert "Försök igen om 1 sekund" in refused.get_data(as_text=True)
        changed = post_form(
            client, f"{SV}/password", {"current": PASSWORD, "password": "a brand new long secret"}
        )
        assert changed.status_code == 429


def test_a_new_password_clears_the_counters(app, registered):
    client = from_address(app, "192.0.2.7")
    with time_machine.travel(clock.now(), tick=False):
        for _ in range(5):
            login(client, password=WRONG)
        with app.app_context():
            account = services.find_by_email(EMAIL)
            services.set_password(account, "a brand new long secret", keep_sid_hash=None)
            db.session.commit()
        assert login(client, password="a brand new long secret").status_code == 303
