"""Languages and locales: which catalog, which locale, and formatting for the site.

The locale of a request comes from the URL of a country site (``/se/sv/`` → ``sv_SE``), else
from ``?lang=`` on the pages outside the country sites, else from ``Accept-Language``.
Catalogs: each market plugin's own ``messages`` first, then the plugins' catalogs of the core's
messages for languages the core does not ship (``core``), the core's last (the core wins on a
clash, and the i18n check forbids plugins to reuse core message ids in their own code). A
market's plugin may still override core messages for that market's site only, in
``translations/<lang>/LC_MESSAGES/market-<cc>.po`` (:class:`SiteDomain`). Which languages the
site is served in is decided by :mod:`porsche_web.languages` (``LANGUAGES`` is set from it at
start).
"""

from __future__ import annotations

import functools
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import flask_babel
from babel import Locale, numbers, support
from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import Babel, Domain, get_locale
from jinja2 import pass_context, pass_eval_context
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from markupsafe import Markup

from porsche_web import languages
from porsche_web.languages import LanguageCatalog, core_translations_dir

if TYPE_CHECKING:
    from porsche_web.markets.registry import MarketRegistry

#: ``app.extensions`` key of the application's Flask-Babel domain.
DOMAIN_KEY = "porsche_web.babel_domain"


class SiteBabel(Babel):
    """Flask-Babel with one message domain per application.

    Flask-Babel keeps a single domain (and its cache of loaded catalogs) per ``Babel`` object;
    the site's catalogs depend on the plugins each application loaded (tests build many
    applications in one process), so each application gets the domain made for its catalogs.
    """

    @property
    def domain_instance(self) -> Domain:  # type: ignore[override]
        return current_app.extensions[DOMAIN_KEY]


babel = SiteBabel()


class SiteDomain(Domain):
    """The site's catalogs, plus the overrides a market's plugin ships for that market.

    :param overrides: (market code, language) → compiled override catalog
        (``<package>/translations/<lang>/LC_MESSAGES/market-<cc>.mo`` of the market's own plugin).

    On a page of a market's site (``g.market``) in a language it overrides, a message of the
    override catalog wins; every other message comes from the site's catalogs as usual.
    Elsewhere (other markets, pages outside the country sites, work without a request) the
    override is never used.
    """

    def __init__(
        self,
        translation_directories: list[str],
        domain: str,
        overrides: dict[tuple[str, str], Path] | None = None,
    ) -> None:
        super().__init__(translation_directories=translation_directories, domain=domain)
        self.overrides = dict(overrides or {})

    def get_translations(self):  # type: ignore[no-untyped-def]
        translations = self._site_translations()
        market = g.get("market") if has_request_context() else None
        locale = get_locale()
        if market is None or locale is None:
            return translations
        # the page's language: not a text forced into another one (an e-mail in the
        # customer's language sent from this page)
        path = self.overrides.get((market.code, g.lang))
        if path is None or locale.language != languages.url_code(g.lang):
            return translations
        key = ("override", str(locale), market.code)
        if key not in self.cache:
            with path.open("rb") as handle:
                override = support.Translations(handle)
            override.add_fallback(translations)
            self.cache[key] = override
        return self.cache[key]

    def _site_translations(self):  # type: ignore[no-untyped-def]
        """Flask-Babel's catalogs of the locale, also found for a language written in more
        than one script: ``zh_Hant_HK`` reads ``zh_Hant/`` (:func:`languages.catalog_locales`;
        gettext alone would look in ``zh_Hant_HK/`` and ``zh/`` only)."""
        locale = get_locale()
        if locale is None or not locale.script:
            return super().get_translations()
        cache = self.get_translations_cache(None)
        key = (str(locale), self.domain[0])
        if key not in cache:
            translations = support.Translations()
            wanted = languages.catalog_locales(str(locale))
            for index, dirname in enumerate(self.translation_directories):
                domain = self.domain[0] if len(self.domain) == 1 else self.domain[index]
                catalog = support.Translations.load(dirname, wanted, domain)
                translations.merge(catalog)
                if hasattr(catalog, "plural"):
                    translations.plural = catalog.plural
            cache[key] = translations
        return cache[key]


#: Domains by (directories, domain names, overrides): applications with the same catalogs share
#: one domain and its cache of loaded catalogs.
_domains: dict[tuple[object, ...], SiteDomain] = {}


def plugin_catalog_dirs(registry: MarketRegistry) -> list[tuple[str, Path]]:
    """(distribution, ``translations/`` folder) of every market plugin that ships catalogs."""
    return languages.plugin_catalog_dirs(
        (info.distribution, info.package_dir) for info in registry.plugins
    )


