"""The vehicle API the car's PCM calls (``/api/pcm/v1/``, docs/vehicle-api.yaml): the car's own
bearer token, one car never reaching another, the limited and the full set of services (F15),
the PCM login with the security code by model and model year (F7), pairing codes (F13), remote
commands, rate limits, bad bodies, VINs, and two people linking one car at the same moment."""

from __future__ import annotations

import string
import threading
from datetime import datetime, timedelta

import pytest
import time_machine
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts import services as accounts
from porsche_web.accounts.models import Account
from porsche_web.activation.models import Activation
from porsche_web.extensions import db
from porsche_web.testing.actions.activation import (
    DELIVERED,
    PASSWORD,
    add_account,
)
from porsche_web.testing.helpers import concurrently, post_form
from porsche_web.vehicles import services
from porsche_web.vehicles.models import PairingCode, RemoteCommand, VehicleLink

API = "/api/pcm/v1"
LINK_PAGE = "/se/sv/account/vehicles/link"
VIN_A = "WP0ZZZY1ZTS000201"
VIN_B = "WP0ZZZY1ZTS000202"
MAIN = "astrid@example.com"  # the customer of make_order's order
OTHER = "eve@example.com"
CODE = "4711"  # the security code walk_to_check sets


# -- helpers -----------------------------------------------------------------------------------


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def add_car(app, vin: str, model: str = "taycan", year: int = 2026, market: str = "se") -> str:
    """Provision a car; returns its API token."""
    with app.app_context():
        _, token = services.provision(vin, model, year, market)
        db.session.commit()
    return token


def link(app, vin: str, account_id: int) -> None:
    """The account becomes the car's main user (written directly; the ways to link are tested
    below)."""
    with app.app_context():
        vehicle = services.find_by_vin(vin)
        db.session.add(VehicleLink(vehicle_id=vehicle.id, account_id=account_id, via="order"))
        db.session.commit()


def car(app, vin: str) -> dict:
    """What the database knows of the car now."""
    with app.app_context():
        vehicle = services.find_by_vin(vin)
        return {
            "id": vehicle.id,
            "main_user": vehicle.link.account_id if vehicle.link else None,
            "via": vehicle.link.via if vehicle.link else None,
            "pcm_account_id": vehicle.pcm_account_id,
            "services_fetched_at": vehicle.services_fetched_at,
            "services_fetched_mode": vehicle.services_fetched_mode,
        }


def account_state(app, email: str) -> dict:
    with app.app_context():
        account = accounts.find_by_email(email)
        return {
            "failed_logins": accounts.throttle.failures(email),
            "security_code_failures": account.security_code_failures,
        }


def pairing_codes(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(PairingCode)).scalar()


