"""The way in (resume), "Your next steps" and withdrawing a consent there."""

from __future__ import annotations

from flask import flash, g, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from porsche_web import htmx
from porsche_web.accounts.auth import no_store
from porsche_web.activation import bp, checkout, consents, forms
from porsche_web.activation.models import Activation
from porsche_web.activation.wizard.context import FORM_LIMIT, ORDER_PREFIX, order_or_404
from porsche_web.audit.access import not_found
from porsche_web.connect import catalogue
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.ratelimit import limiter


@bp.get(f"{ORDER_PREFIX}")
def resume(number: str):
    """The activation of an order: its first open step, or its next steps once confirmed."""
    return htmx.redirect(url_for("activation.step", number=number, step="porsche-id"))


def _own_activation(number: str) -> Activation:
    order, _ = order_or_404(number)
    activation = checkout.activation_for(order)
    if activation is None or activation.account_id != current_user.id:
        not_found("activation", activation.account_id if activation else None)
    return activation


@bp.get(f"{ORDER_PREFIX}/next-steps")
@login_required
def next_steps(number: str):
    activation = _own_activation(number)
    if not activation.confirmed:
        return htmx.redirect(url_for("activation.step", number=number, step="porsche-id"))
    order = activation.order
    registry = current_registry()
    car = catalogue.model_year(order.model_id, order.model_year)
    contracts = [
        (contract, checkout.contract_name(contract, registry, g.market))
        for contract in activation.contracts
    ]
    charging_offer = registry.charging_offer(g.market) if car.model.is_electrified else None
    providers = (
        registry.data_pass_providers(g.market, car.model.id, car.year)
        if car.data_pass_possible
        else ()
    )
    data_pass = next((p for p in providers if p.name == activation.data_pass_provider), None)
    partners = {p.id: p for p in registry.partners(g.market)}
    return no_store(
        htmx.render_page(
            "activation/next_steps.html",
            activation=activation,
            order=order,
            car=car,
            contracts=contracts,
            charging_name=next((name for c, name in contracts if c.kind == "charging"), None),
            charging_offer=charging_offer,
            data_pass=data_pass,
            track_your_dream=registry.track_your_dream(g.market),
            partners=partners,
            consents=activation.consents,
            withdraw_form=forms.CheckForm(),
        )
    )


@bp.post(f"{ORDER_PREFIX}/consents/<id:consent_id>/withdraw")
@login_required
@limiter.limit(FORM_LIMIT)
def withdraw_consent(number: str, consent_id: int):
    _own_activation(number)
    record = consents.record_of(current_user, consent_id)
    if record is None or record.order_number != number:
        not_found("consent", consents.owner_id(consent_id))
    form = forms.CheckForm()
    if form.validate_on_submit() and consents.withdraw(
        current_user, consent_id, consents.Channel.NEXT_STEPS
    ):
        db.session.commit()
        flash(gettext("Your consent is withdrawn."), "success")
    return htmx.redirect(url_for("activation.next_steps", number=number))
