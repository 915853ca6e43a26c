"""``invitations send-due`` in batches (issue #11): the e-mails are rendered once per market,
language and model with each customer's values put in, the same bytes as rendering each one
(autoescape included); the invitations, the orders' ``invited_at`` and the e-mails are written
in a few statements whatever the number of due orders; a batch the database refuses is invited
one order at a time, each order exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from porsche_web.extensions import db
from porsche_web.notifications import services as outbox
from porsche_web.notifications.models import OutboxMessage
from porsche_web.orders import invitations
from porsche_web.orders.models import Invitation, Order
from porsche_web.testing.helpers import sql_statements

NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)

AWKWARD = '<b>Åsa "O\'Brien"</b> & Co %(name)s {{ x }}'


def make(number: str, *, market="se", language="sv", name="Astrid", model="taycan") -> Order:
    order = Order(
        order_number=number,
        market=market,
        partner_id="se-goteborg" if market == "se" else "de-stuttgart",
        given_name=name,
        family_name="Exempel",
        email=f"{number.lower()}@example.com",
        language=language,
        model_id=model,
        model_year=2026,
        planned_delivery=NOW.date() + timedelta(days=5),
    )
    db.session.add(order)
    db.session.flush()
    return order


@pytest.mark.parametrize(
    ("market", "language"), [("se", "sv"), ("se", "en"), ("de", "de"), ("de", "en")]
)
def test_a_batched_email_is_the_email_rendered_alone(app, market, language):
    token = "AbC-def_123" * 4
    with app.app_context(), outbox.url_context():
        mailing = invitations.Mailing()
        for name in ("Astrid", AWKWARD):
            order = make(f"SE-B{len(name)}{language}", market=market, language=language, name=name)
            batched = mailing.email(order, token)
            with outbox.in_language(market, language):
                alone = invitations.invitation_email(
                    market, language, "taycan", name=name, number=order.order_number, token=token
                )
            assert batched == {**alone, "to_address": order.email}
        assert "&lt;b&gt;Åsa &#34;O&#39;Brien&#34;&lt;/b&gt; &amp; Co" in batched["html_body"]
        assert AWKWARD in batched["text_body"]
        assert "PWSLOT" not in batched["html_body"] + batched["text_body"]
        assert f"/activate/{token}" in batched["text_body"]


def test_the_languages_get_their_own_texts(app):
    with app.app_context(), outbox.url_context():
        mailing = invitations.Mailing()
        swedish = mailing.email(make("SE-L1", language="sv"), "t" * 43)
        english = mailing.email(make("SE-L2", language="en"), "t" * 43)
        assert swedish["subject"] != english["subject"]
        assert swedish["language"] == "sv" and english["language"] == "en"


def due(count: int) -> list[Order]:
    return [make(f"SE-D{count}-{i:04d}", language=("sv", "en")[i % 2]) for i in range(count)]


def test_send_due_statements_do_not_grow_with_the_due_orders(app):
    counts = []
    for count in (4, 40):
        with app.app_context():
            due(count)
            db.session.commit()
            with sql_statements() as seen:
                assert invitations.send_due(NOW) == count
            db.session.commit()
            counts.append(len(seen))
    assert counts[0] == counts[1], counts


def test_send_due_invites_each_order_once_and_marks_it(app):
    with app.app_context():
        orders = due(7)
        db.session.commit()
        assert invitations.send_due(NOW) == 7
        db.session.commit()
        db.session.expire_all()
        for order in orders:
            assert order.invited_at == NOW
            assert [i.sent_at for i in order.invitations] == [NOW]
        addresses = db.session.execute(select(OutboxMessage.to_address)).scalars().all()
        assert sorted(addresses) == sorted(o.email for o in orders)
        assert invitations.due_orders(NOW) == []
        assert invitations.send_due(NOW) == 0


def test_a_refused_batch_is_invited_one_order_at_a_time(app, monkeypatch):
    """Another sender gave one due order an open link after the search: the batch's INSERT is
    refused (``uq_invitations_open_order``) and rolled back to its savepoint, and the orders are
    invited one by one as before batching (that order's link is replaced, as a new link
    does): every order ends with exactly one open link and one e-mail from this run."""
    with app.app_context():
        orders = due(5)
        db.session.commit()
        found = invitations.due_orders(NOW)
        raced = found[2]
        other = Invitation(
            order_id=raced.id,
            token_hash="r" * 64,
            email=raced.email,
            sent_at=NOW,
            expires_at=NOW + timedelta(days=14),
        )
        db.session.add(other)
        db.session.commit()
        monkeypatch.setattr(invitations, "due_orders", lambda now: found)
        with sql_statements() as seen:
            assert invitations.send_due(NOW) == 5
        db.session.commit()
        assert any("ROLLBACK TO SAVEPOINT" in statement.upper() for statement in seen)
        open_links = dict(
            db.session.execute(
                select(Invitation.order_id, func.count())
                .where(Invitation.voided_at.is_(None), Invitation.used_at.is_(None))
                .group_by(Invitation.order_id)
            ).all()
        )
        assert open_links == {order.id: 1 for order in orders}
        assert other.voided_at == NOW
        mailed = db.session.execute(select(OutboxMessage.to_address)).scalars().all()
        assert sorted(mailed) == sorted(o.email for o in orders)


def test_a_voided_link_makes_the_order_due_again(app):
    with app.app_context():
        (order,) = due(1)
        db.session.commit()
        invitations.send_due(NOW)
        db.session.commit()
        later = NOW + timedelta(days=1)
        from porsche_web.orders.services import void_invitations

        void_invitations(order, later)
        assert order.invited_at is None
        db.session.commit()
        assert [o.id for o in invitations.due_orders(later)] == [order.id]
