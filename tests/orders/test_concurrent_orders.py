"""Simultaneous dealer POSTs of one new order: one order, every answer the idempotent one,
never a 500 from the unique order number (issue #20, item 20)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from porsche_web.extensions import db
from porsche_web.orders import services
from porsche_web.orders.models import Order

BURST = 10
ORDER = {
    "order_number": "SE-100200",
    "market": "se",
    "customer": {
        "given_name": "Astrid",
        "family_name": "Exempel",
        "email": "astrid@example.com",
        "language": "sv",
    },
    "vehicle": {"model": "taycan", "model_year": 2026, "commission_number": "SE12345"},
    "planned_delivery": "2026-12-24",
}


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def key(app) -> str:
    with app.app_context():
        _, secret = services.create_api_key("se", "se-goteborg")
        db.session.commit()
    return secret


def looking_at_once(monkeypatch, parties: int) -> None:
    """Every request looks for the order number before any of them inserts it."""
    barrier = threading.Barrier(parties)
    seen = threading.local()
    real = services.find_order

    def find_order(number):
        found = real(number)
        if not getattr(seen, "looked", False):
            seen.looked = True
            barrier.wait(20)
        return found

    monkeypatch.setattr(services, "find_order", find_order)


@pytest.mark.postgres
def test_simultaneous_posts_of_one_new_order(app, key, monkeypatch):
    looking_at_once(monkeypatch, BURST)
    answers: list[tuple[int, dict]] = []

    def post() -> None:
        response = app.test_client().post(
            "/api/v1/orders", json=ORDER, headers={"Authorization": f"Bearer {key}"}
        )
        answers.append((response.status_code, response.get_json()))

    threads = [threading.Thread(target=post) for _ in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    monkeypatch.undo()

    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * (BURST - 1) + [201], answers
    assert sum(body["created"] for _, body in answers) == 1
    assert all(body["order_number"] == "SE-100200" for _, body in answers)
    with app.app_context():
        assert db.session.execute(select(func.count(Order.id))).scalar_one() == 1
        assert services.find_order("SE-100200").partner_id == "se-goteborg"
