"""``flask staff create``: the first administrator of the staff console."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from porsche_web import validators
from porsche_web.extensions import db
from porsche_web.languages import STAFF_LANGUAGES
from porsche_web.notifications.services import url_context
from porsche_web.staff import services
from porsche_web.staff.models import ADMIN

staff_cli = AppGroup("staff", help="The staff console.")


@staff_cli.command("create")
@click.option("--email", required=True, help="The administrator's e-mail address.")
@click.option("--name", required=True, help="The administrator's name.")
@click.option("--language", default="en", type=click.Choice(STAFF_LANGUAGES))
def create_command(email: str, name: str, language: str) -> None:
    """Create an administrator; prints the single-use setup link (72 hours)."""
    if not validators.is_email(email.strip()):
        raise click.ClickException(f"{email!r} is not an e-mail address")
    if services.find_by_email(email) is not None:
        raise click.ClickException(f"a staff member with {email} exists")
    _, token = services.create_member(email, name, ADMIN, language=language)
    db.session.commit()
    with url_context():
        link = services.setup_url(token)
    click.echo(f"Administrator {email} created. Setup link (works once, 72 hours):")
    click.echo(link)
