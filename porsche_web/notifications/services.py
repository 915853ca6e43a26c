"""Writing messages to the outbox, in the same transaction as the change that causes them.

Texts are rendered when the message is queued, in the customer's language; links are absolute
and built from ``PUBLIC_BASE_URL``, never from the request's Host header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale, gettext
from sqlalchemy import insert

from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.notifications.models import OutboxMessage

LINK = re.compile(r"https?://[^\s<>\"']+")


@contextmanager
def in_language(market_code: str, language: str) -> Iterator[None]:
    """Render texts in ``language`` for the site of ``market_code``."""
    market = current_registry().get(market_code)
    locale = market.locale(language) if market else language
    with force_locale(locale):
        yield


@contextmanager
def url_context() -> Iterator[None]:
    """``url_for`` outside a request (CLI, scheduler, jobs): e-mail links use
    ``PUBLIC_BASE_URL`` anyway (:func:`public_url`)."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        yield


def public_url(endpoint: str, **values: object) -> str:
    """An absolute link for e-mails: ``PUBLIC_BASE_URL`` + the route's path."""
    path = url_for(endpoint, **values)
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + path


def links_in(text: str) -> list[str]:
    return LINK.findall(text or "")


def enqueue_email(
    *,
    to: str,
    market: str,
    language: str,
    subject: str,
    paragraphs: Sequence[str],
    link: tuple[str, str] | None = None,
    greeting: str | None = None,
    reason: str | None = None,
) -> OutboxMessage:
    """Queue an e-mail; call inside :func:`in_language` so the texts given are localized.

    :param reason: why the recipient gets the message, first line of the footer; the default
        says they have a Porsche ID (an invitation, sent before there is one, says its own).
    """
    message = OutboxMessage(
        to_address=to,
        **render_email(
            market=market,
            language=language,
            subject=subject,
            paragraphs=paragraphs,
            link=link,
            greeting=greeting,
            reason=reason,
        ),
    )
    db.session.add(message)
    db.session.flush()
    return message


def render_email(
    *,
    market: str,
    language: str,
    subject: str,
    paragraphs: Sequence[str],
    link: tuple[str, str] | None = None,
    greeting: str | None = None,
    reason: str | None = None,
) -> dict[str, str]:
    """The outbox columns of an e-mail but its address (see :func:`enqueue_email`), for the
    queueing of many at once (:func:`enqueue_emails`)."""
    registry_market = current_registry().get(market)
    contact = current_registry().support_contact(registry_market) if registry_market else None
    context = {
        "subject": subject,
        "greeting": greeting,
        "paragraphs": list(paragraphs),
        "link": link,
        "footer": footer_text(registry_market, language, contact, reason),
        "language": language,
        "link_hint": gettext(
            "If the link does not open, copy it into the address bar of your browser:"
        ),
    }
    return {
        "channel": "email",
        "market": market,
        "language": language,
        "subject": subject,
        "text_body": render_template("notifications/email/message.txt", **context),
        "html_body": render_template("notifications/email/message.html", **context),
    }


def enqueue_emails(messages: Sequence[dict[str, str]]) -> None:
    """Queue many e-mails in one statement: each :func:`render_email` plus ``to_address``."""
    if messages:
        db.session.execute(insert(OutboxMessage), list(messages))


def footer_text(market, language: str, contact, reason: str | None = None) -> str:
    lines = [
        reason or gettext("You receive this message because you have a Porsche ID in My Porsche.")
    ]
    if market is not None and contact is not None and contact.email:
        lines.append(
            gettext(
                "Customer service in %(country)s: %(email)s",
                country=market.name(language),
                email=contact.email,
            )
        )
    elif market is not None:
        lines.append(gettext("Questions? Contact your Porsche partner."))
    return "\n".join(lines)


def enqueue_sms(*, to: str, market: str, language: str, text: str) -> OutboxMessage:
    message = OutboxMessage(
        channel="sms", to_address=to, market=market, language=language, text_body=text
    )
    db.session.add(message)
    db.session.flush()
    return message
