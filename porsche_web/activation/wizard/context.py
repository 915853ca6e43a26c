"""The guided activation's frame: the :class:`Wizard` a step page gets, and the rules every step
follows (who may see it, in which order, where a done or cancelled activation goes).

URLs: ``/<country>/<lang>/activate/orders/<number>/<step>``. The server enforces the order of the
steps: a step asked for before an earlier one is done redirects to that earlier step. A confirmed
activation sends every step to its next-steps page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, g, session, url_for
from flask_login import current_user

from porsche_web import clock, htmx
from porsche_web.accounts.auth import no_store, unauthorized
from porsche_web.activation import checkout
from porsche_web.activation.models import Activation
from porsche_web.activation.steps import Plan, plan
from porsche_web.audit.access import not_found
from porsche_web.connect import catalogue
from porsche_web.connect.catalogue import ModelYear
from porsche_web.markets.registry import current_registry
from porsche_web.orders import invitations, services
from porsche_web.orders.models import CANCELLED, Order
from porsche_web.sites import SITE_PREFIX

ORDER_PREFIX = f"{SITE_PREFIX}/activate/orders/<number>"
#: The order whose invitation link this browser used (set by the Continue button).
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


def order_or_404(number: str) -> tuple[Order, ModelYear]:
    order = services.find_order(number) if len(number) <= 32 else None
    if order is None or order.market != g.market.code:
        abort(404)
    car = catalogue.model_year(order.model_id, order.model_year)
    if car is None:
        abort(404)
    return order, car


def _came_with_link(order: Order) -> bool:
    return session.get(invitations.SESSION_KEY) == order.id


def step_view(view: Callable) -> Callable:
    """Load the order, the customer and the plan; enforce access and the order of the steps."""

    @functools.wraps(view)
    def wrapper(number: str, step: str, **kwargs: Any):
        order, car = order_or_404(number)
        account = current_user if current_user.is_authenticated else None
        activation = checkout.activation_for(order)
        if activation is not None and account is not None and activation.account_id != account.id:
            if _came_with_link(order):
                return claimed_by_other(order)
            not_found("activation", activation.account_id)
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


def claimed_by_other(order: Order):
    contact = current_registry().support_contact(g.market)
    return no_store(
        htmx.render_page("activation/steps/claimed.html", status=409, contact=contact, order=order)
    )


def now():
    return clock.now()