def queue(app, vin: str, account_id: int, created_at: datetime | None = None) -> int:
    """A remote command for the car, written directly (no contract needed)."""
    with app.app_context():
        row = RemoteCommand(
            vehicle_id=services.find_by_vin(vin).id,
            account_id=account_id,
            kind="lock",
            created_at=created_at or clock.now(),
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def command_status(app, command_id: int) -> str:
    with app.app_context():
        return db.session.get(RemoteCommand, command_id).status


def pcm_login(pcm, token: str, email: str = MAIN, password: str = PASSWORD, code=None):
    payload = {"email": email, "password": password}
    if code is not None:
        payload["security_code"] = code
    return pcm.post(f"{API}/login", json=payload, headers=bearer(token))


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.is_json
    assert response.get_json()["error"] == code
    assert response.get_json()["message"]


@pytest.fixture
def pcm(app):
    """The car's HTTP client: no cookies of the customer's browser."""
    return app.test_client()


@pytest.fixture
def activated(app, activation) -> str:
    """A Taycan (VIN_A) with Navigation Plus and Remote Lock and Unlock, activated through the
    guided activation and linked to its customer from the order; returns the car's token."""
    activation.activate(vin=VIN_A, delivery=DELIVERED)
    token = add_car(app, VIN_A)
    with app.app_context():
        activation = db.session.execute(select(Activation)).scalar_one()
        assert activation.confirmed and activation.order.vin == VIN_A
        account = db.session.get(Account, activation.account_id)
        order = services.order_to_link(account, activation.order.order_number)
        services.link_from_order(account, order, clock.now())
        db.session.commit()
    return token


# -- the car's token ---------------------------------------------------------------------------

ENDPOINTS = [
    ("GET", "services"),
    ("POST", "pairing-code"),
    ("POST", "logout"),
    ("POST", "login"),
    ("GET", "commands"),
    ("POST", "commands/1/result"),
]

BAD_AUTHORIZATION = {
    "missing": lambda token: {},
    "another token": lambda token: bearer(hashing.new_token()[0]),
    "empty bearer": lambda token: {"Authorization": "Bearer "},
    "no scheme": lambda token: {"Authorization": token},
    "other scheme": lambda token: {"Authorization": f"Basic {token}"},
    "token and more": lambda token: {"Authorization": f"Bearer {token}x"},
    "far too long": lambda token: {"Authorization": f"Bearer {token * 10}"},
    "token as cookie": lambda token: {"Cookie": f"token={token}"},
}


@pytest.mark.parametrize("kind", BAD_AUTHORIZATION)
def test_without_the_cars_own_token_every_endpoint_answers_401(app, pcm, kind):
    token = add_car(app, VIN_A, model="cayenne")
    account_id = add_account(app, MAIN)
    link(app, VIN_A, account_id)
    codes = pairing_codes(app)
    headers = BAD_AUTHORIZATION[kind](token)
    body = {"email": MAIN, "password": PASSWORD, "status": "executed"}
    for method, path in ENDPOINTS:
        response = pcm.open(f"{API}/{path}", method=method, json=body, headers=headers)
        assert_error(response, 401, "UNAUTHORIZED")
        assert response.headers["WWW-Authenticate"].startswith("Bearer"), path
    # Nothing happened: no pairing code, no PCM login (the password was right), no fetch.
    assert pairing_codes(app) == codes
    assert car(app, VIN_A)["pcm_account_id"] is None
    assert car(app, VIN_A)["services_fetched_at"] is None
    # The car's own token works (so the refusals above are about the header).
    assert pcm.get(f"{API}/services", headers=bearer(token)).status_code == 200
    lower = pcm.get(f"{API}/services", headers={"Authorization": f"bearer {token}"})
    assert lower.status_code == 200  # the scheme is case-insensitive (RFC 7235)


def test_the_customers_browser_session_is_no_car_token(app, client, activated):
    assert client.get("/se/sv/account/").status_code == 200  # logged in on the website
    assert_error(client.get(f"{API}/services"), 401, "UNAUTHORIZED")


def test_a_rotated_token_replaces_the_old_one_at_once(app, pcm):
    old = add_car(app, VIN_A)
    with app.app_context():
        new = services.rotate_token(services.find_by_vin(VIN_A), clock.now())
        db.session.commit()
    assert_error(pcm.get(f"{API}/services", headers=bearer(old)), 401, "UNAUTHORIZED")
    response = pcm.get(f"{API}/services", headers=bearer(new))
    assert response.status_code == 200 and response.get_json()["vin"] == VIN_A


def test_the_token_is_stored_only_as_its_sha256(app):
    token = add_car(app, VIN_A)
    with app.app_context():
        vehicle = services.find_by_vin(VIN_A)
        assert vehicle.token_hash == hashing.hash_token(token) and token not in vehicle.token_hash
        assert services.find_by_token(token).vin == VIN_A


# -- one car never reaches another -------------------------------------------------------------


def test_a_car_sees_and_reports_only_its_own_commands(app, pcm):
    token_a, token_b = add_car(app, VIN_A), add_car(app, VIN_B)
    account_id = add_account(app, MAIN)
    command_a, command_b = queue(app, VIN_A, account_id), queue(app, VIN_B, account_id)
    listed_a = pcm.get(f"{API}/commands", headers=bearer(token_a)).get_json()["commands"]
    assert [c["id"] for c in listed_a] == [command_a]
    assert command_status(app, command_b) == "pending"  # A's fetch did not hand over B's
    listed_b = pcm.get(f"{API}/commands", headers=bearer(token_b)).get_json()["commands"]
    assert [c["id"] for c in listed_b] == [command_b]
    # A cannot report B's command (and B not A's): 404, nothing changes.
    for token, other in ((token_a, command_b), (token_b, command_a)):
        response = pcm.post(
            f"{API}/commands/{other}/result", json={"status": "failed"}, headers=bearer(token)
        )
        assert_error(response, 404, "NOT_FOUND")
        assert command_status(app, other) == "delivered"
    response = pcm.post(
        f"{API}/commands/{command_b}/result", json={"status": "executed"}, headers=bearer(token_b)
    )
    assert response.status_code == 200 and command_status(app, command_b) == "executed"


def test_a_cars_token_logs_in_and_out_only_in_that_car(app, pcm):
    token_a = add_car(app, VIN_A, model="cayenne")
    token_b = add_car(app, VIN_B, model="cayenne")
    owner_of_b = add_account(app, OTHER)
    link(app, VIN_B, owner_of_b)
    assert_error(pcm_login(pcm, token_a, OTHER), 403, "NOT_MAIN_USER")
    assert car(app, VIN_A)["pcm_account_id"] is None
    assert car(app, VIN_B)["pcm_account_id"] is None
    assert pcm_login(pcm, token_b, OTHER).status_code == 200
    assert car(app, VIN_B)["pcm_account_id"] == owner_of_b
    assert pcm.post(f"{API}/logout", headers=bearer(token_a)).status_code == 200
    assert car(app, VIN_B)["pcm_account_id"] == owner_of_b  # A's logout is A's only
    services_b = pcm.get(f"{API}/services", headers=bearer(token_b)).get_json()
    assert services_b["vin"] == VIN_B and services_b["logged_in"]


def test_the_pairing_code_of_one_car_does_not_link_another(app, pcm):
    token_a, token_b = add_car(app, VIN_A), add_car(app, VIN_B)
    account_id = add_account(app, MAIN)
    code_a = pcm.post(f"{API}/pairing-code", headers=bearer(token_a)).get_json()["pairing_code"]
    code_b = code_a
    for _ in range(5):  # the same code for both (one chance in 10**8) would prove nothing
        code_b = pcm.post(f"{API}/pairing-code", headers=bearer(token_b)).get_json()["pairing_code"]
        if code_b != code_a:
            break
    assert code_a != code_b
    with app.app_context():
        account = db.session.get(Account, account_id)
        with pytest.raises(services.PairingFailed):
            services.link_with_pairing_code(account, VIN_B, code_a, clock.now())
        db.session.commit()
    assert car(app, VIN_B)["main_user"] is None
    with app.app_context():
        account = db.session.get(Account, account_id)
        services.link_with_pairing_code(account, VIN_A, code_a, clock.now())
        db.session.commit()
    assert car(app, VIN_A)["main_user"] == account_id
    assert car(app, VIN_B)["main_user"] is None


# -- F15: the limited and the full set ---------------------------------------------------------


def service_ids(response) -> set[str]:
    return {service["id"] for service in response.get_json()["services"]}


def test_the_car_shows_the_limited_set_until_its_main_user_logs_in(app, pcm, activated):
    headers = bearer(activated)
    response = pcm.get(f"{API}/services", headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["vin"] == VIN_A and body["mode"] == "limited" and body["logged_in"] is False
    assert service_ids(response) == {"nc_destsync_v1"}  # Navigation Plus, no remote service
    assert not any(service["remote"] for service in body["services"])
    state = car(app, VIN_A)
    assert state["services_fetched_mode"] == "limited" and state["services_fetched_at"]
    assert datetime.fromisoformat(body["fetched_at"]).tzinfo is not None

    response = pcm_login(pcm, activated, code=CODE)
    assert response.status_code == 200
    assert response.get_json() == {"logged_in": True, "porsche_id": MAIN}
    response = pcm.get(f"{API}/services", headers=headers)
    body = response.get_json()
    assert body["mode"] == "full" and body["logged_in"] is True
    assert service_ids(response) == {"nc_destsync_v1", "rlu_v1"}
    remote = {s["id"]: s["remote"] for s in body["services"]}
    assert remote == {"nc_destsync_v1": False, "rlu_v1": True}
    assert all(s["name"] and s["until"] for s in body["services"])
    full = car(app, VIN_A)
    assert full["services_fetched_mode"] == "full"
    assert full["services_fetched_at"] >= state["services_fetched_at"]

    response = pcm.post(f"{API}/logout", headers=headers)
    assert response.status_code == 200 and response.get_json() == {"logged_in": False}
    response = pcm.get(f"{API}/services", headers=headers)
    assert response.get_json()["mode"] == "limited"
    assert service_ids(response) == {"nc_destsync_v1"}
    assert car(app, VIN_A)["services_fetched_mode"] == "limited"


def test_a_car_without_an_activation_shows_no_services(app, pcm):
    token = add_car(app, VIN_A, model="cayenne")
    link(app, VIN_A, add_account(app, MAIN))
    assert pcm_login(pcm, token).status_code == 200
    body = pcm.get(f"{API}/services", headers=bearer(token)).get_json()
    assert body["mode"] == "full" and body["services"] == []


# -- F7: the PCM login and the security code ---------------------------------------------------


@pytest.mark.parametrize(
    ("model", "year", "needs_code"),
    [
        ("taycan", 2020, True),
        ("taycan", 2026, True),
        ("911", 2021, False),
        ("911", 2022, True),
        ("cayenne", 2018, False),
        ("cayenne", 2026, False),
    ],
)
def test_the_security_code_is_needed_by_model_and_model_year(app, pcm, model, year, needs_code):
    token = add_car(app, VIN_A, model=model, year=year)
    link(app, VIN_A, add_account(app, MAIN, security_code=CODE))
    response = pcm_login(pcm, token)
    if needs_code:
        assert_error(response, 428, "SECURITY_CODE_REQUIRED")
        assert car(app, VIN_A)["pcm_account_id"] is None
        response = pcm_login(pcm, token, code=CODE)
    assert response.status_code == 200, response.get_json()
    assert car(app, VIN_A)["pcm_account_id"] is not None


def test_a_porsche_id_without_a_security_code_cannot_log_in_in_a_car_that_needs_one(app, pcm):
    token = add_car(app, VIN_A)
    link(app, VIN_A, add_account(app, MAIN))
    assert_error(pcm_login(pcm, token, code=CODE), 428, "SECURITY_CODE_NOT_SET")
    assert car(app, VIN_A)["pcm_account_id"] is None


def test_a_wrong_security_code_is_refused_and_counted(app, pcm):
    token = add_car(app, VIN_A)
    link(app, VIN_A, add_account(app, MAIN, security_code=CODE))
    assert_error(pcm_login(pcm, token, code="1357"), 403, "INCORRECT_PIN")
    assert car(app, VIN_A)["pcm_account_id"] is None
    assert account_state(app, MAIN)["security_code_failures"] == 1
    assert pcm_login(pcm, token, code=CODE).status_code == 200
    assert account_state(app, MAIN)["security_code_failures"] == 0


def test_five_wrong_security_codes_lock_the_login_for_60_minutes(app, pcm):
    token = add_car(app, VIN_A)
    link(app, VIN_A, add_account(app, MAIN, security_code=CODE))
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for _ in range(4):
            assert_error(pcm_login(pcm, token, code="1357"), 403, "INCORRECT_PIN")
        assert_error(pcm_login(pcm, token, code="1357"), 423, "LOCKED_60_MINUTES")
        # Locked: even the right code is refused, and the car stays logged out.
        assert_error(pcm_login(pcm, token, code=CODE), 423, "LOCKED_60_MINUTES")
        traveller.shift(timedelta(minutes=59))
        assert_error(pcm_login(pcm, token, code=CODE), 423, "LOCKED_60_MINUTES")
        assert car(app, VIN_A)["pcm_account_id"] is None
        traveller.shift(timedelta(minutes=1, seconds=1))
        assert pcm_login(pcm, token, code=CODE).status_code == 200
    assert car(app, VIN_A)["pcm_account_id"] is not None


def test_only_the_cars_main_user_can_log_in(app, pcm):
    token = add_car(app, VIN_A, model="cayenne")
    link(app, VIN_A, add_account(app, MAIN))
    add_account(app, OTHER)
    assert_error(pcm_login(pcm, token, OTHER), 403, "NOT_MAIN_USER")
    assert car(app, VIN_A)["pcm_account_id"] is None
    assert pcm_login(pcm, token, MAIN).status_code == 200


def test_an_unlinked_car_has_no_main_user_to_log_in(app, pcm):
    token = add_car(app, VIN_A, model="cayenne")
    add_account(app, MAIN)
    assert_error(pcm_login(pcm, token), 403, "NOT_MAIN_USER")


def test_a_wrong_password_or_an_unknown_address_is_refused_and_counted(app, pcm):
    token = add_car(app, VIN_A, model="cayenne")
    link(app, VIN_A, add_account(app, MAIN))
    response = pcm_login(pcm, token, password="not the password at all")
    assert_error(response, 401, "INVALID_CREDENTIALS")
    assert "WWW-Authenticate" not in response.headers  # the car's token was fine
    assert account_state(app, MAIN)["failed_logins"] == 1
    assert_error(pcm_login(pcm, token, "nobody@example.com"), 401, "INVALID_CREDENTIALS")
    assert car(app, VIN_A)["pcm_account_id"] is None


def test_wrong_passwords_from_a_car_are_throttled_not_the_porsche_id(app, pcm):
    """Five free tries, then the car waits 1 s, 2 s … (429 with Retry-After) and its tries are
    not even compared; the Porsche ID is not locked: after the wait the right password works."""
    token = add_car(app, VIN_A, model="cayenne")
    link(app, VIN_A, add_account(app, MAIN))
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for _ in range(5):
            wrong = pcm_login(pcm, token, password="wrong password")
            assert_error(wrong, 401, "INVALID_CREDENTIALS")
        throttled = pcm_login(pcm, token)  # even the right password waits
        assert_error(throttled, 429, "TOO_MANY_ATTEMPTS")
        assert throttled.headers["Retry-After"] == "1"
        assert account_state(app, MAIN)["failed_logins"] == 5
        assert car(app, VIN_A)["pcm_account_id"] is None
        traveller.shift(timedelta(seconds=1))
        assert_error(pcm_login(pcm, token, password="wrong password"), 401, "INVALID_CREDENTIALS")
        assert_error(pcm_login(pcm, token), 429, "TOO_MANY_ATTEMPTS")  # now 2 s
        traveller.shift(timedelta(seconds=2))
        assert pcm_login(pcm, token).status_code == 200
        assert account_state(app, MAIN)["failed_logins"] == 0


# -- F13: pairing codes ------------------------------------------------------------------------


def pairing_code(pcm, token: str) -> str:
    response = pcm.post(f"{API}/pairing-code", headers=bearer(token))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["pairing_code"]


def try_code(app, email: str, vin: str, code: str):
    """Link by VIN and code as the website does (wrong tries are committed); the exception."""
    with app.app_context():
        account = accounts.find_by_email(email)
        try:
            services.link_with_pairing_code(account, vin, code, clock.now())
        except services.VehicleError as exc:
            db.session.commit()
            return exc
        db.session.commit()
        return None


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**8:08d}"


def test_the_car_gets_an_eight_digit_code_stored_only_as_a_hash(app, pcm):
    token = add_car(app, VIN_A)
    before = clock.now()
    response = pcm.post(f"{API}/pairing-code", headers=bearer(token))
    assert response.status_code == 201
    body = response.get_json()
    code = body["pairing_code"]
    assert len(code) == 8 and code.isdigit()
    expires = datetime.fromisoformat(body["expires_at"])
    assert before + timedelta(minutes=10) <= expires <= clock.now() + timedelta(minutes=10)
    with app.app_context():
        row = db.session.execute(select(PairingCode)).scalar_one()
        assert row.code_hash.startswith("$argon2id$") and code not in row.code_hash


def test_a_pairing_code_links_the_car_once(app, pcm):
    token = add_car(app, VIN_A)
    main, other = add_account(app, MAIN), add_account(app, OTHER)
    code = pairing_code(pcm, token)
    assert try_code(app, MAIN, "wp0zzz y1zts-000201", code) is None  # normalized VIN
    assert car(app, VIN_A)["main_user"] == main and car(app, VIN_A)["via"] == "pairing"
    # Used: it links nothing any more, not even for the same Porsche ID.
    assert isinstance(try_code(app, OTHER, VIN_A, code), services.PairingFailed)
    assert isinstance(try_code(app, MAIN, VIN_A, code), services.PairingFailed)
    # Another Porsche ID with a fresh, right code: the car already has its main user.
    assert isinstance(try_code(app, OTHER, VIN_A, pairing_code(pcm, token)), services.AlreadyLinked)
    assert car(app, VIN_A)["main_user"] == main != other


def test_a_newer_pairing_code_voids_the_older(app, pcm):
    token = add_car(app, VIN_A)
    add_account(app, MAIN)
    older = newer = pairing_code(pcm, token)
    for _ in range(5):  # drawing the same code twice (one chance in 10**8) would prove nothing
        newer = pairing_code(pcm, token)
        if newer != older:
            break
    assert newer != older
    with app.app_context():
        open_codes = select(PairingCode.id).where(PairingCode.closed_at.is_(None))
        assert len(db.session.execute(open_codes).all()) == 1
    assert isinstance(try_code(app, MAIN, VIN_A, older), services.PairingFailed)
    assert car(app, VIN_A)["main_user"] is None
    assert try_code(app, MAIN, VIN_A, newer) is None


def test_a_pairing_code_expires_after_ten_minutes(app, pcm):
    token = add_car(app, VIN_A)
    account_id = add_account(app, MAIN)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        code = pairing_code(pcm, token)
        traveller.shift(services.PAIRING_CODE_LIFETIME)
        assert isinstance(try_code(app, MAIN, VIN_A, code), services.PairingFailed)
        code = pairing_code(pcm, token)
        traveller.shift(services.PAIRING_CODE_LIFETIME - timedelta(seconds=1))
        assert try_code(app, MAIN, VIN_A, code) is None
    assert car(app, VIN_A)["main_user"] == account_id


def test_five_wrong_tries_void_the_pairing_code(app, pcm):
    token = add_car(app, VIN_A)
    add_account(app, MAIN)
    code = pairing_code(pcm, token)
    for _ in range(5):
        assert isinstance(try_code(app, MAIN, VIN_A, wrong(code)), services.PairingFailed)
    assert isinstance(try_code(app, MAIN, VIN_A, code), services.PairingFailed)
    assert car(app, VIN_A)["main_user"] is None
    # Four wrong tries leave the code usable.
    code = pairing_code(pcm, token)
    for _ in range(4):
        try_code(app, MAIN, VIN_A, wrong(code))
    assert try_code(app, MAIN, VIN_A, code) is None


def test_the_customer_links_the_car_with_its_code_on_the_website(app, client, pcm):
    token = add_car(app, VIN_A)
    account_id = add_account(app, MAIN)
    response = post_form(client, "/se/sv/account/login", {"email": MAIN, "password": PASSWORD})
    assert response.status_code in (302, 303)
    code = pairing_code(pcm, token)
    response = post_form(client, LINK_PAGE, {"vin": VIN_A, "code": wrong(code)})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.execute(select(PairingCode.attempts)).scalar_one() == 1
    vin = "wp0zzz-y1zts 000201"
    response = post_form(client, LINK_PAGE, {"vin": vin, "code": f"{code[:4]} {code[4:]}"})
    assert response.status_code == 303, response.status_code
    state = car(app, VIN_A)
    assert response.headers["Location"].endswith(f"/se/sv/account/vehicles/{state['id']}")
    assert state["main_user"] == account_id and state["via"] == "pairing"


# -- remote commands ---------------------------------------------------------------------------


def test_a_command_is_handed_over_once_and_its_first_result_stands(app, pcm, activated):
    headers = bearer(activated)
    with app.app_context():
        account = accounts.find_by_email(MAIN)
        command = services.send_command(
            account, services.find_by_vin(VIN_A), "lock", None, clock.now()
        )
        db.session.commit()
        command_id = command.id
    assert command_status(app, command_id) == "pending"
    response = pcm.get(f"{API}/commands", headers=headers)
    assert response.status_code == 200
    listed = response.get_json()["commands"]
    assert [(c["id"], c["kind"]) for c in listed] == [(command_id, "lock")]
    assert datetime.fromisoformat(listed[0]["created_at"]).tzinfo is not None
    assert command_status(app, command_id) == "delivered"
    assert pcm.get(f"{API}/commands", headers=headers).get_json() == {"commands": []}

    url = f"{API}/commands/{command_id}/result"
    response = pcm.post(url, json={"status": "executed", "message": "Locked"}, headers=headers)
    assert response.status_code == 200
    assert response.get_json() == {"id": command_id, "status": "executed"}
    again = pcm.post(url, json={"status": "failed", "message": "Door open"}, headers=headers)
    assert again.status_code == 200 and again.get_json()["status"] == "executed"
    with app.app_context():
        row = db.session.get(RemoteCommand, command_id)
        assert (row.status, row.message) == ("executed", "Locked")
        assert row.delivered_at and row.finished_at


def test_a_failed_command_keeps_the_cars_message(app, pcm):
    token = add_car(app, VIN_A)
    command_id = queue(app, VIN_A, add_account(app, MAIN))
    pcm.get(f"{API}/commands", headers=bearer(token))
    response = pcm.post(
        f"{API}/commands/{command_id}/result",
        json={"status": "failed", "message": "Door open"},
        headers=bearer(token),
    )
    assert response.get_json() == {"id": command_id, "status": "failed"}
    with app.app_context():
        assert db.session.get(RemoteCommand, command_id).message == "Door open"


def test_a_result_needs_a_delivered_command_of_this_car(app, pcm):
    token = add_car(app, VIN_A)
    pending = queue(app, VIN_A, add_account(app, MAIN))
    for command_id in (pending, 999_999, 2**31, 10**20):
        url = f"{API}/commands/{command_id}/result"
        response = pcm.post(url, json={"status": "executed"}, headers=bearer(token))
        assert_error(response, 404, "NOT_FOUND")
    assert command_status(app, pending) == "pending"


def test_a_command_the_car_does_not_fetch_in_ten_minutes_expires(app, pcm):
    token = add_car(app, VIN_A)
    old = clock.now() - services.COMMAND_LIFETIME - timedelta(seconds=1)
    command_id = queue(app, VIN_A, add_account(app, MAIN), created_at=old)
    assert pcm.get(f"{API}/commands", headers=bearer(token)).get_json() == {"commands": []}
    assert command_status(app, command_id) == "expired"
    response = pcm.post(
        f"{API}/commands/{command_id}/result", json={"status": "executed"}, headers=bearer(token)
    )
    assert_error(response, 404, "NOT_FOUND")


def test_a_picked_up_command_waits_an_hour_for_its_result(app, pcm):
    token = add_car(app, VIN_A)
    account = add_account(app, MAIN)
    command_id = queue(app, VIN_A, account)
    assert len(pcm.get(f"{API}/commands", headers=bearer(token)).get_json()["commands"]) == 1
    url = f"{API}/commands/{command_id}/result"
    with time_machine.travel(clock.now() + timedelta(minutes=30)):
        assert pcm.post(url, json={"status": "executed"}, headers=bearer(token)).status_code == 200
    late = queue(app, VIN_A, account)
    pcm.get(f"{API}/commands", headers=bearer(token))
    with time_machine.travel(clock.now() + services.COMMAND_RESULT_LIFETIME + timedelta(minutes=1)):
        url = f"{API}/commands/{late}/result"
        response = pcm.post(url, json={"status": "executed"}, headers=bearer(token))
        assert_error(response, 404, "NOT_FOUND")
    assert command_status(app, late) == "expired"


# -- bad bodies: 400 JSON, never 500 ------------------------------------------------------------

JSON = "application/json"

BAD_RESULTS = {
    "not JSON": ("{status: executed", JSON),
    "empty": ("", JSON),
    "null": ("null", JSON),
    "a list": ('["executed"]', JSON),
    "a string": ('"executed"', JSON),
    "no status": ("{}", JSON),
    "unknown status": ('{"status": "done"}', JSON),
    "status the car cannot set": ('{"status": "expired"}', JSON),
    "status a number": ('{"status": 1}', JSON),
    "status a list": ('{"status": ["executed"]}', JSON),
    "message a number": ('{"status": "executed", "message": 5}', JSON),
    "message too long": ('{"status": "executed", "message": "%s"}' % ("x" * 201), JSON),
    "NUL in the message": ('{"status": "executed", "message": "a\\u0000b"}', JSON),
    "lone surrogate": ('{"status": "executed", "message": "\\ud800"}', JSON),
    "deeply nested": ('{"status": ' * 50_000, JSON),
    "not sent as JSON": ('{"status": "executed"}', "text/plain"),
}


@pytest.mark.parametrize("kind", BAD_RESULTS)
def test_a_bad_result_body_is_a_400(app, pcm, kind):
    token = add_car(app, VIN_A)
    command_id = queue(app, VIN_A, add_account(app, MAIN))
    pcm.get(f"{API}/commands", headers=bearer(token))
    data, content_type = BAD_RESULTS[kind]
    response = pcm.post(
        f"{API}/commands/{command_id}/result",
        data=data,
        content_type=content_type,
        headers=bearer(token),
    )
    assert_error(response, 400, "BAD_REQUEST")
    assert command_status(app, command_id) == "delivered"


BAD_LOGINS = {
    "not JSON": ("{email: x", JSON),
    "empty": ("", JSON),
    "null": ("null", JSON),
    "a list": (f'["{MAIN}", "{PASSWORD}"]', JSON),
    "a string": ('"hello"', JSON),
    "no fields": ("{}", JSON),
    "no password": (f'{{"email": "{MAIN}"}}', JSON),
    "no e-mail": (f'{{"password": "{PASSWORD}"}}', JSON),
    "e-mail a number": (f'{{"email": 1, "password": "{PASSWORD}"}}', JSON),
    "password a number": (f'{{"email": "{MAIN}", "password": 5}}', JSON),
    "both empty": ('{"email": "", "password": ""}', JSON),
    "objects": ('{"email": ["a"], "password": {"b": 1}}', JSON),
    "code a number": (
        f'{{"email": "{MAIN}", "password": "{PASSWORD}", "security_code": 4711}}',
        JSON,
    ),
    "NUL in the e-mail": (f'{{"email": "a\\u0000{MAIN}", "password": "{PASSWORD}"}}', JSON),
    "surrogate e-mail": (f'{{"email": "\\ud800{MAIN}", "password": "{PASSWORD}"}}', JSON),
    "surrogate password": (f'{{"email": "{MAIN}", "password": "\\udfff"}}', JSON),
    "surrogate code": (
        f'{{"email": "{MAIN}", "password": "{PASSWORD}", "security_code": "\\ud800"}}',
        JSON,
    ),
    "deeply nested": ("[" * 100_000, JSON),
    "not sent as JSON": (f'{{"email": "{MAIN}", "password": "{PASSWORD}"}}', "text/plain"),
}


@pytest.mark.parametrize("kind", BAD_LOGINS)
def test_a_bad_login_body_is_a_400(app, pcm, kind):
    token = add_car(app, VIN_A)
    link(app, VIN_A, add_account(app, MAIN, security_code=CODE))
    data, content_type = BAD_LOGINS[kind]
    response = pcm.post(f"{API}/login", data=data, content_type=content_type, headers=bearer(token))
    assert_error(response, 400, "BAD_REQUEST")
    assert car(app, VIN_A)["pcm_account_id"] is None
    assert account_state(app, MAIN) == {"failed_logins": 0, "security_code_failures": 0}


# -- rate limits -------------------------------------------------------------------------------


def test_more_than_ten_pairing_codes_an_hour_are_refused_per_car(app, pcm):
    token, other = add_car(app, VIN_A), add_car(app, VIN_B)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for _ in range(10):
            pairing_code(pcm, token)
        response = pcm.post(f"{API}/pairing-code", headers=bearer(token))
        assert response.status_code == 429
        assert response.get_json()["error"] == "TOO_MANY_REQUESTS"
        assert 1 <= int(response.headers["Retry-After"]) <= 3600
        pairing_code(pcm, other)  # the limit counts per car
        traveller.shift(timedelta(hours=1, seconds=1))
        pairing_code(pcm, token)


# -- VINs --------------------------------------------------------------------------------------

ALPHANUMERIC = string.ascii_uppercase + string.digits
VIN_CHARACTERS = "".join(c for c in ALPHANUMERIC if c not in "IOQ")
EXAMPLE_US_VIN = "1M8GDM9AXKP042788"


@given(
    st.one_of(
        st.text(ALPHANUMERIC, min_size=17, max_size=17),
        st.text(ALPHANUMERIC, max_size=30),
    )
)
def test_a_vin_is_17_letters_and_digits_without_i_o_and_q(text):
    expected = len(text) == 17 and not set(text) & set("IOQ")
    for market in (None, "se", "de", "gb"):
        assert services.valid_vin(text, market) is expected


@given(st.text(), st.sampled_from([None, "se", "us", "ca", "mx"]))
@example(EXAMPLE_US_VIN + "\n", "us")
@example(EXAMPLE_US_VIN + "\n", None)
def test_anything_else_is_no_vin_and_never_an_error(text, market):
    if services.valid_vin(text, market):
        assert len(text) == 17 and set(text) <= set(VIN_CHARACTERS)


@given(st.text(VIN_CHARACTERS + string.ascii_lowercase + " -\t", max_size=30))
def test_normalizing_removes_spaces_and_dashes_and_upper_cases(text):
    normalized = services.normalize_vin(text)
    assert normalized == "".join(c for c in text if c not in " -\t").upper()
    assert services.normalize_vin(normalized) == normalized


@given(st.text(VIN_CHARACTERS, min_size=17, max_size=17), st.sampled_from(["us", "ca", "mx"]))
def test_north_american_vins_carry_the_check_digit(body, market):
    vin = body[:8] + services.vin_check_digit(body) + body[9:]
    assert services.vin_check_digit(vin) == vin[8]  # position 9 does not count itself
    assert services.valid_vin(vin, market)
    for digit in "0123456789X":
        if digit == vin[8]:
            continue
        changed = vin[:8] + digit + vin[9:]
        assert not services.valid_vin(changed, market)
        # European markets do not check the digit.
        assert services.valid_vin(changed, "se") and services.valid_vin(changed, "de")


def test_a_real_looking_us_vin_has_its_check_digit(app):
    assert services.vin_check_digit(EXAMPLE_US_VIN) == "X"
    for market in ("us", "ca", "mx", "se", None):
        assert services.valid_vin(EXAMPLE_US_VIN, market)
    changed = EXAMPLE_US_VIN[:8] + "1" + EXAMPLE_US_VIN[9:]
    assert not services.valid_vin(changed, "us")
    assert services.valid_vin(changed, "se")
    with app.app_context():
        with pytest.raises(ValueError, match="not a valid VIN"):
            services.provision(changed, "911", 2026, "us")
        vehicle, _ = services.provision("1m8gdm9a-xkp 042788", "911", 2026, "us")
        assert vehicle.vin == EXAMPLE_US_VIN


# -- two people link one car at the same moment ------------------------------------------------


@pytest.mark.postgres
@pytest.mark.real_hashing
def test_two_people_linking_one_car_at_the_same_moment_make_one_main_user(app, pcm):
    """Both see a car without a main user and both enter the right code: the database decides
    (also on PostgreSQL); the other is told the car is already linked.

    Real argon2 cost on purpose: checking the code takes long enough that both tries are past
    the check before either commits, which is the race this test is about; with the fast test
    hasher the first commit usually lands before the second try reads the code."""
    token = add_car(app, VIN_A)
    account_ids = [add_account(app, MAIN), add_account(app, OTHER)]
    code = pairing_code(pcm, token)
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def link_now(account_id: int) -> None:
        with app.app_context():
            try:
                vehicle = services.find_by_vin(VIN_A)
                account = db.session.get(Account, account_id)
                seen = vehicle.link  # loaded now: no main user yet, for both
                barrier.wait(5)
                if seen is not None:
                    outcomes[account_id] = "saw a main user before linking"
                    return
                try:
                    services.link_with_pairing_code(account, VIN_A, code, clock.now())
                    db.session.commit()
                    outcomes[account_id] = "linked"
                except services.AlreadyLinked:
                    db.session.rollback()
                    outcomes[account_id] = "already linked"
            except Exception as exc:  # reported in the assertion below
                outcomes[account_id] = repr(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=link_now, args=(i,)) for i in account_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes.values()) == ["already linked", "linked"], outcomes
    winner = next(i for i, outcome in outcomes.items() if outcome == "linked")
    with app.app_context():
        links = list(db.session.execute(select(VehicleLink)).scalars())
        assert [(row.account_id, row.via) for row in links] == [(winner, "pairing")]


