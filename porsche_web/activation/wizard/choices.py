"""The choice steps: services (d), Data Pass (e), charging, Porsche partner (f)."""

from __future__ import annotations

from flask import g, request
from flask_babel import gettext
from wtforms.fields.choices import SelectChoice

from porsche_web.activation import checkout, forms
from porsche_web.activation.wizard.context import Wizard, now
from porsche_web.connect import catalogue
from porsche_web.connect.pricing import free_until, is_paid, plan_terms
from porsche_web.connect.services import by_category, store_listing
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry

# -- d. services -------------------------------------------------------------------------------


def services_step(wizard: Wizard):
    """No cost is chosen for the customer: the services that cost money (after their included
    period or from the start) are offered unticked; the ones that never cost anything come with
    the car and are activated in any case."""
    template = "activation/steps/services.html"
    listing = store_listing(current_registry(), g.market, wizard.car)
    free = [entry for entry in listing.available if not is_paid(entry.offer)]
    paid = {entry.service.id: entry for entry in listing.available if is_paid(entry.offer)}
    form = forms.ServicesForm()
    form.services.choices = [
        SelectChoice(sid, str(entry.service.name)) for sid, entry in paid.items()
    ]
    currency = g.market.currency
    starts = checkout.start_date(wizard.order, g.market, now())
    until = {entry.service.id: checkout.included_until(entry.offer, starts) for entry in free}
    until.update({sid: checkout.included_until(entry.offer, starts) for sid, entry in paid.items()})
    prices = {
        sid: f"{free_until(entry.offer, currency, until[sid])}." for sid, entry in paid.items()
    }
    context = {
        "groups": by_category(paid.values()),  # the store's cards, with a box each
        "category_names": catalogue.CATEGORY_NAMES,
        "prices": prices,
        "free": free,
        "paid": paid,
        "until": until,
        "starts": starts,
    }
    if request.method == "GET":
        chosen = wizard.activation.services or []  # first visit: nothing ticked
        form.services.data = [sid for sid in chosen if sid in paid]
        return wizard.page(template, form=form, **context)
    if not form.validate_on_submit():
        return wizard.invalid(template, form=form, **context)
    chosen = [entry.service.id for entry in free] + list(form.services.data or ())
    checkout.choose_services(wizard.activation, chosen, now())
    db.session.commit()
    return wizard.onwards()


# -- e. Data Pass (F9) -------------------------------------------------------------------------


def _provider_hints(providers) -> dict[str, str]:
    hints = {
        p.name: gettext("Sold and run by %(provider)s, a mobile network provider.", provider=p.name)
        for p in providers
    }
    return {**hints, forms.NO_CHOICE: gettext("You can also get the Data Pass later.")}


def data_pass(wizard: Wizard):
    template = "activation/steps/data_pass.html"
    car = wizard.car
    providers = current_registry().data_pass_providers(g.market, car.model.id, car.year)
    form = forms.DataPassForm()
    # Yes or no; who sells it is the hint under "Yes" (a yes per provider where there are several).
    yes = [
        SelectChoice(
            p.name,
            gettext("Yes")
            if len(providers) == 1
            else gettext("Yes, from %(provider)s", provider=p.name),
        )
        for p in providers
    ]
    form.choice.choices = [*yes, SelectChoice(forms.NO_CHOICE, gettext("No"))]
    if request.method == "GET":
        if wizard.activation.data_pass_decided_at is not None:
            form.choice.data = wizard.activation.data_pass_provider or forms.NO_CHOICE
        form.consent.data = False  # a consent is given anew, never pre-ticked
        return wizard.page(
            template, form=form, providers=providers, hints=_provider_hints(providers)
        )
    if not form.validate_on_submit():
        return wizard.invalid(
            template, form=form, providers=providers, hints=_provider_hints(providers)
        )
    provider = next((p for p in providers if p.name == form.choice.data), None)
    checkout.decide_data_pass(wizard.activation, provider, now())
    db.session.commit()
    return wizard.onwards()


# -- charging (F16, F17) -----------------------------------------------------------------------


def charging(wizard: Wizard):
    template = "activation/steps/charging.html"
    offer = current_registry().charging_offer(g.market)
    form = forms.ChargingForm()
    form.plan.choices = [SelectChoice(p.id, p.name) for p in offer.plans] + [
        SelectChoice(forms.NO_CHOICE, gettext("No charging service for now"))
    ]
    hints = {p.id: plan_terms(p, offer.currency) for p in offer.plans}
    if request.method == "GET":
        if wizard.activation.charging_decided_at is not None:
            form.plan.data = wizard.activation.charging_plan or forms.NO_CHOICE
        return wizard.page(template, form=form, offer=offer, hints=hints)
    if not form.validate_on_submit():
        return wizard.invalid(template, form=form, offer=offer, hints=hints)
    plan_ = next((p for p in offer.plans if p.id == form.plan.data), None)
    checkout.choose_charging(wizard.activation, plan_, now())
    db.session.commit()
    return wizard.onwards()


# -- f. Porsche partner (F27) ------------------------------------------------------------------


def partner(wizard: Wizard):
    template = "activation/steps/partner.html"
    partners = {p.id: p for p in current_registry().partners(g.market)}
    form = forms.PartnerForm()
    form.partner.choices = [SelectChoice("", gettext("Choose a Porsche partner"))] + [
        SelectChoice(p.id, f"{p.name}, {p.city}") for p in partners.values()
    ]
    if request.method == "GET":
        form.partner.data = wizard.activation.partner_id or wizard.order.partner_id
        form.consent.data = wizard.activation.partner_consent
        return wizard.page(template, form=form, partners=partners)
    if not form.validate_on_submit():
        return wizard.invalid(template, form=form, partners=partners)
    checkout.choose_partner(
        wizard.activation, partners[form.partner.data], bool(form.consent.data), now()
    )
    db.session.commit()
    return wizard.onwards()
