"""``flask subscriptions remind``: the reminder e-mails 30 and 7 days before a service ends."""

from __future__ import annotations

import logging

from flask.cli import AppGroup

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.ops.rounds import every_option, run_rounds
from porsche_web.subscriptions import services

log = logging.getLogger("porsche_web.subscriptions")

subscriptions_cli = AppGroup("subscriptions", help="My services' scheduled work.")


def _remind() -> int:
    sent = services.send_reminders(clock.now())
    db.session.commit()
    return sent


@subscriptions_cli.command("remind")
@every_option
def remind_command(every: int | None) -> None:
    """Queue the reminders due (each contract's once per kind and end date)."""
    run_rounds(every, _remind, log=log, done="{} reminder(s) queued")
