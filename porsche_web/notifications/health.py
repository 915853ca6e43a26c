"""The outbox's part of ``/readyz``: stuck, pending and dead messages.

The web process stays ready whatever the outbox holds (its pages do not depend on it): the
answer reports ``degraded`` so monitoring sees a deliverer that stopped or a transport that is
down, and ``outbox status`` tells more.
"""

from __future__ import annotations

from typing import Any

from porsche_web.extensions import db
from porsche_web.notifications.maintenance import status_counts
from porsche_web.notifications.models import DEAD, PENDING, UNKNOWN


def outbox_readiness() -> dict[str, Any]:
    try:
        counts = status_counts(sent=False)  # partial indexes only: asked on every probe
    except Exception:  # the database check before this one decides readiness
        db.session.rollback()
        return {"status": "unknown"}
    report = {
        "pending": counts[PENDING],
        "stuck": counts["stuck"],
        "dead": counts[DEAD],
        "sent_unknown": counts[UNKNOWN],
    }
    degraded = counts["stuck"] or counts[DEAD] or counts[UNKNOWN]
    return {"status": "degraded" if degraded else "ok", **report}
