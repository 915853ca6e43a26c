"""Views: ``/<country>/<lang>/account/services`` (My services), renewal with check your
answers, cancellation, withdrawal, and the printable invoices.

Every contract, extension and invoice is looked up through the logged-in Porsche ID; another
customer's is a 404 (``audit.access.not_found``).
"""

from __future__ import annotations

import secrets

from flask import current_app, flash, session, url_for
from flask_babel import format_date, gettext
from flask_login import current_user, login_required

from porsche_web import clock, htmx
from porsche_web.accounts.auth import no_store
from porsche_web.activation import contracts
from porsche_web.activation.contracts import ContractInfo
from porsche_web.audit.access import not_found
from porsche_web.extensions import db
from porsche_web.ratelimit import limiter
from porsche_web.sites import SITE_PREFIX
from porsche_web.subscriptions import bp, forms, services

PREFIX = f"{SITE_PREFIX}/account/services"
FORM_LIMIT = "20 per minute"
#: Session key: the renewals the customer has consented to, by contract id, with the key of
#: their check-your-answers form.
RENEWALS = "subscriptions.renewals"


def _page(template: str, status: int = 200, **context):
    return no_store(htmx.render_page(template, status=status, **context))


def _own(contract_id: int) -> ContractInfo:
    info = contracts.contract_of_account(current_user.id, contract_id)
    if info is None:
        not_found("contract", contracts.contract_owner(contract_id))
    return info


def _back(info: ContractInfo | None = None):
    anchor = f"#contract-{info.id}" if info else ""
    return htmx.redirect(url_for("subscriptions.overview") + anchor)


@bp.get(PREFIX)
@login_required
def overview():
    return _page(
        "subscriptions/overview.html",
        cars=services.overview(current_user.id, clock.now()),
        invoices=services.invoices_of(current_user.id),
        charging_link="charging.overview" in current_app.view_functions,
    )


@bp.route(f"{PREFIX}/<id:contract_id>/renew", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def renew(contract_id: int):
    info = _own(contract_id)
    try:
        renewal = services.renewal_for(info, services.market_today(info, clock.now()))
    except services.SubscriptionError as refusal:
        flash(refusal.message, "info")
        return _back(info)
    form = forms.RenewForm()
    if form.validate_on_submit():
        consented = dict(session.get(RENEWALS, {}))
        consented[str(contract_id)] = secrets.token_urlsafe(24)
        session[RENEWALS] = consented
        return htmx.redirect(url_for("subscriptions.check", contract_id=contract_id))
    return _page(
        "subscriptions/renew.html",
        status=422 if form.errors else 200,
        form=form,
        info=info,
        name=services.service_name(info),
        renewal=renewal,
    )


@bp.route(f"{PREFIX}/<id:contract_id>/renew/check", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def check(contract_id: int):
    info = _own(contract_id)
    key = session.get(RENEWALS, {}).get(str(contract_id))
    form = forms.ConfirmRenewalForm()
    if form.validate_on_submit():
        sent = form.request_key.data
        if sent != key and not services.renewal_made(current_user.id, sent):
            flash(gettext("Please tick the box to order the renewal again."), "info")
            return htmx.redirect(url_for("subscriptions.renew", contract_id=contract_id))
        try:
            extension, _ = services.renew(current_user, info, sent, clock.now())
        except services.SubscriptionError as refusal:
            db.session.rollback()
            flash(refusal.message, "info")
            return _back(info)
        db.session.commit()
        consented = dict(session.get(RENEWALS, {}))
        consented.pop(str(contract_id), None)
        session[RENEWALS] = consented
        flash(
            gettext(
                "Thank you. Your service is renewed until %(date)s. We sent you a confirmation "
                "by e-mail.",
                date=format_date(extension.ends_on, "long"),
            ),
            "success",
        )
        return _back(info)
    if key is None:
        return htmx.redirect(url_for("subscriptions.renew", contract_id=contract_id))
    try:
        renewal = services.renewal_for(info, services.market_today(info, clock.now()))
    except services.SubscriptionError as refusal:
        flash(refusal.message, "info")
        return _back(info)
    form.request_key.data = key
    return _page(
        "subscriptions/check.html",
        form=form,
        info=info,
        name=services.service_name(info),
        model=services.model_name(info),
        renewal=renewal,
    )


@bp.route(f"{PREFIX}/<id:contract_id>/cancel", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def cancel(contract_id: int):
    info = _own(contract_id)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            cancellation, done = services.cancel(current_user, info, clock.now())
        except services.SubscriptionError as refusal:
            db.session.rollback()
            flash(refusal.message, "info")
            return _back(info)
        db.session.commit()
        if done:
            message = gettext(
                "Your service is cancelled. It stays on until %(date)s. We sent you a "
                "confirmation by e-mail.",
                date=format_date(cancellation.ends_on, "long"),
            )
        else:
            message = gettext("You have cancelled this service already.")
        flash(message, "success")
        return _back(info)
    return _page(
        "subscriptions/cancel.html",
        form=form,
        info=info,
        name=services.service_name(info),
        pending=services.pending_extension(info, clock.now()),
    )


@bp.route(f"{PREFIX}/renewals/<id:extension_id>/withdraw", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def withdraw(extension_id: int):
    found = services.extension_of(current_user.id, extension_id)
    if found is None:
        not_found("contract extension", services.extension_owner(extension_id))
    extension, info = found
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            result = services.withdraw(current_user, extension_id, clock.now())
        except services.SubscriptionError as refusal:
            db.session.rollback()
            flash(refusal.message, "info")
            return _back(info)
        db.session.commit()
        if result is not None and result[1]:
            flash(
                gettext(
                    "You have withdrawn from the renewal. We sent you a confirmation by e-mail."
                ),
                "success",
            )
        else:
            flash(gettext("You have withdrawn from this renewal already."), "info")
        return _back(info)
    today = services.market_today(info, clock.now())
    new_end, refund = services.refund_for(extension, today)
    return _page(
        "subscriptions/withdraw.html",
        form=form,
        info=info,
        extension=extension,
        name=services.service_name(info),
        allowed=services.withdrawable(extension, today),
        new_end=new_end,
        refund=refund,
        started=extension.starts_on <= today,
    )


@bp.get(f"{PREFIX}/invoices/<id:invoice_id>")
@login_required
def invoice(invoice_id: int):
    found = services.own_invoice(current_user.id, invoice_id)
    if found is None:
        not_found("invoice", services.invoice_owner(invoice_id))
    return _page(
        "subscriptions/invoice.html",
        invoice=found,
        name=services.invoice_service_name(found),
        refers_to=services.own_invoice(current_user.id, found.refers_to_id)
        if found.refers_to_id
        else None,
        vat_note=services.invoice_vat_note(found),
        vat=services.invoice_vat(found),
    )
