"""``flask vehicles …``: cars entering the system and their API tokens."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.vehicles import services

vehicles_cli = AppGroup("vehicles", help="Cars and their vehicle API tokens.")


@vehicles_cli.command("provision")
@click.option("--vin", required=True, help="The 17-character VIN.")
@click.option("--model", "model_id", required=True, help="Catalogue model id, e.g. taycan.")
@click.option("--year", type=int, required=True, help="Model year.")
@click.option("--market", required=True, help="Market code, e.g. se.")
def provision_command(vin: str, model_id: str, year: int, market: str) -> None:
    """Add a car; prints its API token once (only a hash is stored)."""
    try:
        vehicle, token = services.provision(vin, model_id, year, market.lower())
    except ValueError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    db.session.commit()
    click.echo(f"Vehicle {vehicle.vin} added. Its API token (shown once): {token}")


@vehicles_cli.command("rotate-token")
@click.argument("vin")
def rotate_command(vin: str) -> None:
    """Give a car a new API token; the old one stops working at once."""
    vehicle = services.find_by_vin(services.normalize_vin(vin))
    if vehicle is None:
        raise click.ClickException(f"No vehicle with VIN {vin}.")
    token = services.rotate_token(vehicle, clock.now())
    db.session.commit()
    click.echo(f"New API token for {vehicle.vin} (shown once): {token}")
