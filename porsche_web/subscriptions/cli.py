"""``flask subscriptions remind``: the reminder e-mails 30 and 7 days before a service ends."""

from __future__ import annotations

import logging
import signal
import threading

import click
from flask.cli import AppGroup

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.subscriptions import services

log = logging.getLogger("porsche_web.subscriptions")

subscriptions_cli = AppGroup("subscriptions", help="My services' scheduled work.")


@subscriptions_cli.command("remind")
@click.option(
    "--every",
    type=click.IntRange(min=1),
    default=None,
    metavar="SECONDS",
    help="Keep running and look every SECONDS (stops cleanly on SIGTERM or Ctrl-C).",
)
def remind_command(every: int | None) -> None:
    """Queue the reminders due (each contract's once per kind and end date)."""
    stop = threading.Event()
    if every:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    while True:
        try:
            sent = services.send_reminders(clock.now())
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("reminder round failed")
            sent = 0
        if sent:
            log.info("service reminders queued: %d", sent)
        db.session.remove()
        if not every:
            click.echo(f"{sent} reminder(s) queued")
            return
        if stop.wait(every):
            return
