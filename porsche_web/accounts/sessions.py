"""Server-side sessions on our own table (SECURITY.md: sessions).

The cookie carries only a 256-bit random id; the table keeps its SHA-256, the session data, the
account it belongs to and its times. A session ends after 30 minutes without a request (idle)
or 12 hours after it began (absolute); logging out deletes the row, so a replayed cookie finds
nothing. :func:`rotate` gives the session a new id (login, step-up).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Request, Response, request, session
from flask.cli import AppGroup
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy import Select, bindparam, delete, insert, select, update
from werkzeug.datastructures import CallbackDict

from porsche_web import clock, csrf
from porsche_web.accounts.models import Account, WebSession
from porsche_web.extensions import db
from porsche_web.ops.rounds import every_option, run_rounds

log = logging.getLogger("porsche_web.accounts.sessions")

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
#: ``last_seen_at`` is written at most this often (idle timeout precision).
TOUCH_INTERVAL = timedelta(seconds=60)


def hash_sid(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


class ServerSession(CallbackDict, SessionMixin):
    def __init__(
        self,
        initial: dict[str, Any] | None = None,
        sid: str | None = None,
        created_at: datetime | None = None,
        last_seen_at: datetime | None = None,
    ) -> None:
        def on_update(self: ServerSession) -> None:
            self.modified = True

        super().__init__(initial, on_update)
        self.sid = sid
        self.created_at = created_at
        self.last_seen_at = last_seen_at
        self.modified = False
        self.rotate_requested = False
        self.old_sids: list[str] = []
        #: The session's account, read with it (``_session_row``), for ``load_account``.
        self.account: Account | None = None


def rotate() -> None:
    """Give the current session a new id (the old row is deleted when the response is saved)."""
    if isinstance(session, ServerSession):
        session.rotate_requested = True
        session.modified = True


def end() -> None:
    """End the current session (logout): its row is deleted; what is set afterwards (a flash
    message) goes into a new, anonymous session with a new id."""
    if isinstance(session, ServerSession):
        session.clear()
        session.rotate_requested = True


def current_sid_hash() -> str | None:
    sid = getattr(session, "sid", None)
    return hash_sid(sid) if sid else None


def purge_expired() -> int:
    """Delete the rows of sessions that can no longer be used (at each login, and by
    ``flask sessions purge``); indexes on both times keep it off a full scan."""
    now = clock.now()
    return (
        db.session.execute(
            delete(WebSession).where(
                (WebSession.last_seen_at < now - IDLE_TIMEOUT)
                | (WebSession.created_at < now - ABSOLUTE_TIMEOUT)
            )
        ).rowcount
        or 0
    )


def end_other_sessions(account_id: int, keep_sid_hash: str | None) -> int:
    """Delete every session of ``account_id`` except the one with ``keep_sid_hash``."""
    statement = delete(WebSession).where(WebSession.account_id == account_id)
    if keep_sid_hash:
        statement = statement.where(WebSession.sid_hash != keep_sid_hash)
    return db.session.execute(statement).rowcount or 0


@functools.cache
def _session_row() -> Select[Any]:
    """The statement that reads a session on every request of a visitor with a session cookie,
    built once (building it costs more Python than running it). It reads the session's account
    with it: the account enters the database session's identity map, so Flask-Login's
    ``load_account`` finds it there and a logged-in page asks no second statement for it."""
    return (
        select(WebSession.data, WebSession.created_at, WebSession.last_seen_at, Account)
        .outerjoin(Account, Account.id == WebSession.account_id)
        .where(WebSession.sid_hash == bindparam("sid_hash"))
    )


class ServerSessionInterface(SessionInterface):
    """Reads and writes through the request's own database session (``db.session``): one
    pooled connection per request, never a second one (issue #20, item 3). A visitor without
    a session costs no query; a row is written only once there is something to remember."""

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        sid = request.cookies.get(self.get_cookie_name(app))
        if not sid or len(sid) > 100:
            return ServerSession()
        row = db.session.execute(_session_row(), {"sid_hash": hash_sid(sid)}).first()
        if row is None:
            return ServerSession()
        now = clock.now()
        created, seen = row.created_at, row.last_seen_at
        if now - seen > IDLE_TIMEOUT or now - created > ABSOLUTE_TIMEOUT:
            fresh = ServerSession()
            fresh.old_sids.append(sid)  # deleted when this response is saved
            fresh.modified = True
            return fresh
        live = ServerSession(dict(row.data or {}), sid, created, seen)
        # Held for the request: the identity map keeps its objects only while someone does.
        live.account = row.Account
        return live

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:
        name = self.get_cookie_name(app)
        domain = self.get_cookie_domain(app)
        path = self.get_cookie_path(app)
        now = clock.now()
        old = list(session.old_sids)
        if session.sid and (session.rotate_requested or (session.modified and not session)):
            old.append(session.sid)  # a new id, or an emptied session: the old row goes
            session.sid = None
        touch = bool(
            session.sid and session.last_seen_at and now - session.last_seen_at > TOUCH_INTERVAL
        )
        if not old and not session.modified and not touch:
            return
        if not session and not old:
            return  # nothing to remember and nothing to forget: no row, no cookie
        # What the view left uncommitted would be thrown away at teardown: do it now, so the
        # commit below carries only the session.
        db.session.rollback()
        try:
            self._write(session, old, now)
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        if not session:
            response.delete_cookie(name, domain=domain, path=path)
            return
        if session.sid and not session.modified and not session.rotate_requested:
            return  # only last_seen_at moved
        response.set_cookie(
            name,
            session.sid,
            httponly=self.get_cookie_httponly(app),
            secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app),
            domain=domain,
            path=path,
        )
        response.vary.add("Cookie")

    @staticmethod
    def _write(session: ServerSession, old: list[str], now: datetime) -> None:
        for sid in old:
            db.session.execute(delete(WebSession).where(WebSession.sid_hash == hash_sid(sid)))
        if not session:
            return
        if session.sid and not session.modified:
            db.session.execute(
                update(WebSession)
                .where(WebSession.sid_hash == hash_sid(session.sid))
                .values(last_seen_at=now)
            )
            return
        account_id = session.get("_user_id")
        if session.sid is None:
            # The session's CSRF value is born with its row and kept until the next login
            # (porsche_web/csrf.py): parallel page loads never race to write a new one.
            session.setdefault(csrf.SESSION_KEY, csrf.new_session_value())
        values = {
            "data": dict(session),
            "account_id": int(account_id) if account_id else None,
            "last_seen_at": now,
        }
        if session.sid is None:
            session.sid = secrets.token_urlsafe(32)
            db.session.execute(
                insert(WebSession).values(
                    sid_hash=hash_sid(session.sid),
                    created_at=now,
                    user_agent=request.headers.get("User-Agent", "")[:300],
                    **values,
                )
            )
        else:
            db.session.execute(
                update(WebSession)
                .where(WebSession.sid_hash == hash_sid(session.sid))
                .values(**values)
            )


sessions_cli = AppGroup("sessions", help="Server-side sessions.")


def _purge() -> int:
    from porsche_web.accounts.services import throttle

    removed = purge_expired()
    counters = throttle.purge(clock.now())
    db.session.commit()
    log.info("sessions purged: %d (login counters: %d)", removed, counters)
    return removed


@sessions_cli.command("purge")
@every_option
def purge_command(every: int | None) -> None:
    """Delete idle (30 minutes) and expired (12 hours) sessions, and the wrong-password
    counters nobody has used for a day."""
    run_rounds(every, _purge, log=log, done="{} sessions purged")


def init_app(app: Flask) -> None:
    app.session_interface = ServerSessionInterface()
    app.cli.add_command(sessions_cli)
