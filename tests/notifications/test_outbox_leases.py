"""The outbox under faults (issue #20, items 4, 17, 18): leases that run out, deliverers killed
with SIGKILL or stopped with SIGTERM mid-batch, two deliverers, a hung or dead SMTP server, a
lost answer, secrets taken out of delivered rows, purge, status, requeue and /readyz.

A real SMTP server (aiosmtpd on 127.0.0.1) records what arrives; the deliverers of the
SIGKILL/SIGTERM/two-deliverer tests are real ``flask outbox deliver`` processes on the test
database (SQLite file or PostgreSQL with ``--db postgresql``).
"""

from __future__ import annotations

import email
import email.policy
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from aiosmtpd.controller import Controller

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.notifications import deliver, maintenance
from porsche_web.notifications.models import OutboxMessage
from porsche_web.notifications.services import enqueue_email, enqueue_sms, in_language, public_url
from porsche_web.testing.helpers import outbox
from porsche_web.testing.postgres import free_port
from porsche_web.testing.recorders import MailRecorder, wait_for

BASE = "https://my.porsche.example"


@pytest.fixture
def recorder(smtp_port):
    handler = MailRecorder()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def app_config(smtp_settings):
    return {**smtp_settings, "OUTBOX_LEASE_SECONDS": 60}


def queue_mails(app, count: int, token: str = "abc") -> list[int]:
    ids = []
    with app.test_request_context("/se/sv/"), in_language("se", "sv"):
        for number in range(count):
            message = enqueue_email(
                to=f"kund{number}@example.com",
                market="se",
                language="sv",
                subject="Bekräfta din e-postadress",
                paragraphs=["Länken fungerar en gång."],
                link=(
                    "Bekräfta",
                    public_url("accounts.confirm_email", token=token, country="se", lang="sv"),
                ),
            )
            ids.append(message.id)
        db.session.commit()
    return ids


def queue_sms(app, text: str = "123456 är din kod för My Porsche.") -> int:
    with app.test_request_context("/se/sv/"):
        message = enqueue_sms(to="+46701740606", market="se", language="sv", text=text)
        db.session.commit()
        return message.id


def deliver_round(app, limit: int | None = None) -> dict[str, int]:
    with app.app_context():
        try:
            return deliver.deliver_due(limit)
        finally:
            db.session.remove()


def expected_ids(ids) -> list[str]:
    return sorted(f"<outbox-{i}@my.porsche.example>" for i in ids)


def statuses(app) -> Counter:
    return Counter(row.status for row in outbox(app))


# -- leases, in one process --------------------------------------------------------------------


def test_a_lease_that_runs_out_is_claimed_again_with_the_same_message_id(app, recorder):
    ids = queue_mails(app, 4)
    with app.app_context():
        # a deliverer claims the batch, then dies before sending anything
        assert deliver.claim("email", 10, "dead-deliverer") == ids
        db.session.remove()
    assert {row.status for row in outbox(app)} == {"sending"}
    assert deliver_round(app) == {}  # the lease still holds
    with time_machine.travel(clock.now() + timedelta(seconds=61), tick=False):
        with app.app_context():
            assert maintenance.status_counts()["stuck"] == 4
            db.session.remove()
        assert deliver_round(app) == {"sent": 4}
    assert sorted(recorder.message_ids()) == expected_ids(ids)
    assert {(row.status, row.attempts, row.claimed_by) for row in outbox(app)} == {
        ("sent", 1, None)
    }


def test_a_message_taken_over_by_another_deliverer_is_not_sent_twice(app, recorder):
    (message_id,) = queue_mails(app, 1)
    with app.app_context():
        assert deliver.claim("email", 10, "slow") == [message_id]
        db.session.remove()
    with time_machine.travel(clock.now() + timedelta(seconds=61), tick=False):
        assert deliver_round(app) == {"sent": 1}
        with app.app_context():  # the first deliverer comes back: the message is not its own
            assert deliver.deliver_one(message_id, "slow") is None
            db.session.remove()
    assert len(recorder.messages) == 1


