"""``flask sale apply-due``: the job that applies staff releases whose waiting period is over."""

from __future__ import annotations

import logging
import signal
import threading

import click
from flask.cli import AppGroup

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.sale import services

log = logging.getLogger("porsche_web.sale")

sale_cli = AppGroup("sale", help="Cars that change hands.")


@sale_cli.command("apply-due")
@click.option(
    "--every",
    type=click.IntRange(min=1),
    default=None,
    metavar="SECONDS",
    help="Keep running and look every SECONDS (stops cleanly on SIGTERM or Ctrl-C).",
)
def apply_due_command(every: int | None) -> None:
    """Apply the releases by staff whose waiting period is over and nobody objected to. Each is
    claimed atomically: running it twice, or two at once, applies a release once."""
    stop = threading.Event()
    if every:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    while True:
        try:
            applied = services.apply_due(clock.now())
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("release round failed")
            applied = 0
        if applied:
            log.info("vehicle releases applied: %d", applied)
        db.session.remove()
        if not every:
            click.echo(f"{applied} release(s) applied")
            return
        if stop.wait(every):
            return
