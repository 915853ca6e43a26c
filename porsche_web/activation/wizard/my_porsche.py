"""The activation's section of My Porsche: the customer's activations, and the order whose
invitation link this browser used."""

from __future__ import annotations

from typing import Any

from flask import g, session, url_for
from flask_babel import gettext
from sqlalchemy import select

from porsche_web.activation import checkout, contracts
from porsche_web.activation.contracts import CustomerActivation
from porsche_web.connect import catalogue
from porsche_web.extensions import db
from porsche_web.hooks import once_per_page, render_section
from porsche_web.markets.registry import current_registry
from porsche_web.orders.invitations import SESSION_KEY
from porsche_web.orders.models import Order


def pending_order_for_session() -> Order | None:
    """The order whose invitation this browser used and that no Porsche ID activates yet."""
    order_id = session.get(SESSION_KEY)
    if not order_id:
        return None
    return db.session.execute(
        select(Order).where(Order.id == order_id, ~checkout.activation_exists(Order.id))
    ).scalar_one_or_none()


def _order_url(order: Order | CustomerActivation, endpoint: str) -> str:
    """A page of ``order`` on its own market's site, in the current language if it has it."""
    market = current_registry().get(order.market)
    lang = g.lang if market and g.lang in market.languages else order.language
    return url_for(endpoint, country=order.market, lang=lang, number=order.order_number)


def my_porsche_section(account) -> str | None:
    """My Porsche lists the customer's activations, and the order whose link this browser used."""
    activations = once_per_page(contracts.activations_of_account, account.id).all
    pending = once_per_page(pending_order_for_session)
    if not activations and pending is None:
        return None
    rows: list[dict[str, Any]] = [
        {
            "order": activation,
            "model": catalogue.get_model(activation.model_id),
            "confirmed": activation.confirmed,
            "url": _order_url(
                activation,
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
    return render_section("activation/my_porsche.html", rows=rows)


def unfinished_activation(account) -> tuple[Order | CustomerActivation, str] | None:
    """The order the customer should finish activating next (the one whose link this browser
    used first, else their newest unfinished activation), with the address to go on at."""
    pending = once_per_page(pending_order_for_session)
    if pending is not None:
        return pending, _order_url(pending, "activation.resume")
    draft = next(
        (
            a
            for a in once_per_page(contracts.activations_of_account, account.id).all
            if not a.confirmed
        ),
        None,
    )
    if draft is None:
        return None
    return draft, _order_url(draft, "activation.resume")


def next_step_text(order: Order | CustomerActivation) -> str:
    model = catalogue.get_model(order.model_id)
    return gettext(
        "Finish activating Porsche Connect for your %(model)s (order %(number)s)",
        model=model.name if model else order.model_id,
        number=order.order_number,
    )
