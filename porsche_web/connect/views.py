"""Views: the Connect Store of a country site (F3)."""

from __future__ import annotations

from flask import g, request

from porsche_web.connect import bp, catalogue
from porsche_web.connect.forms import StoreFilterForm
from porsche_web.connect.services import Unavailable, store_listing
from porsche_web.htmx import VALIDATION_ERROR_STATUS, render_page
from porsche_web.markets.registry import current_registry
from porsche_web.sites import SITE_PREFIX


@bp.get(f"{SITE_PREFIX}/store")
def store():
    chosen = "model" in request.args or "year" in request.args
    form = StoreFilterForm(formdata=request.args if chosen else None)
    listing = None
    status = 200
    if chosen:
        if form.validate():
            listing = store_listing(current_registry(), g.market, form.car)
        else:
            status = VALIDATION_ERROR_STATUS
    return render_page(
        "connect/store.html",
        block="store",
        status=status,
        form=form,
        listing=listing,
        track_your_dream=current_registry().track_your_dream(g.market),
        Unavailable=Unavailable,
        category_names=catalogue.CATEGORY_NAMES,
        drive_type_names=catalogue.DRIVE_TYPE_NAMES,
    )
