"""The deliverer: claims due outbox rows, sends them, retries with backoff, dead-letters.

At most once per message, even with several deliverers: a row is claimed by a conditional
``UPDATE … WHERE status = 'pending'`` that only one deliverer can win (on PostgreSQL the
candidates are first picked with ``FOR UPDATE SKIP LOCKED`` so deliverers do not wait on each
other). A claimed row is sent, then marked ``sent``; a failure puts it back to ``pending`` with
an exponential delay, and after ``OUTBOX_MAX_ATTEMPTS`` it is ``dead`` (logged as an error).
A row left ``sending`` by a deliverer that crashed mid-send is never sent again automatically
(it may have gone out): it stays visible in the outbox for an operator to decide.
"""

from __future__ import annotations

import json
import logging
import smtplib
import time
import urllib.request
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from typing import Protocol
from urllib.parse import urlsplit

from flask import Flask, current_app
from sqlalchemy import select, update

from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.notifications.models import DEAD, PENDING, SENDING, SENT, OutboxMessage, utcnow

log = logging.getLogger("porsche_web.notifications")


class SmsBackend(Protocol):
    """What an SMS backend offers (the ``porsche_sms_backend`` hook returns one)."""

    def send(self, to: str, text: str, message_id: int) -> None: ...


class LogSmsBackend:
    """Development: the SMS stays in the outbox (read it at /dev/outbox); the log names only
    the message id and the last digits, never the text (it carries codes)."""

    def send(self, to: str, text: str, message_id: int) -> None:
        log.info("sms %s to …%s (log backend)", message_id, to[-2:])


class HttpSmsBackend:
    """POST ``{"to", "text", "reference"}`` as JSON with a bearer token to a gateway URL."""

    def __init__(self, url: str, token: str | None, timeout: float = 10) -> None:
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, to: str, text: str, message_id: int) -> None:
        body = json.dumps({"to": to, "text": text, "reference": f"outbox-{message_id}"})
        if not self.url.startswith(("https://", "http://")):
            raise ValueError("SMS_HTTP_URL must be an http(s) URL")
        request = urllib.request.Request(  # noqa: S310  (scheme checked above)
            self.url,
            data=body.encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            if response.status >= 300:
                raise RuntimeError(f"SMS gateway answered {response.status}")


def sms_backend_for(market_code: str) -> SmsBackend:
    config = current_app.config
    market = current_registry().get(market_code)
    if market is not None:
        contributed = current_registry().sms_backend(market)
        if contributed is not None:
            return contributed
    if config["SMS_BACKEND"] == "http":
        return HttpSmsBackend(config["SMS_HTTP_URL"], config.get("SMS_HTTP_TOKEN"))
    return LogSmsBackend()


def message_domain() -> str:
    return urlsplit(current_app.config["PUBLIC_BASE_URL"]).hostname or "localhost"


def build_email(message: OutboxMessage) -> EmailMessage:
    config = current_app.config
    market = current_registry().get(message.market)
    sender_name = "My Porsche"
    if market is not None:
        sender_name = f"My Porsche {market.name(message.language)}"
    email = EmailMessage()
    email["From"] = formataddr((sender_name, config["MAIL_SENDER"]))
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = f"<outbox-{message.id}@{message_domain()}>"
    email["Content-Language"] = message.language
    if market is not None:
        contact = current_registry().support_contact(market)
        if contact.email:
            email["Reply-To"] = contact.email
    email.set_content(message.text_body)
    if message.html_body:
        email.add_alternative(message.html_body, subtype="html")
    return email


def send_email(message: OutboxMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(
        config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"]
    ) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
        smtp.send_message(build_email(message))


def claim(limit: int = 20) -> list[int]:
    """Claim up to ``limit`` due messages for this deliverer; commits the claim."""
    now = utcnow()
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    claimed = []
    for message_id in db.session.execute(query).scalars().all():
        result = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == PENDING)
            .values(status=SENDING, attempts=OutboxMessage.attempts + 1)
        )
        if result.rowcount == 1:
            claimed.append(message_id)
    db.session.commit()
    return claimed


def deliver_one(message_id: int) -> str:
    message = db.session.get(OutboxMessage, message_id)
    try:
        if message.channel == "email":
            send_email(message)
        else:
            sms_backend_for(message.market).send(message.to_address, message.text_body, message.id)
    except Exception as exc:  # any failure of the channel: retry later
        message.last_error = f"{type(exc).__name__}: {exc}"[:300]
        max_attempts = current_app.config["OUTBOX_MAX_ATTEMPTS"]
        if message.attempts >= max_attempts:
            message.status = DEAD
            log.error(
                "outbox message %s dead after %s attempts: %s",
                message.id,
                message.attempts,
                type(exc).__name__,
                extra={"outbox_id": message.id, "channel": message.channel},
            )
        else:
            delay = current_app.config["OUTBOX_RETRY_SECONDS"] * 2 ** (message.attempts - 1)
            message.status = PENDING
            message.next_attempt_at = utcnow() + timedelta(seconds=delay)
            log.warning(
                "outbox message %s failed (attempt %s), retry in %ss: %s",
                message.id,
                message.attempts,
                delay,
                type(exc).__name__,
                extra={"outbox_id": message.id, "channel": message.channel},
            )
    else:
        message.status = SENT
        message.sent_at = utcnow()
        message.last_error = None
        log.info(
            "outbox message %s sent",
            message.id,
            extra={"outbox_id": message.id, "channel": message.channel},
        )
    db.session.commit()
    return message.status


def deliver_due(limit: int = 20) -> dict[str, int]:
    """One round: claim and send what is due. Returns counts per resulting status."""
    counts: dict[str, int] = {}
    for message_id in claim(limit):
        status = deliver_one(message_id)
        counts[status] = counts.get(status, 0) + 1
    return counts


def run(app: Flask, once: bool = False) -> None:
    with app.app_context():
        while True:
            try:
                counts = deliver_due()
            except Exception:
                db.session.rollback()
                log.exception("outbox round failed")
                counts = {}
            if once:
                return
            if not counts:
                time.sleep(app.config["OUTBOX_POLL_SECONDS"])
            db.session.remove()
