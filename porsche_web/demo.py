"""Demo data for ``make run``: ``flask --app porsche_web demo seed`` (idempotent).

Feature packages add a seeder with :func:`seeder`; each seeder must be safe to run again
(look up before insert). Demo data is sample data, never real customers.
"""

from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import AppGroup

from porsche_web.extensions import db

Seeder = Callable[[], str]
SEEDERS: list[Seeder] = []

demo_cli = AppGroup("demo", help="Demo data for development and QA.")


def seeder(function: Seeder) -> Seeder:
    """Register ``function`` as a demo seeder; it returns a one-line summary of what it did."""
    SEEDERS.append(function)
    return function


@demo_cli.command("seed")
def seed() -> None:
    """Create the demo data (again: nothing is duplicated)."""
    if not SEEDERS:
        click.echo("No demo data to seed yet: the features that own data add their seeders.")
    for function in SEEDERS:
        click.echo(function())
        db.session.commit()
