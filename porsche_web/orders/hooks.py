"""The orders' implementations of the internal hooks (``porsche_web.hooks``)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from porsche_web.hooks import LegalBasis, PersonalData, Processing, core_hookimpl, export_rows
from porsche_web.orders import demo
from porsche_web.orders.invitations import SESSION_KEY
from porsche_web.orders.models import ORDER_FIELDS


@core_hookimpl
def core_session_keys_kept_at_login() -> list[str]:
    # The order of the invitation link used before logging in: the activation goes on after it.
    return [SESSION_KEY]


@core_hookimpl
def core_demo_seed() -> str:
    return demo.demo_orders()


# Orders and invitations come from the dealer systems and stay when a Porsche ID is deleted.
ORDER_RETENTION = _l(
    "Kept with the order, also after you delete your Porsche ID: the order belongs to your "
    "Porsche Centre."
)


@core_hookimpl
def core_personal_data() -> list[PersonalData]:
    return [
        PersonalData(
            table="orders",
            columns=("order_number", *ORDER_FIELDS, "invited_at"),
            purpose=_l(
                "Your car order from your Porsche Centre, so that we can invite you to activate "
                "Porsche Connect for your car."
            ),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.ORDERS,
            retention=ORDER_RETENTION,
        ),
        PersonalData(
            table="invitations",
            columns=("order_id", "email", "sent_at", "opened_at", "used_at"),
            purpose=_l("The invitation e-mail with your activation link."),
            legal_basis=LegalBasis.CONTRACT,
            processing=Processing.ORDERS,
            retention=ORDER_RETENTION,
        ),
    ]


@core_hookimpl
def core_personal_data_export(account) -> dict:
    from porsche_web.extensions import db
    from porsche_web.orders.models import Invitation, Order

    orders = list(
        db.session.execute(
            select(Order).where(func.lower(Order.email) == account.email.lower()).order_by(Order.id)
        ).scalars()
    )
    invitations = db.session.execute(
        select(Invitation)
        .where(Invitation.order_id.in_([o.id for o in orders]))
        .order_by(Invitation.id)
    ).scalars()
    return {"orders": export_rows(orders), "invitations": export_rows(invitations)}
