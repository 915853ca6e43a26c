"""``flask privacy exports``: the job that builds the customers' data exports."""

from __future__ import annotations

import logging

from flask.cli import AppGroup

from porsche_web.ops.rounds import every_option, run_rounds
from porsche_web.privacy import export

log = logging.getLogger("porsche_web.privacy")

privacy_cli = AppGroup("privacy", help="The privacy centre's background work.")


@privacy_cli.command("exports")
@every_option
def exports_command(every: int | None) -> None:
    """Build the requested data exports, e-mail their owners, delete the expired ones."""
    run_rounds(every, export.build_due, log=log, done="{} data export(s) built")
