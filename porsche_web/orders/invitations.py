"""Invitations: the e-mail with the activation link, its single use and the self-service new
link (F4–F6, F22). Business operations; flush, never commit."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from urllib.parse import quote

from flask_babel import gettext
from markupsafe import escape
from sqlalchemy import insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

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
#: ``send-due`` invites this many orders per statement.
BATCH = 500


def due_orders(now: datetime) -> list[Order]:
    """F4: 14 days before the planned delivery, or at once for an order that came later.

    The due orders are those without a live invitation (one sent and not voided: used or
    expired links are not re-sent). ``invited_at`` marks the orders that have one, and the
    partial index ``ix_orders_to_invite`` holds only the "ordered" orders without it, so one
    statement reads just the candidates, never the stale orders (invited long ago, delivery
    passed), and one more loads the candidates' invitations; the rule itself is checked on
    those (an order with a live invitation is never invited again, whatever its marker says).
    """
    latest = now.date() + INVITE_BEFORE
    candidates = db.session.execute(
        select(Order)
        # The status inline, not a parameter: so the partial index matches its condition.
        .where(
            Order.status == literal(ORDERED, literal_execute=True),
            Order.invited_at.is_(None),
            Order.planned_delivery <= latest,
        )
        .options(selectinload(Order.invitations))
    ).scalars()
    due = [o for o in candidates if all(i.voided_at is not None for i in o.invitations)]
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
    order.invited_at = now
    db.session.flush()  # the database's one open link per order decides before the e-mail
    with outbox.in_language(order.market, order.language):
        email = invitation_email(
            order.market,
            order.language,
            order.model_id,
            name=order.given_name,
            number=order.order_number,
            token=token,
        )
    outbox.enqueue_emails([{**email, "to_address": order.email}])
    return invitation


def invitation_email(
    market: str, language: str, model_id: str, *, name: str, number: str, token: str
) -> dict[str, str]:
    """The invitation e-mail's outbox columns (but its address); inside ``in_language``."""
    link = outbox.public_url("orders.invitation", country=market, lang=language, token=token)
    model = catalogue.get_model(model_id)
    return outbox.render_email(
        market=market,
        language=language,
        subject=gettext("Activate Porsche Connect for your new Porsche"),
        greeting=gettext("Hello %(name)s,", name=name),
        paragraphs=[
            gettext(
                "Your %(model)s will soon be delivered. Create your Porsche ID and activate "
                "the Porsche Connect services now, so they are ready when you get the car.",
                model=model.name if model else model_id,
            ),
            gettext(
                "The link works once and for 14 days. Order number: %(number)s.",
                number=number,
            ),
        ],
        link=(gettext("Continue to activation"), link),
        reason=gettext(
            "You receive this message because your Porsche Centre registered your order "
            "with this e-mail address."
        ),
    )


class Mailing:
    """The invitation e-mails of one ``send-due`` run, rendered once per (market, language,
    model) with a placeholder for each customer's own values (name, order number, link token),
    which are then put in: as they are in the text body and the subject, HTML-escaped in the
    HTML body; exactly what rendering each e-mail on its own gives
    (``tests/orders/test_send_due_batch.py``). The placeholders are random per run, so no
    customer's value can contain one, and they are replaced in one pass."""

    def __init__(self) -> None:
        tag = secrets.token_hex(8)
        self.slots = {field: f"PWSLOT{tag}{field.upper()}" for field in ("name", "number", "token")}
        self.pattern = re.compile("|".join(self.slots.values()))
        self.field_of = {slot: field for field, slot in self.slots.items()}
        self.prepared: dict[tuple[str, str, str], dict[str, str]] = {}

    def email(self, order: Order, token: str) -> dict[str, str]:
        key = (order.market, order.language, order.model_id)
        if key not in self.prepared:
            with outbox.in_language(order.market, order.language):
                self.prepared[key] = invitation_email(*key, **self.slots)
        values = {
            "name": order.given_name,
            "number": order.order_number,
            "token": quote(token, safe=""),
        }
        escaped = {field: str(escape(value)) for field, value in values.items()}
        email: dict[str, str] = {}
        for column, template in self.prepared[key].items():
            chosen = escaped if column == "html_body" else values
            fill = lambda m, c=chosen: c[self.field_of[m.group(0)]]  # noqa: E731
            email[column] = self.pattern.sub(fill, template)
        email["to_address"] = order.email
        return email


def _invite_all(orders: list[Order], now: datetime) -> None:
    """Invite every order at once: one INSERT of the invitations, one UPDATE of the orders and
    one INSERT of the e-mails (the orders are due: none has an open link to void)."""
    mailing = Mailing()
    links, emails = [], []
    for order in orders:
        token, token_hash = hashing.new_token()
        links.append(
            {
                "order_id": order.id,
                "token_hash": token_hash,
                "email": order.email,
                "sent_at": now,
                "expires_at": now + LINK_LIFETIME,
            }
        )
        emails.append(mailing.email(order, token))
    db.session.execute(insert(Invitation), links)
    orders_table = Order.__table__
    db.session.execute(
        update(orders_table)
        .where(orders_table.c.id.in_([order.id for order in orders]))
        .values(invited_at=now)
    )
    outbox.enqueue_emails(emails)
    for order in orders:
        set_committed_value(order, "invited_at", now)
        db.session.expire(order, ["invitations"])


def send_due(now: datetime | None = None) -> int:
    """Send every invitation that is due; returns how many were queued.

    Run it alone, under :func:`porsche_web.orders.runlock.single_run` (``cli.send_due_once``), so
    that two runs at the same moment do not invite an order twice. The due orders are invited
    :data:`BATCH` at a time (:func:`_invite_all`, in a savepoint); when the database refuses a
    batch (another sender gave one of its orders an open link at the same moment:
    ``uq_invitations_open_order``), that batch is invited one order at a time instead.
    """
    now = now or clock.now()
    orders = due_orders(now)
    sent = 0
    with outbox.url_context():
        for first in range(0, len(orders), BATCH):
            batch = orders[first : first + BATCH]
            try:
                with db.session.begin_nested():
                    _invite_all(batch, now)
            except IntegrityError:
                for order in batch:
                    db.session.expire(order)
                    sent += send_invitation(order, now) is not None
            else:
                sent += len(batch)
    return sent


def find_invitation(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.execute(
        select(Invitation).where(Invitation.token_hash == hashing.hash_token(token))
    ).scalar_one_or_none()


def mark_opened(invitation: Invitation, now: datetime) -> None:
    """Record the first opening of the link (expired, used or voided ones too: staff see that
    the customer tried it)."""
    db.session.execute(
        Invitation.__table__.update()
        .where(Invitation.id == invitation.id, Invitation.opened_at.is_(None))
        .values(opened_at=now)
    )


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