def test_two_deliverers_in_threads_never_claim_the_same_row(make_app, database_kind):
    apps = [make_app(), make_app()]
    queue_mails(apps[0], 40)
    claimed: list[list[int]] = [[], []]
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            with apps[index].app_context():
                for _ in range(20):
                    try:
                        claimed[index] += deliver.claim("email", 3, f"worker-{index}")
                    except Exception as exc:  # SQLite: "database is locked" under contention
                        if database_kind != "sqlite":
                            raise
                        db.session.rollback()
                        assert "locked" in str(exc)
                db.session.remove()
        except BaseException as exc:  # pragma: no cover - shown in the assertion
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert set(claimed[0]).isdisjoint(claimed[1])
    assert len(claimed[0]) + len(claimed[1]) == len(set(claimed[0]) | set(claimed[1]))


# -- transports --------------------------------------------------------------------------------


class CountingServer:
    """Accepts connections and closes them at once (or holds them open without a greeting)."""

    def __init__(self, hang: bool = False) -> None:
        self.hang = hang
        self.connections = 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.open: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            if self.hang:
                self.open.append(connection)
            else:
                connection.close()

    def close(self) -> None:
        for connection in self.open:
            connection.close()
        self.sock.close()


def test_a_failing_smtp_server_is_tried_once_and_then_paused_as_a_whole(make_app):
    server = CountingServer()
    try:
        app = make_app({"SMTP_PORT": server.port})
        queue_mails(app, 20)
        start = clock.now()
        with time_machine.travel(start, tick=False) as traveller:
            for _ in range(10):
                deliver_round(app)
            assert server.connections == 1  # not 20 (or 200): the transport pauses
            traveller.shift(timedelta(seconds=31))
            deliver_round(app)
            deliver_round(app)
            assert server.connections == 2  # one probe after the pause, which doubles
            traveller.shift(timedelta(seconds=31))
            deliver_round(app)
            assert server.connections == 2
        rows = outbox(app)
        assert {(row.status, row.attempts) for row in rows} == {("pending", 0)}
        with app.app_context():
            transport = db.session.get(deliver.OutboxTransport, "email")
            assert transport.failures == 2 and "SMTP" in transport.last_error
    finally:
        server.close()


def test_an_sms_code_does_not_wait_behind_a_hung_smtp_server(make_app):
    server = CountingServer(hang=True)  # accepts, never greets: each mail waits SMTP_TIMEOUT
    app = make_app({"SMTP_PORT": server.port, "SMTP_TIMEOUT": 5, "OUTBOX_POLL_SECONDS": 0.05})
    queue_mails(app, 3)
    sms_id = queue_sms(app)
    stop = threading.Event()
    runner = threading.Thread(target=deliver.run, args=(app,), kwargs={"stop": stop})
    started = time.monotonic()
    runner.start()
    try:
        wait_for(
            lambda: {r.id: r.status for r in outbox(app)}[sms_id] == "sent",
            timeout=3,
            what="the SMS",
        )
        waited = time.monotonic() - started
        assert waited < 3  # not behind 3 mails × 5 s
        assert {r.status for r in outbox(app, "email")} <= {"pending", "sending"}
    finally:
        stop.set()
        runner.join(15)
        server.close()
    assert not runner.is_alive()
    assert {r.status for r in outbox(app, "email")} == {"pending"}  # given back, not lost


def test_one_round_sends_sms_codes_first(app, recorder):
    queue_mails(app, 2)
    sms_id = queue_sms(app)
    deliver_round(app)
    rows = sorted(outbox(app), key=lambda row: row.sent_at)
    assert rows[0].id == sms_id