def language_completeness(registry: MarketRegistry) -> list[LanguageCatalog]:
    """Every installed catalog of the core's messages (the core's and the plugins') with how
    many of the core's messages it translates; ``markets list`` and ``markets check`` print it.
    A plugin's catalog is served only when complete (:func:`porsche_web.languages.site_languages`).
    """
    return languages.language_completeness(core_translations_dir(), plugin_catalog_dirs(registry))


def catalog_directories(registry: MarketRegistry) -> tuple[tuple[str, ...], str]:
    """Flask-Babel's translation directories and their domains, in load order (later wins)."""
    plugins = plugin_catalog_dirs(registry)
    own = sorted({path for _distribution, path in plugins})
    core_copies = sorted(
        {
            path
            for _distribution, path in plugins
            if languages.catalog_languages(path, languages.CORE_DOMAIN)
        }
    )
    directories = [*own, *core_copies, core_translations_dir()]
    domains = [
        *[languages.MESSAGES_DOMAIN] * len(own),
        *[languages.CORE_DOMAIN] * len(core_copies),
        languages.MESSAGES_DOMAIN,
    ]
    return tuple(str(path) for path in directories), ";".join(domains)


def market_overrides(registry: MarketRegistry) -> dict[tuple[str, str], Path]:
    """(market code, language) → the compiled override catalog of that market's own plugin,
    for each language the market is served in."""
    found: dict[tuple[str, str], Path] = {}
    for market in registry.all():
        package_dir = registry.owner(market).package_dir
        if package_dir is None:
            continue
        for language in market.languages:
            path = languages.catalog_path(
                package_dir / "translations",
                language,
                languages.overrides_domain(market.code),
                ".mo",
            )
            if path.is_file():
                found[market.code, language] = path
    return found


def offered_languages() -> list[str]:
    """The languages a page outside the country sites may speak: the site's, or fewer where a
    part of the site says so (the staff console: ``g.offered_languages``)."""
    return list(g.get("offered_languages") or current_app.config["LANGUAGES"])


def ui_language() -> str:
    """The language of the current page (``sv``)."""
    if "lang" in g:
        return g.lang
    offered = offered_languages()
    wanted = request.args.get("lang", "")
    if wanted in offered:
        return wanted
    if "lang_hint" in g:
        return g.lang_hint
    g.language_from_header = True  # the answer varies with Accept-Language (_vary_language)
    negotiated = languages.negotiate(request.accept_languages, offered)
    return negotiated or current_app.config["DEFAULT_LANGUAGE"]


def _vary_language(response: Response) -> Response:
    """``Vary: Accept-Language`` on an answer whose language came from that header (the pages
    outside the country sites), so no cache hands one browser's language to another."""
    if g.get("language_from_header"):
        response.vary.add("Accept-Language")
    return response


def select_locale() -> Locale:
    market = g.get("market")
    language = ui_language()
    return parsed_locale(market.locale(language) if market else language)


@functools.lru_cache(maxsize=512)
def parsed_locale(identifier: str) -> Locale:
    """``Locale.parse(identifier)``, once per identifier and process: Flask-Babel parses the
    selected locale on every request (~80 calls), and Babel's ``Locale`` does not change."""
    return Locale.parse(identifier)


def select_timezone() -> str | None:
    market = g.get("market")
    return market.timezone if market else None


def html_lang() -> str:
    """The full language tag of the page for ``<html lang>`` (``sv-SE`` on /se/sv/)."""
    market = g.get("market")
    language = ui_language()
    return market.language_tag(language) if market else languages.bcp47(language)


def format_moment(value) -> str:
    """A point in time as customers read it, with the date as the pages write dates
    (``format_date(…, "long")``): "29 november 2026 kl. 14:05"."""
    return flask_babel.gettext(
        "%(date)s at %(time)s",
        date=flask_babel.format_date(value, "long"),
        time=flask_babel.format_time(value, "short"),
    )


@pass_eval_context
def labelled(context: EvalContext, label: str) -> str:
    """A label before its value as the language punctuates it: ``Plan:`` in English,
    ``Forfait :`` (no-break space) in French, ``プラン：`` in Japanese. The value follows
    after a space in the template. In HTML ``label`` is escaped unless it is markup already;
    in a text e-mail it stays as written."""
    if context.autoescape:
        # our catalogs are trusted markup; the label is escaped by Markup's %
        return Markup(flask_babel.gettext("%(label)s:")) % {"label": label}  # noqa: S704
    return flask_babel.gettext("%(label)s:", label=label)


def version_label(version: str) -> str:
    """A text's version as customers read it (#19: no internal ids in customer text):
    ``"PorscheConnectDPG/SE/sv_SE/v3.8"`` → ``"3.8"``, the last part without its ``v``. The
    full id stays in the database, the consent records and the staff pages."""
    last = version.rstrip("/").rsplit("/", 1)[-1]
    return last[1:] if last[:1] in ("v", "V") and last[1:2].isdigit() else last


