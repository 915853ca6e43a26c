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


@markets_cli.command("check")
@click.argument("codes", nargs=-1)
def check(codes: tuple[str, ...]) -> None:
    """Validate every installed market (or only CODES); exit 1 naming plugin, market and field."""
    from porsche_web.i18n import core_translations_dir
    from porsche_web.markets.check import check_markets

    registry = current_registry()
    problems = check_markets(registry, core_translations_dir(), codes)
    for problem in problems:
        click.echo(str(problem), err=True)
    checked = [m for m in registry.all() if not codes or m.code in codes]
    if problems:
        raise SystemExit(f"markets check: {len(problems)} problem(s)")
    click.echo(f"markets check: {len(checked)} market(s), no problems")
