"""Views: ``/<country>/<lang>/account/privacy`` and the consents' withdraw and give-again
pages."""

from __future__ import annotations

from flask import abort, flash, g, make_response, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from porsche_web import htmx
from porsche_web.accounts.auth import no_store
from porsche_web.activation import consents
from porsche_web.activation.models import PARTNER_CONSENT
from porsche_web.audit.access import not_found
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.privacy import bp, export, forms, policy, services
from porsche_web.ratelimit import limiter
from porsche_web.sites import SITE_PREFIX

PREFIX = f"{SITE_PREFIX}/account/privacy"
FORM_LIMIT = "20 per minute"
#: Where a consent was given or withdrawn, as the customer reads it.
CHANNEL_NAMES = {
    consents.Channel.ACTIVATION: _l("During the activation of your order"),
    consents.Channel.NEXT_STEPS: _l("On the page Your next steps"),
    consents.Channel.PRIVACY_CENTRE: _l("On this page"),
    consents.Channel.CUSTOMER_SERVICE: _l("By customer service, at your request"),
}


@bp.get(f"{PREFIX}")
@login_required
def overview():
    return no_store(
        htmx.render_page(
            "privacy/overview.html",
            consents=consents.consents_of(current_user),
            kept=services.data_we_keep(),
            policy=current_registry().privacy_policy(g.market),
            channel_names=CHANNEL_NAMES,
            export=export.latest_of(current_user),
        )
    )


@bp.post(f"{PREFIX}/export")
@login_required
@limiter.limit("5 per hour")
def request_export():
    form = forms.ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    export.request_export(current_user, g.market.code, g.lang)
    flash(
        gettext(
            "We are putting your data together. We will send you an e-mail when you can "
            "download it, usually within a few minutes."
        ),
        "success",
    )
    return htmx.redirect(url_for("privacy.overview") + "#export")


@bp.get(f"{PREFIX}/export/<id:export_id>")
@login_required
def download_export(export_id: int):
    found = export.own_export(current_user, export_id)
    if found is None or found.archive is None:
        not_found("data export", export.owner_id(export_id))
    response = make_response(found.archive)
    response.headers["Content-Type"] = "application/zip"
    name = f"my-porsche-data-{found.ready_at:%Y-%m-%d}.zip" if found.ready_at else "data.zip"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return no_store(response)


@bp.post(f"{PREFIX}/consents/<id:consent_id>/withdraw")
@login_required
@limiter.limit(FORM_LIMIT)
def withdraw(consent_id: int):
    form = forms.ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    done = consents.withdraw(current_user, consent_id, consents.Channel.PRIVACY_CENTRE)
    if done is None:
        not_found("consent", consents.owner_id(consent_id))
    db.session.commit()
    if done:
        record = consents.record_of(current_user, consent_id)
        if record is not None and record.kind == PARTNER_CONSENT:
            flash(gettext("Your consent is withdrawn. We have told the partner."), "success")
        else:
            flash(gettext("Your consent is withdrawn."), "success")
    else:
        flash(gettext("This consent was already withdrawn."), "info")
    return htmx.redirect(url_for("privacy.overview") + f"#consent-{consent_id}")


@bp.route(f"{PREFIX}/consents/<id:consent_id>/give", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def give_again(consent_id: int):
    record = consents.record_of(current_user, consent_id)
    if record is None:
        not_found("consent", consents.owner_id(consent_id))
    if not record.renewable:
        flash(gettext("This consent can no longer be given: the recipient is gone."), "info")
        return htmx.redirect(url_for("privacy.overview"))
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        live = consents.grant_again(current_user, consent_id, consents.Channel.PRIVACY_CENTRE)
        if live is None:
            abort(404)
        db.session.commit()
        flash(gettext("Thank you. Your consent is given again."), "success")
        return htmx.redirect(url_for("privacy.overview") + f"#consent-{live.id}")
    return no_store(
        htmx.render_page(
            "privacy/give_again.html",
            "form",
            consent=record,
            provider=consents.terms_of(current_user, consent_id),
            form=form,
        )
    )


@bp.post(f"{PREFIX}/policy")
@login_required
@limiter.limit(FORM_LIMIT)
def acknowledge_policy():
    form = forms.ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if policy.acknowledge(current_user, g.market, request.form.get("version", "")[:100]):
        flash(gettext("Thank you. We will not show this change again."), "success")
    else:
        flash(gettext("The privacy policy has changed again: please read the new version."), "info")
    return htmx.redirect(url_for("accounts.home"))
