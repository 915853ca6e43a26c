"""Staff sessions: their own cookie (``__Host-pw_staff``, SameSite=Strict, only for ``/staff``
pages in effect) holding a random id whose SHA-256 is a row of ``staff_sessions``. Separate from
the customers' session: Flask-Login never sees a staff member, and these helpers never look at a
Porsche ID.

A session is *pending* after the password (it reaches only the second-factor and enrolment
pages) and *full* after the second factor. Idle for :data:`IDLE` or older than :data:`MAX_AGE`,
it is over.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import current_app, g, redirect, request, url_for
from sqlalchemy import delete, select, update
from werkzeug.wrappers import Response

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.extensions import db
from porsche_web.staff.models import StaffMember, StaffSession

IDLE = timedelta(minutes=15)
MAX_AGE = timedelta(hours=10)


def cookie_name() -> str:
    return "pw_staff" if current_app.config["INSECURE_LOCAL_HTTP"] else "__Host-pw_staff"


def _row() -> StaffSession | None:
    if "staff_session" in g:
        return g.staff_session
    sid = request.cookies.get(cookie_name(), "")
    row = None
    if sid and len(sid) <= 100:
        row = db.session.execute(
            select(StaffSession).where(StaffSession.sid_hash == hashing.hash_token(sid))
        ).scalar_one_or_none()
        now = clock.now()
        if row is not None and (row.last_seen_at + IDLE <= now or row.created_at + MAX_AGE <= now):
            db.session.delete(row)
            db.session.commit()
            row = None
    g.staff_session = row
    return row


def session_row() -> StaffSession | None:
    """This browser's staff session (pending or full), for a passkey ceremony's challenge."""
    return _row()


def _member(row: StaffSession | None) -> StaffMember | None:
    if row is None:
        return None
    member = db.session.get(StaffMember, row.staff_id)
    return member if member is not None and member.active else None


def pending_member() -> StaffMember | None:
    """The member whose password was right in this browser (second factor or not)."""
    return _member(_row())


def current_member() -> StaffMember | None:
    """The signed-in member (password and second factor), or None."""
    row = _row()
    if row is None or row.second_factor_at is None:
        return None
    member = _member(row)
    if member is not None:
        now = clock.now()
        if now - row.last_seen_at > timedelta(seconds=30):
            row.last_seen_at = now
            db.session.commit()
    return member


def begin(member: StaffMember, response: Response) -> Response:
    """A new pending session for ``member`` (after the password); any old one of this browser
    ends."""
    end(response)
    sid = secrets.token_urlsafe(32)
    db.session.add(StaffSession(sid_hash=hashing.hash_token(sid), staff_id=member.id))
    db.session.commit()
    response.set_cookie(
        cookie_name(),
        sid,
        httponly=True,
        secure=not current_app.config["INSECURE_LOCAL_HTTP"],
        samesite="Strict",
        path="/",
    )
    return response


def complete() -> None:
    """The second factor was given: the pending session becomes a full one."""
    row = _row()
    if row is not None:
        db.session.execute(
            update(StaffSession)
            .where(StaffSession.id == row.id)
            .values(second_factor_at=clock.now(), last_seen_at=clock.now())
        )
        db.session.commit()


def end(response: Response) -> Response:
    row = _row()
    if row is not None:
        db.session.execute(delete(StaffSession).where(StaffSession.id == row.id))
        db.session.commit()
        g.staff_session = None
    response.delete_cookie(cookie_name(), path="/")
    return response


def end_all(member: StaffMember) -> None:
    db.session.execute(delete(StaffSession).where(StaffSession.staff_id == member.id))


def staff_required(*roles: str) -> Callable:
    """The view needs a signed-in member (of one of ``roles`` if given); else the sign-in page
    (or 404 for a member without the role: the page does not exist for them)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            member = current_member()
            if member is None:
                return redirect(url_for("staff.login"), 303)
            if roles and member.role not in roles:
                from flask import abort

                abort(404)
            g.staff = member
            g.lang_hint = member.language  # the console speaks the member's language
            return view(*args, **kwargs)

        return wrapped

    return decorate