def test_a_lost_answer_after_the_content_is_sent_unknown_and_not_repeated(make_app, smtp_port):
    slow = MailRecorder(delay=3)  # takes the message, answers after the client gave up
    controller = Controller(slow, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        app = make_app({"SMTP_TIMEOUT": 1})
        (message_id,) = queue_mails(app, 1)
        assert deliver_round(app) == {"sent-unknown": 1}
        with time_machine.travel(clock.now() + timedelta(days=1), tick=False):
            assert deliver_round(app) == {}
        assert len(slow.messages) == 1
        (row,) = outbox(app)
        assert row.status == "sent-unknown" and row.attempts == 1
        assert "timed out" in row.last_error
        runner = app.test_cli_runner()
        result = runner.invoke(args=["outbox", "status", "--json"])
        assert '"sent-unknown": 1' in result.output
        assert runner.invoke(args=["outbox", "requeue"]).output.startswith("0 ")
        result = runner.invoke(args=["outbox", "requeue", "--unknown", "--id", str(message_id)])
        assert result.output.startswith("1 ")
        assert outbox(app)[0].status == "pending"
    finally:
        controller.stop()


def test_a_refused_recipient_is_dead_at_once(make_app, smtp_port):
    class Refuse(MailRecorder):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
            return "550 5.1.1 No such user"

    controller = Controller(Refuse(), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        app = make_app()
        queue_mails(app, 1)
        assert deliver_round(app) == {"dead": 1}
        (row,) = outbox(app)
        assert row.attempts == 1 and "550" in row.last_error
    finally:
        controller.stop()


# -- secrets, retention, status, readiness ----------------------------------------------------


def test_a_delivered_row_keeps_no_token_or_code(app, recorder):
    token = secrets.token_urlsafe(32)
    queue_mails(app, 1, token=token)
    queue_sms(app, "482913 är din kod för My Porsche. Den gäller i 10 minuter.")
    assert deliver_round(app) == {"sent": 2}
    # the customer got them
    received = email.message_from_bytes(recorder.messages[0].content, policy=email.policy.default)
    assert token in received.get_body(("plain",)).get_content()
    mail, sms = outbox(app, "email")[0], outbox(app, "sms")[0]
    for text in (mail.text_body, mail.html_body, sms.text_body):
        assert token not in text and "482913" not in text
    assert f"{BASE}/se/sv/account/confirm-email/[removed]" in mail.text_body
    assert f'href="{BASE}/se/sv/account/confirm-email/[removed]"' in mail.html_body
    assert sms.text_body.startswith("[removed] är din kod") and "10 minuter" in sms.text_body
    assert mail.redacted_at is not None and mail.subject == "Bekräfta din e-postadress"


def test_development_keeps_sent_messages_readable_for_the_viewer(make_app, recorder):
    app = make_app({"OUTBOX_REDACT_SENT": False})
    queue_sms(app, "482913 är din kod.")
    deliver_round(app)
    (row,) = outbox(app)
    assert row.status == "sent" and row.text_body == "482913 är din kod." and not row.redacted_at


def test_a_pending_or_dead_message_keeps_its_body_for_a_later_attempt(make_app):
    app = make_app({"SMTP_PORT": free_port()})  # nobody listens
    token = secrets.token_urlsafe(32)
    queue_mails(app, 1, token=token)
    deliver_round(app)
    assert token in outbox(app)[0].text_body


def test_purge_deletes_delivered_messages_after_the_retention_period(app, recorder, runner):
    queue_mails(app, 2)
    deliver_round(app)
    queue_mails(app, 1)  # still pending: never purged
    assert runner.invoke(args=["outbox", "purge"]).output.startswith("0 ")
    with time_machine.travel(clock.now() + timedelta(days=31), tick=False):
        result = runner.invoke(args=["outbox", "purge"])
    assert result.exit_code == 0 and result.output.startswith("2 ")
    assert [row.status for row in outbox(app)] == ["pending"]


def test_dead_and_unknown_messages_lose_their_secrets_after_the_requeue_window(
    app, recorder, runner
):
    """A dead or sent-unknown message keeps its link for ``outbox requeue`` after an outage,
    but no longer than ``OUTBOX_REQUEUE_HOURS``; then the purge takes its secrets out."""
    token = secrets.token_urlsafe(32)
    dead, unknown, pending = queue_mails(app, 3, token=token)
    code = queue_sms(app, "482913 är din kod för My Porsche.")
    with app.app_context():
        for message_id, status in ((dead, "dead"), (unknown, "sent-unknown"), (code, "dead")):
            row = db.session.get(OutboxMessage, message_id)
            row.status, row.sent_at = status, clock.now() if status != "dead" else None
        db.session.commit()
    hours = app.config["OUTBOX_REQUEUE_HOURS"]
    with time_machine.travel(clock.now() + timedelta(hours=hours - 1), tick=False):
        assert runner.invoke(args=["outbox", "purge"]).exit_code == 0
    assert all(token in row.text_body for row in outbox(app, "email"))  # still requeueable
    with time_machine.travel(clock.now() + timedelta(hours=hours + 1), tick=False):
        assert runner.invoke(args=["outbox", "purge"]).exit_code == 0
    rows = {row.id: row for row in outbox(app)}
    for message_id in (dead, unknown):
        assert token not in rows[message_id].text_body + rows[message_id].html_body
        assert "/confirm-email/[removed]" in rows[message_id].text_body
        assert rows[message_id].redacted_at is not None
    assert rows[code].text_body.startswith("[removed] är din kod")
    assert token in rows[pending].text_body and rows[pending].redacted_at is None  # not yet sent
    # a redacted message is not sent again with its link gone
    assert runner.invoke(args=["outbox", "requeue", "--unknown"]).output.startswith("0 ")


def test_status_requeue_and_readyz_report_stuck_and_dead_messages(app, recorder, runner):
    client = app.test_client()
    assert client.get("/readyz").json["outbox"]["status"] == "ok"
    queue_mails(app, 3)
    with app.app_context():
        rows = db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars()
        first, second, third = rows
        first.status, first.attempts, first.last_error = "dead", 3, "SMTPDataError: 451"
        second.status, second.claimed_by = "sending", "gone"
        second.lease_until = clock.now() - timedelta(minutes=5)
        third.next_attempt_at = clock.now() - timedelta(hours=1)
        db.session.commit()
        dead_id = first.id
    ready = client.get("/readyz")
    assert ready.status_code == 200  # the site itself can serve
    assert ready.json["outbox"] == {
        "status": "degraded",
        "pending": 1,
        "stuck": 2,
        "dead": 1,
        "sent_unknown": 0,
    }
    result = runner.invoke(args=["outbox", "status"])
    lines = dict(line.split() for line in result.output.splitlines()[:7])
    assert lines == {
        "pending": "1",
        "due": "1",
        "sending": "1",
        "stuck": "2",
        "sent": "0",
        "sent-unknown": "0",
        "dead": "1",
    }
    assert runner.invoke(args=["outbox", "status", "--check"]).exit_code == 1
    assert runner.invoke(args=["outbox", "requeue"]).output.startswith("1 ")
    (requeued,) = [row for row in outbox(app) if row.id == dead_id]
    assert requeued.status == "pending" and requeued.attempts == 0
    deliver_round(app)
    assert statuses(app) == {"sent": 3}
    assert runner.invoke(args=["outbox", "status", "--check"]).exit_code == 0


# -- real deliverer processes ------------------------------------------------------------------


def deliverer(database_uri: str, smtp_port: int, **settings) -> subprocess.Popen:
    """``flask outbox deliver`` in its own process, on the test database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PORSCHE_WEB_", "FLASK_"))
    }
    values = {
        "ENVIRONMENT": "testing",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp_port,
        "SMTP_TIMEOUT": 5,
        "PUBLIC_BASE_URL": BASE,
        "OUTBOX_POLL_SECONDS": 0.05,
        "OUTBOX_BATCH": 10,
        "LOG_LEVEL": "WARNING",
        **settings,
    }
    env.update({f"PORSCHE_WEB_{key}": str(value) for key, value in values.items()})
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "porsche_web", "outbox", "deliver"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def handles_sigterm(pid: int) -> bool:
    """Whether the process has installed a SIGTERM handler (Linux: ``SigCgt`` in /proc)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return True  # gone already: nothing to wait for
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) & (1 << (signal.SIGTERM - 1)))


