"""The one clock of the application: every "now" and every market's "today" comes from here.

Times are timezone-aware UTC everywhere in the code and in the database (see
:class:`porsche_web.dbtypes.UTCDateTime`); a market's calendar day (contract start, delivery
date, "14 days before delivery") is taken in the market's own time zone. Tests move this clock
with ``time_machine``, which patches :func:`datetime.datetime.now` underneath.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def now() -> datetime:
    """The current moment, timezone-aware, in UTC."""
    return datetime.now(UTC)


def today(timezone: str, moment: datetime | None = None) -> date:
    """The calendar day in ``timezone`` (an IANA name such as ``"Europe/Stockholm"``, e.g. a
    market's ``Market.timezone``) at ``moment`` (default: now)."""
    return (moment or now()).astimezone(ZoneInfo(timezone)).date()


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive value is taken as UTC already (what SQLite gives back)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
