"""``flask outbox …``: run the deliverer, and the operators' commands."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from porsche_web.extensions import db

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
    from porsche_web.notifications.maintenance import status_counts
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
    from porsche_web.notifications.maintenance import requeue

    click.echo(f"{requeue(ids, unknown=unknown)} messages queued again")


@outbox_cli.command("purge")
def purge_command() -> None:
    """Delete delivered and dead messages older than OUTBOX_RETENTION_DAYS (the deliverer
    also does this once an hour)."""
    from porsche_web.notifications.maintenance import purge

    click.echo(f"{purge()} messages purged")
