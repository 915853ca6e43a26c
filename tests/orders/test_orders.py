"""Orders: the dealer API (auth, market scoping, idempotency, validation) and ``orders import``."""

from __future__ import annotations

import copy
import json

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.orders import services
from porsche_web.orders.models import DealerApiKey, Order

ORDER = {
    "order_number": "SE-100200",
    "market": "se",
    "partner_id": "se-goteborg",
    "customer": {
        "given_name": "Astrid",
        "family_name": "Exempel",
        "email": "Astrid.Exempel@example.com",
        "phone": "070-174 06 06",
        "language": "sv",
    },
    "vehicle": {"model": "taycan", "model_year": 2026, "vin": "WP0ZZZY1ZTSA00001"},
    "planned_delivery": "2026-12-24",
}


def order(**changes) -> dict:
    data = copy.deepcopy(ORDER)
    for key, value in changes.items():
        target = data
        *path, last = key.split("__")
        for part in path:
            target = target[part]
        if value is None:
            target.pop(last, None)
        else:
            target[last] = value
    return data


@pytest.fixture
def key(app) -> str:
    with app.app_context():
        _, secret = services.create_api_key("se", "se-goteborg")
        db.session.commit()
    return secret


def post(client, body, secret):
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    return client.post("/api/v1/orders", json=body, headers=headers)


def count_orders(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(Order.id))).scalar_one()


def test_a_new_order_is_created(app, client, key):
    response = post(client, ORDER, key)
    assert response.status_code == 201
    assert response.json == {
        "order_number": "SE-100200",
        "market": "se",
        "status": "ordered",
        "created": True,
    }
    with app.app_context():
        saved = services.find_order("se-100200")
        assert saved.email == "astrid.exempel@example.com"
        assert saved.phone_e164 == "+46701740606"
        assert saved.vin == "WP0ZZZY1ZTSA00001"
        assert saved.planned_delivery.isoformat() == "2026-12-24"


def test_a_repeat_updates_and_never_duplicates(app, client, key):
    assert post(client, ORDER, key).status_code == 201
    again = post(client, order(planned_delivery="2027-01-10"), key)
    assert again.status_code == 200
    assert again.json["created"] is False
    assert post(client, ORDER, key).status_code == 200
    assert count_orders(app) == 1
    with app.app_context():
        assert services.find_order("SE-100200").planned_delivery.isoformat() == "2026-12-24"


def test_the_partner_defaults_to_the_keys_centre(app, client, key):
    assert post(client, order(partner_id=None), key).status_code == 201
    with app.app_context():
        assert services.find_order("SE-100200").partner_id == "se-goteborg"


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic abc", "Bearer "])
def test_the_api_needs_a_valid_key(app, client, header):
    headers = {"Authorization": header} if header else {}
    response = client.post("/api/v1/orders", json=ORDER, headers=headers)
    assert response.status_code == 401
    assert "WWW-Authenticate" in response.headers
    assert count_orders(app) == 0


def test_a_revoked_key_is_refused(app, client, key):
    with app.app_context():
        row = db.session.execute(select(DealerApiKey)).scalar_one()
        row.revoked_at = clock.now()
        db.session.commit()
    assert post(client, ORDER, key).status_code == 401


def test_keys_are_stored_hashed(app, key):
    with app.app_context():
        row = db.session.execute(select(DealerApiKey)).scalar_one()
        assert key not in (row.key_hash, row.prefix)
        assert len(row.key_hash) == 64


def test_a_key_writes_only_orders_of_its_market(app, client, key):
    german = order(
        market="de", partner_id="de-berlin", customer__language="de", customer__phone=None
    )
    response = post(client, german, key)
    assert response.status_code == 403
    assert count_orders(app) == 0


def test_a_key_cannot_take_over_an_order_of_another_market(app, client, key):
    with app.app_context():
        _, german_key = services.create_api_key("de", "de-berlin")
        db.session.commit()
    german = order(
        market="de", partner_id="de-berlin", customer__language="de", customer__phone=None
    )
    assert post(client, german, german_key).status_code == 201
    # The Swedish key sends the same order number as a Swedish order.
    assert post(client, ORDER, key).status_code == 403
    with app.app_context():
        assert services.find_order("SE-100200").market == "de"


