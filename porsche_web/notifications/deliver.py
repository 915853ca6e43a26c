"""The deliverer: leases due outbox rows, sends them, retries with backoff, dead-letters.

**At least once, each message once in practice.** A deliverer claims a batch of due rows with
one atomic statement (on PostgreSQL the candidates are picked ``FOR UPDATE SKIP LOCKED``, on
SQLite the conditional ``UPDATE`` is atomic by itself): they become ``sending`` under a lease
(``claimed_by``, ``lease_until``). Just before it sends a message the deliverer renews that
message's lease, again conditionally, so two deliverers never send the same row; a lease that
runs out (the deliverer was killed) makes the row claimable again. Such a message may have gone
out already: it is sent again with the same ``Message-ID`` (SMS: the same ``reference``), so a
receiver can drop the duplicate.

**Stopping.** SIGTERM and SIGINT let the current message finish; the rest of the batch is
released at once (back to ``pending``, no attempt counted).

**Lanes.** SMS and e-mail are delivered independently (a thread each), so an SMS code never
waits behind e-mail; one round (``--once``) does SMS first.

**Failures.**

* The transport is down (no connection, no greeting, login refused, the gateway answers 5xx or
  429): the whole transport pauses (``outbox_transports``: from ``OUTBOX_RETRY_SECONDS``
  doubling up to ``OUTBOX_MAX_PAUSE_SECONDS``), the rest of the batch is released, and the
  message keeps its attempts — an outage kills no message.
* The server refuses the message for good (5xx): ``dead`` at once.
* Any other failure: back to ``pending`` after an exponential delay; ``dead`` after
  ``OUTBOX_MAX_ATTEMPTS`` (logged as an error; ``outbox requeue`` brings it back).
* The content was handed over but the server's answer was lost (timeout, dropped connection):
  ``sent-unknown`` — it probably arrived, so it is not repeated blindly.

Delivered rows lose their secrets (``redact.py``) and are purged after
``OUTBOX_RETENTION_DAYS`` (:func:`purge`).
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import threading
import time
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import and_, literal, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.notifications.maintenance import purge
from porsche_web.notifications.models import (
    DEAD,
    PENDING,
    SENDING,
    SENT,
    UNKNOWN,
    OutboxMessage,
    OutboxTransport,
)
from porsche_web.notifications.redact import redact_text
from porsche_web.notifications.transports import (
    MessageRefused,
    OutcomeUnknown,
    TransportDown,
    error_text,
    send_email,
    sms_backend_for,
)

log = logging.getLogger("porsche_web.notifications")

#: SMS first: codes are waited for.
CHANNELS = ("sms", "email")


def new_worker(channel: str) -> str:
    """A name for one claim of one lane: host, process and a random part."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{channel}:{secrets.token_hex(4)}"


def _due(status: str, now: datetime):
    """The rows of ``status`` that a deliverer may take now, in the order of their partial
    index (``ix_outbox_messages_pending`` / ``_leased``; the status is written inline, not as
    a parameter, so the index matches)."""
    if status == PENDING:
        column = OutboxMessage.next_attempt_at
        condition = column <= now
    else:
        column = OutboxMessage.lease_until  # type: ignore[assignment]
        condition = column < now
    return and_(OutboxMessage.status == literal(status, literal_execute=True), condition), column


def transport_key(channel: str, market: str) -> str:
    return "email" if channel == "email" else f"sms:{market}"


def paused_transports(now: datetime) -> dict[str, OutboxTransport]:
    rows = db.session.execute(select(OutboxTransport)).scalars().all()
    return {row.key: row for row in rows if row.paused_until and row.paused_until > now}


def _lease() -> timedelta:
    return timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])


def claim(channel: str, limit: int, worker: str) -> list[int]:
    """Lease up to ``limit`` due messages of ``channel`` to ``worker``; commits the claim.

    Due are pending rows whose time has come and ``sending`` rows whose lease ran out; rows of a
    paused transport wait.
    """
    now = clock.now()
    paused = paused_transports(now)
    db.session.commit()
    if channel == "email" and "email" in paused:
        return []
    paused_markets = [key.split(":", 1)[1] for key in paused if key.startswith("sms:")]
    claimed: list[int] = []
    # Leases that ran out first (their deliverer died), then the pending rows by due time.
    for status in (SENDING, PENDING):
        if len(claimed) >= limit:
            break
        due, order = _due(status, now)
        candidates = (
            select(OutboxMessage.id)
            .where(OutboxMessage.channel == channel, due)
            .order_by(order, OutboxMessage.id)
            .limit(limit - len(claimed))
        )
        if channel == "sms" and paused_markets:
            candidates = candidates.where(OutboxMessage.market.not_in(paused_markets))
        if db.engine.dialect.name == "postgresql":
            # Locked first, then updated by id: PostgreSQL may evaluate an ``IN (SELECT …
            # LIMIT n)`` more than once inside an UPDATE and take more than n rows.
            ids = list(db.session.execute(candidates.with_for_update(skip_locked=True)).scalars())
            if not ids:
                continue
            chosen = OutboxMessage.id.in_(ids)
        else:  # SQLite: one writer at a time, the claim in one statement
            chosen = OutboxMessage.id.in_(candidates.scalar_subquery())
        statement = (
            update(OutboxMessage)
            .where(chosen, due)
            .values(status=SENDING, claimed_by=worker, lease_until=now + _lease())
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        )
        claimed += db.session.execute(statement).scalars().all()
    db.session.commit()
    return sorted(claimed)


