"""The dealer API: a key acts only for its own Porsche Centre, and an activated order's car and
owner no longer change from the dealer system (issue #20, item 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from porsche_web.extensions import db
from porsche_web.orders import invitations, services
from porsche_web.testing.actions import activation as steps
from porsche_web.testing.helpers import outbox

DOCS = Path(__file__).resolve().parents[2] / "docs"
VIN = "WP0ZZZY1ZTSA00001"
OTHER_VIN = "WP0ZZZY1ZTSA00002"


def body(number="SE-100200", partner="se-goteborg", email="astrid@example.com", **changes):
    data = {
        "order_number": number,
        "market": "se",
        "partner_id": partner,
        "customer": {
            "given_name": "Astrid",
            "family_name": "Exempel",
            "email": email,
            "phone": "+46701740606",
            "language": "sv",
        },
        "vehicle": {"model": "taycan", "model_year": 2026, "commission_number": "SE12345"},
        "planned_delivery": steps.DELIVERY.isoformat(),
    }
    for key, value in changes.items():
        section, _, field = key.partition("__")
        if field:
            data[section][field] = value
        else:
            data[key] = value
    return data


def make_key(app, partner: str, market: str = "se") -> str:
    with app.app_context():
        _, secret = services.create_api_key(market, partner)
        db.session.commit()
    return secret


@pytest.fixture
def goteborg(app) -> str:
    return make_key(app, "se-goteborg")


@pytest.fixture
def malmo(app) -> str:
    return make_key(app, "se-malmo")


def post(app, data, secret):
    return app.test_client().post(
        "/api/v1/orders", json=data, headers={"Authorization": f"Bearer {secret}"}
    )


def saved(app, number="SE-100200") -> dict | None:
    with app.app_context():
        order = services.find_order(number)
        if order is None:
            return None
        return {
            "partner_id": order.partner_id,
            "email": order.email,
            "given_name": order.given_name,
            "vin": order.vin,
            "planned_delivery": order.planned_delivery.isoformat(),
            "open_links": sum(1 for i in order.invitations if i.voided_at is None),
        }


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    assert response.json["error"] == code
    assert response.json["message"]


# -- a key acts only for its own Porsche Centre ------------------------------------------------


def test_a_malmo_key_cannot_rewrite_a_goteborg_order(app, goteborg, malmo):
    """The attack of the issue: Malmö's key sends Göteborg's order number with another e-mail
    address (the partner left out, so it means Malmö; or naming Göteborg)."""
    assert post(app, body(), goteborg).status_code == 201
    with app.test_request_context():
        invitations.send_invitation(services.find_order("SE-100200"))
        db.session.commit()
    before = saved(app)
    attacker = "mallory@example.com"

    taken = post(app, body(partner=None, email=attacker), malmo)
    assert_error(taken, 403, "ORDER_OF_ANOTHER_CENTRE")
    named = post(app, body(email=attacker), malmo)
    assert_error(named, 403, "WRONG_CENTRE")
    moved = post(app, body(partner="se-malmo", email=attacker), malmo)
    assert_error(moved, 403, "ORDER_OF_ANOTHER_CENTRE")

    assert saved(app) == before  # nothing changed: address, Centre, the link still open
    assert before["open_links"] == 1
    assert all(message.to_address != attacker for message in outbox(app))


def test_a_key_cannot_create_an_order_in_another_centres_name(app, malmo):
    response = post(app, body(number="SE-100300"), malmo)
    assert_error(response, 403, "WRONG_CENTRE")
    assert "se-malmo" in response.json["message"]
    assert saved(app, "SE-100300") is None


def test_a_key_cannot_move_its_order_to_another_centre(app, goteborg):
    assert post(app, body(), goteborg).status_code == 201
    assert_error(post(app, body(partner="se-malmo"), goteborg), 403, "WRONG_CENTRE")
    assert saved(app)["partner_id"] == "se-goteborg"


def test_no_partner_means_the_keys_centre_for_new_and_existing_orders(app, malmo):
    assert post(app, body(partner=None), malmo).status_code == 201
    assert saved(app)["partner_id"] == "se-malmo"
    again = post(app, body(partner=None, planned_delivery="2027-01-10"), malmo)
    assert again.status_code == 200
    assert saved(app)["planned_delivery"] == "2027-01-10"


def test_an_order_imported_for_another_centre_is_not_the_keys(app, runner, malmo, tmp_path):
    """``orders import`` (the operator) writes any Centre's orders; a key still only its own."""
    path = tmp_path / "orders.json"
    path.write_text(json.dumps([body()]), encoding="utf-8")
    assert runner.invoke(args=["orders", "import", str(path)]).exit_code == 0
    assert_error(post(app, body(partner=None), malmo), 403, "ORDER_OF_ANOTHER_CENTRE")


