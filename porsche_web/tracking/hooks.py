"""Track your Dream's implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from porsche_web.activation import contracts
from porsche_web.connect import catalogue
from porsche_web.extensions import db
from porsche_web.hooks import (
    HomeSection,
    LegalBasis,
    PersonalData,
    Processing,
    account_rows,
    core_hookimpl,
    once_per_page,
    render_section,
)
from porsche_web.markets.registry import current_registry
from porsche_web.orders.models import Order
from porsche_web.tracking import services
from porsche_web.tracking.models import MilestoneSubscription, OrderMilestone

#: After the Charging Service, before the cars.
MY_PORSCHE_ORDER = 170


@core_hookimpl
def core_my_porsche_section(account) -> HomeSection | None:
    orders = [
        order
        for order in once_per_page(contracts.activations_of_account, account.id).confirmed
        if order.market == g.market.code
    ]
    if not orders:
        return None
    html = render_section(
        "tracking/my_porsche.html",
        orders=orders,
        models={o.order_number: catalogue.get_model(o.model_id) for o in orders},
        offered=current_registry().track_your_dream(g.market),
    )
    return HomeSection(html, MY_PORSCHE_ORDER)


@core_hookimpl
def core_account_deleted(account) -> None:
    services.forget_account(account.id)


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="milestone_subscriptions",
            columns=("account_id", "order_id"),
            purpose=_l(
                "Sending you an e-mail at each milestone of your ordered car, as you asked."
            ),
            legal_basis=LegalBasis.CONSENT,
            processing=Processing.ORDERS,
            retention=_l("Until you turn the e-mails off or delete your Porsche ID."),
        ),
        PersonalData(
            table="order_milestones",
            columns=("order_id", "milestone", "happened_at"),
            purpose=_l(
                "Showing you where your ordered car is, from the order to the handover "
                "(Track your Dream)."
            ),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.ORDERS,
            retention=_l("As long as the order, which your Porsche Centre's system keeps."),
            recipients=(_l("Your Porsche Centre, which reports the milestones"),),
        ),
    ]


@core_hookimpl
def core_personal_data_export(account) -> dict:
    from porsche_web.hooks import export_rows

    numbers = [order.order_number for order in contracts.confirmed_orders(account.id)]
    milestones = db.session.execute(
        select(OrderMilestone)
        .join(Order, OrderMilestone.order_id == Order.id)
        .where(Order.order_number.in_(numbers))
        .order_by(OrderMilestone.id)
    ).scalars()
    return {
        "milestone_subscriptions": account_rows(MilestoneSubscription, account),
        "order_milestones": export_rows(milestones),
    }
