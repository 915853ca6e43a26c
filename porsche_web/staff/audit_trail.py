"""The audit view (issue #12, item 5): the audit trail of a customer (their order and Porsche
ID) and of a staff member, filterable by date range and kind, exportable as CSV. Customer
service see the customers of their markets, and the staff members whose markets are all
theirs; administrators see every staff member, and a customer's trail by its order number
(nothing else of the customer). Looking and
exporting are audited too.

CSV cells a spreadsheet would take for a formula (starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) are neutralised with a leading apostrophe (OWASP, CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from porsche_web.audit import services as audit
from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.orders import lookup
from porsche_web.staff import search
from porsche_web.staff.models import ADMIN, SERVICE, StaffMember

#: Events shown on the page; the CSV holds up to :data:`EXPORT_LIMIT`.
PAGE_LIMIT = 500
EXPORT_LIMIT = 10_000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    kind: str | None = None

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The date range as UTC instants: from the start day's beginning to the end day's
        end."""
        start = datetime.combine(self.start, time(), UTC) if self.start else None
        end = datetime.combine(self.end + timedelta(days=1), time(), UTC) if self.end else None
        return start, end


@dataclass(frozen=True)
class Trail:
    title_kind: str  # "order" or "staff"
    name: str
    events: list[AuditEvent]
    kinds: list[str]


def _kinds(events: list[AuditEvent]) -> list[str]:
    return sorted({event.action.split(".", 1)[0] for event in events})


def _trail(subjects: list[str], actors: list[str], filters: Filters, limit: int):
    start, end = filters.bounds()
    events = audit.trail(
        subjects=subjects, actors=actors, start=start, end=end, kind=filters.kind, limit=limit
    )
    kinds = _kinds(audit.trail(subjects=subjects, actors=actors, limit=limit))
    return events, kinds


def order_trail(
    member: StaffMember, number: str, filters: Filters, *, export: bool = False
) -> Trail | None:
    """The trail of an order and its customer's Porsche ID; None outside the member's scope:
    customer service their markets, administrators every market (the trail only: they neither
    search nor open an order), Porsche Centres none."""
    if member.role == SERVICE:
        scope = search.scope_of(member)
    elif member.role == ADMIN:
        scope = lookup.Scope(frozenset(m.code for m in current_registry().all()))
    else:
        return None
    order = lookup.order_in_scope(scope, number)
    if order is None:
        return None
    found = search.customer_of(order)
    subjects = [f"order:{order.order_number}"]
    actors: list[str] = []
    if found is not None:
        subjects.append(f"account:{found.id}")
        actors.append(f"account:{found.id}")
    limit = EXPORT_LIMIT if export else PAGE_LIMIT
    events, kinds = _trail(subjects, actors, filters, limit)
    _record(member, f"order:{order.order_number}", filters, export)
    return Trail("order", order.order_number, events, kinds)


def may_see_member(member: StaffMember, other: StaffMember) -> bool:
    if member.role == ADMIN:
        return True
    return (
        member.role == SERVICE
        and other.role != ADMIN
        and bool(other.markets)
        and set(other.markets) <= set(member.markets)
    )


def staff_trail(
    member: StaffMember, staff_id: int, filters: Filters, *, export: bool = False
) -> Trail | None:
    """What a staff member did and what was done to their access; None when the member may
    not see them."""
    other = db.session.get(StaffMember, staff_id)
    if other is None or not may_see_member(member, other):
        return None
    who = f"staff:{other.id}"
    limit = EXPORT_LIMIT if export else PAGE_LIMIT
    events, kinds = _trail([who], [who], filters, limit)
    _record(member, who, filters, export)
    return Trail("staff", other.name, events, kinds)


def _record(member: StaffMember, subject: str, filters: Filters, export: bool) -> None:
    audit.record(
        f"staff:{member.id}",
        subject,
        "staff.audit_exported" if export else "staff.audit_viewed",
        details={
            "from": filters.start.isoformat() if filters.start else None,
            "to": filters.end.isoformat() if filters.end else None,
            "kind": filters.kind,
        },
    )


def safe_cell(value: object) -> str:
    """A CSV cell no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(events: list[AuditEvent]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["time_utc", "actor", "subject", "action", "details"])
    for event in events:
        writer.writerow(
            safe_cell(value)
            for value in (
                event.at.astimezone(UTC).isoformat(timespec="seconds"),
                event.actor,
                event.subject,
                event.action,
                json.dumps(event.details or {}, ensure_ascii=False, sort_keys=True),
            )
        )
    return buffer.getvalue()
