"""The outbox: real SMTP (aiosmtpd on 127.0.0.1), retries, dead letters, the dev viewer,
at most once with two deliverers, the SMS backends."""

from __future__ import annotations

import email
import email.policy
import threading
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller

from porsche_web import clock
from porsche_web.config import ConfigError
from porsche_web.extensions import db
from porsche_web.markets import hookimpl
from porsche_web.notifications import deliver
from porsche_web.notifications.models import OutboxMessage
from porsche_web.notifications.services import enqueue_email, enqueue_sms, in_language, public_url
from porsche_web.testing.helpers import outbox
from porsche_web.testing.markets import NEW_ZEALAND


class Collect:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(smtp_port):
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def app_config(smtp_settings):
    return smtp_settings


def queue_mail(app, language="sv", to="kund@example.com"):
    with app.test_request_context(f"/se/{language}/"):
        with in_language("se", language):
            from flask_babel import gettext

            message = enqueue_email(
                to=to,
                market="se",
                language=language,
                subject=gettext("Confirm your e-mail address for My Porsche"),
                greeting=gettext("Hello %(name)s,", name="Anna"),
                paragraphs=[gettext("The link works once and for 3 days.")],
                link=(
                    gettext("Confirm your e-mail address"),
                    public_url("accounts.confirm_email", token="abc", country="se", lang=language),
                ),
            )
        db.session.commit()
        return message.id


def deliver_round(app):
    with app.app_context():
        result = deliver.deliver_due()
        db.session.remove()
        return result


def parsed(envelope):
    return email.message_from_bytes(envelope.content, policy=email.policy.default)


@pytest.mark.server
def test_an_email_goes_out_over_smtp_multipart_localized_with_public_links(app, smtp):
    message_id = queue_mail(app, "sv")
    assert deliver_round(app) == {"sent": 1}
    (envelope,) = smtp.messages
    assert envelope.rcpt_tos == ["kund@example.com"]
    mail = parsed(envelope)
    assert mail["Message-ID"] == f"<outbox-{message_id}@my.porsche.example>"
    assert mail["Subject"] == "Bekräfta din e-postadress för My Porsche"
    assert "My Porsche Sverige" in mail["From"]
    assert mail["Reply-To"] == "smartmobility@se.porsche.com"
    assert mail.get_content_type() == "multipart/alternative"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Hej Anna!" in text and "Kundtjänst i Sverige: smartmobility@se.porsche.com" in text
    assert "https://my.porsche.example/se/sv/account/confirm-email/abc" in text
    assert 'href="https://my.porsche.example/se/sv/account/confirm-email/abc"' in html
    (row,) = outbox(app)
    assert row.status == "sent" and row.sent_at is not None


@pytest.mark.server
def test_english_mail_is_in_english(app, smtp):
    queue_mail(app, "en")
    deliver_round(app)
    mail = parsed(smtp.messages[0])
    assert mail["Subject"] == "Confirm your e-mail address for My Porsche"
    assert "Customer service in Sweden" in mail.get_body(("plain",)).get_content()


@pytest.mark.server
def test_smtp_down_keeps_messages_queued_and_sends_each_once_when_back(app, smtp_port):
    ids = [queue_mail(app, to=f"kund{n}@example.com") for n in range(3)]
    start = clock.now()
    with time_machine.travel(start, tick=False) as traveller:
        # nobody listens on the port: one try, then the transport pauses as a whole
        assert deliver_round(app) == {"pending": 1}
        rows = outbox(app)
        assert [r.status for r in rows] == ["pending"] * 3
        assert rows[0].last_error and rows[0].attempts == 0  # an outage costs no attempt
        assert deliver_round(app) == {}  # backoff: not due yet
        handler = Collect()
        controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        try:
            traveller.shift(timedelta(seconds=31))
            assert deliver_round(app) == {"sent": 3}
            traveller.shift(timedelta(hours=1))
            assert deliver_round(app) == {}
        finally:
            controller.stop()
    assert sorted(parsed(e)["Message-ID"] for e in handler.messages) == sorted(
        f"<outbox-{i}@my.porsche.example>" for i in ids
    )


class TryLater(Collect):
    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        return "451 4.3.0 Try again later"


