"""Views: support and privacy of a country site."""

from __future__ import annotations

from flask import g, render_template, request

from porsche_web.countries import countries
from porsche_web.home.services import site_choices
from porsche_web.htmx import VALIDATION_ERROR_STATUS, render_page
from porsche_web.i18n import ui_language
from porsche_web.markets.registry import current_registry
from porsche_web.sites import SITE_PREFIX
from porsche_web.support import bp
from porsche_web.support.forms import CountryFinderForm
from porsche_web.support.services import contact_directory, find_contact


@bp.get(f"{SITE_PREFIX}/support")
def support():
    registry = current_registry()
    language = ui_language()
    form = CountryFinderForm(formdata=request.args or None, countries=countries(language))
    answer = None
    status = 200
    if "country" in request.args:
        if form.validate():
            answer = find_contact(registry, form.country.data, language)
        else:
            status = VALIDATION_ERROR_STATUS
    return render_page(
        "support/support.html",
        block="finder",
        status=status,
        contact=registry.support_contact(g.market),
        partners=registry.partners(g.market),
        directory=contact_directory(registry, language),
        form=form,
        answer=answer,
    )


@bp.get("/privacy")
def privacy_index():
    """F26 before a country is chosen: each country site's privacy policy, in its languages
    (the footer of the pages without a site links here)."""
    rows = site_choices(current_registry().all(), ui_language())
    return render_template("support/privacy_index.html", rows=rows)


@bp.get(f"{SITE_PREFIX}/privacy")
def privacy():
    registry = current_registry()
    return render_template(
        "support/privacy.html",
        policy=registry.privacy_policy(g.market),
        contact=registry.support_contact(g.market),
    )
