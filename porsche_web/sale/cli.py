"""``flask sale apply-due``: the job that applies staff releases whose waiting period is over."""

from __future__ import annotations

import logging

from flask.cli import AppGroup

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.ops.rounds import every_option, run_rounds
from porsche_web.sale import services

log = logging.getLogger("porsche_web.sale")

sale_cli = AppGroup("sale", help="Cars that change hands.")


def _apply_due() -> int:
    applied = services.apply_due(clock.now())
    db.session.commit()
    return applied


@sale_cli.command("apply-due")
@every_option
def apply_due_command(every: int | None) -> None:
    """Apply the releases by staff whose waiting period is over and nobody objected to. Each is
    claimed atomically: running it twice, or two at once, applies a release once."""
    run_rounds(every, _apply_due, log=log, done="{} release(s) applied")
