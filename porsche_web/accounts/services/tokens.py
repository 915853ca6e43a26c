"""Single-use e-mail link tokens: confirm the address, reset the password, confirm a new
address. Only the SHA-256 of a token is stored."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.errors import InvalidToken
from porsche_web.accounts.models import Account, EmailToken
from porsche_web.extensions import db

CONFIRM_EMAIL, RESET_PASSWORD, NEW_EMAIL = "confirm_email", "reset_password", "new_email"
TOKEN_LIFETIME = {
    CONFIRM_EMAIL: timedelta(days=3),
    RESET_PASSWORD: timedelta(hours=1),
    NEW_EMAIL: timedelta(days=1),
}


def issue_token(account: Account, purpose: str, new_email: str | None = None) -> str:
    """A new single-use link token; older open tokens of the same purpose are voided."""
    now = clock.now()
    db.session.execute(
        update(EmailToken)
        .where(
            EmailToken.account_id == account.id,
            EmailToken.purpose == purpose,
            EmailToken.used_at.is_(None),
        )
        .values(used_at=now)
    )
    token, token_hash = hashing.new_token()
    db.session.add(
        EmailToken(
            account_id=account.id,
            purpose=purpose,
            token_hash=token_hash,
            new_email=new_email,
            created_at=now,
            expires_at=now + TOKEN_LIFETIME[purpose],
        )
    )
    db.session.flush()
    return token


def find_token(token: str, purpose: str) -> EmailToken | None:
    """The open, unexpired token (nothing is changed: GET pages call this)."""
    if not token or len(token) > 100:
        return None
    row = db.session.execute(
        select(EmailToken).where(EmailToken.token_hash == hashing.hash_token(token))
    ).scalar_one_or_none()
    if row is None or row.purpose != purpose or row.used_at is not None:
        return None
    if row.expires_at <= clock.now():
        return None
    return row


def consume_token(token: str, purpose: str) -> EmailToken:
    row = find_token(token, purpose)
    if row is None:
        raise InvalidToken()
    claimed = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(EmailToken)
            .where(EmailToken.id == row.id, EmailToken.used_at.is_(None))
            .values(used_at=clock.now()),
        ),
    )
    if claimed.rowcount != 1:  # a second submit of the same link at the same moment
        raise InvalidToken()
    return row


def token_account(row: EmailToken) -> Account:
    """The account of a token (a token never outlives its account: deletion removes it)."""
    return db.session.get_one(Account, row.account_id)
