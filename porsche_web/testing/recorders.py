"""Real receivers for what the outbox sends, for tests and the load-and-fault suite.

* :class:`MailRecorder` is an SMTP server (aiosmtpd on 127.0.0.1) that keeps every message that
  arrives; it can answer slowly (``delay``) and be stopped and started again on the same port
  (an SMTP outage).
* :class:`SmsGateway` is an HTTP server speaking the ``SMS_BACKEND = "http"`` protocol
  (``POST {"to", "text", "reference"}`` as JSON) that keeps every SMS.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

from porsche_web.testing.postgres import free_port


def wait_for(condition: Callable[[], object], timeout: float = 30, what: str = "") -> None:
    """Polls ``condition`` until it is true; fails the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what or condition}")


class MailRecorder:
    """Records every message that arrives; ``delay`` holds the answer back (a slow server).

    As an aiosmtpd handler on its own (``Controller(recorder, ...)``) or, with :meth:`start`
    and :meth:`stop`, as a server on ``port`` that can go down and come back."""

    def __init__(self, delay: float = 0.0, port: int | None = None) -> None:
        self.delay = delay
        self.port = port or free_port()
        self.messages: list = []
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.lock:
            self.messages.append(envelope)
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 OK"

    def start(self) -> MailRecorder:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def parsed(self) -> list[EmailMessage]:
        with self.lock:
            envelopes = list(self.messages)
        return [
            email.message_from_bytes(e.content, policy=email.policy.default)  # type: ignore[misc]
            for e in envelopes
        ]

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.parsed()]

    def to(self, address: str) -> list[EmailMessage]:
        """The messages sent to ``address`` (oldest first)."""
        return [m for m in self.parsed() if address.lower() in str(m["To"]).lower()]

    @staticmethod
    def text(message: EmailMessage) -> str:
        body = message.get_body(preferencelist=("plain",))
        return body.get_content() if body is not None else ""


class SmsGateway:
    """An HTTP SMS gateway on 127.0.0.1 that keeps ``(to, text, reference)`` of every SMS."""

    def __init__(self) -> None:
        self.messages: list[dict[str, str]] = []
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length))
                except ValueError:
                    self.send_response(400)
                else:
                    with gateway.lock:
                        gateway.messages.append(body)
                    self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/sms"

    def start(self) -> SmsGateway:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def to(self, number: str) -> list[str]:
        """The texts sent to ``number`` (E.164), oldest first."""
        with self.lock:
            return [m["text"] for m in self.messages if m.get("to") == number]