# -- bursts of wrong codes (issue #20, item 2) -------------------------------------------------


@pytest.mark.postgres
def test_twenty_wrong_pairing_codes_at_once_count_five_and_the_right_code_is_refused(app, pcm):
    """Each try is counted before the code is compared; the ones beyond the fifth are refused
    without being compared, and the right code after the burst links nothing."""
    token = add_car(app, VIN_A)
    account_id = add_account(app, MAIN)
    code = pairing_code(pcm, token)
    wrong = f"{(int(code) + 1) % 10**8:08d}"

    def work(i: int):
        account = db.session.get(Account, account_id)
        try:
            return services.link_with_pairing_code(account, VIN_A, wrong, clock.now())
        finally:
            db.session.commit()  # what the view does: the counter is kept

    results = concurrently(app, 20, work)
    assert all(isinstance(result, services.PairingFailed) for result in results), results
    with app.app_context():
        (row,) = db.session.execute(select(PairingCode)).scalars()
        assert row.attempts == services.PAIRING_TRIES and row.closed_at is not None
        with pytest.raises(services.PairingFailed):
            services.link_with_pairing_code(
                db.session.get(Account, account_id), VIN_A, code, clock.now()
            )
    assert car(app, VIN_A)["main_user"] is None


@pytest.mark.postgres
def test_twenty_wrong_security_codes_at_the_pcm_at_once_lock_after_five(app, pcm):
    token = add_car(app, VIN_A)
    link(app, VIN_A, add_account(app, MAIN, security_code=CODE))
    with time_machine.travel(clock.now(), tick=False):

        def work(i: int):
            vehicle = services.find_by_vin(VIN_A)
            account = accounts.find_by_email(MAIN)
            try:
                return services.check_security_code(account, vehicle, "1357")
            finally:
                db.session.commit()

        results = concurrently(app, 20, work)
        kinds = [type(result).__name__ for result in results]
        assert kinds.count("WrongSecurityCode") == 4
        assert kinds.count("SecurityCodeLocked") == 16
        assert_error(pcm_login(pcm, token, code=CODE), 423, "LOCKED_60_MINUTES")
    assert car(app, VIN_A)["pcm_account_id"] is None
