"""Invitations: the e-mail with the activation link, its single use and the self-service new
link (F4–F6, F22). Business operations; flush, never commit."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext
from sqlalchemy import literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.services import normalize_email
from porsche_web.connect import catalogue
from porsche_web.extensions import db
from porsche_web.notifications import services as outbox
from porsche_web.orders.models import ORDERED, Invitation, Order
from porsche_web.orders.services import find_order, void_invitations

#: Where the web layer keeps the order whose invitation link this browser used (its Continue
#: button); the activation goes on from it, also after logging in.
SESSION_KEY = "activation_order_id"
#: F4: the invitation goes out this long before the planned delivery.
INVITE_BEFORE = timedelta(days=14)
#: F6: the link in the invitation lives this long from sending.
LINK_LIFETIME = timedelta(days=14)
#: Self-service: at most one new link per order in this time.
RESEND_AFTER = timedelta(minutes=5)


def due_orders(now: datetime) -> list[Order]:
    """F4: 14 days before the planned delivery, or at once for an order that came later.

    One statement finds them (orders without a live invitation: one sent and not voided, as
    used or expired links are not re-sent; ``NOT EXISTS`` in SQL, through
    the partial index ``ix_orders_ordered_delivery``) and one more loads their invitations.
    """
    latest = now.date() + INVITE_BEFORE
    live = select(Invitation.id).where(
        Invitation.order_id == Order.id, Invitation.voided_at.is_(None)
    )
    due = list(
        db.session.execute(
            select(Order)
            # The status inline, not a parameter: so the partial index matches its condition.
            .where(
                Order.status == literal(ORDERED, literal_execute=True),
                Order.planned_delivery <= latest,
                ~live.exists(),
            )
            .options(selectinload(Order.invitations))
        ).scalars()
    )
    # Sorted here, not in SQL: an ORDER BY id lets SQLite prefer scanning the whole table.
    return sorted(due, key=lambda order: order.id)


def send_invitation(order: Order, now: datetime | None = None) -> Invitation | None:
    """Void older links and queue a new invitation e-mail to the order's address.

    In a savepoint: when another sender (the self-service new link, a second run) gave the
    order its open link at the same moment, the database refuses the second one
    (``uq_invitations_open_order``), nothing of this one stays and None is returned.
    """
    now = now or clock.now()
    try:
        with db.session.begin_nested():
            invitation = _new_invitation(order, now)
    except IntegrityError:
        db.session.expire(order, ["invitations"])
        return None
    return invitation


def _new_invitation(order: Order, now: datetime) -> Invitation:
    void_invitations(order, now)
    db.session.flush()  # the older links are voided before the new one is written
    token, token_hash = hashing.new_token()
    invitation = Invitation(
        order=order,
        token_hash=token_hash,
        email=order.email,
        sent_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    db.session.add(invitation)
    db.session.flush()  # the database's one open link per order decides before the e-mail
    with outbox.in_language(order.market, order.language):
        link = outbox.public_url(
            "orders.invitation",
            country=order.market,
            lang=order.language,
            token=token,
        )
        model = catalogue.get_model(order.model_id)
        outbox.enqueue_email(
            to=order.email,
            market=order.market,
            language=order.language,
            subject=gettext("Activate Porsche Connect for your new Porsche"),
            greeting=gettext("Hello %(name)s,", name=order.given_name),
            paragraphs=[
                gettext(
                    "Your %(model)s will soon be delivered. Create your Porsche ID and activate "
                    "the Porsche Connect services now, so they are ready when you get the car.",
                    model=model.name if model else order.model_id,
                ),
                gettext(
                    "The link works once and for 14 days. Order number: %(number)s.",
                    number=order.order_number,
                ),
            ],
            link=(gettext("Continue to activation"), link),
            reason=gettext(
                "You receive this message because your Porsche Centre registered your order "
                "with this e-mail address."
            ),
        )
    return invitation


def send_due(now: datetime | None = None) -> int:
    """Send every invitation that is due; returns how many were queued.

    Run it alone, under :func:`porsche_web.orders.runlock.single_run` (``cli.send_due_once``), so
    that two runs at the same moment do not invite an order twice.
    """
    now = now or clock.now()
    orders = due_orders(now)
    sent = 0
    with outbox.url_context():
        for order in orders:
            sent += send_invitation(order, now) is not None
    return sent


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.execute(
        select(Invitation).where(Invitation.token_hash == hashing.hash_token(token))
    ).scalar_one_or_none()


class LinkUnusable(Exception):
    """The invitation link is unknown, expired, used or voided."""


def use_invitation(token: str, now: datetime | None = None) -> Invitation:
    """Consume the link (single use). :raises LinkUnusable:"""
    now = now or clock.now()
    invitation = find_invitation(token)
    if invitation is None or not invitation.usable(now):
        raise LinkUnusable()
    # Conditional update: two concurrent POSTs cannot both consume it.
    result = db.session.execute(
        Invitation.__table__.update()
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=now)
    )
    if result.rowcount != 1:
        raise LinkUnusable()
    db.session.refresh(invitation)
    return invitation


def request_new_link(order_number: str, email: str, now: datetime | None = None) -> bool:
    """F22 self-service: a new link, only to the order's own address. True when one was sent."""
    now = now or clock.now()
    order = find_order(order_number) if order_number else None
    if order is None or order.status != ORDERED:
        return False
    if normalize_email(email or "") != order.email:
        return False
    latest = order.invitations[-1] if order.invitations else None
    if latest is not None and latest.sent_at > now - RESEND_AFTER:
        return False  # one new link per order every few minutes, whatever the limiter says
    # None: another new link went out at this very moment; the customer gets that one.
    send_invitation(order, now)
    return True
