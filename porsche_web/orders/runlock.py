"""One run at a time of a job that several processes may start (``invitations send-due`` from
cron, from ``invitations run`` and by hand; issue #20, item 19).

:func:`single_run` is the only entry point; the kind of lock is chosen here, by the database:

* **PostgreSQL**: a transaction-level advisory lock (``pg_try_advisory_xact_lock``) taken in
  the session's transaction. It is released when that transaction ends, so the run's commit
  releases it, and a process that dies releases it with its connection.
* **SQLite** (any other database): a row of ``run_locks``, written and committed on a
  connection of its own, with a lease: it is deleted when the block ends, and a row whose
  lease has run out (its run crashed) is taken over by the next run.

Either way the lock is held until the run's work is committed, so a second run that starts
after it sees that work; and one that starts while it runs is told so and does nothing.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.orders.models import RunLock

log = logging.getLogger("porsche_web.orders")

#: How long a lock row holds when its run never releases it (a crash).
DEFAULT_LEASE = timedelta(minutes=15)
#: A busy SQLite database (another writer) is asked again this often before giving up.
BUSY_TRIES = 3


@contextmanager
def single_run(name: str, lease: timedelta = DEFAULT_LEASE) -> Iterator[bool]:
    """Hold the lock ``name`` for the block: yields True, or False when another run holds it
    (then do nothing). Commit the run's work inside the block, once, at its end.

    :param lease: on SQLite, how long the lock holds at most; make it longer than a run.
    """
    if db.session.get_bind().dialect.name == "postgresql":
        yield advisory_xact_lock(name)
        return
    holder = secrets.token_hex(16)
    held = take_row(name, holder, lease)
    try:
        yield held
    finally:
        if held:
            release_row(name, holder)


# -- PostgreSQL --------------------------------------------------------------------------------


def lock_key(name: str) -> int:
    """The advisory lock's 64-bit key of ``name`` (stable across processes and versions)."""
    digest = hashlib.sha256(f"porsche_web:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def advisory_xact_lock(name: str) -> bool:
    """Take the lock in the session's transaction; it ends with the transaction."""
    return bool(db.session.execute(select(func.pg_try_advisory_xact_lock(lock_key(name)))).scalar())


# -- SQLite: a lock row with a lease -----------------------------------------------------------


def take_row(name: str, holder: str, lease: timedelta) -> bool:
    """Write the lock row for ``holder`` unless another holder's lease still runs; committed at
    once on a connection of its own, so other processes see it."""
    for attempt in range(BUSY_TRIES):
        try:
            return _upsert(name, holder, lease)
        except OperationalError:  # "database is locked": another process writes just now
            if attempt == BUSY_TRIES - 1:
                log.warning("run lock %s: the database stayed busy; this run is skipped", name)
                return False
            time.sleep(0.5 * (attempt + 1))
    return False  # pragma: no cover


def _upsert(name: str, holder: str, lease: timedelta) -> bool:
    now = clock.now()
    engine = db.engine
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    statement = insert(RunLock).values(
        job=name, holder=holder, acquired_at=now, expires_at=now + lease
    )
    statement = statement.on_conflict_do_update(
        index_elements=[RunLock.job],
        set_={
            "holder": statement.excluded.holder,
            "acquired_at": statement.excluded.acquired_at,
            "expires_at": statement.excluded.expires_at,
        },
        where=RunLock.expires_at <= now,  # only a lease that has run out is taken over
    )
    with engine.begin() as connection:
        connection.execute(statement)
        owner = connection.execute(select(RunLock.holder).where(RunLock.job == name)).scalar()
    return owner == holder


def release_row(name: str, holder: str) -> None:
    for attempt in range(BUSY_TRIES):
        try:
            with db.engine.begin() as connection:
                connection.execute(
                    delete(RunLock).where(RunLock.job == name, RunLock.holder == holder)
                )
            return
        except OperationalError:
            if attempt == BUSY_TRIES - 1:
                log.warning("run lock %s: not released; it expires with its lease", name)
                return
            time.sleep(0.5 * (attempt + 1))
