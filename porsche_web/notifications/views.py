"""The development outbox viewer (``/dev/outbox``, ``/dev/outbox.json``) and the CLI."""

from __future__ import annotations

import json

import click
from flask import abort, current_app, jsonify, render_template
from flask.cli import AppGroup
from sqlalchemy import select

from porsche_web.extensions import db
from porsche_web.notifications import bp
from porsche_web.notifications.models import OutboxMessage
from porsche_web.notifications.services import links_in

outbox_cli = AppGroup("outbox", help="The e-mail and SMS outbox.")


@outbox_cli.command("deliver")
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
def deliver_command(once: bool) -> None:
    """Send queued e-mails and SMS (a loop; --once for one round)."""
    from porsche_web.notifications.deliver import run

    run(current_app._get_current_object(), once=once)


@outbox_cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@click.option("--check", is_flag=True, help="Exit 1 when messages are stuck, dead or unknown.")
def status_command(as_json: bool, check: bool) -> None:
    """Messages per status: pending (due now), sending, stuck, sent, sent-unknown, dead;
    and the transports that are paused."""
    from porsche_web.notifications.deliver import status_counts
    from porsche_web.notifications.models import OutboxTransport

    counts = status_counts()
    transports = [
        {
            "transport": row.key,
            "failures": row.failures,
            "paused_until": row.paused_until.isoformat() if row.paused_until else None,
            "last_error": row.last_error,
        }
        for row in db.session.execute(
            select(OutboxTransport).where(OutboxTransport.failures > 0)
        ).scalars()
    ]
    if as_json:
        click.echo(json.dumps({**counts, "failing_transports": transports}))
    else:
        for name in ("pending", "due", "sending", "stuck", "sent", "sent-unknown", "dead"):
            click.echo(f"{name:<13}{counts[name]}")
        for transport in transports:
            click.echo(
                f"transport {transport['transport']} failing ({transport['failures']}x), "
                f"paused until {transport['paused_until']}: {transport['last_error']}"
            )
    if check and (counts["stuck"] or counts["dead"] or counts["sent-unknown"]):
        raise SystemExit(1)


@outbox_cli.command("requeue")
@click.option("--id", "ids", type=int, multiple=True, help="Only this message (repeatable).")
@click.option(
    "--unknown", is_flag=True, help="Also messages whose delivery is unknown (may arrive twice)."
)
def requeue_command(ids: tuple[int, ...], unknown: bool) -> None:
    """Put dead messages back in the queue (after an outage), due now with fresh attempts."""
    from porsche_web.notifications.deliver import requeue

    click.echo(f"{requeue(ids, unknown=unknown)} messages queued again")


@outbox_cli.command("purge")
def purge_command() -> None:
    """Delete delivered and dead messages older than OUTBOX_RETENTION_DAYS (the deliverer
    also does this once an hour)."""
    from porsche_web.notifications.deliver import purge

    click.echo(f"{purge()} messages purged")


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


@bp.get("/dev/outbox")
def outbox():
    response = current_app.make_response(
        render_template("notifications/outbox.html", messages=[as_dict(m) for m in _messages()])
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/dev/outbox.json")
def outbox_json():
    response = jsonify(messages=[as_dict(m) for m in _messages()])
    response.headers["Cache-Control"] = "no-store"
    return response
