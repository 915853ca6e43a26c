"""No token or code readable in a delivered outbox row, for the messages the site really sends
(issue #20, item 4): every link token and SMS code made while a customer is invited, activates,
verifies the phone and asks for a new password is recorded as it is made; the customer receives
each one, and once the deliverer has sent the messages no row holds any of them."""

from __future__ import annotations

import email
import email.policy

import pytest
from aiosmtpd.controller import Controller

from porsche_web.accounts import secrets_
from porsche_web.extensions import db
from porsche_web.notifications import deliver
from porsche_web.testing.actions import porsche_id
from porsche_web.testing.actions.activation import (
    make_order,
    register,
    use_link,
    verify_phone,
)
from porsche_web.testing.helpers import outbox, post_form, run_deliverer_preparation
from porsche_web.testing.recorders import MailRecorder

FORGOT = "/se/sv/forgot-password"
CUSTOMER = "astrid@example.com"


@pytest.fixture
def app_config(smtp_settings):
    return {**smtp_settings, "PUBLIC_BASE_URL": "http://127.0.0.1:5000"}


@pytest.fixture
def recorder(smtp_port):
    handler = MailRecorder()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """Every token and SMS code the site makes during the test."""
    secrets: list[str] = []
    new_token, new_sms_code = secrets_.new_token, secrets_.new_sms_code

    def token() -> tuple[str, str]:
        value = new_token()
        secrets.append(value[0])
        return value

    def code() -> str:
        secrets.append(new_sms_code())
        return secrets[-1]

    monkeypatch.setattr(secrets_, "new_token", token)
    monkeypatch.setattr(secrets_, "new_sms_code", code)
    return secrets


def deliver_everything(app) -> None:
    with app.app_context():
        try:
            run_deliverer_preparation(app)
            deliver.deliver_due()
        finally:
            db.session.remove()


def received_text(recorder) -> str:
    parts = []
    for envelope in recorder.messages:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        parts += [part.get_content() for part in message.walk() if not part.is_multipart()]
    return "\n".join(parts)


def test_no_token_or_code_of_a_real_journey_stays_in_a_delivered_row(app, client, recorder, made):
    use_link(client, make_order(app))  # the invitation's link
    assert register(client).status_code == 303  # the activation's own Porsche ID
    assert verify_phone(app, client).headers["Location"].endswith("/security-code")  # SMS code
    new_id = porsche_id.register(app.test_client(), email="bertil@example.com")
    assert new_id.status_code == 303  # a Porsche ID's confirmation link
    assert post_form(app.test_client(), FORGOT, {"email": CUSTOMER}).status_code == 303  # reset
    deliver_everything(app)

    rows = outbox(app)
    sms_rows = [row for row in rows if row.channel == "sms"]
    mails = [row for row in rows if row.channel == "email"]
    assert sms_rows and len(mails) >= 3
    assert {row.status for row in rows} == {"sent"}
    assert all(row.redacted_at is not None for row in rows)
    assert len(made) >= 4, made  # invitation, confirmation, SMS code, reset
    mail_text = received_text(recorder)
    for secret in made:
        if not secret.isdigit():
            assert secret in mail_text, "the customer got every link"
        for row in rows:
            for body in (row.subject, row.text_body, row.html_body or ""):
                assert secret not in body, (row.channel, row.subject)
    # the rows still say what was sent: the page of each link
    bodies = "\n".join(row.text_body for row in mails)
    for page in ("/activate/[removed]", "/confirm-email/[removed]", "/reset-password/[removed]"):
        assert page in bodies
