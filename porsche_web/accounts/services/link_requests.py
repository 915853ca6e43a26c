"""Requests for a password reset or a new confirmation link, answered without a timing oracle
(issue #20, item 6).

The form only writes an :class:`~porsche_web.accounts.models.EmailRequest` row: the same one
statement for an address with a Porsche ID, without one, or with one already confirmed, so
neither the answer nor the time it takes tells them apart. The outbox deliverer looks the address
up before each round of its e-mail lane (``core_prepare_messages``), writes the e-mail where one
is due, and deletes the row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, has_request_context
from sqlalchemy import delete, select

from porsche_web import clock
from porsche_web.accounts.models import EmailRequest
from porsche_web.accounts.services.common import find_by_email, normalize_email, security_event
from porsche_web.accounts.services.tokens import CONFIRM_EMAIL, RESET_PASSWORD
from porsche_web.extensions import db

PURPOSES = (RESET_PASSWORD, CONFIRM_EMAIL)
#: Requests handled per call (the deliverer calls again at its next round).
BATCH = 100


def request_link(purpose: str, email: str) -> None:
    """Note the request; nothing is looked up now (:func:`handle_requests` does)."""
    if purpose not in PURPOSES:
        raise ValueError(f"no link for {purpose!r}")
    db.session.add(
        EmailRequest(purpose=purpose, email=normalize_email(email)[:254], created_at=clock.now())
    )
    db.session.flush()


def handle_requests(limit: int = BATCH) -> int:
    """Send the links asked for: claim the oldest requests (deleting them: two deliverers never
    take the same one), look each address up and queue the e-mail where one is due. Flushes;
    the caller commits, so the e-mails and the deletion land together.

    :returns: how many requests were handled.
    """
    from porsche_web.accounts.services.passwords import send_reset_link
    from porsche_web.accounts.services.registration import send_confirmation

    oldest = select(EmailRequest.id).order_by(EmailRequest.id).limit(limit)
    rows = db.session.execute(
        delete(EmailRequest)
        .where(EmailRequest.id.in_(oldest.scalar_subquery()))
        .returning(EmailRequest.id, EmailRequest.purpose, EmailRequest.email),
        execution_options={"synchronize_session": False},
    ).all()
    with _url_context():
        for _id, purpose, email in sorted(rows):
            account = find_by_email(email)
            if purpose == RESET_PASSWORD:
                if account is not None:
                    send_reset_link(account)
                security_event("password.reset_requested", account, known=account is not None)
            elif purpose == CONFIRM_EMAIL:
                sent = account is not None and not account.email_verified
                if account is not None and sent:
                    send_confirmation(account)
                security_event("email.confirmation_resend", account, sent=sent)
    db.session.flush()
    return len(rows)


@contextmanager
def _url_context() -> Iterator[None]:
    """``url_for`` in the deliverer (no request): the links use ``PUBLIC_BASE_URL`` anyway."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        yield
