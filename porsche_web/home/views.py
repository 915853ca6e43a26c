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
from porsche_web.home.services import site_choices, suggest_site
from porsche_web.i18n import ui_language
from porsche_web.markets.registry import current_registry
from porsche_web.sites import SITE_PREFIX


@bp.get("/")
def choose_market():
    markets = current_registry().all()
    accepted = [value for value, _quality in request.accept_languages]
    return render_template(
        "home/choose_market.html",
        rows=site_choices(markets, ui_language()),
        suggestion=suggest_site(markets, accepted),
    )


@bp.get("/<code:country>/")
def market_root(country: str):
    market = current_registry().get(country.lower())
    if market is None:
        names = dict(countries(ui_language()))
        if country.lower() not in names:
            abort(404)
        # A real country without a site (F24): its customers go through their Porsche partner.
        page = render_template("home/no_market.html", country_name=names[country.lower()])
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
