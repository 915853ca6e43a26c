"""Check your answers (h) and confirm (i)."""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext

from porsche_web import htmx
from porsche_web.accounts import services as accounts
from porsche_web.activation import checkout, forms
from porsche_web.activation.wizard.context import Wizard, next_steps_url, now
from porsche_web.connect.pricing import yearly_total
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry

# -- h. check your answers, i. confirm ---------------------------------------------------------


def check(wizard: Wizard):
    template = "activation/steps/check.html"
    registry = current_registry()
    choice = checkout.current_choice(wizard.activation, registry, g.market, wizard.car)
    form = forms.CheckForm()
    starts = checkout.start_date(wizard.order, g.market, now())
    until = {e.service.id: checkout.included_until(e.offer, starts) for e in choice.services}
    context = {
        "choice": choice,
        "address": checkout.address_of(wizard.account, wizard.activation.billing_address_id),
        "starts": starts,
        "until": until,
        "total": yearly_total(
            [(e.offer, until[e.service.id]) for e in choice.services], g.market.currency
        ),
        "policy": registry.privacy_policy(g.market),
        "charging_offer": registry.charging_offer(g.market) if choice.charging else None,
        "masked_phone": accounts.masked_phone(wizard.account.phone_e164),
    }
    if request.method == "GET":
        return wizard.page(template, form=form, **context)
    if not form.validate_on_submit():
        form.form_errors.append(gettext("The page had expired. Please confirm again."))
        return wizard.invalid(template, form=form, **context)
    checkout.confirm(
        wizard.activation,
        wizard.account,
        registry=registry,
        market=g.market,
        language=g.lang,
        now=now(),
    )
    db.session.commit()  # a second confirmation changed nothing and commits nothing
    return htmx.redirect(next_steps_url(wizard.order))
