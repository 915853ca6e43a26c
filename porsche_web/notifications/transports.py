"""How the outbox's messages leave: SMTP for e-mail, an SMS backend (the core's log or HTTP
gateway, or one a market plugin contributes through ``porsche_sms_backend``), and the failures a
transport reports to the deliverer (:mod:`porsche_web.notifications.deliver`)."""

from __future__ import annotations

import json
import logging
import smtplib
import socket
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from urllib.parse import urlsplit

from flask import current_app

from porsche_web.markets import SmsBackend
from porsche_web.markets.registry import current_registry
from porsche_web.notifications.models import (
    OutboxMessage,
)

log = logging.getLogger("porsche_web.notifications")


class TransportDown(Exception):
    """The SMTP server or SMS gateway cannot take messages now: the transport pauses."""


class MessageRefused(Exception):
    """The server refused this message for good (5xx): it is dead at once."""


class OutcomeUnknown(Exception):
    """The message was handed over, but the server's answer was lost: maybe delivered."""


# SMS backends follow porsche_web.markets.SmsBackend (the market plugins' contract). Besides any
# exception (retried later), ``send`` may raise TransportDown (the gateway is unreachable: the
# market's SMS pause), MessageRefused (never retried) or OutcomeUnknown.


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
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                if response.status >= 300:
                    raise RuntimeError(f"SMS gateway answered {response.status}")
        except urllib.error.HTTPError as exc:
            if exc.code == 429 or exc.code >= 500:
                raise TransportDown(f"SMS gateway answered {exc.code}") from exc
            raise MessageRefused(f"SMS gateway answered {exc.code}") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, ConnectionError | socket.gaierror):
                raise TransportDown(f"SMS gateway unreachable: {exc.reason}") from exc
            raise


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


def message_id_header(message: OutboxMessage) -> str:
    """The e-mail's ``Message-ID``: the same for every attempt, so duplicates can be dropped."""
    return f"<outbox-{message.id}@{message_domain()}>"


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
    email["Message-ID"] = message_id_header(message)
    email["Content-Language"] = message.language
    if market is not None:
        contact = current_registry().support_contact(market)
        if contact.email:
            email["Reply-To"] = contact.email
    email.set_content(message.text_body)
    if message.html_body:
        email.add_alternative(message.html_body, subtype="html")
    return email


class _SMTP(smtplib.SMTP):
    """Notes when the message's content has been handed over (the end-of-data line sent)."""

    content_sent = False

    def send(self, s) -> None:
        super().send(s)
        if isinstance(s, bytes) and s.endswith(b"\r\n.\r\n"):
            self.content_sent = True


def send_email(message: OutboxMessage) -> None:
    config = current_app.config
    try:
        smtp = _SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"])
    except OSError as exc:  # refused, unreachable, no greeting, a timeout
        raise TransportDown(f"SMTP server unreachable: {type(exc).__name__}: {exc}") from exc
    delivered = False
    try:
        try:
            if config["SMTP_STARTTLS"]:
                smtp.starttls()
            if config.get("SMTP_USERNAME"):
                smtp.login(config["SMTP_USERNAME"], config.get("SMTP_PASSWORD") or "")
        except OSError as exc:  # smtplib's errors are OSErrors too
            raise TransportDown(f"SMTP session failed: {type(exc).__name__}: {exc}") from exc
        try:
            smtp.send_message(build_email(message))
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if codes and all(code >= 500 for code in codes):
                raise MessageRefused(f"recipient refused: {codes}") from exc
            raise
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code >= 500:
                raise MessageRefused(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from exc
            raise
        except OSError as exc:  # a timeout or a dropped connection
            if smtp.content_sent:
                raise OutcomeUnknown(f"no answer after the content: {error_text(exc)}") from exc
            raise TransportDown(f"SMTP connection lost: {type(exc).__name__}: {exc}") from exc
        delivered = True
    finally:
        if delivered:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
        else:
            smtp.close()


# -- leases ------------------------------------------------------------------------------------


def error_text(exc: BaseException) -> str:
    """A failure in one line for the outbox row (type and message, at most 300 characters)."""
    return f"{type(exc).__name__}: {exc}"[:300]
