"""Views: ``/<country>/<lang>/account/orders/<number>/track`` (the timeline, F19) and the
e-mail opt-in."""

from __future__ import annotations

from flask import abort, flash, g, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from porsche_web import htmx
from porsche_web.accounts.auth import no_store
from porsche_web.activation import contracts
from porsche_web.audit.access import not_found
from porsche_web.connect import catalogue
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.ratelimit import limiter
from porsche_web.sites import SITE_PREFIX
from porsche_web.tracking import bp, forms, services

PREFIX = f"{SITE_PREFIX}/account/orders/<number>/track"


def _own_order(number: str):
    order = services.owned_order(current_user.id, number[:40])
    if order is None or order.market != g.market.code:
        not_found("order", contracts.activating_account(number[:40]))
    return order


@bp.get(PREFIX)
@login_required
def timeline(number: str):
    order = _own_order(number)
    offered = current_registry().track_your_dream(g.market)
    return no_store(
        htmx.render_page(
            "tracking/timeline.html",
            order=order,
            model=catalogue.get_model(order.model_id),
            offered=offered,
            steps=services.timeline(order.id) if offered else [],
            subscribed=services.subscribed(current_user.id, order.id),
            form=forms.ConfirmForm(),
        )
    )


@bp.post(f"{PREFIX}/emails")
@login_required
@limiter.limit("20 per minute")
def emails(number: str):
    order = _own_order(number)
    form = forms.ConfirmForm()
    if not form.validate_on_submit() or not current_registry().track_your_dream(g.market):
        abort(400)
    wanted = request.form.get("emails") == "on"
    services.set_subscription(current_user.id, order.id, wanted)
    db.session.commit()
    flash(
        gettext("We will send you an e-mail at each new milestone.")
        if wanted
        else gettext("We will not send you e-mails about the milestones."),
        "success",
    )
    return htmx.redirect(url_for("tracking.timeline", number=order.order_number))
