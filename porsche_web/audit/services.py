"""Recording audit events (flushes, never commits: the caller's transaction decides)."""

from __future__ import annotations

from typing import Any

from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db


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
