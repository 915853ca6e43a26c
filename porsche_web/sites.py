"""Country sites: every customer page lives under ``/<country>/<lang>/``.

Any blueprint whose URLs start with ``/<country>/<lang>`` (use :data:`SITE_PREFIX`) gets, for
free: the market and language checked (unknown → localized 404), ``g.market`` and ``g.lang`` set,
and ``url_for`` filling ``country``/``lang`` from the current page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, abort, current_app, g, redirect, request
from werkzeug.routing import BaseConverter

from porsche_web.i18n import offered_languages
from porsche_web.languages import url_code
from porsche_web.markets.registry import current_registry
from porsche_web.markets.types import Market

SITE_PREFIX = "/<code:country>/<code:lang>"


class CodeConverter(BaseConverter):
    """A two-letter code (country or language; a language's script is not in the address,
    see :func:`porsche_web.languages.url_code`); case is fixed by a redirect, not by routing."""

    regex = "[A-Za-z]{2}"


#: The largest row id the database's integer primary keys hold.
MAX_ROW_ID = 2**31 - 1


class IdConverter(BaseConverter):
    """A row id in a URL (``<id:vehicle_id>``). Digits beyond the database's integer range
    become 0, which no row has, so the view's own "not found" answers (PostgreSQL would refuse
    the query with an error)."""

    regex = r"\d{1,30}"

    def to_python(self, value: str) -> int:
        number = int(value)
        return number if number <= MAX_ROW_ID else 0

    def to_url(self, value: int) -> str:
        return str(int(value))


def _shipped_language(code: str) -> str | None:
    """The first site language whose address code is ``code`` (for pages outside a market)."""
    return next((lang for lang in current_app.config["LANGUAGES"] if url_code(lang) == code), None)


def _pull_site(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if not values or "country" not in values or "lang" not in values:
        return
    country, code = values.pop("country"), values.pop("lang")
    if country != country.lower() or code != code.lower():
        g.redirect_to = request.path.replace(
            f"/{country}/{code}", f"/{country.lower()}/{code.lower()}", 1
        )
        return
    market = current_registry().get(country)
    # the address names the language without its script: the market knows which it serves
    lang = market.site_language(code) if market is not None else None
    hint = lang if lang in current_app.config["LANGUAGES"] else _shipped_language(code)
    if hint is not None:
        g.lang_hint = hint  # the 404 page speaks the language the URL asked for
    if market is not None and lang is not None and waiting_for_catalog(market, lang):
        if request.method not in ("GET", "HEAD"):
            abort(404)
        # An official language without its catalog yet: the same page in the market's default
        # language, for now (302: the address becomes this language's own once it ships).
        g.market, g.lang = market, market.default_language
        g.redirect_to = request.path.replace(
            f"/{country}/{code}", f"/{country}/{url_code(market.default_language)}", 1
        )
        g.redirect_status = 302
        return
    if market is None or lang is None or lang not in market.languages:
        abort(404)
    g.market, g.lang = market, lang


def _add_site(endpoint: str, values: dict[str, Any]) -> None:
    # every url_for passes here: nothing to fill or rewrite outside a site without a language
    if "market" not in g and "lang" not in values:
        return
    if not current_app.url_map.is_endpoint_expecting(endpoint, "country"):
        return
    if "market" in g:
        values.setdefault("country", g.market.code)
        values.setdefault("lang", g.lang)
    if isinstance(values.get("lang"), str):
        values["lang"] = url_code(values["lang"])  # /hk/zh/ for zh_Hant


def _redirect_if_asked() -> Any:
    if "redirect_to" in g:
        query = request.query_string.decode("latin-1")
        return redirect(
            g.redirect_to + (f"?{query}" if query else ""), g.get("redirect_status", 301)
        )
    return None


def waiting_for_catalog(market: Market, lang: str) -> bool:
    """Whether ``lang`` is an official language of ``market`` that is not served yet, because
    no complete catalog of the core's messages ships for it (``/ch/fr/`` before French ships)."""
    return lang in market.official_languages and lang not in market.languages


def current_market() -> Market | None:
    return g.get("market")


def switch_language_url(language: str) -> str:
    """This page in another language: ``/se/sv/x?y`` → ``/se/en/x?y`` (the same endpoint with
    the same arguments and query, repeated keys included); elsewhere ``?lang=``."""
    query = list(request.args.items(multi=True))
    market = current_market()
    if market is not None:
        prefix = f"/{market.code}/{url_code(g.lang)}"
        path = f"/{market.code}/{url_code(language)}" + request.path[len(prefix) :]
    else:
        path = request.path
        query = [(key, value) for key, value in query if key != "lang"] + [("lang", language)]
    return path + (f"?{urlencode(query)}" if query else "")


def adopt_site_from_path() -> None:
    """On an error page, take the market and language from the path when they are valid.

    A 404 inside a real site (``/se/sv/no-such-page``) then keeps that site's shell and language.
    """
    if "market" in g:
        return
    parts = request.path.split("/")
    if len(parts) < 3:
        return
    market = current_registry().get(parts[1])
    language = market.site_language(parts[2]) if market is not None else None
    if market is not None and language in market.languages:
        g.market, g.lang = market, language
    elif (hint := _shipped_language(parts[2])) is not None:
        g.lang_hint = hint


#: A language switch with more languages than this is a disclosure ("English (change)") rather
#: than a row of links: the pages outside the country sites offer every language.
LANGUAGE_LINKS_MAX = 5


def site_languages() -> list[str]:
    """The languages the language switch offers on this page."""
    market = current_market()
    return list(market.languages) if market else offered_languages()


def init_app(app: Flask) -> None:
    app.url_map.converters["code"] = CodeConverter
    app.url_map.converters["id"] = IdConverter
    app.url_value_preprocessor(_pull_site)
    app.url_defaults(_add_site)
    app.before_request(_redirect_if_asked)
    app.jinja_env.globals.update(
        current_market=current_market,
        switch_language_url=switch_language_url,
        site_languages=site_languages,
        language_links_max=LANGUAGE_LINKS_MAX,
    )
