"""``flask --app porsche_web markets …``: the market teams' command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from porsche_web.markets.registry import current_registry

markets_cli = AppGroup("markets", help="Market plugins and the country sites they declare.")


@markets_cli.command("list")
def list_markets() -> None:
    """Print every market with its languages, currency and the plugin that declares it."""
    registry = current_registry()
    markets = registry.all()
    if not markets:
        click.echo("No markets: install a market plugin (see docs/market-plugins.md).")
    for market in markets:
        owner = registry.owner(market)
        click.echo(
            f"{market.code}  {market.name('en'):<24} {','.join(market.languages):<8} "
            f"{market.currency}  {market.timezone:<20} {owner.distribution} {owner.version}"
        )
    for problem in registry.problems:
        click.echo(f"switched off: {problem}", err=True)
