"""``flask --app porsche_web markets …``: the market teams' command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from porsche_web.languages import CORE_PROVIDER, LanguageCatalog
from porsche_web.markets.manager import PluginProblem
from porsche_web.markets.registry import MarketRegistry, current_registry

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
    click.echo("languages: " + ", ".join(_language_labels(registry)))
    for line in _waiting_lines(registry):
        click.echo(line)
    for problem in registry.problems:
        click.echo(f"{'switched off: ' if problem.is_error else ''}{problem}", err=True)


def _language_labels(registry: MarketRegistry) -> list[str]:
    """The site languages with who ships their catalog of the core's messages (``pt
    (porsche-market-br)``); the core's are plain."""
    providers: dict[str, list[str]] = {}
    for catalog in registry.language_catalogs:
        if catalog.complete and catalog.provider != CORE_PROVIDER:
            providers.setdefault(catalog.language, []).append(catalog.provider)
    return [
        f"{language} ({', '.join(providers[language])})" if language in providers else language
        for language in registry.languages
    ]


def _waiting_lines(registry: MarketRegistry, codes: tuple[str, ...] = ()) -> list[str]:
    """One line per official language that waits for a complete catalog of the core's
    messages, with the markets it would serve (``language fr: waiting for a catalog (be,
    ch, fr)``); its addresses lead to the market's default language meanwhile."""
    lines = []
    for language, markets in registry.waiting_languages().items():
        mine = [code for code in markets if not codes or code in codes]
        if mine:
            lines.append(
                f"language {language}: official in {', '.join(mine)}, not served: "
                f"{registry.why_not_served(language)} (waiting for a complete, compiled "
                f"translations/{language}/LC_MESSAGES/messages.po; meanwhile /<country>/"
                f"{language}/ leads to the market's default language)"
            )
    return lines


@markets_cli.command("check")
@click.argument("codes", nargs=-1)
def check(codes: tuple[str, ...]) -> None:
    """Validate every installed market (or only CODES); exit 1 on an error.

    Each line names the distribution, the entry point, the market and the field; warnings are
    printed too but do not fail the check. Each installed language is listed with the share of
    the core's messages its catalog translates.
    """
    from porsche_web.i18n import core_translations_dir, language_completeness
    from porsche_web.markets.check import check_markets

    registry = current_registry()
    codes = tuple(code.lower() for code in codes)
    problems = check_markets(registry, core_translations_dir(), codes)
    errors: list[object] = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    checked = [m for m in registry.all() if not codes or m.code in codes]
    owners = {registry.owner(market).distribution for market in checked}
    for catalog in language_completeness(registry):
        click.echo(f"language {catalog}")
        mine = catalog.provider in owners if codes else catalog.provider != CORE_PROVIDER
        if mine and not catalog.complete:
            errors.append(_catalog_problem(registry, catalog))
    for line in _waiting_lines(registry, codes):
        click.echo(line)
    for problem in errors + warnings:
        click.echo(str(problem), err=True)
    noted = f", {len(warnings)} warning(s)" if warnings else ""
    if errors:
        raise SystemExit(f"markets check: {len(errors)} problem(s){noted}")
    click.echo(f"markets check: {len(checked)} market(s), no problems{noted}")


def _catalog_problem(registry: MarketRegistry, catalog: LanguageCatalog) -> PluginProblem:
    """A plugin's catalog of the core's messages that cannot be served, and why: named like
    every other line of the check (distribution, entry point, the markets that declare the
    language, the field ``translations.<lang>.core``)."""
    entry_points = sorted(
        {info.name for info in registry.plugins if info.distribution == catalog.provider}
    )
    markets = [
        market.code
        for market in registry.all()
        if registry.owner(market).distribution == catalog.provider
        and catalog.language in (*market.official_languages, *market.languages)
    ]
    field = f"translations.{catalog.language}.{catalog.path.stem}"
    if catalog.missing:
        shown = ", ".join(repr(msgid) for msgid in catalog.missing[:3])
        more = f" and {len(catalog.missing) - 3} more" if len(catalog.missing) > 3 else ""
        message = (
            f"{len(catalog.missing)} of the core's {catalog.total} messages are not "
            f"translated ({shown}{more}); {catalog.language} is not served "
            f"(python tools/i18n.py update --plugin {catalog.provider})"
        )
    else:
        message = "not compiled (python tools/i18n.py compile)"
    return PluginProblem(
        catalog.provider, ", ".join(entry_points) or "-", field, message, ", ".join(markets)
    )


@markets_cli.command("new")
@click.argument("code")
@click.option(
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("plugins"),
    show_default=True,
    help="Where the distribution folder is made.",
)
def new(code: str, directory: Path) -> None:
    """Make a new market plugin distribution for the country CODE (ISO 3166-1 alpha-2)."""
    from flask import current_app

    from porsche_web.markets.scaffold import ScaffoldError, create

    if current_registry().get(code.lower()) is not None:
        owner = current_registry().owner(code.lower())
        raise click.ClickException(f"market {code.lower()} exists already in {owner.distribution}")
    try:
        root = create(code, directory, current_app.config["LANGUAGES"])
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"made {root}; install it with: pip install -e {root}")
