"""The one clock of the application: every "now" and every market's "today" comes from here.

Times are timezone-aware UTC everywhere in the code and in the database (see
:class:`porsche_web.dbtypes.UTCDateTime`); a market's calendar day (contract start, delivery
date, "14 days before delivery") is taken in the market's own time zone. Tests move this clock
with ``time_machine``, which patches :func:`datetime.datetime.now` underneath.

The served app's clock (QA, the Playwright journeys) moves with the development clock at
``/dev/clock`` (``porsche_web/devclock/``, ``DEV_CLOCK``, refused in production): it adds an
offset, kept in this process only, to every :func:`now`. Nothing else sets it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

#: How far the development clock moved this process's time forward (zero unless moved).
_offset = timedelta(0)


def now() -> datetime:
    """The current moment, timezone-aware, in UTC."""
    return datetime.now(UTC) + _offset


def offset() -> timedelta:
    """How far the development clock has moved :func:`now` forward (zero: the real time)."""
    return _offset


def move_forward(by: timedelta) -> None:
    """Moves :func:`now` forward by ``by`` in this process (the development clock only)."""
    global _offset
    if by <= timedelta(0):
        raise ValueError("the development clock only moves forward")
    _offset = _offset + by


def back_to_real_time() -> None:
    """:func:`now` is the real time again."""
    global _offset
    _offset = timedelta(0)


def today(timezone: str, moment: datetime | None = None) -> date:
    """The calendar day in ``timezone`` (an IANA name such as ``"Europe/Stockholm"``, e.g. a
    market's ``Market.timezone``) at ``moment`` (default: now)."""
    return (moment or now()).astimezone(ZoneInfo(timezone)).date()


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive value is taken as UTC already (what SQLite gives back)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
