"""The keys of our partners' systems, written once: the dealer API (a Porsche Centre's key,
``orders``), the charging card API (a fulfilment partner's, ``charging``) and the Data Pass API
(a provider's, ``datapass``).

One rule for all three: a key is a kind prefix (``pwd_``, ``pcc_``, ``pdp_``) and 256 random
bits, shown once by its ``create-key`` command; the table keeps only its SHA-256 and its first
12 characters (to tell keys apart in logs); a revoked key finds nothing. Each feature keeps its
own table (a model with :class:`ApiKeyColumns`) and checks who the key is for; the API views
take the key of a request with :func:`porsche_web.jsonapi.require_key`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

import click
from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, mapped_column

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db

#: How many characters of a key the table keeps in the clear (the kind prefix and a few more).
SHOWN = 12


class ApiKeyColumns:
    """The columns of a key table besides the key's owner (a declarative mixin)."""

    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(SHOWN))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class _KeyRow(Protocol):
    id: Any
    key_hash: Any
    revoked_at: Any


KeyT = TypeVar("KeyT", bound=_KeyRow)


def issue(model: type[KeyT], kind: str, **owner: Any) -> tuple[KeyT, str]:
    """A new key of ``model`` (``kind``: its prefix, ``"pcc_"``) for ``owner`` (the model's own
    columns), added and flushed; the key itself is returned once and never stored."""
    key = kind + secrets.token_urlsafe(32)
    row = model(**owner, key_hash=hashing.hash_token(key), prefix=key[:SHOWN])
    db.session.add(row)
    db.session.flush()
    return row, key


def find(model: type[KeyT], key: str) -> KeyT | None:
    """The key row of ``model`` whose hash is the hash of ``key``; None for an empty, unknown or
    revoked key."""
    if not key:
        return None
    row = db.session.execute(
        select(model).where(model.key_hash == hashing.hash_token(key))
    ).scalar_one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    return row


def print_new_key(create: Callable[[], tuple[KeyT, str]], holder: Callable[[KeyT], str]) -> None:
    """What every ``create-key`` command does: make the key (a ``ValueError`` is the operator's
    mistake: its message, exit status 1), commit, and print it once, alone on the last line
    (scripts read that line)."""
    try:
        row, key = create()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"Key {row.id} for {holder(row)}, shown once, keep it safe:")
    click.echo(key)
