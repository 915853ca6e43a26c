"""``flask datapass``: the providers' keys and the reminder job."""

from __future__ import annotations

import logging

import click
from flask.cli import AppGroup

from porsche_web import apikeys
from porsche_web.clock import now
from porsche_web.datapass import services
from porsche_web.extensions import db
from porsche_web.ops.rounds import every_option, run_rounds

log = logging.getLogger("porsche_web.datapass")

datapass_cli = AppGroup("datapass", help="The Data Pass hand-off to the providers.")


@datapass_cli.command("create-key")
@click.option("--market", required=True, help="The market's code, e.g. se.")
@click.option("--provider", required=True, help="The provider's name, as its plugin names it.")
def create_key(market: str, provider: str) -> None:
    """Print a new key for a Data Pass provider (shown once; only its hash is kept)."""
    apikeys.print_new_key(
        lambda: services.create_api_key(market, provider),
        lambda row: f"{row.provider} ({row.market})",
    )


def _remind() -> int:
    sent = services.send_reminders(now())
    db.session.commit()
    return sent


@datapass_cli.command("remind")
@every_option
def remind_command(every: int | None) -> None:
    """E-mail a reminder for each Data Pass still waiting 7 days after its activation (once)."""
    run_rounds(every, _remind, log=log, done="{} Data Pass reminder(s) sent")