def test_the_api_needs_no_csrf_token_but_json(client, key):
    response = client.post(
        "/api/v1/orders", data="not json", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 400
    assert "JSON" in response.json["message"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"order_number": None}, "order_number"),
        ({"order_number": "a b"}, "order_number"),
        ({"market": "xx"}, "market"),
        ({"market": 7}, "market"),
        ({"partner_id": "de-berlin"}, "partner_id"),
        ({"customer": None}, "customer"),
        ({"customer__given_name": ""}, "customer.given_name"),
        ({"customer__family_name": None}, "customer.family_name"),
        ({"customer__email": "not-an-address"}, "customer.email"),
        ({"customer__language": "fr"}, "customer.language"),
        ({"customer__phone": "12"}, "customer.phone"),
        ({"customer__shoe_size": "44"}, "customer.shoe_size"),
        ({"vehicle": None}, "vehicle"),
        ({"vehicle__model": "beetle"}, "vehicle.model"),
        ({"vehicle__model_year": 2019}, "vehicle.model_year"),
        ({"vehicle__model_year": "2026"}, "vehicle.model_year"),
        ({"vehicle__vin": "WP0ZZZY1ZTSA0000I"}, "vehicle.vin"),
        ({"vehicle__vin": None}, "vehicle.vin"),
        ({"vehicle__commission_number": "??"}, "vehicle.commission_number"),
        ({"planned_delivery": "24.12.2026"}, "planned_delivery"),
        ({"planned_delivery": None}, "planned_delivery"),
        ({"status": "lost"}, "status"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_each_validation_error_names_its_field(app, client, key, changes, field):
    response = post(client, order(**changes), key)
    assert response.status_code == 422
    assert field in response.json["errors"], response.json
    assert count_orders(app) == 0


def test_every_wrong_field_is_named_at_once(client, key):
    body = order(customer__email="x", vehicle__model="beetle", planned_delivery="soon")
    errors = post(client, body, key).json["errors"]
    assert {"customer.email", "vehicle.model", "planned_delivery"} <= set(errors)


def test_a_body_that_is_not_an_object(client, key):
    response = post(client, [ORDER], key)
    assert response.status_code == 422


def test_deeply_nested_json_is_a_bad_request_not_a_crash(client, key):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(
        "/api/v1/orders",
        data=body,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "JSON object" in response.json["message"]


def test_a_north_american_vin_needs_its_check_digit(app):
    """VIN rules are the vehicles' (porsche_web.validators): the US checks position 9."""
    raw = order()
    raw["vehicle"]["vin"] = "1M8GDM9AXKP042789"  # the check digit X is wrong for this VIN
    with app.app_context():
        assert services.validate_order(raw).vin == "1M8GDM9AXKP042789"  # a Swedish order
        raw["market"], raw["partner_id"] = "us", None
        raw["customer"]["language"] = "en"
        with pytest.raises(services.OrderInvalid) as caught:
            services.validate_order(raw)
        assert "check digit" in caught.value.errors["vehicle.vin"]


def test_the_openapi_file_documents_the_endpoint():
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "dealer-api.yaml").read_text(encoding="utf-8")
    assert "openapi: 3.1.0" in text
    assert "/api/v1/orders:" in text
    for status in ("'200'", "'201'", "'400'", "'401'", "'403'", "'422'"):
        assert status in text


# -- orders import ---------------------------------------------------------------------------


def test_import_creates_and_updates_with_a_summary(app, runner, tmp_path):
    second = order(
        order_number="SE-100201",
        vehicle__model="718",
        vehicle__model_year=2025,
        vehicle__vin="WP0ZZZ98ZSS000002",
    )
    path = tmp_path / "orders.json"
    path.write_text(json.dumps([ORDER, second]), encoding="utf-8")
    result = runner.invoke(args=["orders", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 new, 0 updated" in result.output
    path.write_text(json.dumps({"orders": [order(planned_delivery="2027-02-01")]}))
    result = runner.invoke(args=["orders", "import", str(path)])
    assert "0 new, 1 updated" in result.output
    assert count_orders(app) == 2


def test_import_takes_nothing_when_one_order_is_wrong(app, runner, tmp_path):
    bad = order(order_number="SE-100201", customer__email="nope")
    path = tmp_path / "orders.json"
    path.write_text(json.dumps([ORDER, bad]), encoding="utf-8")
    result = runner.invoke(args=["orders", "import", str(path)])
    assert result.exit_code == 1
    assert "order 1.customer.email" in result.output
    assert "nothing was imported" in result.output
    assert count_orders(app) == 0


def test_import_refuses_a_number_twice_and_bad_json(app, runner, tmp_path):
    path = tmp_path / "orders.json"
    path.write_text(json.dumps([ORDER, ORDER]), encoding="utf-8")
    result = runner.invoke(args=["orders", "import", str(path)])
    assert "appears twice" in result.output
    path.write_text("{oops", encoding="utf-8")
    result = runner.invoke(args=["orders", "import", str(path)])
    assert result.exit_code == 1
    assert "not a JSON file" in result.output
    path.write_text('"just a string"', encoding="utf-8")
    assert runner.invoke(args=["orders", "import", str(path)]).exit_code == 1
    assert count_orders(app) == 0


def test_create_key_cli(app, runner):
    result = runner.invoke(args=["orders", "create-key", "--market", "se", "--partner", "se-malmo"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    with app.app_context():
        assert services.find_api_key(secret).partner_id == "se-malmo"
    wrong = runner.invoke(args=["orders", "create-key", "--market", "se", "--partner", "de-berlin"])
    assert wrong.exit_code == 1
    assert "not a Porsche Centre" in wrong.output


def test_demo_seed_creates_orders_once(app, runner):
    assert "3 demo order(s) created" in runner.invoke(args=["demo", "seed"]).output
    assert "0 demo order(s) created" in runner.invoke(args=["demo", "seed"]).output
    assert count_orders(app) == 3


# -- a car on order for one customer at a time (R2) -------------------------------------------
# At most one order still "ordered" has a VIN. The dealer API and ``orders import`` refuse the
# VIN of another such order before writing (422 ORDER_INVALID, ``vehicle.vin``), and the
# database (``uq_orders_ordered_vin``) decides between two writers at the same moment with the
# same answer, never a 500. Cancelled and delivered orders keep their VIN: the car may be
# ordered again, or come back in its next owner's order once sold on. The migration stops on
# clashes already there.

VIN = ORDER["vehicle"]["vin"]
OTHER = order(
    order_number="SE-100201",
    customer__email="bo@example.com",
    vehicle__vin="WP0ZZZY1ZTSA00002",
)
TAKEN = {"vehicle.vin": "is the VIN of another order that is still ordered"}


def vin_of(app, number: str) -> str | None:
    with app.app_context():
        return db.session.execute(
            select(Order.vin).where(Order.order_number == number)
        ).scalar_one()


def refused(response) -> bool:
    return (
        response.status_code == 422
        and response.json["error"] == "ORDER_INVALID"
        and response.json["errors"] == TAKEN
    )


def test_a_new_order_with_the_vin_of_another_is_refused(app, client, key):
    assert post(client, ORDER, key).status_code == 201
    assert refused(post(client, order(order_number="SE-100201"), key))
    assert count_orders(app) == 1


def test_an_update_to_the_vin_of_another_is_refused(app, client, key):
    assert post(client, ORDER, key).status_code == 201
    assert post(client, OTHER, key).status_code == 201
    assert refused(post(client, {**OTHER, "vehicle": ORDER["vehicle"]}, key))
    assert vin_of(app, "SE-100201") == "WP0ZZZY1ZTSA00002"
    # The same order with its own VIN again is no clash (an update of itself).
    assert post(client, ORDER, key).status_code == 200


@pytest.mark.parametrize("status", ["cancelled", "delivered"])
def test_a_cancelled_or_delivered_order_keeps_its_vin_and_the_car_is_ordered_again(
    app, client, key, status
):
    """Cancelled: the car goes to another customer. Delivered: the car sold on comes back in
    its next owner's order."""
    assert post(client, order(status=status), key).status_code == 201
    assert post(client, order(order_number="SE-100201"), key).status_code == 201
    assert vin_of(app, "SE-100200") == vin_of(app, "SE-100201") == VIN
    # ...but the first order is not taken back to "ordered" on the same car.
    assert refused(post(client, ORDER, key))
    # A second delivered order of the car is no clash.
    assert post(client, order(order_number="SE-100201", status="delivered"), key).status_code == 200
    assert post(client, order(status="delivered"), key).status_code == 200


@pytest.mark.parametrize("existing", ["new", "update"])
def test_a_clash_at_the_same_moment_gets_the_same_answer(app, client, key, monkeypatch, existing):
    """The other order takes the VIN between the check and the write: the unique index
    refuses, the service answers as the check does, nothing is written."""
    assert post(client, ORDER, key).status_code == 201
    if existing == "update":
        assert post(client, OTHER, key).status_code == 201
    monkeypatch.setattr(services, "vin_on_order", lambda vin, order_id=None: False)
    response = post(client, order(order_number="SE-100201", customer__email="bo@example.com"), key)
    assert refused(response)
    assert count_orders(app) == (2 if existing == "update" else 1)
    if existing == "update":
        assert vin_of(app, "SE-100201") == "WP0ZZZY1ZTSA00002"
    assert vin_of(app, "SE-100200") == VIN


def test_the_import_refuses_a_vin_twice_in_the_file(app, runner, tmp_path):
    path = tmp_path / "orders.json"
    path.write_text(json.dumps([ORDER, order(order_number="SE-100201")]), encoding="utf-8")
    result = runner.invoke(args=["orders", "import", str(path)])
    assert result.exit_code == 1
    assert "order 1.vehicle.vin: appears twice in the file" in result.output
    assert count_orders(app) == 0
    path.write_text(json.dumps([ORDER]), encoding="utf-8")
    assert runner.invoke(args=["orders", "import", str(path)]).exit_code == 0
    path.write_text(json.dumps([OTHER, order(order_number="SE-100202")]), encoding="utf-8")
    result = runner.invoke(args=["orders", "import", str(path)])
    assert result.exit_code == 1
    assert "order 1.vehicle.vin: is the VIN of another order" in result.output
    assert count_orders(app) == 1


def test_the_database_holds_one_order_still_ordered_per_vin(app, client, key):
    assert post(client, order(status="cancelled"), key).status_code == 201
    assert post(client, order(order_number="SE-100201"), key).status_code == 201
    with app.app_context():
        live = db.session.execute(select(Order).where(Order.order_number == "SE-100200"))
        cancelled = live.scalar_one()
        cancelled.status = "ordered"
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def _insert(number: str, vin: str, status: str = "ordered") -> None:
    db.session.execute(
        text(
            "INSERT INTO orders (order_number, market, partner_id, given_name, family_name, "
            "email, language, vin, model_id, model_year, planned_delivery, status, created_at, "
            "updated_at) VALUES (:number, 'se', 'se-goteborg', 'A', 'B', 'a@example.com', 'sv', "
            ":vin, 'taycan', 2026, '2026-12-24', :status, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ),
        {"number": number, "vin": vin, "status": status},
    )


def test_the_migration_stops_on_clashes_already_there(make_app, fresh_database_uri, caplog):
    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database_uri})
    with app.app_context():
        upgrade(revision="d4adec9fb0b3")
        _insert("SE-1", VIN)
        _insert("SE-2", VIN)
        _insert("SE-3", VIN, "cancelled")
        _insert("SE-4", VIN, "delivered")
        _insert("SE-5", "WP0ZZZY1ZTSA00002")
        db.session.commit()
        with pytest.raises(SystemExit):  # flask_migrate logs the error and exits 1
            upgrade()
        db.session.rollback()
        [message] = [
            r.getMessage() for r in caplog.records if "more than one order" in r.getMessage()
        ]
        assert f"{VIN}: SE-1 (se), SE-2 (se)" in message
        assert "SE-3" not in message and "SE-4" not in message and "SE-5" not in message
        assert db.session.execute(select(func.count(Order.id))).scalar_one() == 5
        db.session.execute(
            text("UPDATE orders SET status = 'cancelled' WHERE order_number = 'SE-2'")
        )
        db.session.commit()
        upgrade()
        with pytest.raises(IntegrityError):
            _insert("SE-6", VIN)
            db.session.flush()
        db.session.rollback()
        db.engine.dispose()