def test_a_message_is_dead_after_the_last_attempt(app, smtp_port, caplog):
    controller = Controller(TryLater(), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        queue_mail(app)
        with time_machine.travel(clock.now(), tick=False) as traveller:
            for _ in range(3):
                deliver_round(app)
                traveller.shift(timedelta(hours=1))
    finally:
        controller.stop()
    (row,) = outbox(app)
    assert row.status == "dead" and row.attempts == 3
    assert any("dead after 3 attempts" in r.getMessage() for r in caplog.records)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.server
def test_two_deliverers_send_each_message_once(make_app, smtp, database_kind):
    apps = [make_app(), make_app()]
    ids = [queue_mail(apps[0], to=f"kund{n}@example.com") for n in range(30)]
    errors = []

    def work(app):
        try:
            with app.app_context():
                for _ in range(10):
                    deliver.deliver_due(limit=5)
                db.session.remove()
        except Exception as exc:  # pragma: no cover - shown in the assertion
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    if database_kind == "sqlite":  # SQLite may refuse a concurrent writer ("locked"): retried
        deliver_round(apps[0])
    else:
        assert errors == []
    sent = [parsed(e)["Message-ID"] for e in smtp.messages]
    assert len(sent) == len(set(sent)) == len(ids)
    assert {r.status for r in outbox(apps[0])} == {"sent"}


def test_sms_log_backend_keeps_the_text_out_of_the_log(app, caplog):
    with app.test_request_context("/se/sv/"):
        enqueue_sms(to="+46701740606", market="se", language="sv", text="123456 is your code")
        db.session.commit()
    deliver_round(app)
    (row,) = outbox(app, "sms")
    assert row.status == "sent"
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "123456" not in logged and "+46701740606" not in logged


class GatewayPlugin:
    """A market plugin (New Zealand, sample) that sends its SMS through its own gateway."""

    def __init__(self) -> None:
        self.sent: list = []

    @hookimpl
    def porsche_markets(self):
        return [NEW_ZEALAND]

    @hookimpl
    def porsche_sms_backend(self, market):
        return self

    def send(self, to, text, message_id):
        self.sent.append((to, text, message_id))


def test_a_market_plugin_can_bring_its_own_sms_backend(make_app):
    gateway = GatewayPlugin()
    app = make_app(plugins=[gateway])
    with app.test_request_context("/nz/en/"):
        new_zealand = enqueue_sms(to="+64211234567", market="nz", language="en", text="hello")
        sweden = enqueue_sms(to="+46701740606", market="se", language="sv", text="hej")
        db.session.commit()
        ids = new_zealand.id, sweden.id
    deliver_round(app)
    assert gateway.sent == [("+64211234567", "hello", ids[0])]  # Sweden's SMS is not its business
    assert {r.status for r in outbox(app)} == {"sent"}


@pytest.mark.server
def test_http_sms_backend_posts_json_with_a_bearer_token(make_app):
    import json
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Authorization"], json.loads(body)))
            self.send_response(202)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        app = make_app(
            {
                "SMS_BACKEND": "http",
                "SMS_HTTP_URL": f"http://127.0.0.1:{server.server_port}/sms",
                "SMS_HTTP_TOKEN": "gateway-token",
            }
        )
        with app.test_request_context("/se/sv/"):
            message = enqueue_sms(to="+46701740606", market="se", language="sv", text="hej")
            db.session.commit()
            message_id = message.id
        deliver_round(app)
    finally:
        server.shutdown()
    assert received == [
        (
            "Bearer gateway-token",
            {"to": "+46701740606", "text": "hej", "reference": f"outbox-{message_id}"},
        )
    ]


def test_the_outbox_viewer_is_off_by_default(client):
    assert client.get("/dev/outbox").status_code == 404
    assert client.get("/dev/outbox.json").status_code == 404


def test_the_outbox_viewer_lists_messages_with_their_links(make_app):
    app = make_app({"OUTBOX_VIEWER": True})
    queue_mail(app)
    client = app.test_client()
    data = client.get("/dev/outbox.json").get_json()
    (message,) = data["messages"]
    assert message["channel"] == "email" and message["to"] == "kund@example.com"
    assert message["links"] == ["https://my.porsche.example/se/sv/account/confirm-email/abc"]
    assert message["status"] == "pending" and message["created_at"]
    assert client.get("/dev/outbox").status_code == 200


def test_production_refuses_the_outbox_viewer():
    from porsche_web import create_app

    with pytest.raises(ConfigError, match="OUTBOX_VIEWER"):
        create_app(
            {
                "ENVIRONMENT": "production",
                "SECRET_KEY": "k" * 48,
                "TRUSTED_HOSTS": ["my.porsche.example"],
                "PUBLIC_BASE_URL": "https://my.porsche.example",
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "OUTBOX_VIEWER": True,
            }
        )


@pytest.mark.server
def test_the_cli_delivers_once(app, smtp, runner):
    queue_mail(app)
    result = runner.invoke(args=["outbox", "deliver", "--once"])
    assert result.exit_code == 0, result.output
    assert len(smtp.messages) == 1


def test_outbox_rows_are_written_in_the_same_transaction(app):
    with app.test_request_context("/se/sv/"):
        enqueue_sms(to="+46701740606", market="se", language="sv", text="x")
        db.session.rollback()
    assert outbox(app) == []
    with app.app_context():
        assert db.session.execute(db.select(OutboxMessage)).first() is None
