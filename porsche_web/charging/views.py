"""Views: ``/<country>/<lang>/account/charging`` (the Charging Service and its cards) and the
booking: plan → delivery address → check your answers (F16, F17)."""

from __future__ import annotations

from typing import Any

import segno
from flask import abort, flash, g, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from porsche_web import htmx
from porsche_web.accounts.auth import no_store
from porsche_web.activation import contracts
from porsche_web.audit.access import not_found
from porsche_web.charging import bp, forms, services
from porsche_web.clock import now
from porsche_web.connect.pricing import plan_terms
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.ratelimit import limiter
from porsche_web.sites import SITE_PREFIX

PREFIX = f"{SITE_PREFIX}/account/charging"
FORM_LIMIT = "20 per minute"
#: The booking's answers between its pages: ``{"order": …, "plan": …, "address": {…}}``.
DRAFT_KEY = "charging_draft"


@bp.get(PREFIX)
@login_required
def overview():
    moment = now()
    offer = services.offer_of(current_registry(), g.market)
    cars = services.electrified_cars(current_user.id, g.market, moment)
    plans = {plan.id: plan for plan in offer.plans} if offer else {}
    broken = {
        car.card.id: services.promise_broken(car.card, g.market, moment)
        for car in cars
        if car.card is not None
    }
    return no_store(
        htmx.render_page(
            "charging/overview.html",
            offer=offer,
            cars=cars,
            plans=plans,
            broken=broken,
            form=forms.ConfirmForm(),
        )
    )


def _car_and_offer(number: str):
    """The customer's electrified car of ``number`` and the market's offer; 404 for anything
    else (another customer's order records a security event)."""
    offer = services.offer_of(current_registry(), g.market)
    car = services.electrified_car(current_user.id, number, g.market, now())
    if car is None:
        not_found("order", contracts.activating_account(number[:40]))
    if offer is None:
        abort(404)
    return car, offer


def _recipient(car: services.Car) -> dict[str, Any] | None:
    """The invoice recipient of the car's activation (F8); None for a car without an order
    (its invoices go to the card's delivery address)."""
    if car.order_number is None:
        return None
    return contracts.invoice_recipient(current_user.id, car.order_number)


def _draft(number: str) -> dict[str, Any]:
    draft = session.get(DRAFT_KEY)
    if not isinstance(draft, dict) or draft.get("order") != number:
        draft = {"order": number}
    return draft


def _save_draft(draft: dict[str, Any]) -> None:
    session[DRAFT_KEY] = draft
    session.modified = True


def _booked_already():
    flash(gettext("This car has the Porsche Charging Service already."), "info")
    return htmx.redirect(url_for("charging.overview"))