def stop_process(process: subprocess.Popen, signum: int = signal.SIGTERM) -> str:
    if process.poll() is None:
        process.send_signal(signum)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:  # pragma: no cover - a hung deliverer fails the test
        process.kill()
        output, _ = process.communicate()
    return output


#: How long a deliverer process may take to start and send its first mails: importing and
#: building the app takes seconds, many on a busy shared machine (not a time being tested).
STARTED = 120


@pytest.fixture
def slow_recorder(smtp_port):
    handler = MailRecorder(delay=0.3)
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    yield handler
    controller.stop()


def test_sigterm_finishes_the_current_message_and_releases_the_rest(
    app, database_uri, smtp_port, slow_recorder
):
    ids = queue_mails(app, 10)
    process = deliverer(database_uri, smtp_port)
    try:
        wait_for(lambda: len(slow_recorder.messages) >= 3, timeout=STARTED, what="three mails")
        process.send_signal(signal.SIGTERM)  # while the third (or fourth) is being answered
        output = stop_process(process)
    finally:
        if process.poll() is None:  # pragma: no cover
            process.kill()
    assert process.returncode == 0, output
    counts = statuses(app)
    assert counts["sending"] == 0
    assert counts["sent"] == len(slow_recorder.messages)  # the current one finished
    assert counts["pending"] == 10 - counts["sent"]
    assert {row.attempts for row in outbox(app) if row.status == "pending"} == {0}
    deliver_round(app)
    received = slow_recorder.message_ids()
    assert sorted(received) == expected_ids(ids)  # each exactly once, no duplicate


