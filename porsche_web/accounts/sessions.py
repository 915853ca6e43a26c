"""Server-side sessions on our own table (SECURITY.md: sessions).

The cookie carries only a 256-bit random id; the table keeps its SHA-256, the session data, the
account it belongs to and its times. A session ends after 30 minutes without a request (idle)
or 12 hours after it began (absolute); logging out deletes the row, so a replayed cookie finds
nothing. :func:`rotate` gives the session a new id (login, step-up).
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Request, Response, request, session
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy import delete, insert, select, update
from werkzeug.datastructures import CallbackDict

from porsche_web import clock
from porsche_web.accounts.models import WebSession
from porsche_web.extensions import db

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
    """Delete the rows of sessions that can no longer be used (run at each login)."""
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


class ServerSessionInterface(SessionInterface):
    def open_session(self, app: Flask, request: Request) -> ServerSession:
        sid = request.cookies.get(self.get_cookie_name(app))
        if not sid or len(sid) > 100:
            return ServerSession()
        with db.engine.connect() as connection:
            row = connection.execute(
                select(WebSession.data, WebSession.created_at, WebSession.last_seen_at).where(
                    WebSession.sid_hash == hash_sid(sid)
                )
            ).first()
        if row is None:
            return ServerSession()
        now = clock.now()
        created, seen = row.created_at, row.last_seen_at
        if now - seen > IDLE_TIMEOUT or now - created > ABSOLUTE_TIMEOUT:
            fresh = ServerSession()
            fresh.old_sids.append(sid)  # deleted when this response is saved
            fresh.modified = True
            return fresh
        return ServerSession(dict(row.data or {}), sid, created, seen)

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
        with db.engine.begin() as connection:
            for sid in old:
                connection.execute(delete(WebSession).where(WebSession.sid_hash == hash_sid(sid)))
            if not session:
                if old:
                    response.delete_cookie(name, domain=domain, path=path)
                return
            account_id = session.get("_user_id")
            values = {
                "data": dict(session),
                "account_id": int(account_id) if account_id else None,
                "last_seen_at": now,
            }
            if session.sid is None:
                session.sid = secrets.token_urlsafe(32)
                connection.execute(
                    insert(WebSession).values(
                        sid_hash=hash_sid(session.sid),
                        created_at=now,
                        user_agent=request.headers.get("User-Agent", "")[:300],
                        **values,
                    )
                )
            elif session.modified:
                connection.execute(
                    update(WebSession)
                    .where(WebSession.sid_hash == hash_sid(session.sid))
                    .values(**values)
                )
            else:
                connection.execute(
                    update(WebSession)
                    .where(WebSession.sid_hash == hash_sid(session.sid))
                    .values(last_seen_at=now)
                )
                return
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


def init_app(app: Flask) -> None:
    app.session_interface = ServerSessionInterface()
