"""My vehicles (issue 7): linking from the activated order, sync state (F14), remote commands
behind the security code (F7), removing a car, other customers' cars, and the PCM simulator."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from porsche_web import clock
from porsche_web.accounts.models import Account
from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.testing.actions.activation import (
    DELIVERED,
    add_account,
    answer,
    make_order,
    register,
    use_link,
    walk_to_check,
)
from porsche_web.testing.actions.vehicles import link_car
from porsche_web.testing.helpers import csrf_token, post_form
from porsche_web.vehicles import services
from porsche_web.vehicles.models import RemoteCommand, Vehicle, VehicleLink

VIN = "WP0ZZZY1ZTS000101"
LIST = "/se/sv/account/vehicles"


@pytest.fixture
def activated(activation, client):
    """A Taycan with Navigation Plus and remote lock/unlock, activated by its customer."""
    activation.activate(vin=VIN, delivery=DELIVERED)
    return client


def vehicle_id(app) -> int:
    with app.app_context():
        return db.session.execute(select(Vehicle.id)).scalar_one()


def count(app, model) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(model)).scalar()


def test_my_porsche_offers_the_car_of_the_activation(app, activated):
    home = activated.get("/se/sv/account/").get_data(as_text=True)
    assert f'href="{LIST}"' in home
    html = activated.get(LIST).get_data(as_text=True)
    assert VIN in html and "/link-order/SE-200300" in html


def test_my_porsche_asks_for_the_linkable_orders_once(app, client, activation, monkeypatch):
    """The vehicles' section and the next step "link your car" both show the activated car
    waiting to be linked, from one question per request."""
    activation.activate(vin=VIN)
    asked = []
    linkable_orders = services.linkable_orders

    def counted(account, *shared):  # shared: the page's activations and linked cars
        asked.append(account.id)
        return linkable_orders(account, *shared)

    monkeypatch.setattr(services, "linkable_orders", counted)
    for _ in range(2):
        html = client.get("/se/sv/account/").get_data(as_text=True)
        assert "en bil från din aktivering är redo att kopplas" in html  # the section
        assert "Koppla ditt Porsche ID till din bil" in html  # the next step
    assert len(asked) == 2  # once for each request


def test_the_car_is_linked_from_the_order_with_one_confirmation(app, activated):
    location = link_car(activated)
    assert re.search(r"/se/sv/account/vehicles/\d+$", location)
    html = activated.get(location).get_data(as_text=True)
    assert "Navigation Plus" in html and VIN in html
    assert "Ännu inte hämtade" in html  # F14: not fetched since the activation
    assert 'href="/se/sv/account/services"' in html  # #13: My services from each car
    with app.app_context():
        link = db.session.execute(select(VehicleLink)).scalar_one()
        assert link.via == "order"
        assert "vehicle.linked" in set(db.session.execute(select(AuditEvent.action)).scalars())
    # Twice is once.
    link_car(activated)
    assert count(app, VehicleLink) == 1


def test_the_sync_state_follows_the_cars_fetches(app, activated):
    link_car(activated)
    with app.app_context():
        vehicle = db.session.execute(select(Vehicle)).scalar_one()
        services.car_services(vehicle, clock.now())
        db.session.commit()
    html = activated.get(f"{LIST}/{vehicle_id(app)}").get_data(as_text=True)
    assert "utan att ett Porsche ID är inloggat" in html  # fetched, limited
    with app.app_context():
        vehicle = db.session.execute(select(Vehicle)).scalar_one()
        vehicle.pcm_account_id = vehicle.link.account_id
        services.car_services(vehicle, clock.now())
        db.session.commit()
    html = activated.get(f"{LIST}/{vehicle_id(app)}").get_data(as_text=True)
    assert "Aktuellt" in html


def test_another_customer_cannot_see_or_use_the_car(app, activated):
    link_car(activated)
    car = vehicle_id(app)
    stranger = app.test_client()
    use_link(stranger, make_order(app, "SE-300999", email="eve@example.com"))
    register(stranger, "SE-300999", email="eve@example.com")
    for url in (f"{LIST}/{car}", f"{LIST}/{car}/commands", f"{LIST}/{car}/remove"):
        assert stranger.get(url).status_code == 404, url
    token = csrf_token(stranger, LIST)
    response = stranger.post(f"{LIST}/{car}/commands", data={"csrf_token": token, "kind": "lock"})
    assert response.status_code == 404
    response = stranger.post(f"{LIST}/link-order/SE-200300", data={"csrf_token": token})
    assert response.status_code == 404
    assert count(app, RemoteCommand) == 0


def test_linking_by_vin_and_pairing_code(app, activated):
    with app.app_context():
        vehicle, _ = services.provision("WP0ZZZY1ZTS000202", "taycan", 2026, "se")
        code, _ = services.issue_pairing_code(vehicle, clock.now())
        db.session.commit()
    page = f"{LIST}/link"
    response = post_form(activated, page, {"vin": "WP0ZZZY1ZTS000202", "code": "00000000"})
    assert response.status_code == 422
    assert "parkopplingskoden" in response.get_data(as_text=True).lower()
    response = post_form(activated, page, {"vin": "wp0zzz y1z ts000202", "code": code})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.execute(select(VehicleLink.via)).scalar_one() == "pairing"


@pytest.mark.parametrize(
    ("vin", "message"),
    [
        ("", "Ange bilens VIN"),
        ("WP0ZZZY1ZTS00010", "17 bokstäver och siffror"),
        ("WP0ZZZY1ZTS00010I", "17 bokstäver och siffror"),
    ],
)
def test_the_link_form_explains_bad_input(app, activated, vin, message):
    response = post_form(activated, f"{LIST}/link", {"vin": vin, "code": "12345678"})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_a_car_linked_to_someone_else_says_so_without_saying_who(app, activated):
    owner = add_account(app, "owner@example.com")
    with app.app_context():
        vehicle, _ = services.provision("WP0ZZZY1ZTS000303", "taycan", 2026, "se")
        db.session.add(VehicleLink(vehicle_id=vehicle.id, account_id=owner, via="order"))
        code, _ = services.issue_pairing_code(vehicle, clock.now())
        db.session.commit()
    response = post_form(activated, f"{LIST}/link", {"vin": "WP0ZZZY1ZTS000303", "code": code})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "redan kopplad till ett annat Porsche ID" in html
    assert "owner@example.com" not in html


def test_locking_needs_no_code_unlocking_does(app, activated):
    link_car(activated)
    car = vehicle_id(app)
    page = f"{LIST}/{car}"
    html = activated.get(page).get_data(as_text=True)
    assert 'value="lock"' in html and 'value="unlock"' in html
    assert 'value="climate_on"' not in html  # Remote climate was not chosen
    assert post_form(activated, f"{page}/commands", {"kind": "lock"}, page=page).status_code == 303
    response = post_form(activated, f"{page}/commands", {"kind": "unlock"}, page=page)
    assert response.status_code == 422
    assert "Ange din säkerhetskod" in response.get_data(as_text=True)
    response = post_form(
        activated, f"{page}/commands", {"kind": "unlock", "security_code": "4711"}, page=page
    )
    assert response.status_code == 303
    with app.app_context():
        kinds = list(db.session.execute(select(RemoteCommand.kind)).scalars())
        assert kinds == ["lock", "unlock"]
    html = activated.get(page).get_data(as_text=True)
    assert "väntar på bilen" in html and 'data-hx-trigger="every 2s"' in html


def test_five_wrong_codes_lock_unlocking_for_an_hour(app, activated):
    link_car(activated)
    page = f"{LIST}/{vehicle_id(app)}"
    data = {"kind": "unlock", "security_code": "1357"}
    for _ in range(4):
        response = post_form(activated, f"{page}/commands", data, page=page)
        assert "Säkerhetskoden stämmer inte" in response.get_data(as_text=True)
    response = post_form(activated, f"{page}/commands", data, page=page)
    assert "låsta till" in response.get_data(as_text=True)
    right = {"kind": "unlock", "security_code": "4711"}
    assert post_form(activated, f"{page}/commands", right, page=page).status_code == 422
    with time_machine.travel(clock.now() + timedelta(minutes=61)):
        login = {"email": "astrid@example.com", "password": "a long and good password"}
        post_form(activated, "/se/sv/account/login", login)  # the session had run out
        assert post_form(activated, f"{page}/commands", right, page=page).status_code == 303
    assert count(app, RemoteCommand) == 1


def test_a_command_the_services_do_not_include_is_refused(app, activated):
    link_car(activated)
    page = f"{LIST}/{vehicle_id(app)}"
    response = post_form(activated, f"{page}/commands", {"kind": "climate_on"}, page=page)
    assert response.status_code == 422
    assert count(app, RemoteCommand) == 0


def test_the_nickname_is_saved_and_checked(app, activated):
    link_car(activated)
    page = f"{LIST}/{vehicle_id(app)}"
    assert (
        post_form(activated, f"{page}/nickname", {"nickname": "x" * 41}, page=page).status_code
        == 422
    )
    post_form(activated, f"{page}/nickname", {"nickname": "Blixten"}, page=page)
    assert "<h1>Blixten</h1>" in activated.get(page).get_data(as_text=True)


def test_removing_the_car_says_what_ends_and_ends_it(app, activated):
    link_car(activated)
    car = vehicle_id(app)
    with app.app_context():
        vehicle = db.session.get(Vehicle, car)
        vehicle.pcm_account_id = vehicle.link.account_id
        vehicle.nickname = "Blixten"
        token_hash = vehicle.token_hash
        db.session.commit()
    page = f"{LIST}/{car}"
    post_form(activated, f"{page}/commands", {"kind": "lock"}, page=page)
    html = activated.get(f"{page}/remove").get_data(as_text=True)
    assert "loggas ut" in html and "stannar kvar" in html and "återställas" in html
    response = post_form(activated, f"{page}/remove", {})
    assert response.headers["Location"].endswith(LIST)
    with app.app_context():
        vehicle = db.session.get(Vehicle, car)
        assert vehicle.link is None and vehicle.pcm_account_id is None
        assert vehicle.nickname is None  # the next owner does not see the old name
        assert vehicle.token_hash != token_hash  # the car must be reset and paired again
        assert vehicle.released_at is not None
        assert db.session.execute(select(RemoteCommand)).all() == []  # the release's clean-up
        assert "vehicle.unlinked" in set(db.session.execute(select(AuditEvent.action)).scalars())
    assert activated.get(page).status_code == 404


def test_deleting_the_porsche_id_removes_links_and_activations(app, activated):
    link_car(activated)
    from porsche_web.accounts import services as accounts

    with app.app_context():
        db.session.execute(select(Vehicle)).scalar_one().nickname = "Blixten"
        db.session.commit()

    with app.test_request_context():
        account = db.session.execute(select(Account)).scalar_one()
        accounts.delete_account(account)
        db.session.commit()
    assert count(app, VehicleLink) == 0 and count(app, Account) == 0
    assert count(app, Vehicle) == 1  # the car stays; it belongs to nobody now
    with app.app_context():
        assert db.session.execute(select(Vehicle.nickname)).scalar_one() is None


# -- the PCM simulator -------------------------------------------------------------------------


@pytest.fixture
def simulator_app(make_app):
    app = make_app({"PCM_SIMULATOR": True})
    api = app.test_client()

    def transport(method, url, headers, body):
        path = re.sub(r"^https?://[^/]+", "", url)
        response = api.open(path, method=method, headers=headers, data=body)
        return response.status_code, response.get_json(silent=True)

    app.extensions["pcm_transport"] = transport
    return app


def simulate(client, action, **fields):
    response = post_form(client, "/dev/pcm", {"action": action, **fields})
    assert response.status_code == 303, response.status_code
    return client.get("/dev/pcm").get_data(as_text=True)


def test_the_simulator_is_off_unless_enabled(client):
    assert client.get("/dev/pcm").status_code == 404


@pytest.mark.slow
def test_the_simulator_plays_the_car_through_the_api(simulator_app):
    app = simulator_app
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv-SE,sv"
    use_link(client, make_order(app, vin=VIN, delivery=DELIVERED))
    walk_to_check(app, client)
    answer(client, "SE-200300", "check", {})
    link_car(client)
    html = simulate(client, "select", vin=VIN)
    assert VIN in html
    simulate(client, "power")
    html = simulate(client, "restart")
    assert "hämtade inget nytt" in html  # offline: nothing new
    simulate(client, "online")
    html = simulate(client, "restart")
    assert "begränsade" in html and "Navigation Plus" in html
    assert "Remote Lock" not in html.split("sim-services")[1].split("</dd>")[0]
    html = simulate(
        client, "login", email="astrid@example.com", password="a long and good password"
    )
    assert "INCORRECT_PIN" in html or "SECURITY_CODE_REQUIRED" in html
    html = simulate(
        client,
        "login",
        email="astrid@example.com",
        password="a long and good password",
        security_code="4711",
    )
    assert "hela" in html
    page = f"{LIST}/{vehicle_id(app)}"
    assert "Aktuellt" in client.get(page).get_data(as_text=True)
    post_form(client, f"{page}/commands", {"kind": "unlock", "security_code": "4711"}, page=page)
    html = simulate(client, "commands")
    assert "unlock" in html
    assert "klart" in client.get(page).get_data(as_text=True)
    html = simulate(client, "pairing")
    assert re.search(r'id="sim-pairing">\d{8}<', html)


@pytest.mark.slow
def test_the_simulators_reset_forgets_the_token_and_the_login(simulator_app):
    """Factory reset, as after a sale: a new token, nobody logged in, a new pairing code."""
    app = simulator_app
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en-GB,en"
    use_link(client, make_order(app, vin=VIN))
    walk_to_check(app, client)
    answer(client, "SE-200300", "check", {})
    link_car(client)
    simulate(client, "select", vin=VIN)
    simulate(client, "power")
    simulate(client, "online")
    html = simulate(
        client,
        "login",
        email="astrid@example.com",
        password="a long and good password",
        security_code="4711",
    )
    assert "astrid@example.com" in html.split('id="sim-login">')[1].split("</dd>")[0]
    with client.session_transaction() as session:
        old_token = session["pcm_simulator"]["token"]
    with app.app_context():
        assert db.session.execute(select(Vehicle.pcm_account_id)).scalar_one() is not None

    html = simulate(client, "reset")
    assert "is reset" in html
    assert re.search(r'id="sim-pairing">\d{8}<', html)
    assert "nobody logged in" in html.split('id="sim-login">')[1].split("</dd>")[0]
    with client.session_transaction() as session:
        state = session["pcm_simulator"]
    assert state["token"] != old_token and state["power"] and state["online"]
    with app.app_context():
        assert db.session.execute(select(Vehicle.pcm_account_id)).scalar_one() is None
    api = app.test_client()
    old = api.get("/api/pcm/v1/services", headers={"Authorization": f"Bearer {old_token}"})
    assert old.status_code == 401


@pytest.mark.parametrize("car", ["0", "2147483648", "99999999999999999999"])
def test_ids_outside_the_databases_range_are_not_found(app, activated, car):
    """Also on PostgreSQL, whose integer keys refuse such numbers with an error."""
    assert activated.get(f"{LIST}/{car}").status_code == 404


# -- security events of cross-customer access (issue #20, item 15) ------------------------------


def foreign_events(app) -> list[tuple[str, str, str, dict]]:
    with app.app_context():
        rows = db.session.execute(
            select(AuditEvent)
            .where(AuditEvent.action.like("access.foreign.%"))
            .order_by(AuditEvent.id)
        ).scalars()
        return [(row.actor, row.subject, row.action, row.details) for row in rows]


def stranger_client(app):
    stranger = app.test_client()
    use_link(stranger, make_order(app, "SE-300999", email="eve@example.com"))
    register(stranger, "SE-300999", email="eve@example.com")
    with app.app_context():
        eve = db.session.execute(
            select(Account.id).where(Account.email == "eve@example.com")
        ).scalar_one()
    return stranger, eve


def test_asking_for_another_customers_car_is_a_security_event_once_a_minute(app, activated):
    link_car(activated)
    car = vehicle_id(app)
    stranger, eve = stranger_client(app)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        assert stranger.get(f"{LIST}/{car}").status_code == 404
        assert stranger.get(f"{LIST}/{car}/commands").status_code == 404
        token = csrf_token(stranger, LIST)
        data = {"csrf_token": token, "kind": "lock"}
        assert stranger.post(f"{LIST}/{car}/commands", data=data).status_code == 404
        # One event for the three tries: with the account, the kind and the path only.
        assert foreign_events(app) == [
            (
                f"account:{eve}",
                f"account:{eve}",
                "access.foreign.vehicle",
                {"path": f"{LIST}/{car}"},
            )
        ]
        traveller.shift(timedelta(seconds=61))
        assert stranger.get(f"{LIST}/{car}/remove").status_code == 404
        assert len(foreign_events(app)) == 2
        # Another kind of object is its own event; a car that does not exist is none.
        response = stranger.post(f"{LIST}/link-order/SE-200300", data={"csrf_token": token})
        assert response.status_code == 404
        assert stranger.get(f"{LIST}/{car + 1000}").status_code == 404
    assert [action for _, _, action, _ in foreign_events(app)] == [
        "access.foreign.vehicle",
        "access.foreign.vehicle",
        "access.foreign.order",
    ]
    assert count(app, RemoteCommand) == 0


def test_the_owner_and_a_mistyped_id_leave_no_event(app, activated):
    link_car(activated)
    car = vehicle_id(app)
    assert activated.get(f"{LIST}/{car}").status_code == 200
    assert activated.get(f"{LIST}/{car + 1}").status_code == 404
    assert foreign_events(app) == []