@functools.lru_cache(maxsize=256)
def language_name(language: str) -> str:
    """A language's name in that language, capitalised (``Svenska``, ``English``, ``Deutsch``);
    kept per language (CLDR does not change while the process runs; the header's language
    links ask on every page)."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def money(amount: Decimal | int | float, currency: str, *, exact: bool = False) -> str:
    """The one way the site writes an amount of money, in the page's locale.

    Price lists (the Connect Store, the offers of the activation, charging plans, totals) write
    a whole amount without decimals, as customers read prices: ``1 990 kr``, ``1.990 €``;
    an amount with a fraction keeps the currency's digits (``2,95 kr`` per kWh).
    ``exact=True`` is for invoices, credit notes and refunds, where every amount carries the
    currency's decimals: ``1 990,00 kr``, ``1.990,00 €``.
    """
    value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    if exact or value != value.to_integral_value():
        return flask_babel.format_currency(value, currency)
    # The locale's own currency pattern without its fraction ("#,##0.00 ¤" → "#,##0 ¤"), so
    # the symbol's place and spacing stay the locale's.
    pattern = get_locale().currency_formats["standard"].pattern.replace(".00", "")
    return flask_babel.format_currency(value, currency, format=pattern, currency_digits=False)


def percent(rate: Decimal | int | float) -> str:
    """A rate given in per cent (a VAT rate), in the page's locale: "25 %", "25%", "8,1 %"."""
    share = (Decimal(str(rate)) / 100).normalize()
    return numbers.format_percent(share, locale=get_locale(), decimal_quantization=False)


def page_translations() -> support.NullTranslations:
    """``flask_babel.get_translations()``, looked up once per request for what it depends on
    (the locale, Flask-Babel's domain, the page's market and language: a market's overrides)
    rather than on every ``_()`` of a template (~40 on My Porsche, each through the locale
    selector and the domain). A ``force_locale`` block, ``refresh()`` or another market or
    language changes that key, so the translations are looked up again."""
    try:
        state = g._get_current_object().__dict__
    except RuntimeError:  # no application context
        return flask_babel.get_translations()
    found = state.get("_page_translations")
    babel_state = state.get("_flask_babel")
    if found is not None and babel_state is not None:
        locale, domain, market, lang, translations = found
        if (
            getattr(babel_state, "babel_locale", None) is locale
            and getattr(babel_state, "babel_domain", None) is domain
            and state.get("market") is market
            and state.get("lang") == lang
        ):
            return translations
    translations = flask_babel.get_translations()
    babel_state = state.get("_flask_babel")
    locale = getattr(babel_state, "babel_locale", None)
    if locale is not None:
        state["_page_translations"] = (
            locale,
            getattr(babel_state, "babel_domain", None),
            state.get("market"),
            state.get("lang"),
            translations,
        )
    return translations


@pass_context
def template_gettext(context: Context, string: str, **variables: object) -> str:
    """``_("…", name=…)`` and ``gettext`` in templates, as Jinja's newstyle gettext does it:
    translated, marked safe where the template autoescapes (the variables are then escaped
    by ``%``), always formatted with the variables."""
    text = page_translations().ugettext(string)
    if context.eval_ctx.autoescape:
        return Markup(text) % variables  # noqa: S704  (our catalogs, as Jinja does)
    return text % variables


def init_app(app: Flask, registry: MarketRegistry) -> None:
    directories, domains = catalog_directories(registry)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(directories)
    app.config["BABEL_DOMAIN"] = domains
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["DEFAULT_LANGUAGE"]
    overrides = market_overrides(registry)
    key = (directories, domains, tuple(sorted(overrides.items())))
    if key not in _domains:
        _domains[key] = SiteDomain(list(directories), domains, overrides)
    app.extensions[DOMAIN_KEY] = _domains[key]
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.after_request(_vary_language)
    app.jinja_env.filters["bcp47"] = languages.bcp47
    # Flask-Babel's callables, with the translations looked up once per request
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: page_translations().ugettext(s),
        ngettext=lambda s, p, n: page_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: page_translations().unpgettext(c, s, p, n),
    )
    # ``_()`` straight to it: Jinja's alias resolves ``gettext`` and calls through the
    # context twice per message; what it returns is the same (newstyle: escaped, formatted).
    app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"] = template_gettext
    app.jinja_env.globals.update(
        get_locale=get_locale,
        html_lang=html_lang,
        ui_language=ui_language,
        language_name=language_name,
        # Dates, numbers and money in the site's locale; money only through money() (whole
        # prices "1 990 kr", exact=True on invoices "1 990,00 kr").
        format_date=flask_babel.format_date,
        format_datetime=flask_babel.format_datetime,
        format_moment=format_moment,
        format_decimal=flask_babel.format_decimal,
        money=money,
        percent=percent,
        version_label=version_label,
        labelled=labelled,
    )
