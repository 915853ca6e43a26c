"""Correct the VIN of an activated order (issue #20, item 1): the dealer systems may no longer
change it, so customer service or the order's Porsche Centre do, with a reason; the car with the
corrected VIN gets the services, the old VIN none, and the customer is told once by e-mail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.orders import lookup
from porsche_web.orders import services as order_services
from porsche_web.orders.models import Order
from porsche_web.testing.actions.activation import DELIVERED, add_account
from porsche_web.testing.helpers import outbox, post_form
from porsche_web.vehicles import services as vehicles
from porsche_web.vehicles.models import VehicleLink

PAGE = "/staff/orders/SE-200300"
URL = f"{PAGE}/vin"
WRONG = "WP0ZZZY1ZTS000733"  # what the dealer system sent
RIGHT = "WP0ZZZY1ZTS000744"  # the customer's car
API = "/api/pcm/v1/services"


@pytest.fixture
def delivered(app, activation):
    """Astrid's order SE-200300 at Göteborg, delivered yesterday with the wrong VIN, activated
    and confirmed (its contracts run now)."""
    activation.use_link(activation.make_order(vin=WRONG, delivery=DELIVERED))
    activation.walk_to_check()
    assert activation.answer("SE-200300", "check", {}).status_code == 303
    return activation


def order_vin(app) -> str | None:
    with app.app_context():
        return db.session.execute(
            select(Order.vin).where(Order.order_number == "SE-200300")
        ).scalar_one()


def events(app) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.execute(
                select(AuditEvent).where(AuditEvent.action == "staff.vin_corrected")
            ).scalars()
        )


def add_car(app, vin: str) -> str:
    with app.app_context():
        _, token = vehicles.provision(vin, "taycan", 2026, "se")
        db.session.commit()
    return token


def link(app, vin: str, account_id: int) -> None:
    with app.app_context():
        vehicle = vehicles.find_by_vin(vin)
        db.session.add(VehicleLink(vehicle_id=vehicle.id, account_id=account_id, via="pairing"))
        db.session.commit()


def astrid_id(app) -> int:
    with app.app_context():
        from porsche_web.accounts.services import find_by_email

        return find_by_email("astrid@example.com").id


def services_of(app, token: str) -> set[str]:
    response = app.test_client().get(API, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return {service["id"] for service in response.get_json()["services"]}


@pytest.fixture
def staff_scope() -> lookup.Scope:
    return lookup.Scope(markets=frozenset({"se"}))


def correct(client, vin=RIGHT, reason="Typo in the dealer system"):
    return post_form(client, URL, {"vin-vin": vin, "vin-reason": reason}, page=PAGE)


def test_the_car_with_the_corrected_vin_gets_the_services(app, delivered, agent):
    wrong, right = add_car(app, WRONG), add_car(app, RIGHT)
    assert services_of(app, wrong) and services_of(app, right) == set()
    assert "Correct the VIN" in agent.get(PAGE).get_data(as_text=True)
    before = len(outbox(app, "email"))
    response = correct(agent, RIGHT.lower() + " ")  # upper case, no spaces
    assert response.status_code == 303 and response.headers["Location"].endswith(PAGE)
    assert order_vin(app) == RIGHT
    assert services_of(app, right) and services_of(app, wrong) == set()
    [mail] = outbox(app, "email")[before:]
    assert mail.to_address == "astrid@example.com" and mail.language == "sv"
    assert RIGHT in mail.text_body and "SE-200300" in mail.text_body
    [event] = events(app)
    assert event.details == {"reason": "Typo in the dealer system", "from": WRONG, "to": RIGHT}
    html = agent.get(PAGE).get_data(as_text=True)
    assert f"VIN {RIGHT}" in html and "The VIN is corrected" in html
    # the customer now links the car with the corrected VIN from My vehicles
    page = "/se/sv/account/vehicles"
    linked = post_form(delivered.client, f"{page}/link-order/SE-200300", {}, page=page)
    assert linked.status_code == 303
    with app.app_context():
        assert vehicles.find_by_vin(RIGHT).link.account_id == astrid_id(app)
        assert vehicles.find_by_vin(WRONG).link is None


def test_submitted_twice_it_changes_and_tells_once(app, delivered, agent):
    before = len(outbox(app, "email"))
    assert correct(agent).status_code == 303
    response = correct(agent)
    assert response.status_code == 303
    assert "The order has this VIN already" in agent.get(PAGE).get_data(as_text=True)
    assert len(outbox(app, "email")) == before + 1 and len(events(app)) == 1


def test_the_orders_porsche_centre_may_and_no_one_outside_the_scope(app, delivered, member):
    malmo = member("malmo@centre.example", "centre", ["se"], ["se-malmo"])
    germany = member("de@service.example", "service", ["de"])
    before = len(outbox(app, "email"))
    for other in (malmo, germany):
        assert correct(other).status_code == 404
        assert other.get(PAGE).status_code == 404
    assert order_vin(app) == WRONG and events(app) == []
    assert len(outbox(app, "email")) == before
    goteborg = member("gbg@centre.example", "centre", ["se"], ["se-goteborg"])
    assert correct(goteborg).status_code == 303 and order_vin(app) == RIGHT


@pytest.mark.parametrize(
    ("vin", "message"),
    [
        ("", "A VIN has 17 letters and digits"),
        ("WP0ZZZY1ZTS00073", "A VIN has 17 letters and digits"),
        ("WP0ZZZY1ZTS0007I3", "A VIN has 17 letters and digits"),
    ],
)
def test_a_wrong_vin_is_refused(app, delivered, agent, vin, message):
    response = correct(agent, vin)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert order_vin(app) == WRONG and events(app) == []


def test_a_reason_is_required(app, delivered, agent):
    response = correct(agent, reason="")
    assert response.status_code == 422 and "Say why" in response.get_data(as_text=True)
    assert order_vin(app) == WRONG


def test_the_vin_of_another_order_is_refused(app, delivered, agent, activation):
    activation.make_order(number="SE-200301", vin=RIGHT, email="bo@example.com")
    before = len(outbox(app, "email"))
    response = correct(agent)
    assert response.status_code == 422
    assert "Another order has this VIN." in response.get_data(as_text=True)
    assert order_vin(app) == WRONG and events(app) == []
    assert len(outbox(app, "email")) == before


def test_the_vin_of_a_cancelled_order_is_free(app, delivered, agent, activation):
    activation.make_order(number="SE-200301", vin=RIGHT, email="bo@example.com")
    with app.app_context():
        cancelled = db.session.execute(
            select(Order).where(Order.order_number == "SE-200301")
        ).scalar_one()
        cancelled.status = "cancelled"
        db.session.commit()
    assert correct(agent).status_code == 303 and order_vin(app) == RIGHT


def test_a_car_linked_under_the_old_vin_means_it_was_right(app, delivered, agent):
    add_car(app, WRONG)
    link(app, WRONG, astrid_id(app))
    response = correct(agent)
    assert response.status_code == 422
    assert "under the current VIN" in response.get_data(as_text=True)
    assert order_vin(app) == WRONG and events(app) == []


def test_the_new_vin_linked_to_someone_else_is_refused(app, delivered, agent):
    add_car(app, RIGHT)
    link(app, RIGHT, add_account(app, "eve@example.com"))
    assert correct(agent).status_code == 422
    assert order_vin(app) == WRONG and events(app) == []


def test_the_new_vin_linked_to_the_customer_already_is_fine(app, delivered, agent):
    add_car(app, RIGHT)
    link(app, RIGHT, astrid_id(app))
    assert correct(agent).status_code == 303 and order_vin(app) == RIGHT


def test_an_order_not_activated_yet_is_left_to_the_dealer_system(app, activation, agent):
    activation.make_order(vin=WRONG)
    assert "Correct the VIN" not in agent.get(PAGE).get_data(as_text=True)
    response = correct(agent)
    assert response.status_code == 422
    assert "Only an activated order" in response.get_data(as_text=True)
    assert order_vin(app) == WRONG and events(app) == []


# -- the order of the refusals, and no write before they are all asked ------------------------


@pytest.mark.parametrize("vin", [WRONG, RIGHT, "WP0ZZZY1ZTS00073"], ids=["same", "new", "invalid"])
def test_not_activated_is_the_first_refusal(app, activation, agent, vin):
    """An order its customer has not activated is not corrected here, whatever the VIN: not
    "the order has this VIN already", not "not a VIN" (the dealer system is the way)."""
    activation.make_order(vin=WRONG)
    response = correct(agent, vin)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Only an activated order" in html
    assert "has this VIN already" not in html and "A VIN has 17" not in html
    assert order_vin(app) == WRONG and events(app) == []


def test_another_orders_vin_comes_before_a_linked_car(app, delivered, agent, activation):
    activation.make_order(number="SE-200301", vin=RIGHT, email="bo@example.com")
    add_car(app, RIGHT)
    link(app, RIGHT, add_account(app, "bo@example.com"))
    response = correct(agent)
    assert response.status_code == 422
    assert "Another order has this VIN." in response.get_data(as_text=True)


def test_the_same_vin_with_the_customers_car_linked_is_no_refusal(app, delivered, agent):
    """Submitted again after the customer linked the car: the order has the VIN already, which
    is no "a car is linked under the current VIN"."""
    assert correct(agent).status_code == 303
    add_car(app, RIGHT)
    link(app, RIGHT, astrid_id(app))
    assert correct(agent).status_code == 303
    assert "The order has this VIN already" in agent.get(PAGE).get_data(as_text=True)
    assert len(events(app)) == 1


def test_the_cars_are_asked_before_anything_is_written(app, delivered, staff_scope):
    """``lookup.correct_vin`` asks the caller's ``car_forbids`` last, and before it writes: at
    that moment the order still has its VIN, and a refusal leaves nothing to roll back."""
    seen = []

    def forbids(old, new):
        seen.append((old, new, order_vin_in_session()))
        return True

    def order_vin_in_session():
        return db.session.execute(
            select(Order.vin).where(Order.order_number == "SE-200300")
        ).scalar_one()

    with app.test_request_context():
        with pytest.raises(lookup.VinRefused) as refused:
            lookup.correct_vin(staff_scope, "SE-200300", RIGHT, car_forbids=forbids)
        assert refused.value.problem == "linked"
        assert seen == [(WRONG, RIGHT, WRONG)]
        assert not db.session.dirty and order_vin_in_session() == WRONG
        db.session.commit()
    assert order_vin(app) == WRONG


def test_another_order_taking_the_vin_at_the_same_moment_is_refused_alike(
    app, delivered, agent, activation, monkeypatch
):
    """The other order (still ordered, as this one) takes the VIN between the check and the
    write: the database (``uq_orders_ordered_vin``) refuses it, answered as the check answers,
    no 500."""
    activation.make_order(number="SE-200301", vin=RIGHT, email="bo@example.com")
    before = len(outbox(app, "email"))
    monkeypatch.setattr(order_services, "vin_taken", lambda vin, order_id=None: False)
    response = correct(agent)
    assert response.status_code == 422
    assert "Another order has this VIN." in response.get_data(as_text=True)
    assert order_vin(app) == WRONG and events(app) == []
    assert len(outbox(app, "email")) == before
