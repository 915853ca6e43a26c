"""Invitation link pages: continue, link problems (F22), self-service new link, the start."""

from __future__ import annotations

from flask import g, redirect, request, session, url_for
from flask_login import current_user

from porsche_web import clock, htmx
from porsche_web.accounts.auth import no_store
from porsche_web.connect import catalogue
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.orders import bp, forms, invitations
from porsche_web.orders.models import Order
from porsche_web.ratelimit import limiter
from porsche_web.sites import SITE_PREFIX

PREFIX = f"{SITE_PREFIX}/activate"


def _token_response(response):
    response.headers["Referrer-Policy"] = "no-referrer"
    return no_store(response)


def _partner(order: Order | None):
    if order is None:
        return None
    market = current_registry().get(order.market)
    if market is None:
        return None
    return next((p for p in current_registry().partners(market) if p.id == order.partner_id), None)


def _problem(order: Order | None = None):
    market = g.market
    contact = current_registry().support_contact(market)
    response = htmx.render_page(
        "orders/link_problem.html",
        status=410,
        contact=contact,
        partner=_partner(order),
    )
    return _token_response(response)


@bp.route(f"{PREFIX}/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def invitation(token: str):
    """GET shows a Continue button (mail scanners open links); only POST uses the link."""
    form = forms.ContinueForm()
    found = invitations.find_invitation(token)
    now = clock.now()
    if found is not None and found.opened_at is None:
        invitations.mark_opened(found, now)
        db.session.commit()
    if found is None or not found.usable(now):
        return _problem(found.order if found else None)
    if request.method == "GET":
        response = htmx.render_page("orders/invitation.html", form=form, order=found.order)
        return _token_response(response)
    if not form.validate_on_submit():
        response = htmx.render_page(
            "orders/invitation.html", form=form, order=found.order, status=400
        )
        return _token_response(response)
    try:
        invitation = invitations.use_invitation(token, now)
    except invitations.LinkUnusable:
        db.session.rollback()
        return _problem(found.order)
    db.session.commit()
    session[invitations.SESSION_KEY] = invitation.order_id
    order = invitation.order
    location = url_for("orders.start", country=order.market, lang=order.language)
    return _token_response(htmx.redirect(location))


@bp.get(PREFIX)
def start():
    """Token-free page after the link was used: the order and the way into the activation."""
    order_id = session.get(invitations.SESSION_KEY)
    order = db.session.get(Order, order_id) if order_id else None
    if order is None:
        return redirect(url_for("orders.new_link"))
    model = catalogue.get_model(order.model_id)
    return no_store(
        htmx.render_page(
            "orders/start.html",
            order=order,
            model=model,
            partner=_partner(order),
            logged_in=current_user.is_authenticated,
        )
    )


@bp.route(f"{PREFIX}/new-link", methods=["GET", "POST"])
@limiter.limit("5 per 10 minutes", methods=["POST"])
def new_link():
    """F22: order number + e-mail; the link goes only to the order's address."""
    form = forms.NewLinkForm()
    if request.method == "GET":
        return htmx.render_page("orders/new_link.html", "form", form=form)
    if not form.validate_on_submit():
        return htmx.render_page(
            "orders/new_link.html",
            "form",
            form=form,
            status=htmx.VALIDATION_ERROR_STATUS,
        )
    invitations.request_new_link(form.order_number.data, form.email.data)
    db.session.commit()
    # The same answer whether or not the order and address matched.
    return htmx.redirect(url_for("orders.new_link_sent"))


@bp.get(f"{PREFIX}/new-link/sent")
def new_link_sent():
    contact = current_registry().support_contact(g.market)
    return htmx.render_page("orders/new_link_sent.html", contact=contact)
