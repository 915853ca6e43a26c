"""Recording audit events (flushes, never commits: the caller's transaction decides), and the
security event of a customer asking for another customer's object."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select

from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db

security_log = logging.getLogger("porsche_web.security")


def record(
    actor: str,
    subject: str,
    action: str,
    *,
    request_id: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction.

    :param actor: who acted, e.g. ``"account:42"``, ``"staff:7"`` or ``"system"``.
    :param subject: what was acted on, e.g. ``"account:42"`` or ``"vehicle:WP0…"``.
    :param action: a stable dotted name, e.g. ``"phone.changed"``.
    :param request_id: the request id of the HTTP request, if any.
    :param details: extra JSON-safe facts; never secrets.
    """
    event = AuditEvent(
        actor=actor, subject=subject, action=action, request_id=request_id, details=details or {}
    )
    db.session.add(event)
    db.session.flush()
    return event


def recorded_since(subject: str, action: str, since: datetime) -> bool:
    """Whether an event ``action`` about ``subject`` was recorded after ``since`` (an action
    submitted twice is done once)."""
    found = db.session.execute(
        select(AuditEvent.id)
        .where(AuditEvent.subject == subject, AuditEvent.action == action, AuditEvent.at > since)
        .limit(1)
    ).first()
    return found is not None


def trail(
    *,
    subjects: list[str] = (),  # type: ignore[assignment]
    actors: list[str] = (),  # type: ignore[assignment]
    start: datetime | None = None,
    end: datetime | None = None,
    kind: str | None = None,
    limit: int = 500,
) -> list[AuditEvent]:
    """The events about any of ``subjects`` or by any of ``actors``, newest first, from
    ``start`` (inclusive) to ``end`` (exclusive), of one ``kind`` (the action's first part,
    ``staff`` of ``staff.phone_revealed``) if given; at most ``limit``."""
    if not subjects and not actors:
        return []
    query = select(AuditEvent).where(
        or_(AuditEvent.subject.in_(list(subjects)), AuditEvent.actor.in_(list(actors)))
    )
    if start is not None:
        query = query.where(AuditEvent.at >= start)
    if end is not None:
        query = query.where(AuditEvent.at < end)
    if kind:
        query = query.where(
            or_(
                AuditEvent.action == kind, AuditEvent.action.startswith(kind + ".", autoescape=True)
            )
        )
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    return list(db.session.execute(query).scalars())


#: At most one foreign-access event per account and kind of object in this time, so a customer
#: probing ids cannot fill the table (every try is still in the security log).
FOREIGN_ACCESS_EVERY = timedelta(minutes=1)


def foreign_access(
    account_id: int,
    kind: str,
    path: str,
    now: datetime,
    *,
    request_id: str | None = None,
) -> AuditEvent | None:
    """A signed-in customer asked for another customer's object (answered 404): a security
    event with the customer, the kind of object and the path asked for, nothing of the other
    customer. Rate-limited (:data:`FOREIGN_ACCESS_EVERY`); always logged.

    :param kind: ``"vehicle"``, ``"activation"``, ``"address"``, ``"consent"`` …
    :returns: the event, or None when one for this account and kind is recent enough.
    """
    actor = f"account:{account_id}"
    action = f"access.foreign.{kind}"
    security_log.warning(
        "security event access.foreign",
        extra={"event": "access.foreign", "account_id": account_id, "kind": kind, "path": path},
    )
    recent = db.session.execute(
        select(AuditEvent.id)
        .where(
            AuditEvent.subject == actor,
            AuditEvent.action == action,
            AuditEvent.at > now - FOREIGN_ACCESS_EVERY,
        )
        .limit(1)
    ).first()
    if recent is not None:
        return None
    event = record(actor, actor, action, request_id=request_id, details={"path": path[:200]})
    event.at = now
    db.session.flush()
    return event
