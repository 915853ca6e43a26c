"""``flask privacy exports``: the job that builds the customers' data exports."""

from __future__ import annotations

import logging
import signal
import threading

import click
from flask.cli import AppGroup

from porsche_web.extensions import db
from porsche_web.privacy import export

log = logging.getLogger("porsche_web.privacy")

privacy_cli = AppGroup("privacy", help="The privacy centre's background work.")


@privacy_cli.command("exports")
@click.option(
    "--every",
    type=click.IntRange(min=1),
    default=None,
    metavar="SECONDS",
    help="Keep running and look every SECONDS (stops cleanly on SIGTERM or Ctrl-C).",
)
def exports_command(every: int | None) -> None:
    """Build the requested data exports, e-mail their owners, delete the expired ones."""
    stop = threading.Event()
    if every:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    while True:
        try:
            built = export.build_due()
        except Exception:
            db.session.rollback()
            log.exception("data export round failed")
            built = 0
        if built:
            log.info("data exports built: %d", built)
        db.session.remove()
        if not every:
            click.echo(f"{built} data export(s) built")
            return
        if stop.wait(every):
            return
