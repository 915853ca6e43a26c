"""The guided activation pages: one real page per step, then "Your next steps".

URLs: ``/<country>/<lang>/activate/orders/<number>/<step>``. Every step works without
JavaScript (plain forms, POST-redirect-GET); htmx only swaps forms with their errors. The
server enforces the order of the steps (``context.step_view``): a step asked for before an
earlier one is done redirects to that earlier step. A confirmed activation sends every step to
its next-steps page.

Modules: ``context`` (the :class:`~.context.Wizard` and the rules every step follows),
``account`` (Porsche ID, phone, security code), ``choices`` (services, Data Pass, charging,
partner), ``invoice`` (invoice recipient and address), ``check`` (check your answers and
confirm), ``next_steps`` (resume, "Your next steps", withdrawing a consent), ``my_porsche`` (the
section on My Porsche); the price and plan terms come from ``porsche_web.connect.pricing``.
This module dispatches a step's URL to its page.
"""

from __future__ import annotations

from collections.abc import Callable

from porsche_web.activation import bp
from porsche_web.activation.wizard import next_steps  # noqa: F401  (registers its routes)
from porsche_web.activation.wizard.account import phone, porsche_id, security_code
from porsche_web.activation.wizard.check import check
from porsche_web.activation.wizard.choices import charging, data_pass, partner, services_step
from porsche_web.activation.wizard.context import FORM_LIMIT, ORDER_PREFIX, Wizard, step_view
from porsche_web.activation.wizard.invoice import invoice
from porsche_web.ratelimit import limiter

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


@bp.route(f"{ORDER_PREFIX}/<step>", methods=["GET", "POST"])
@limiter.limit(FORM_LIMIT, methods=["POST"])
@step_view
def step(wizard: Wizard):
    handler = STEP_VIEWS[wizard.step]
    return handler(wizard)
