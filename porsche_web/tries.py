"""Wrong-try counters that cannot be raced (issue #20, item 2).

A try at a secret (a password, an SMS code, the car's security code, a pairing code) is
**spent before the secret is compared**: one atomic ``UPDATE … SET tries = tries + 1 WHERE …
AND tries < limit RETURNING tries``. When no row comes back the limit is reached (or the
challenge is closed): the secret is not compared at all and the answer is "too many tries".
The updated row stays locked until the transaction ends (a row lock on PostgreSQL, the write
lock on SQLite), so concurrent tries queue behind each other and each one is counted; the caller
then resets or closes as its rules say, still holding the row. Works on SQLite ≥ 3.35 and
PostgreSQL (``RETURNING``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import InstrumentedAttribute

from porsche_web.extensions import db


def spend_try(
    counter: InstrumentedAttribute[int],
    *where: ColumnElement[bool],
    limit: int,
    **values: Any,
) -> int | None:
    """Count one try on the row(s) matching ``where`` whose ``counter`` is below ``limit``.

    :param values: further columns to set in the same statement.
    :returns: the new count, or None when no try is left (nothing was counted: do not compare
        the secret). The session's copy of the row is not refreshed: expire it if you read it.
    """
    model = counter.class_
    statement = (
        update(model)
        .where(*where, counter < limit)
        .values({counter.key: counter + 1, **values})
        .returning(counter)
    )
    return db.session.execute(
        statement, execution_options={"synchronize_session": False}
    ).scalar_one_or_none()
