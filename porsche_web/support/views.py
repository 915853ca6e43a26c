"""Views: support and privacy of a country site."""

from __future__ import annotations

from flask import g, render_template

from porsche_web.markets.registry import current_registry
from porsche_web.sites import SITE_PREFIX
from porsche_web.support import bp


@bp.get(f"{SITE_PREFIX}/support")
def support():
    contact = current_registry().support_contact(g.market)
    return render_template("support/support.html", contact=contact)


@bp.get(f"{SITE_PREFIX}/privacy")
def privacy():
    return render_template("support/privacy.html")