def _start(message_id: int, worker: str) -> int | None:
    """Renew the lease of one claimed message right before sending it; count the attempt.

    :returns: the attempt number, or None when the message is no longer ours.
    """
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.claimed_by == worker,
            OutboxMessage.status == SENDING,
        )
        .values(attempts=OutboxMessage.attempts + 1, lease_until=clock.now() + _lease())
        .returning(OutboxMessage.attempts)
        .execution_options(synchronize_session=False)
    )
    attempts = result.scalar_one_or_none()
    db.session.commit()
    return attempts


def release(worker: str) -> int:
    """Give back every message ``worker`` holds but has not started (stop, transport down)."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.claimed_by == worker, OutboxMessage.status == SENDING)
        .values(status=PENDING, claimed_by=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount


def _finish(message_id: int, worker: str, **values) -> bool:
    """Record the outcome (only while the message is still ours); SQLite's "database is
    locked" is retried, so a sent message is not left to be sent again."""
    for attempt in range(5):
        try:
            result = db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == worker)
                .values(claimed_by=None, lease_until=None, **values)
                .execution_options(synchronize_session=False)
            )
            db.session.commit()
            return result.rowcount == 1
        except OperationalError:
            db.session.rollback()
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))
    return False


def _pause_transport(key: str, error: str) -> datetime:
    """Count a failure of transport ``key``; it pauses as a whole, the pause doubling."""
    config = current_app.config
    for _ in range(3):
        row = db.session.get(OutboxTransport, key)
        if row is None:
            row = OutboxTransport(key=key, failures=0)
            db.session.add(row)
        row.failures = (row.failures or 0) + 1
        pause = min(
            config["OUTBOX_RETRY_SECONDS"] * 2 ** (row.failures - 1),
            config["OUTBOX_MAX_PAUSE_SECONDS"],
        )
        row.paused_until = clock.now() + timedelta(seconds=pause)
        row.last_error = error[:300]
        paused_until = row.paused_until
        try:
            db.session.commit()
        except IntegrityError:  # another deliverer created the row at the same moment
            db.session.rollback()
            continue
        log.warning(
            "outbox transport %s down (failure %s), paused for %ss: %s",
            key,
            row.failures,
            pause,
            error,
            extra={"transport": key},
        )
        return paused_until
    return clock.now() + timedelta(seconds=config["OUTBOX_RETRY_SECONDS"])


def _transport_works(key: str) -> None:
    db.session.execute(
        update(OutboxTransport)
        .where(OutboxTransport.key == key, OutboxTransport.failures > 0)
        .values(failures=0, paused_until=None, last_error=None)
    )
    db.session.commit()


def _redacted(message: OutboxMessage) -> dict:
    if not current_app.config["OUTBOX_REDACT_SENT"]:
        return {}
    return {
        "text_body": redact_text(message.text_body, message.channel),
        "html_body": redact_text(message.html_body, message.channel),
        "redacted_at": clock.now(),
    }


#: deliver_one's answer when the transport went down (the lane stops its batch).
TRANSPORT_DOWN = "transport-down"


