"""The car's hot paths at scale (issue #11 item 6): the car page, its command poll and the car's
``GET /api/pcm/v1/services`` run as many statements with one order in the database as with
many, and the queries by VIN and of ``send-due`` can use their indexes (EXPLAIN), on SQLite
and on PostgreSQL (``--db postgresql``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text

from porsche_web import clock
from porsche_web.accounts.models import Account
from porsche_web.activation import contracts
from porsche_web.activation.models import CONFIRMED, Activation, Contract
from porsche_web.extensions import db
from porsche_web.orders import invitations
from porsche_web.orders.models import Order
from porsche_web.orders.services import void_invitations
from porsche_web.testing.helpers import query_plan, sql_statements
from porsche_web.vehicles import services

VIN = "WP0ZZZY1ZTS000301"
API = "/api/pcm/v1"


def more_orders(count: int, vin_of=lambda i: f"WP0ZZZY1ZTS{500000 + i:06d}") -> None:
    """Other customers' confirmed orders with contracts; every third on the car's own VIN
    (a car activated again) to make sure the queries do not grow with them either."""
    owner = db.session.execute(select(Account)).scalars().first()
    if owner is None:
        owner = Account(
            email="eve@example.com",
            given_name="Eve",
            family_name="Exempel",
            country="se",
            market="se",
            language="sv",
            password_hash="not-a-hash",
        )
        db.session.add(owner)
        db.session.flush()
    for i in range(count):
        order = Order(
            order_number=f"SE-9{i:05d}",
            market="se",
            partner_id="se-goteborg",
            given_name="Eve",
            family_name="Exempel",
            email=f"eve{i}@example.com",
            language="sv",
            vin=VIN if i % 3 == 0 else vin_of(i),
            model_id="taycan",
            model_year=2026,
            planned_delivery=date(2026, 1, 1),
            status="delivered",
        )
        db.session.add(order)
        db.session.flush()
        activation = Activation(
            order_id=order.id,
            account_id=owner.id,
            status=CONFIRMED,
            confirmed_at=datetime(2026, 1, 2, tzinfo=UTC),
        )
        db.session.add(activation)
        db.session.flush()
        db.session.add(
            Contract(
                activation_id=activation.id,
                account_id=owner.id,
                service_id="nc_destsync_v1",
                currency="SEK",
                starts_on=date(2026, 1, 2),
                ends_on=date(2030, 1, 1),
            )
        )
    db.session.commit()


@pytest.fixture
def car(app, client, activation, vehicles) -> tuple[str, str]:
    """The customer's activated, linked Taycan: (its page, the car's API token)."""
    with app.app_context():
        _, token = services.provision(VIN, "taycan", 2026, "se")
        db.session.commit()
    activation.activate(vin=VIN)
    return vehicles.link_car(), token


def count(app, request) -> int:
    with app.app_context(), sql_statements() as seen:
        response = request()
        assert response.status_code == 200, response.status_code
    return len(seen)


def test_the_car_pages_and_the_car_poll_do_not_grow_with_the_orders(app, client, car):
    page, token = car
    pcm = app.test_client()
    requests = {
        "car page": lambda: client.get(page),
        "command poll": lambda: client.get(f"{page}/commands"),
        "my vehicles": lambda: client.get("/se/sv/account/vehicles"),
        "car services": lambda: pcm.get(
            f"{API}/services", headers={"Authorization": f"Bearer {token}"}
        ),
    }
    for request in requests.values():  # the first view after linking uses the flash message
        request()
    before = {name: count(app, request) for name, request in requests.items()}
    with app.app_context():
        more_orders(30)
    after = {name: count(app, request) for name, request in requests.items()}
    assert after == before


def _scans_orders(plan: str) -> bool:
    """A full scan of ``orders`` in the plan (SQLite ``SCAN orders``, PostgreSQL ``Seq Scan on
    orders``)."""
    return any(
        line.strip().startswith(("SCAN orders", "Seq Scan on orders"))
        or "Seq Scan on orders" in line
        for line in plan.splitlines()
    )


@pytest.mark.parametrize(
    ("name", "run", "index"),
    [
        (
            "contracts_for_vin",
            lambda: contracts.contracts_for_vin(VIN, clock.now().date()),
            "ix_orders_vin",
        ),
        (
            "last_activation_for_vin",
            lambda: contracts.last_activation_for_vin(VIN),
            "ix_orders_vin",
        ),
        (
            "due_orders",
            lambda: invitations.due_orders(clock.now()),
            "ix_orders_to_invite",
        ),
    ],
)
def test_the_hot_queries_use_their_index(app, name, run, index):
    with app.app_context():
        more_orders(5)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # Statistics of these rows, not of what earlier tests left: the planner's choice
            # then depends on this test alone.
            db.session.execute(text("ANALYZE orders, activations, contracts"))
        with sql_statements() as seen:
            run()
        plan = query_plan(seen[0])
        db.session.rollback()
    assert index in plan, f"{name}:\n{plan}"
    assert not _scans_orders(plan), f"{name}:\n{plan}"


def test_a_due_order_is_found_after_its_link_was_voided(app):
    """``orders.invited_at`` keeps the rule: a voided link does not count, a used one does
    (links are voided by ``void_invitations``, which keeps the marker)."""
    with app.app_context():
        more_orders(1)
        order = db.session.execute(select(Order)).scalars().first()
        order.status = "ordered"
        order.planned_delivery = clock.now().date() + timedelta(days=3)
        db.session.commit()
        assert [o.id for o in invitations.due_orders(clock.now())] == [order.id]
        with app.test_request_context():
            invitations.send_invitation(order)
        db.session.commit()
        assert invitations.due_orders(clock.now()) == []
        void_invitations(order, clock.now())
        db.session.commit()
        assert [o.id for o in invitations.due_orders(clock.now())] == [order.id]
        with app.test_request_context():
            invitations.send_invitation(order)
        order.invitations[-1].used_at = clock.now()
        db.session.commit()
        assert invitations.due_orders(clock.now()) == []


def test_the_car_page_reads_the_cars_contracts_once(app, client, car):
    """The page shows the services and the remote functions they include: one read of the
    contracts serves both."""
    page, _ = car
    client.get(page)  # the first view after linking uses the flash message
    with app.app_context(), sql_statements() as seen:
        assert client.get(page).status_code == 200
    assert sum("FROM contracts" in statement for statement in seen) == 1
