"""Views: the chooser and the start page of a country site."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from porsche_web.countries import countries
from porsche_web.home import bp
from porsche_web.home.services import country_without_site, site_choices, suggest_site
from porsche_web.i18n import ui_language
from porsche_web.languages import accepted_values
from porsche_web.markets.registry import current_registry
from porsche_web.sites import SITE_PREFIX
from porsche_web.support.services import nearest_contacts


@bp.get("/")
def choose_market():
    registry = current_registry()
    markets = registry.all()
    accepted = accepted_values(request.accept_languages)
    suggestion = suggest_site(markets, accepted)
    missing = country_without_site(markets, accepted)
    names = dict(countries(ui_language()))
    return render_template(
        "home/choose_market.html",
        rows=site_choices(markets, ui_language()),
        suggestion=suggestion,
        missing_name=names.get(missing or ""),
        nearby=nearest_contacts(registry, missing, ui_language()) if missing else [],
    )


@bp.get("/<code:country>/")
def market_root(country: str):
    market = current_registry().get(country.lower())
    if market is None:
        names = dict(countries(ui_language()))
        if country.lower() not in names:
            abort(404)
        # A real country without a site (F24): its customers go through their Porsche partner.
        nearby = nearest_contacts(current_registry(), country.lower(), ui_language())
        page = render_template(
            "home/no_market.html", country_name=names[country.lower()], nearby=nearby
        )
        return page, 404
    return redirect(url_for("home.start", country=market.code, lang=market.default_language), 302)


@bp.get("/favicon.ico")
def favicon():
    return send_from_directory(
        current_app.static_folder, "img/favicon.svg", mimetype="image/svg+xml", max_age=86400
    )


@bp.get(f"{SITE_PREFIX}/")
def start():
    return render_template("home/start.html")
