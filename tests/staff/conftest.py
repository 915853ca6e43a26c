"""What the staff console's tests share: signed-in members of each role, and orders."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.staff import services, totp
from porsche_web.testing.helpers import post_form

STAFF_PASSWORD = "a staff password that is long"
VIN = "WP0ZZZY1ZTS000733"


def sign_in_member(app, email, role, markets=(), partners=()):
    """A signed-in member of ``role`` (set up directly, signed in through the pages)."""
    with app.test_request_context():
        member, token = services.create_member(
            email, "Test", role, markets=list(markets), partners=list(partners)
        )
        services.accept_invitation(token, STAFF_PASSWORD)
        secret = services.start_enrolment(member)
        enrolled = services.confirm_enrolment(member, totp.code_at(secret))
        db.session.commit()
    client = app.test_client()
    post_form(client, "/staff/login", {"email": email, "password": STAFF_PASSWORD})
    response = post_form(client, "/staff/login/code", {"code": enrolled.recovery_codes[0]})
    assert response.status_code == 303
    return client


@pytest.fixture
def agent(app):
    """Customer service for Sweden."""
    return sign_in_member(app, "agent@porsche.example", "service", markets=["se"])


@pytest.fixture
def astrid(app, activation):
    """Astrid's activated order SE-200300 at Göteborg (se) with a verified Porsche ID
    (+46701740606); the ``activation`` client is signed in as her."""
    activation.use_link(activation.make_order(vin=VIN))
    activation.walk_to_check()
    activation.answer("SE-200300", "check", {})
    return activation


@pytest.fixture
def member(app):
    """A factory: ``member(email, role, markets, partners)`` is a signed-in client."""
    return lambda *args, **kwargs: sign_in_member(app, *args, **kwargs)


@pytest.fixture
def a_minute_later():
    """The activation's own SMS code was sent just now: a minute passes (the wait between
    codes applies to the next code too)."""
    with time_machine.travel(clock.now() + timedelta(minutes=1), tick=False) as traveller:
        yield traveller
