"""``flask orders …`` and ``flask invitations …``."""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import click
from flask.cli import AppGroup

from porsche_web import apikeys
from porsche_web.extensions import db
from porsche_web.orders import invitations, runlock, services

orders_cli = AppGroup("orders", help="Orders from the dealer system.")
invitations_cli = AppGroup("invitations", help="Invitation e-mails (F4).")

#: The lock that lets one ``send-due`` run at a time (issue #20, item 19).
SEND_DUE_LOCK = "invitations.send-due"


@orders_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Import orders from a JSON file: all of them, or none when one is wrong."""
    try:
        items = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{file} is not a JSON file: {exc}") from exc
    try:
        created, updated = services.import_orders(items)
    except services.OrderInvalid as exc:
        db.session.rollback()
        for field, message in exc.errors.items():
            click.echo(f"  order {field}: {message}", err=True)
        raise click.ClickException(
            f"{len(exc.errors)} error(s) in {file}; nothing was imported."
        ) from exc
    db.session.commit()
    click.echo(f"Imported {created + updated} order(s): {created} new, {updated} updated.")


@orders_cli.command("create-key")
@click.option("--market", required=True, help="Market code, e.g. se.")
@click.option("--partner", "partner_id", required=True, help="Porsche Centre id of the market.")
def create_key_command(market: str, partner_id: str) -> None:
    """Create a dealer API key for one Porsche Centre; it is shown once."""
    apikeys.print_new_key(
        lambda: services.create_api_key(market.lower(), partner_id),
        lambda row: f"{row.partner_id} ({row.market})",
    )


def send_due_once() -> int | None:
    """One run of ``send-due``, committed, while no other run is under way: the number of
    invitations queued, or None when another run holds the lock (then nothing is done)."""
    with runlock.single_run(SEND_DUE_LOCK) as alone:
        if not alone:
            db.session.rollback()
            return None
        count = invitations.send_due()
        db.session.commit()
        return count


@invitations_cli.command("send-due")
def send_due_command() -> None:
    """Queue the invitation e-mails that are due (14 days before delivery, F4).

    One run at a time: while another run is under way, this one does nothing and says so.
    """
    count = send_due_once()
    if count is None:
        click.echo("Another send-due run is under way; nothing was done.")
        return
    click.echo(f"{count} invitation(s) queued.")


@invitations_cli.command("run")
@click.option("--every", default=300, show_default=True, help="Seconds between rounds.")
def run_command(every: int) -> None:
    """Send due invitations in a loop (the background scheduler of ``make run``)."""
    log = logging.getLogger("porsche_web.activation")
    while True:
        try:
            count = send_due_once()
            if count:
                log.info("invitations queued", extra={"count": count})
            elif count is None:
                log.info("invitation round skipped: another run is under way")
        except Exception:
            db.session.rollback()
            log.exception("invitation round failed")
        db.session.remove()
        time.sleep(every)
