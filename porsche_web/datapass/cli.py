"""``flask datapass``: the providers' keys and the reminder job."""

from __future__ import annotations

import logging
import signal
import threading

import click
from flask.cli import AppGroup

from porsche_web.clock import now
from porsche_web.datapass import services
from porsche_web.extensions import db

log = logging.getLogger("porsche_web.datapass")

datapass_cli = AppGroup("datapass", help="The Data Pass hand-off to the providers.")


@datapass_cli.command("create-key")
@click.option("--market", required=True, help="The market's code, e.g. se.")
@click.option("--provider", required=True, help="The provider's name, as its plugin names it.")
def create_key(market: str, provider: str) -> None:
    """Print a new key for a Data Pass provider (shown once; only its hash is kept)."""
    try:
        row, key = services.create_api_key(market, provider)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    db.session.commit()
    click.echo(f"Key {row.id} for {row.provider} ({row.market}), shown once, keep it safe:")
    click.echo(key)


@datapass_cli.command("remind")
@click.option(
    "--every",
    type=click.IntRange(min=1),
    default=None,
    metavar="SECONDS",
    help="Keep running and look every SECONDS (stops cleanly on SIGTERM or Ctrl-C).",
)
def remind_command(every: int | None) -> None:
    """E-mail a reminder for each Data Pass still waiting 7 days after its activation (once)."""
    stop = threading.Event()
    if every:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    while True:
        try:
            sent = services.send_reminders(now())
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("Data Pass reminder round failed")
            sent = 0
        if sent:
            log.info("Data Pass reminders sent: %d", sent)
        db.session.remove()
        if not every:
            click.echo(f"{sent} Data Pass reminder(s) sent")
            return
        if stop.wait(every):
            return