def test_sigkill_mid_batch_loses_nothing(app, database_uri, smtp_port, slow_recorder):
    ids = queue_mails(app, 10)
    process = deliverer(database_uri, smtp_port, OUTBOX_LEASE_SECONDS=5)
    try:
        wait_for(lambda: len(slow_recorder.messages) >= 3, timeout=STARTED, what="three mails")
        process.send_signal(signal.SIGKILL)  # while a mail waits for the server's answer
        stop_process(process)
    finally:
        if process.poll() is None:  # pragma: no cover
            process.kill()
    assert statuses(app)["sending"] > 0  # held by a dead deliverer ...
    assert deliver_round(app) == {}  # ... until its lease runs out
    with time_machine.travel(clock.now() + timedelta(seconds=6), tick=False):
        with app.app_context():
            assert maintenance.status_counts()["stuck"] > 0
            db.session.remove()
        deliver_round(app)
    assert statuses(app) == {"sent": 10}
    received = slow_recorder.message_ids()
    assert sorted(set(received)) == expected_ids(ids)  # every message arrived
    assert len(received) - len(set(received)) <= 1  # at most the one in flight, same Message-ID


def test_two_deliverer_processes_send_every_message_exactly_once(
    app, database_uri, smtp_port, recorder
):
    ids = queue_mails(app, 30)
    processes = [deliverer(database_uri, smtp_port, OUTBOX_BATCH=3) for _ in range(2)]
    try:
        wait_for(lambda: statuses(app) == {"sent": 30}, timeout=60, what="all sent")
        # A deliverer still starting (a busy machine; the other one sent everything) has no
        # SIGTERM handler yet and would die of the signal: wait until both are delivering.
        wait_for(
            lambda: all(handles_sigterm(p.pid) for p in processes),
            timeout=60,
            what="both deliverers running",
        )
    finally:
        outputs = [stop_process(process) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    received = recorder.message_ids()
    assert Counter(received).most_common(1)[0][1] == 1  # exactly once
    assert sorted(received) == expected_ids(ids)
