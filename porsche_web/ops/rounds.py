"""Scheduled commands' rounds, written once: run a job now, or with ``--every SECONDS`` keep
running it until SIGTERM or Ctrl-C (``make run``, ``make serve`` and the units of a deployment
run them so).

A command is a job (a function that does one round's work, commits it and answers how many
things it handled) and its words::

    @group.command("remind")
    @every_option
    def remind_command(every: int | None) -> None:
        run_rounds(every, lambda: send_reminders(clock.now()), log=log,
                   done="{} reminder(s) queued")

A round that fails is rolled back and logged; the next round tries again. The database session
is removed after every round (a long-running process holds no connection while it waits).
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable

import click

from porsche_web.extensions import db

every_option = click.option(
    "--every",
    type=click.IntRange(min=1),
    default=None,
    metavar="SECONDS",
    help="Keep running and look every SECONDS (stops cleanly on SIGTERM or Ctrl-C).",
)


def run_rounds(
    every: int | None, job: Callable[[], int], *, log: logging.Logger, done: str
) -> None:
    """Run ``job`` once (print ``done`` with its count), or every ``every`` seconds until
    SIGTERM/SIGINT (log the rounds that handled something).

    :param every: seconds between rounds, or ``None`` for one round.
    :param job: one round: does the work, commits, returns how many things it handled.
    :param log: the feature's logger.
    :param done: what a round did, with ``{}`` for the count (``"{} reminder(s) queued"``).
    """
    stop = threading.Event()
    if every:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    while True:
        try:
            handled = job()
        except Exception:
            db.session.rollback()
            log.exception("round failed: %s", done.format("?"))
            handled = 0
        if handled:
            log.info(done.format(handled))
        db.session.remove()
        if not every:
            click.echo(done.format(handled))
            return
        if stop.wait(every):
            return