@bp.route(f"{PREFIX}/<number>/plan", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def plan(number: str):
    car, offer = _car_and_offer(number)
    if not car.bookable:
        return _booked_already()
    number = car.key
    form = forms.PlanForm()
    form.plan.choices = [SelectChoice(p.id, p.name) for p in offer.plans]
    hints = {p.id: plan_terms(p, offer.currency) for p in offer.plans}
    draft = _draft(number)
    context = {"car": car, "offer": offer, "hints": hints}
    if request.method == "GET":
        form.plan.data = draft.get("plan")
        return no_store(htmx.render_page("charging/plan.html", "form", form=form, **context))
    if not form.validate_on_submit():
        return no_store(
            htmx.render_page(
                "charging/plan.html",
                "form",
                status=htmx.VALIDATION_ERROR_STATUS,
                form=form,
                **context,
            )
        )
    draft["plan"] = form.plan.data
    _save_draft(draft)
    target = "charging.check" if draft.get("address") else "charging.delivery"
    return htmx.redirect(url_for(target, number=number))


@bp.route(f"{PREFIX}/<number>/delivery", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def delivery(number: str):
    car, offer = _car_and_offer(number)
    if not car.bookable:
        return _booked_already()
    number = car.key
    draft = _draft(number)
    if services.plan_of(offer, draft.get("plan")) is None:
        return htmx.redirect(url_for("charging.plan", number=number))
    address_format = current_registry().address_format(g.market)
    form = forms.DeliveryForm()
    context = {"car": car, "address_format": address_format}
    if request.method == "GET":
        known = draft.get("address") or _recipient(car) or {}
        for name in ("name", "street", "postal_code", "city", "region"):
            getattr(form, name).data = known.get(name)
        if not form.name.data:
            form.name.data = f"{current_user.given_name} {current_user.family_name}"
        return no_store(htmx.render_page("charging/delivery.html", "form", form=form, **context))
    valid = form.validate_on_submit()
    if not (form.check_postal_address(address_format) and valid):
        return no_store(
            htmx.render_page(
                "charging/delivery.html",
                "form",
                status=htmx.VALIDATION_ERROR_STATUS,
                form=form,
                **context,
            )
        )
    draft["address"] = {
        "name": form.name.data,
        **form.postal_address(address_format),
    }
    _save_draft(draft)
    return htmx.redirect(url_for("charging.check", number=number))


@bp.route(f"{PREFIX}/<number>/check", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def check(number: str):
    car, offer = _car_and_offer(number)
    number = car.key
    if not car.bookable:
        return _booked_already()
    draft = _draft(number)
    chosen = services.plan_of(offer, draft.get("plan"))
    if chosen is None:
        return htmx.redirect(url_for("charging.plan", number=number))
    if not draft.get("address"):
        return htmx.redirect(url_for("charging.delivery", number=number))
    form = forms.ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        address = services.DeliveryAddress(country=g.market.code, **draft["address"])
        try:
            services.book(current_user.id, car, chosen, offer, address, g.market, now())
        except services.AlreadyBooked:
            db.session.rollback()
            return _booked_already()
        db.session.commit()
        session.pop(DRAFT_KEY, None)
        flash(
            gettext(
                "Thank you. You booked %(plan)s. We are sending your charging card.",
                plan=chosen.name,
            ),
            "success",
        )
        return htmx.redirect(url_for("charging.overview"))
    if request.method == "POST":
        abort(400)
    return no_store(
        htmx.render_page(
            "charging/check.html",
            car=car,
            offer=offer,
            plan=chosen,
            address=draft["address"],
            recipient=_recipient(car),
            days=offer.card_delivery_days,
            form=form,
        )
    )


def _own_card(card_id: int):
    card = services.own_card(current_user.id, card_id)
    if card is None:
        not_found("charging card", services.card_owner(card_id))
    return card


@bp.post(f"{PREFIX}/cards/<id:card_id>/activate")
@login_required
@limiter.limit(FORM_LIMIT)
def activate_card(card_id: int):
    card = _own_card(card_id)
    form = forms.ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        changed = services.change_status(
            card, services.ACTIVATED, now(), f"account:{current_user.id}"
        )
    except services.InvalidTransition:
        db.session.rollback()
        flash(gettext("You can activate the card once it has arrived."), "info")
        return htmx.redirect(url_for("charging.overview"))
    db.session.commit()
    if changed:
        flash(
            gettext("Your charging card is activated. The virtual card no longer works."),
            "success",
        )
    return htmx.redirect(url_for("charging.overview") + f"#card-{card.id}")


@bp.route(f"{PREFIX}/cards/<id:card_id>/cancel", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_LIMIT, methods=["POST"])
def cancel(card_id: int):
    card = _own_card(card_id)
    form = forms.ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if services.cancel(card, g.market, now()):
            db.session.commit()
            flash(
                gettext("Your Porsche Charging Service is cancelled. Both cards no longer work."),
                "success",
            )
        else:
            flash(gettext("This Charging Service was already cancelled."), "info")
        return htmx.redirect(url_for("charging.overview"))
    offer = services.offer_of(current_registry(), g.market)
    chosen = services.plan_of(offer, card.plan_id) if offer else None
    return no_store(
        htmx.render_page(
            "charging/cancel.html",
            card=card,
            plan_name=chosen.name if chosen else card.plan_id,
            form=form,
        )
    )


@bp.app_template_global()
def virtual_qr(number: str) -> str:
    """The virtual card's QR code as an SVG data URI (segno; allowed by our CSP)."""
    return segno.make(number, error="m").svg_data_uri(scale=4, border=2)
