"""The development outbox viewer (``/dev/outbox``, ``/dev/outbox.json``) and the CLI."""

from __future__ import annotations

from flask import abort, current_app, jsonify, render_template
from sqlalchemy import select

from porsche_web.extensions import db
from porsche_web.notifications import bp
from porsche_web.notifications.models import OutboxMessage
from porsche_web.notifications.services import links_in


@bp.before_request
def _only_when_enabled():
    if not current_app.config["OUTBOX_VIEWER"]:
        abort(404)


def _messages(limit: int = 200) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    return list(db.session.execute(query).scalars())


def as_dict(message: OutboxMessage) -> dict:
    return {
        "id": message.id,
        "channel": message.channel,
        "to": message.to_address,
        "subject": message.subject,
        "text": message.text_body,
        "links": links_in(message.text_body),
        "created_at": message.created_at.isoformat() if message.created_at else None,
        "sent_at": message.sent_at.isoformat() if message.sent_at else None,
        "status": message.status,
        "attempts": message.attempts,
    }


def _prepared() -> None:
    """What the deliverer would send next is shown too: its preparation of deferred requests
    (reset links …) runs first (development only: the viewer is off in production)."""
    from porsche_web.notifications.deliver import prepare

    prepare()


@bp.get("/dev/outbox")
def outbox():
    _prepared()
    response = current_app.make_response(
        render_template("notifications/outbox.html", messages=[as_dict(m) for m in _messages()])
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/dev/outbox.json")
def outbox_json():
    _prepared()
    response = jsonify(messages=[as_dict(m) for m in _messages()])
    response.headers["Cache-Control"] = "no-store"
    return response
