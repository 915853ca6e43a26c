"""The guided activation pages: one real page per step, then "Your next steps".

URLs: ``/<country>/<lang>/activate/orders/<number>/<step>``. Every step works without
JavaScript (plain forms, POST-redirect-GET); htmx only swaps forms with their errors. The
server enforces the order of the steps: a step asked for before an earlier one is done
redirects to that earlier step. A confirmed activation sends every step to its next-steps page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, g, render_template, request, session, url_for
from flask_babel import format_currency, gettext
from flask_login import current_user, login_required

from porsche_web import htmx
from porsche_web.accounts import forms as account_forms
from porsche_web.accounts import services as accounts
from porsche_web.accounts.auth import (
    KEPT_AT_LOGIN,
    is_fresh,
    no_store,
    start_session,
    unauthorized,
)
from porsche_web.accounts.views import (
    HOME_SECTIONS,
    country_choices,
    language_choices,
    phone_context,
    registration_from,
    wait_message,
)
from porsche_web.activation import bp, checkout, forms, services
from porsche_web.activation.models import CANCELLED, Activation, Order
from porsche_web.activation.steps import Plan, plan
from porsche_web.connect import catalogue
from porsche_web.connect.catalogue import ModelYear
from porsche_web.connect.services import store_listing
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.ratelimit import limiter
from porsche_web.sites import SITE_PREFIX

ORDER_PREFIX = f"{SITE_PREFIX}/activate/orders/<number>"
#: The order whose invitation link this browser used (set by the Continue button).
SESSION_KEY = "activation_order_id"
KEPT_AT_LOGIN.add(SESSION_KEY)
FORM_LIMIT = "30 per minute"


@dataclass
class Wizard:
    """Everything a step page needs: the order, its car, the customer and the plan."""

    order: Order
    car: ModelYear
    account: Any
    activation: Activation | None
    plan: Plan
    step: str

    def url(self, step: str | None = None, **values: Any) -> str:
        return url_for(
            "activation.step", number=self.order.order_number, step=step or self.step, **values
        )

    def page(self, template: str, *, status: int = 200, **context: Any):
        context.setdefault("form", None)
        response = htmx.render_page(
            template,
            "form",
            status=status,
            wizard=self,
            step_number=self.plan.number(self.step),
            **context,
        )
        return no_store(response)

    def invalid(self, template: str, **context: Any):
        return self.page(template, status=htmx.VALIDATION_ERROR_STATUS, **context)

    def onwards(self):
        """After a saved answer: the first step still open (check-your-answers when all are
        done, so a Change link comes back there)."""
        fresh = _plan(self.order, self.car, self.account, self.activation)
        target = fresh.first_open()
        if target is None:
            return htmx.redirect(next_steps_url(self.order))
        return htmx.redirect(self.url(target.id))


def next_steps_url(order: Order) -> str:
    return url_for("activation.next_steps", number=order.order_number)


def _plan(order: Order, car: ModelYear, account: Any, activation: Activation | None) -> Plan:
    return plan(current_registry(), g.market, car, account, activation)


def _order_or_404(number: str) -> tuple[Order, ModelYear]:
    order = services.find_order(number) if len(number) <= 32 else None
    if order is None or order.market != g.market.code:
        abort(404)
    car = catalogue.model_year(order.model_id, order.model_year)
    if car is None:
        abort(404)
    return order, car


def _came_with_link(order: Order) -> bool:
    return session.get(SESSION_KEY) == order.id


def step_view(view: Callable) -> Callable:
    """Load the order, the customer and the plan; enforce access and the order of the steps."""

    @functools.wraps(view)
    def wrapper(number: str, step: str, **kwargs: Any):
        order, car = _order_or_404(number)
        account = current_user if current_user.is_authenticated else None
        activation = checkout.activation_for(order)
        if activation is not None and account is not None and activation.account_id != account.id:
            if _came_with_link(order):
                return _claimed_by_other(order)
            abort(404)
        if account is None:
            if not _came_with_link(order) or activation is not None:
                return unauthorized()  # log in, then come back here
            if step != "porsche-id":
                return htmx.redirect(url_for("activation.step", number=number, step="porsche-id"))
        elif activation is None and not _came_with_link(order):
            abort(404)
        if order.status == CANCELLED and not (activation and activation.confirmed):
            return no_store(htmx.render_page("activation/steps/cancelled.html", status=410))
        if activation is not None and activation.confirmed:
            return htmx.redirect(next_steps_url(order))
        the_plan = _plan(order, car, account, activation)
        if step not in the_plan:
            abort(404)
        blocking = the_plan.blocking(step)
        if blocking is not None:
            return htmx.redirect(url_for("activation.step", number=number, step=blocking.id))
        wizard = Wizard(order, car, account, activation, the_plan, step)
        return view(wizard, **kwargs)

    return wrapper


def _claimed_by_other(order: Order):
    contact = current_registry().support_contact(g.market)
    return no_store(
        htmx.render_page("activation/steps/claimed.html", status=409, contact=contact, order=order)
    )


def _now():
    return services.now_utc()


@bp.app_template_global()
def offer_terms(offer, currency: str) -> str:
    """ "Included for 36 months, then 1 990 kr per year" (F2, F3: period and price)."""
    price = format_currency(offer.price, currency) if offer.price is not None else None
    if offer.included_months and price:
        return gettext(
            "Included for %(months)s months, then %(price)s per year",
            months=offer.included_months,
            price=price,
        )
    if offer.included_months:
        return gettext("Included for %(months)s months", months=offer.included_months)
    return gettext("%(price)s per year", price=price)


@bp.app_template_global()
def plan_terms(plan, currency: str) -> str:
    """A charging plan's fees (F16)."""
    text = gettext(
        "%(fee)s per month; AC %(ac)s per kWh, DC %(dc)s per kWh",
        fee=format_currency(plan.monthly_fee, currency),
        ac=format_currency(plan.price_per_kwh_ac, currency),
        dc=format_currency(plan.price_per_kwh_dc, currency),
    )
    if plan.included_months:
        text += ". " + gettext(
            "No monthly fee for the first %(months)s months.", months=plan.included_months
        )
    return text