def deliver_one(message_id: int, worker: str, known_failing: Iterable[str] = ()) -> str | None:
    """Send one claimed message and record the outcome.

    :returns: the message's new status, :data:`TRANSPORT_DOWN`, or None when the message was
        no longer ours (another deliverer took it over after our lease ran out).
    """
    attempts = _start(message_id, worker)
    if attempts is None:
        return None
    message = db.session.get(OutboxMessage, message_id, populate_existing=True)
    extra = {"outbox_id": message.id, "channel": message.channel}
    config = current_app.config
    key = transport_key(message.channel, message.market)
    if attempts > config["OUTBOX_MAX_ATTEMPTS"]:  # stopped mid-send again and again
        _finish(message_id, worker, status=DEAD, last_error="the deliverer stopped while sending")
        log.error("outbox message %s dead: its deliverer kept stopping", message_id, extra=extra)
        return DEAD
    try:
        if message.channel == "email":
            send_email(message)
        else:
            sms_backend_for(message.market).send(message.to_address, message.text_body, message.id)
    except TransportDown as exc:
        paused_until = _pause_transport(key, error_text(exc))
        _finish(
            message_id,
            worker,
            status=PENDING,
            attempts=attempts - 1,
            next_attempt_at=paused_until,
            last_error=error_text(exc),
        )
        return TRANSPORT_DOWN
    except OutcomeUnknown as exc:
        _finish(
            message_id,
            worker,
            status=UNKNOWN,
            sent_at=clock.now(),
            last_error=error_text(exc),
        )
        log.error(
            "outbox message %s handed over, but the answer was lost: not sent again (%s)",
            message_id,
            type(exc.__cause__ or exc).__name__,
            extra=extra,
        )
        return UNKNOWN
    except Exception as exc:  # any other failure of this message: retry later
        if isinstance(exc, MessageRefused) or attempts >= config["OUTBOX_MAX_ATTEMPTS"]:
            _finish(message_id, worker, status=DEAD, last_error=error_text(exc))
            log.error(
                "outbox message %s dead after %s attempts: %s",
                message_id,
                attempts,
                type(exc).__name__,
                extra=extra,
            )
            return DEAD
        delay = config["OUTBOX_RETRY_SECONDS"] * 2 ** (attempts - 1)
        _finish(
            message_id,
            worker,
            status=PENDING,
            next_attempt_at=clock.now() + timedelta(seconds=delay),
            last_error=error_text(exc),
        )
        log.warning(
            "outbox message %s failed (attempt %s), retry in %ss: %s",
            message_id,
            attempts,
            delay,
            type(exc).__name__,
            extra=extra,
        )
        return PENDING
    if not _finish(
        message_id, worker, status=SENT, sent_at=clock.now(), last_error=None, **_redacted(message)
    ):
        log.warning("outbox message %s sent, but another deliverer had taken it over", message_id)
    if key in known_failing:
        _transport_works(key)
    log.info("outbox message %s sent", message_id, extra=extra)
    return SENT


def prepare() -> int:
    """Let the features queue the e-mails of their deferred requests (``core_prepare_messages``:
    e.g. the reset links, looked up here rather than in the request). A failure is logged and
    leaves the requests for the next round."""
    from porsche_web.hooks import current_hooks

    try:
        handled = current_hooks().prepare_messages()
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("preparing deferred messages failed")
        return 0
    return handled


def deliver_lane(
    channel: str, limit: int | None = None, stop: threading.Event | None = None
) -> dict[str, int]:
    """One round of one channel: claim, send one by one, release what is left.

    Stops early when ``stop`` is set (the current message is finished first) or the transport
    went down.
    """
    if channel == "email":
        prepare()
    worker = new_worker(channel)
    limit = limit or current_app.config["OUTBOX_BATCH"]
    counts: dict[str, int] = {}
    known_failing = {
        row.key
        for row in db.session.execute(
            select(OutboxTransport).where(OutboxTransport.failures > 0)
        ).scalars()
    }
    try:
        for message_id in claim(channel, limit, worker):
            if stop is not None and stop.is_set():
                break
            status = deliver_one(message_id, worker, known_failing)
            if status is None:
                continue
            if status == TRANSPORT_DOWN:
                counts[PENDING] = counts.get(PENDING, 0) + 1
                break
            counts[status] = counts.get(status, 0) + 1
    finally:
        db.session.rollback()
        release(worker)
    return counts


def deliver_due(limit: int | None = None) -> dict[str, int]:
    """One round: SMS first, then e-mail. Returns counts per resulting status."""
    counts: dict[str, int] = {}
    for channel in CHANNELS:
        for status, number in deliver_lane(channel, limit).items():
            counts[status] = counts.get(status, 0) + number
    return counts


# -- housekeeping ------------------------------------------------------------------------------


def _lane_loop(app: Flask, channel: str, stop: threading.Event) -> None:
    with app.app_context():
        while not stop.is_set():
            try:
                counts = deliver_lane(channel, stop=stop)
            except Exception:
                db.session.rollback()
                log.exception("outbox %s round failed", channel)
                counts = {}
            finally:
                db.session.remove()
            if not counts:
                stop.wait(app.config["OUTBOX_POLL_SECONDS"])


PURGE_EVERY = 3600.0


def run(app: Flask, once: bool = False, stop: threading.Event | None = None) -> None:
    """Deliver until SIGTERM/SIGINT (or ``stop``); ``once``: one round, then return."""
    if once:
        with app.app_context():
            try:
                deliver_due()
            finally:
                db.session.remove()
        return
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    lanes = [
        threading.Thread(target=_lane_loop, args=(app, ch, stop), name=f"outbox-{ch}")
        for ch in CHANNELS
    ]
    for lane in lanes:
        lane.start()
    log.info("outbox deliverer started (pid %s)", os.getpid())
    next_purge = time.monotonic()
    while not stop.is_set():
        if time.monotonic() >= next_purge:
            next_purge = time.monotonic() + PURGE_EVERY
            with app.app_context():
                try:
                    purge()
                except Exception:
                    db.session.rollback()
                    log.exception("outbox purge failed")
                finally:
                    db.session.remove()
        stop.wait(1)
    for lane in lanes:
        lane.join()
    log.info("outbox deliverer stopped: current messages finished, the rest released")
