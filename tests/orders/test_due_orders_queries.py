"""``invitations send-due`` at scale (issue #11 items 4 and 6): the due orders are found in SQL
through ``invited_at`` (stale orders that already have a live invitation are never loaded),
their invitations are loaded eagerly, and the statements run do not grow with the stale
orders."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from porsche_web.extensions import db
from porsche_web.orders import invitations
from porsche_web.orders.models import CANCELLED, DELIVERED, ORDERED, Invitation, Order
from porsche_web.testing.helpers import sql_statements

NOW = datetime(2027, 3, 1, 9, tzinfo=UTC)
SOON = NOW.date() + timedelta(days=10)


def orders(prefix: str, count: int, delivery: date, status: str = ORDERED) -> list[Order]:
    rows = [
        Order(
            order_number=f"{prefix}-{i:05d}",
            market="se",
            partner_id="se-goteborg",
            given_name="Astrid",
            family_name="Exempel",
            email=f"{prefix.lower()}{i}@example.com",
            language="sv",
            model_id="taycan",
            model_year=2026,
            planned_delivery=delivery,
            status=status,
        )
        for i in range(count)
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def invite(rows: list[Order], *, voided: bool = False, used: bool = False) -> None:
    for order in rows:
        db.session.add(
            Invitation(
                order_id=order.id,
                token_hash=f"{order.order_number:0>64}",
                email=order.email,
                sent_at=NOW - timedelta(days=40),
                expires_at=NOW - timedelta(days=26),  # expired long ago: still not re-sent
                used_at=NOW - timedelta(days=39) if used else None,
                voided_at=NOW - timedelta(days=30) if voided else None,
            )
        )
        if not voided:  # as send_invitation keeps it
            order.invited_at = NOW - timedelta(days=40)
    db.session.flush()


def world(stale: int) -> dict[str, list[Order]]:
    """Orders due now (new, or whose only link was voided) and ``stale`` orders that must not
    be invited again, nor loaded: invited already (link expired or used), delivered, cancelled,
    delivered later than in 14 days."""
    due = orders("DUE", 6, SOON)
    revoked = orders("VOID", 4, SOON)
    invite(revoked, voided=True)
    invite(orders("OLD", stale, NOW.date() - timedelta(days=300)))
    invite(orders("USED", stale, NOW.date() - timedelta(days=200)), used=True)
    orders("DLV", stale, SOON, status=DELIVERED)
    orders("CNC", stale, SOON, status=CANCELLED)
    orders("LATER", stale, NOW.date() + timedelta(days=15))
    db.session.commit()
    return {"due": due + revoked}


def test_due_orders_is_one_query_and_only_the_due_ones(app):
    with app.app_context():
        expected = world(stale=30)["due"]
        with sql_statements() as seen:
            found = invitations.due_orders(NOW)
            for order in found:  # what send_invitation reads: no lazy load
                assert [i.voided_at is not None for i in order.invitations] in ([], [True])
        assert [o.order_number for o in found] == sorted(o.order_number for o in expected)
        assert len(seen) <= 2, seen  # the orders, then their invitations (selectin)
        assert "invited_at IS NULL" in seen[0]


def test_an_order_with_a_live_link_is_not_invited_whatever_its_marker(app):
    """``invited_at`` lost (written by hand, restored from an old backup): the rule, no live
    invitation, still holds."""
    with app.app_context():
        (used,) = orders("DRIFT", 1, SOON)
        invite([used], used=True)
        used.invited_at = None
        db.session.commit()
        assert invitations.due_orders(NOW) == []
        assert invitations.send_due(NOW) == 0


@pytest.mark.parametrize("stale", [0, 40])
def test_send_due_statements_grow_with_due_orders_only(app, stale):
    with app.app_context():
        due = world(stale=stale)["due"]
        with sql_statements() as seen:
            assert invitations.send_due(NOW) == len(due)
        # Per due order: its invitation, its e-mail and the voiding of an old link, in a
        # savepoint (SAVEPOINT, RELEASE: issue #20 item 19); plus the search and the eager
        # load. Never a statement per stale order.
        assert len(seen) <= 5 * len(due) + 3, len(seen)
        with sql_statements() as again:
            assert invitations.send_due(NOW) == 0
        assert len(again) == 1


def test_send_due_keeps_its_count_whatever_the_stale_orders(app):
    counts = []
    for stale in (0, 25):
        with app.app_context():
            db.session.execute(text("DELETE FROM outbox_messages"))
            db.session.execute(text("DELETE FROM invitations"))
            db.session.execute(text("DELETE FROM orders"))
            db.session.commit()
            world(stale=stale)
            with sql_statements() as seen:
                invitations.send_due(NOW)
            counts.append(len(seen))
            db.session.rollback()
    assert counts[0] == counts[1], counts