# -- the dispatcher ----------------------------------------------------------------------------


@bp.route(f"{ORDER_PREFIX}/<step>", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
@step_view
def step(wizard: Wizard):
    handler = STEP_VIEWS[wizard.step]
    return handler(wizard)


# -- a. Porsche ID -----------------------------------------------------------------------------


def porsche_id(wizard: Wizard):
    order = wizard.order
    if wizard.account is not None:
        try:
            wizard.activation = checkout.claim(order, wizard.account, _now())
        except checkout.ClaimedByOther:
            db.session.rollback()
            return _claimed_by_other(order)
        db.session.commit()
        return wizard.onwards()
    form = account_forms.RegistrationForm()
    form.country.choices = country_choices()
    form.language.choices = language_choices()
    template = "activation/steps/porsche_id.html"
    login_url = url_for("accounts.login", next=wizard.url())
    if request.method == "GET":
        form.given_name.data = order.given_name
        form.family_name.data = order.family_name
        form.email.data = order.email
        form.phone.data = order.phone_e164 or ""
        form.country.data = order.market
        form.language.data = order.language if order.language in g.market.languages else g.lang
        return wizard.page(template, form=form, login_url=login_url)
    if not form.validate_on_submit():
        return wizard.invalid(template, form=form, login_url=login_url)
    try:
        phone = accounts.parse_phone(form.phone.data, g.market.code)
    except accounts.InvalidPhone as exc:
        form.phone.errors.append(exc.message)
        return wizard.invalid(template, form=form, login_url=login_url)
    proven = accounts.normalize_email(form.email.data) == order.email
    if proven and accounts.find_by_email(form.email.data) is not None:
        # The invitation went to this address, so saying it has a Porsche ID reveals nothing.
        form.email.errors.append(
            gettext("You already have a Porsche ID with this e-mail address. Log in instead.")
        )
        return wizard.invalid(template, form=form, login_url=login_url)
    account = accounts.register(registration_from(form, phone, email_verified=proven))
    if not proven or account is None:
        # Another address: confirmed by e-mail as at any registration, and the same answer
        # whether or not it already has a Porsche ID.
        db.session.commit()
        return htmx.redirect(url_for("accounts.check_email"))
    wizard.activation = checkout.claim(order, account, _now())
    db.session.commit()
    start_session(account)
    wizard.account = account
    return wizard.onwards()


# -- b. phone (F10) ----------------------------------------------------------------------------


def phone(wizard: Wizard):
    template = "activation/steps/phone.html"
    account = wizard.account
    if account.phone_verified:
        return wizard.onwards()
    form = account_forms.PhoneCodeForm()
    resend = account_forms.ConfirmForm(prefix="resend")
    if request.method == "GET":
        return wizard.page(template, form=form, **phone_context())
    if request.form.get("resend-csrf_token") is not None:
        if not resend.validate_on_submit():
            return htmx.redirect(wizard.url())
        try:
            accounts.send_phone_code(account)
        except accounts.Throttled as exc:
            db.session.rollback()
            message = wait_message(exc)
            return wizard.invalid(
                template,
                form=account_forms.PhoneCodeForm(formdata=None),
                resend_error=message,
                **phone_context(),
            )
        db.session.commit()
        return htmx.redirect(wizard.url())
    if not form.validate_on_submit():
        return wizard.invalid(template, form=form, **phone_context())
    try:
        accounts.verify_phone_code(account, form.code.data)
    except (accounts.CodeInvalid, accounts.CodeExpired) as exc:
        db.session.commit()  # the attempt counter is kept
        form.code.errors.append(exc.message)
        return wizard.invalid(template, form=form, **phone_context())
    db.session.commit()
    return wizard.onwards()


# -- c. security code (F7) ---------------------------------------------------------------------


def security_code(wizard: Wizard):
    template = "activation/steps/security_code.html"
    if wizard.account.security_code_set:
        return wizard.onwards()
    if not is_fresh():
        return htmx.redirect(url_for("accounts.confirm_password", next=wizard.url()))
    form = account_forms.SecurityCodeForm()
    if request.method == "GET":
        return wizard.page(template, form=form)
    if not form.validate_on_submit():
        form.code.data = form.repeat.data = None  # never echoed back
        return wizard.invalid(template, form=form)
    accounts.set_security_code(wizard.account, form.code.data)
    db.session.commit()
    return wizard.onwards()


# -- d. services -------------------------------------------------------------------------------


def services_step(wizard: Wizard):
    template = "activation/steps/services.html"
    listing = store_listing(current_registry(), g.market, wizard.car)
    entries = {entry.service.id: entry for entry in listing.available}
    form = forms.ServicesForm()
    form.services.choices = [(sid, str(entry.service.name)) for sid, entry in entries.items()]
    currency = g.market.currency
    hints = {
        sid: f"{entry.service.description} {offer_terms(entry.offer, currency)}."
        for sid, entry in entries.items()
    }
    context = {"hints": hints}
    if request.method == "GET":
        chosen = wizard.activation.services
        if chosen is None:  # first visit: the services included with the car are ticked
            chosen = [sid for sid, entry in entries.items() if entry.offer.included_months]
        form.services.data = [sid for sid in chosen if sid in entries]
        return wizard.page(template, form=form, **context)
    if not form.validate_on_submit():
        return wizard.invalid(template, form=form, **context)
    checkout.choose_services(wizard.activation, form.services.data, _now())
    db.session.commit()
    return wizard.onwards()


# -- e. Data Pass (F9) -------------------------------------------------------------------------


def data_pass(wizard: Wizard):
    template = "activation/steps/data_pass.html"
    car = wizard.car
    providers = current_registry().data_pass_providers(g.market, car.model.id, car.year)
    form = forms.DataPassForm()
    form.choice.choices = [(p.name, p.name) for p in providers] + [
        (forms.NO_CHOICE, gettext("No Data Pass for now"))
    ]
    if request.method == "GET":
        if wizard.activation.data_pass_decided_at is not None:
            form.choice.data = wizard.activation.data_pass_provider or forms.NO_CHOICE
        form.consent.data = False  # a consent is given anew, never pre-ticked
        return wizard.page(template, form=form, providers=providers)
    if not form.validate_on_submit():
        return wizard.invalid(template, form=form, providers=providers)
    provider = next((p for p in providers if p.name == form.choice.data), None)
    checkout.decide_data_pass(wizard.activation, provider, _now())
    db.session.commit()
    return wizard.onwards()


# -- charging (F16, F17) -----------------------------------------------------------------------


def charging(wizard: Wizard):
    template = "activation/steps/charging.html"
    offer = current_registry().charging_offer(g.market)
    form = forms.ChargingForm()
    form.plan.choices = [(p.id, p.name) for p in offer.plans] + [
        (forms.NO_CHOICE, gettext("No charging service for now"))
    ]
    hints = {p.id: plan_terms(p, offer.currency) for p in offer.plans}
    if request.method == "GET":
        if wizard.activation.charging_decided_at is not None:
            form.plan.data = wizard.activation.charging_plan or forms.NO_CHOICE
        return wizard.page(template, form=form, offer=offer, hints=hints)
    if not form.validate_on_submit():
        return wizard.invalid(template, form=form, offer=offer, hints=hints)
    plan_ = next((p for p in offer.plans if p.id == form.plan.data), None)
    checkout.choose_charging(wizard.activation, plan_, _now())
    db.session.commit()
    return wizard.onwards()


# -- f. Porsche partner (F27) ------------------------------------------------------------------


def partner(wizard: Wizard):
    template = "activation/steps/partner.html"
    partners = {p.id: p for p in current_registry().partners(g.market)}
    form = forms.PartnerForm()
    form.partner.choices = [(p.id, f"{p.name}, {p.city}") for p in partners.values()]
    if request.method == "GET":
        form.partner.data = wizard.activation.partner_id or wizard.order.partner_id
        form.consent.data = wizard.activation.partner_consent
        return wizard.page(template, form=form, partners=partners)
    if not form.validate_on_submit():
        return wizard.invalid(template, form=form, partners=partners)
    checkout.choose_partner(
        wizard.activation, partners[form.partner.data], bool(form.consent.data), _now()
    )
    db.session.commit()
    return wizard.onwards()


# -- g. invoice recipient (F8) -----------------------------------------------------------------


def invoice(wizard: Wizard):
    template = "activation/steps/invoice.html"
    addresses = checkout.addresses_of(wizard.account)
    if not addresses:
        return htmx.redirect(url_for("activation.address", number=wizard.order.order_number))
    form = forms.InvoiceForm()
    form.address.choices = [(str(a.id), a.name) for a in addresses]
    if request.method == "GET":
        chosen = wizard.activation.billing_address_id
        form.address.data = str(chosen) if chosen else None
        return wizard.page(template, form=form, addresses=addresses)
    if not form.validate_on_submit():
        return wizard.invalid(template, form=form, addresses=addresses)
    address = checkout.address_of(wizard.account, int(form.address.data))
    checkout.choose_address(wizard.activation, address, _now())
    db.session.commit()
    return wizard.onwards()


@bp.route(f"{ORDER_PREFIX}/invoice/address", methods=["GET", "POST"], defaults={"address_id": None})
@bp.route(f"{ORDER_PREFIX}/invoice/address/<id:address_id>", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
def address(number: str, address_id: int | None):
    return _address(number=number, step="invoice", address_id=address_id)


@step_view
def _address(wizard: Wizard, address_id: int | None):
    template = "activation/steps/address.html"
    account = wizard.account
    existing = None
    if address_id is not None:
        existing = checkout.address_of(account, address_id)
        if existing is None:
            abort(404)  # another customer's address, or none
    address_format = current_registry().address_format(g.market)
    form = forms.AddressForm(obj=existing)
    context = {"address_format": address_format, "existing": existing}
    if request.method == "GET":
        if existing is None:
            form.name.data = f"{account.given_name} {account.family_name}"
        return wizard.page(template, form=form, **context)
    valid = form.validate_on_submit()
    if not (form.check_market_rules(address_format, g.market.code) and valid):
        return wizard.invalid(template, form=form, **context)
    data = checkout.AddressData(
        kind=form.kind.data,
        name=form.name.data,
        company=form.company.data or None,
        vat_number=form.vat_number.data or None,
        street=form.street.data,
        postal_code=form.postal_code.data,
        city=form.city.data,
        region=(form.region.data or None) if "region" in address_format.fields else None,
        country=g.market.code,
    )
    saved = checkout.save_address(account, data, _now(), existing)
    checkout.choose_address(wizard.activation, saved, _now())
    db.session.commit()
    return wizard.onwards()


# -- h. check your answers, i. confirm ---------------------------------------------------------


def check(wizard: Wizard):
    template = "activation/steps/check.html"
    registry = current_registry()
    choice = checkout.current_choice(wizard.activation, registry, g.market, wizard.car)
    form = forms.CheckForm()
    context = {
        "choice": choice,
        "address": checkout.address_of(wizard.account, wizard.activation.billing_address_id),
        "starts": checkout.start_date(wizard.order, g.market, _now()),
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
        now=_now(),
    )
    db.session.commit()  # a second confirmation changed nothing and commits nothing
    return htmx.redirect(next_steps_url(wizard.order))


STEP_VIEWS: dict[str, Callable] = {
    "porsche-id": porsche_id,
    "phone": phone,
    "security-code": security_code,
    "services": services_step,
    "data-pass": data_pass,
    "charging": charging,
    "partner": partner,
    "invoice": invoice,
    "check": check,
}


# -- the way in, and "Your next steps" ---------------------------------------------------------


@bp.get(f"{ORDER_PREFIX}")
def resume(number: str):
    """The activation of an order: its first open step, or its next steps once confirmed."""
    return htmx.redirect(url_for("activation.step", number=number, step="porsche-id"))


def _own_activation(number: str) -> Activation:
    order, _ = _order_or_404(number)
    activation = checkout.activation_for(order)
    if activation is None or activation.account_id != current_user.id:
        abort(404)
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
    activation = _own_activation(number)
    consent = checkout.consent_of(current_user, consent_id)
    if consent is None or consent.activation_id != activation.id:
        abort(404)
    form = forms.CheckForm()
    if form.validate_on_submit() and checkout.withdraw_consent(consent, current_user, _now()):
        db.session.commit()
        flash(gettext("Your consent is withdrawn."), "success")
    return htmx.redirect(url_for("activation.next_steps", number=number))


def pending_order_for_session() -> Order | None:
    """The order whose invitation this browser used and that no Porsche ID activates yet."""
    order_id = session.get(SESSION_KEY)
    order = db.session.get(Order, order_id) if order_id else None
    if order is None or checkout.activation_for(order) is not None:
        return None
    return order


def _order_url(order: Order, endpoint: str) -> str:
    """A page of ``order`` on its own market's site, in the current language if it has it."""
    market = current_registry().get(order.market)
    lang = g.lang if market and g.lang in market.languages else order.language
    return url_for(endpoint, country=order.market, lang=lang, number=order.order_number)


def my_porsche_section(account) -> str | None:
    """My Porsche lists the customer's activations, and the order whose link this browser used."""
    activations = checkout.activations_of(account)
    pending = pending_order_for_session()
    if not activations and pending is None:
        return None
    rows = [
        {
            "order": activation.order,
            "model": catalogue.get_model(activation.order.model_id),
            "confirmed": activation.confirmed,
            "url": _order_url(
                activation.order,
                "activation.next_steps" if activation.confirmed else "activation.resume",
            ),
        }
        for activation in activations
    ]
    if pending is not None:
        rows.insert(
            0,
            {
                "order": pending,
                "model": catalogue.get_model(pending.model_id),
                "confirmed": False,
                "url": _order_url(pending, "activation.resume"),
            },
        )
    return render_template("activation/my_porsche.html", rows=rows)


HOME_SECTIONS.append(my_porsche_section)
