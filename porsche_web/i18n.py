"""Languages and locales: which catalog, which locale, and formatting for the site.

The locale of a request comes from the URL of a country site (``/se/sv/`` → ``sv_SE``), else
from ``?lang=`` on the pages outside the country sites, else from ``Accept-Language``.
Catalogs: each market plugin's ``translations/`` first, the core's last (the core wins on a
clash, and a test forbids plugins to redefine core messages).
"""

from __future__ import annotations

from pathlib import Path

import flask_babel
from babel import Locale
from flask import Flask, current_app, g, request
from flask_babel import get_locale

from porsche_web.extensions import babel
from porsche_web.markets.registry import MarketRegistry

PACKAGE_DIR = Path(__file__).resolve().parent


def core_translations_dir() -> Path:
    """The core catalogs: compiled into the package in a wheel, ``translations/`` in a checkout."""
    packaged = PACKAGE_DIR / "translations"
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / "translations"


def plugin_translations_dirs(registry: MarketRegistry) -> list[Path]:
    """``translations/`` folders shipped inside the market plugin packages (by convention)."""
    found = {
        info.package_dir / "translations"
        for info in registry.plugins
        if info.package_dir and (info.package_dir / "translations").is_dir()
    }
    return sorted(found)


def ui_language() -> str:
    """The language of the current page (``sv``)."""
    if "lang" in g:
        return g.lang
    languages = current_app.config["LANGUAGES"]
    wanted = request.args.get("lang", "")
    if wanted in languages:
        return wanted
    if "lang_hint" in g:
        return g.lang_hint
    return request.accept_languages.best_match(languages) or current_app.config["DEFAULT_LANGUAGE"]


def select_locale() -> str:
    market = g.get("market")
    language = ui_language()
    return market.locale(language) if market else language


def select_timezone() -> str | None:
    market = g.get("market")
    return market.timezone if market else None


def html_lang() -> str:
    """The full language tag of the page for ``<html lang>`` (``sv-SE`` on /se/sv/)."""
    market = g.get("market")
    language = ui_language()
    return market.language_tag(language) if market else language


def format_moment(value) -> str:
    """A point in time as customers read it, with the date as the pages write dates
    (``format_date(…, "long")``): "29 november 2026 kl. 14:05"."""
    return flask_babel.gettext(
        "%(date)s at %(time)s",
        date=flask_babel.format_date(value, "long"),
        time=flask_babel.format_time(value, "short"),
    )


def language_name(language: str) -> str:
    """A language's name in that language, capitalised (``Svenska``, ``English``, ``Deutsch``)."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def init_app(app: Flask, registry: MarketRegistry) -> None:
    directories = [*plugin_translations_dirs(registry), core_translations_dir()]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(str(path) for path in directories)
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["DEFAULT_LANGUAGE"]
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.globals.update(
        get_locale=get_locale,
        html_lang=html_lang,
        ui_language=ui_language,
        language_name=language_name,
        # Dates, numbers and money in the site's locale (sv_SE: "1 234,50 kr").
        format_date=flask_babel.format_date,
        format_datetime=flask_babel.format_datetime,
        format_moment=format_moment,
        format_decimal=flask_babel.format_decimal,
        format_currency=flask_babel.format_currency,
    )
