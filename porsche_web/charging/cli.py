"""``flask charging``: the fulfilment partner's keys, the cards' status by hand and the round
that tells customers of a late card."""

from __future__ import annotations

import logging

import click
from flask.cli import AppGroup

from porsche_web import apikeys
from porsche_web.charging import services
from porsche_web.charging.models import STATUSES, ChargingCard
from porsche_web.clock import now
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.ops.rounds import every_option, run_rounds

log = logging.getLogger("porsche_web.charging")

charging_cli = AppGroup("charging", help="The Porsche Charging Service and its cards.")


@charging_cli.command("create-key")
@click.option("--market", required=True, help="The market whose cards the key moves, e.g. se.")
@click.option("--partner", required=True, help="The fulfilment partner's name.")
def create_key(market: str, partner: str) -> None:
    """Print a new key for the fulfilment partner of one market (shown once; only its hash is
    kept); it moves only that market's cards."""
    apikeys.print_new_key(
        lambda: services.create_api_key(market.strip().lower(), partner),
        lambda row: f"{row.partner} ({row.market})",
    )


@charging_cli.command("card-status")
@click.argument("card_id", type=int)
@click.argument("status", type=click.Choice(STATUSES))
def card_status(card_id: int, status: str) -> None:
    """Move the charging card CARD_ID to STATUS (ordered, shipped, delivered, activated)."""
    card = db.session.get(ChargingCard, card_id)
    if card is None:
        raise click.ClickException(f"There is no charging card {card_id}.")
    try:
        changed = services.change_status(card, status, now(), "cli")
    except services.InvalidTransition as exc:
        db.session.rollback()
        raise click.ClickException(
            f"The card is {exc.current}; it cannot become {exc.wanted}"
            + (f" (next: {exc.allowed})." if exc.allowed else ".")
        ) from None
    db.session.commit()
    click.echo(f"Card {card_id}: {card.status}" + ("" if changed else " (unchanged)"))


@charging_cli.command("cards")
def list_cards() -> None:
    """List the cards that are not voided, with their status."""
    rows = db.session.execute(
        db.select(ChargingCard).where(ChargingCard.status != "voided").order_by(ChargingCard.id)
    ).scalars()
    for card in rows:
        click.echo(f"{card.id}\t{card.order_number or card.vin}\t{card.plan_id}\t{card.status}")


def _remind() -> int:
    sent = services.send_late_notices(current_registry(), now())
    db.session.commit()
    return sent


@charging_cli.command("remind")
@every_option
def remind_command(every: int | None) -> None:
    """E-mail each customer whose charging card missed its promised day (once per card)."""
    run_rounds(every, _remind, log=log, done="{} late card notice(s) sent")
