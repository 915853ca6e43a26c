"""Throttling wrong passwords (NIST SP 800-63B) instead of locking the Porsche ID (issue #20,
item 16).

Wrong passwords are counted per e-mail address **and source** (the client's address, its /64
for IPv6, or the car for the PCM login) and per e-mail address from all sources together.
A source has :data:`FREE_FAILURES` free tries; then it waits 1 s before the next one, 2 s after
the one after, and so on, at most :data:`MAX_DELAY`. All sources together have
:data:`ACCOUNT_FREE_FAILURES` free tries before the same growing delay applies to everyone, so
a spread-out attack is held too, without a hard lock: the owner with the right password gets in
as soon as the delay is over, and from another source at once while only one source guesses.

Every try is spent **before** the password is compared, with one atomic
``UPDATE … WHERE wait_until <= now RETURNING failures`` per counter (its row stays locked
until the transaction ends): concurrent tries are each counted, and a try refused by the delay
is never compared. The right password clears the counters of its source and of all sources.

Rows are keyed by keyed hashes (HMAC with the ``SECRET_KEY``) and made for every address typed,
with or without a Porsche ID, so the work is the same and nothing tells them apart; rows unused
for :data:`KEEP_ROWS` are purged.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from datetime import datetime, timedelta
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from porsche_web.accounts.errors import LoginThrottled
from porsche_web.accounts.models import LoginThrottle
from porsche_web.accounts.services.common import normalize_email
from porsche_web.extensions import db

#: Wrong passwords one source may try before it has to wait.
FREE_FAILURES = 5
#: Wrong passwords all sources together may try before every source has to wait.
ACCOUNT_FREE_FAILURES = 50
#: The first wait; it doubles with every further wrong password, up to :data:`MAX_DELAY`.
FIRST_DELAY = timedelta(seconds=1)
MAX_DELAY = timedelta(minutes=15)
#: Counters nobody has used for this long are forgotten (``purge``).
KEEP_ROWS = timedelta(days=1)
#: The ``source`` of the counter of all sources together.
ALL_SOURCES = "*"


def _keyed(value: str) -> str:
    secret = current_app.secret_key
    key = secret.encode() if isinstance(secret, str) else bytes(secret or b"")
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def address_key(email: str) -> str:
    return _keyed("email:" + normalize_email(email))


def client_source(remote_addr: str | None) -> str:
    """The source of a browser's tries: its address, or its /64 network for IPv6 (one
    customer line gets a whole /64, so its addresses are one source)."""
    text = remote_addr or "-"
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return _keyed("client:" + text)
    if ip.version == 6:
        text = str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return _keyed("client:" + text)


def delay(failures: int, free: int) -> timedelta:
    """How long to wait after ``failures`` consecutive wrong passwords with ``free`` free."""
    if failures < free:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** min(failures - free, 20), MAX_DELAY)


def _ensure(key: str, source: str, now: datetime) -> None:
    values = {"address_key": key, "source": source, "failures": 0, "last_failure_at": now}
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    db.session.execute(
        insert(LoginThrottle).values(**values).on_conflict_do_nothing(),
        execution_options={"synchronize_session": False},
    )


def _spend(key: str, source: str, now: datetime) -> int | None:
    """Count one try if the source may try now: the new count, else None (nothing counted)."""
    return db.session.execute(
        update(LoginThrottle)
        .where(
            LoginThrottle.address_key == key,
            LoginThrottle.source == source,
            (LoginThrottle.wait_until.is_(None)) | (LoginThrottle.wait_until <= now),
        )
        .values(failures=LoginThrottle.failures + 1, last_failure_at=now)
        .returning(LoginThrottle.failures),
        execution_options={"synchronize_session": False},
    ).scalar_one_or_none()


def _set(key: str, source: str, **values: object) -> None:
    db.session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.address_key == key, LoginThrottle.source == source)
        .values(**values),
        execution_options={"synchronize_session": False},
    )


def _wait(key: str, source: str, now: datetime) -> timedelta:
    until = db.session.execute(
        select(LoginThrottle.wait_until).where(
            LoginThrottle.address_key == key, LoginThrottle.source == source
        )
    ).scalar_one_or_none()
    return max(until - now, timedelta(seconds=1)) if until else timedelta(seconds=1)


def spend_try(email: str, source: str, now: datetime) -> None:
    """Count a password try for ``email`` from ``source`` before the password is compared.

    :raises LoginThrottled: the source (or every source) has to wait; nothing was counted and
        the password must not be compared.
    """
    key = address_key(email)
    _ensure(key, source, now)
    _ensure(key, ALL_SOURCES, now)
    # Always the source's row first, then all sources': the same order in every transaction.
    mine = _spend(key, source, now)
    if mine is None:
        raise LoginThrottled(_wait(key, source, now), everyone=False)
    everyone = _spend(key, ALL_SOURCES, now)
    if everyone is None:
        # Not tried after all: give the source its try back (its row is locked by us, and its
        # wait was not moved yet).
        _set(key, source, failures=LoginThrottle.failures - 1)
        raise LoginThrottled(_wait(key, ALL_SOURCES, now), everyone=True)
    _set(key, source, wait_until=now + delay(mine, FREE_FAILURES))
    _set(key, ALL_SOURCES, wait_until=now + delay(everyone, ACCOUNT_FREE_FAILURES))


def clear(email: str, source: str) -> None:
    """The right password: this source and all sources start again from zero."""
    key = address_key(email)
    db.session.execute(
        delete(LoginThrottle).where(
            LoginThrottle.address_key == key, LoginThrottle.source.in_((source, ALL_SOURCES))
        ),
        execution_options={"synchronize_session": False},
    )


def forget(email: str) -> None:
    """A new password (reset or change): every counter of the address starts again."""
    db.session.execute(
        delete(LoginThrottle).where(LoginThrottle.address_key == address_key(email)),
        execution_options={"synchronize_session": False},
    )


def failures(email: str, source: str = ALL_SOURCES) -> int:
    """The consecutive wrong passwords counted for ``email`` (from ``source``)."""
    return (
        db.session.execute(
            select(LoginThrottle.failures).where(
                LoginThrottle.address_key == address_key(email), LoginThrottle.source == source
            )
        ).scalar_one_or_none()
        or 0
    )


def purge(now: datetime) -> int:
    """Forget counters unused for :data:`KEEP_ROWS` whose wait is over."""
    old = now - KEEP_ROWS
    result = cast(
        "CursorResult[Any]",
        db.session.execute(
            delete(LoginThrottle).where(
                LoginThrottle.last_failure_at < old,
                (LoginThrottle.wait_until.is_(None)) | (LoginThrottle.wait_until < now),
            ),
            execution_options={"synchronize_session": False},
        ),
    )
    return result.rowcount or 0


def blocked_until(email: str, now: datetime) -> datetime | None:
    """Until when some source (or every source) must wait before its next try for ``email``;
    None when nobody waits (what staff see on an order's page)."""
    until = db.session.execute(
        select(LoginThrottle.wait_until)
        .where(LoginThrottle.address_key == address_key(email), LoginThrottle.wait_until > now)
        .order_by(LoginThrottle.wait_until.desc())
        .limit(1)
    ).scalar_one_or_none()
    return until