# -- an activated order's car and owner ---------------------------------------------------------


@pytest.fixture
def activated(app, client, goteborg) -> str:
    """SE-200300 (Göteborg), VIN ``VIN``, activated by its customer; the dealer's body of it."""
    response = steps.activate(app, client, vin=VIN)
    assert response.status_code == 303, response.status_code
    return goteborg


def activated_body(**changes):
    data = body(number=steps.NUMBER, **changes)
    data["vehicle"] = {**data["vehicle"], "vin": changes.get("vehicle__vin", VIN)}
    return data


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"vehicle__vin": OTHER_VIN}, "vehicle.vin"),
        ({"vehicle__vin": None}, "vehicle.vin"),
        ({"customer__email": "new.owner@example.com"}, "customer.email"),
        ({"customer__given_name": "Mallory"}, "customer.given_name"),
        ({"customer__family_name": "Andersson"}, "customer.family_name"),
    ],
)
def test_an_activated_orders_car_and_owner_do_not_change(app, activated, changes, path):
    before = saved(app, steps.NUMBER)
    response = post(app, activated_body(**changes), activated)
    assert_error(response, 409, "ORDER_ACTIVATED")
    assert list(response.json["errors"]) == [path]
    assert saved(app, steps.NUMBER) == before


def test_an_activated_order_takes_other_updates(app, activated):
    assert post(app, activated_body(), activated).status_code == 200  # the same order again
    changed = activated_body(planned_delivery="2027-03-01", customer__phone=None)
    later = post(app, changed, activated)
    assert later.status_code == 200, later.json
    assert saved(app, steps.NUMBER)["planned_delivery"] == "2027-03-01"


def test_an_activated_order_gets_its_first_vin(app, client, goteborg):
    """Ordered with a commission number only: the VIN the factory gives later is not a change."""
    assert steps.activate(app, client).status_code == 303
    data = body(number=steps.NUMBER)
    data["vehicle"]["vin"] = VIN
    assert post(app, data, goteborg).status_code == 200
    assert saved(app, steps.NUMBER)["vin"] == VIN
    data["vehicle"]["vin"] = OTHER_VIN
    assert_error(post(app, data, goteborg), 409, "ORDER_ACTIVATED")


def test_an_order_not_yet_activated_may_change_its_owner(app, client, goteborg):
    """Before the customer activates, the dealer corrects the address (links are voided)."""
    steps.use_link(client, steps.make_order(app))
    data = body(number=steps.NUMBER, email="astrid.exempel@example.com")
    assert post(app, data, goteborg).status_code == 200
    assert saved(app, steps.NUMBER)["email"] == "astrid.exempel@example.com"


def test_orders_import_refuses_changing_an_activated_order(app, activated, runner, tmp_path):
    path = tmp_path / "orders.json"
    path.write_text(json.dumps([activated_body(vehicle__vin=OTHER_VIN)]), encoding="utf-8")
    result = runner.invoke(args=["orders", "import", str(path)])
    assert result.exit_code == 1
    assert "order 0.vehicle.vin: cannot change once the customer has activated" in result.output
    assert saved(app, steps.NUMBER)["vin"] == VIN


def test_the_scoping_answers_are_documented():
    spec = yaml.safe_load((DOCS / "dealer-api.yaml").read_text(encoding="utf-8"))
    responses = spec["paths"]["/api/v1/orders"]["post"]["responses"]
    assert {"403", "409"} <= set(responses)
    text = json.dumps(spec)
    for code in ("WRONG_CENTRE", "ORDER_OF_ANOTHER_CENTRE", "ORDER_ACTIVATED"):
        assert code in text
