"""Demo data for ``make run``: ``flask --app porsche_web demo seed`` (idempotent).

Features add their demo data by implementing the internal hook ``core_demo_seed``
(``porsche_web/hooks.py``); each must be safe to run again (look up before insert). Demo data is
sample data, never real customers.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from porsche_web.extensions import db
from porsche_web.hooks import current_hooks

demo_cli = AppGroup("demo", help="Demo data for development and QA.")


@demo_cli.command("seed")
def seed() -> None:
    """Create the demo data (again: nothing is duplicated)."""
    summaries = current_hooks().demo_seed()
    if not summaries:
        click.echo("No demo data to seed: no feature implements core_demo_seed.")
    for summary in summaries:
        click.echo(summary)
    db.session.commit()
