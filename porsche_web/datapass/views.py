"""Views: ``/<country>/<lang>/account/data-pass`` (each Data Pass and its registration, F18)
and "I have registered"."""

from __future__ import annotations

from flask import abort, flash, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from porsche_web import htmx
from porsche_web.accounts.auth import no_store
from porsche_web.activation import contracts
from porsche_web.audit.access import not_found
from porsche_web.clock import now
from porsche_web.datapass import bp, forms, services
from porsche_web.extensions import db
from porsche_web.ratelimit import limiter
from porsche_web.sites import SITE_PREFIX

PREFIX = f"{SITE_PREFIX}/account/data-pass"


@bp.get(PREFIX)
@login_required
def overview():
    return no_store(
        htmx.render_page(
            "datapass/overview.html",
            passes=services.data_passes(current_user.id),
            form=forms.ConfirmForm(),
        )
    )


@bp.post(f"{PREFIX}/<number>/registered")
@login_required
@limiter.limit("20 per minute")
def registered(number: str):
    form = forms.ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    changed = services.mark_by_customer(current_user.id, number[:40], now())
    if changed is None:
        not_found("data pass", contracts.activating_account(number[:40]))
    db.session.commit()
    flash(gettext("Thank you. Your Data Pass is registered."), "success")
    return htmx.redirect(url_for("datapass.overview"))
