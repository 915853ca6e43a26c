"""The rights matrix (issue #16): each function group × the main user, a secondary user with
the right, without it and with a time-boxed right that has ended, through My Porsche (remote
commands) and the vehicle API (the set the car shows after the PCM login); main-user-only
services never reach a secondary user; a command whose right ends before the car fetches it is
dropped."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from porsche_web import clock
from porsche_web.accounts import services as accounts
from porsche_web.activation.models import Contract
from porsche_web.extensions import db
from porsche_web.people.models import ACTIVE, CarPerson, CarPersonRight
from porsche_web.testing.actions import people as act
from porsche_web.testing.actions.activation import DELIVERED, PASSWORD, add_account
from porsche_web.testing.actions.porsche_id import login
from porsche_web.testing.actions.vehicles import link_car
from porsche_web.testing.helpers import csrf_token, post_form
from porsche_web.vehicles import services as vehicles
from porsche_web.vehicles.models import RemoteCommand, Vehicle

VIN = "WP0ZZZY1ZTS000101"
MAIN = "astrid@example.com"
MAIN_CODE = "4711"
SECOND = "bo@example.com"
OWN_CODE = "2580"
API = "/api/pcm/v1"
EXTRA_SERVICES = ("rclima_v1", "carfinder_v1", "trip_statistic_v1", "vts")
#: The service each group covers, and the commands sent from My Porsche to try it (position and
#: trip data have none: they are used in the car, whose set the matrix reads).
GROUPS = {
    "lock": ("rlu_v1", ("lock", "unlock")),
    "climate": ("rclima_v1", ("climate_on", "climate_off")),
    "position": ("carfinder_v1", ()),
    "trips": ("trip_statistic_v1", ()),
}


@pytest.fixture
def car(app, activation, client):
    """A Taycan with every function group's service and tracking (main-user-only), linked by
    its main user; returns (car id, the car's API token)."""
    activation.activate(vin=VIN, delivery=DELIVERED)
    car_id = int(link_car(client).rsplit("/", 1)[-1])
    with app.app_context():
        contract = db.session.execute(select(Contract)).scalars().first()
        for service in EXTRA_SERVICES:
            db.session.add(
                Contract(
                    activation_id=contract.activation_id,
                    account_id=contract.account_id,
                    service_id=service,
                    currency=contract.currency,
                    starts_on=contract.starts_on,
                    ends_on=contract.ends_on,
                )
            )
        token = vehicles.rotate_token(db.session.get(Vehicle, car_id), clock.now())
        db.session.commit()
    return car_id, token


def make_secondary(app, car_id: int, rights: dict) -> int:
    """An active secondary user with ``rights`` (group → end or None), written directly (the
    way in is tested in test_people.py); returns the place's id."""
    add_account(app, SECOND, security_code=OWN_CODE)
    with app.app_context():
        vehicle = db.session.get(Vehicle, car_id)
        person = CarPerson(
            vehicle_id=car_id,
            main_account_id=vehicle.link.account_id,
            account_id=accounts.find_by_email(SECOND).id,
            name="Bo Exempel",
            email=SECOND,
            phone_e164=act.INVITEE_PHONE,
            market="se",
            language="sv",
            status=ACTIVE,
            activated_at=clock.now(),
        )
        person.rights = [CarPersonRight(function=f, until=u) for f, u in rights.items()]
        db.session.add(person)
        db.session.commit()
        return person.id


def car_set(app, token: str, email: str, code: str) -> tuple[str, set[str]]:
    pcm = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    response = pcm.post(
        f"{API}/login",
        json={"email": email, "password": PASSWORD, "security_code": code},
        headers=headers,
    )
    assert response.status_code == 200, response.get_json()
    body = pcm.get(f"{API}/services", headers=headers).get_json()
    return body["role"], {service["id"] for service in body["services"]}


def commands(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(RemoteCommand)).scalar()


CASES = ["main", "granted", "not granted", "ended"]


@pytest.mark.parametrize("group", list(GROUPS))
@pytest.mark.parametrize("who", CASES)
def test_the_rights_matrix(app, client, car, group, who):
    car_id, token = car
    service, kinds = GROUPS[group]
    start = clock.now()
    person_id = None
    if who != "main":
        others = {g: None for g in GROUPS if g != group}  # every other right: only this one varies
        rights = {
            "granted": {**others, group: None},
            "not granted": others,
            "ended": {**others, group: start + timedelta(hours=1)},
        }[who]
        person_id = make_secondary(app, car_id, rights)
    allowed = who in ("main", "granted")
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        # The vehicle API: the set the car shows after the person's PCM login.
        email, code = (MAIN, MAIN_CODE) if who == "main" else (SECOND, OWN_CODE)
        role, shown = car_set(app, token, email, code)
        assert role == ("main" if who == "main" else "secondary")
        assert (service in shown) is allowed
        assert ("vts" in shown) is (who == "main")  # tracking: main user only
        assert "nc_destsync_v1" in shown  # the car's own services: everyone logged in
        # My Porsche: the group's remote commands.
        if not kinds:
            return
        browser = app.test_client()  # two hours on: a new login
        login(browser, email, PASSWORD)
        url = f"/se/sv/account/vehicles/{car_id}"
        if who != "main":
            url = act.shared_url(person_id)
        page = browser.get(url).get_data(as_text=True)
        for kind in kinds:
            assert (f'value="{kind}"' in page) is allowed, kind
            before = commands(app)
            response = post_form(
                browser, f"{url}/commands", {"kind": kind, "security_code": code}, page=url
            )
            assert response.status_code == (303 if allowed else 422), kind
            assert commands(app) == before + (1 if allowed else 0), kind


def test_a_command_whose_right_ends_before_the_car_fetches_it_is_dropped(app, car):
    car_id, token = car
    start = clock.now()
    person_id = make_secondary(app, car_id, {"lock": start + timedelta(minutes=5)})
    browser = app.test_client()
    login(browser, SECOND, PASSWORD)
    url = act.shared_url(person_id)
    response = post_form(browser, f"{url}/commands", {"kind": "lock"}, page=url)
    assert response.status_code == 303
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        pcm = app.test_client()
        listed = pcm.get(f"{API}/commands", headers={"Authorization": f"Bearer {token}"})
        assert listed.get_json()["commands"] == []
    with app.app_context():
        assert db.session.execute(select(RemoteCommand.status)).scalar_one() == "expired"


def test_a_removed_secondary_users_waiting_commands_are_dropped(app, client, car):
    car_id, token = car
    person_id = make_secondary(app, car_id, {"lock": None})
    browser = app.test_client()
    login(browser, SECOND, PASSWORD)
    url = act.shared_url(person_id)
    post_form(browser, f"{url}/commands", {"kind": "lock"}, page=url)
    remove = f"{act.people_url(car_id)}/{person_id}/remove"
    assert post_form(client, remove, {}).status_code == 303
    listed = app.test_client().get(f"{API}/commands", headers={"Authorization": f"Bearer {token}"})
    assert listed.get_json()["commands"] == []


def test_a_secondary_user_not_yet_activated_cannot_log_in_in_the_car(app, car):
    car_id, token = car
    person_id = make_secondary(app, car_id, {"lock": None})
    with app.app_context():
        db.session.get(CarPerson, person_id).status = "confirmed"
        db.session.commit()
    response = app.test_client().post(
        f"{API}/login",
        json={"email": SECOND, "password": PASSWORD, "security_code": OWN_CODE},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403


def test_a_secondary_user_of_one_car_cannot_log_in_in_another(app, car):
    car_id, _ = car
    make_secondary(app, car_id, {"lock": None})
    with app.app_context():
        _, other_token = vehicles.provision("WP0ZZZY1ZTS000404", "taycan", 2026, "se")
        db.session.commit()
    response = app.test_client().post(
        f"{API}/login",
        json={"email": SECOND, "password": PASSWORD, "security_code": OWN_CODE},
        headers={"Authorization": f"Bearer {other_token}"},
    )
    assert response.status_code == 403


def test_the_main_user_sees_the_time_box_in_the_sites_format(app, client, car):
    car_id, _ = car
    person_id = make_secondary(app, car_id, {})
    page = f"{act.people_url(car_id)}/{person_id}"
    response = act.set_rights(client, car_id, person_id, {"lock": "2030-12-24T18:00"})
    assert response.status_code == 303
    with app.app_context():
        until = db.session.execute(select(CarPersonRight.until)).scalar_one()
    assert clock.as_utc(until).isoformat() == "2030-12-24T17:00:00+00:00"  # Stockholm, winter
    html = client.get(page).get_data(as_text=True)
    assert "2030-12-24 18:00" in html  # Swedish short format
    assert 'value="2030-12-24T18:00"' in html
    html = client.get(page.replace("/se/sv/", "/se/en/")).get_data(as_text=True)
    assert "2030-12-24, 18:00" in html  # English of Sweden (en-SE)


def test_a_time_box_in_the_past_or_not_a_time_is_refused(app, client, car):
    car_id, _ = car
    person_id = make_secondary(app, car_id, {})
    for value in ("2020-01-01T10:00", "tomorrow"):
        response = act.set_rights(client, car_id, person_id, {"lock": value})
        assert response.status_code == 422, value
        assert "error-summary" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(CarPersonRight)).scalar() == 0


def test_saving_the_same_rights_twice_tells_once(app, client, car):
    car_id, _ = car
    person_id = make_secondary(app, car_id, {})
    from porsche_web.testing.helpers import outbox

    act.set_rights(client, car_id, person_id, {"lock": None, "trips": None})
    sent = len(outbox(app, "email"))
    act.set_rights(client, car_id, person_id, {"lock": None, "trips": None})
    assert len(outbox(app, "email")) == sent
    act.set_rights(client, car_id, person_id, {"trips": None})
    assert len(outbox(app, "email")) == sent + 1


def test_every_function_group_has_its_name_and_the_matrix_covers_them_all():
    from porsche_web.people import services as people

    assert list(people.FUNCTION_LABELS) == list(vehicles.FUNCTION_GROUPS) == list(GROUPS)


def test_a_time_boxed_right_ends_when_the_development_clock_passes_it(app, make_app, car):
    """What the Playwright journey shows: QA's development clock (``/dev/clock``, another app
    of the same process here) moves the site's time past the right's end."""
    car_id, token = car
    person_id = make_secondary(app, car_id, {"lock": clock.now() + timedelta(minutes=10)})
    assert "rlu_v1" in car_set(app, token, SECOND, OWN_CODE)[1]
    browser = app.test_client()
    login(browser, SECOND, PASSWORD)
    assert 'value="unlock"' in browser.get(act.shared_url(person_id)).get_data(as_text=True)

    qa = make_app({"DEV_CLOCK": True}).test_client()
    moved = post_form(qa, "/dev/clock", {"amount": "11", "unit": "minutes"})
    assert moved.status_code == 303

    assert "rlu_v1" not in car_set(app, token, SECOND, OWN_CODE)[1]
    page = browser.get(act.shared_url(person_id)).get_data(as_text=True)
    assert 'value="unlock"' not in page
    response = post_form(
        browser,
        f"{act.shared_url(person_id)}/commands",
        {"kind": "unlock", "security_code": OWN_CODE},
        page=act.shared_url(person_id),
    )
    assert response.status_code == 422
    assert commands(app) == 0


def test_main_user_only_functions_stay_with_the_main_user(app, client, car):
    """A secondary user with every function group, through My Porsche: the car's own page,
    naming, selling and removing it, its people, buying or cancelling its services (the
    contracts and their payment data) and the Charging Service are the main user's alone (404,
    and nothing of them listed); only the shared car's page answers."""
    car_id, _ = car
    person_id = make_secondary(app, car_id, dict.fromkeys(GROUPS))
    with app.app_context():
        contract_ids = list(db.session.execute(select(Contract.id)).scalars())
    browser = app.test_client()
    login(browser, SECOND, PASSWORD)
    assert browser.get(act.shared_url(person_id)).status_code == 200
    mine = "/se/sv/account"
    car_url = f"{mine}/vehicles/{car_id}"
    charging = f"{mine}/charging"
    order = "SE-200300"  # the main user's activated order of the car
    urls = [
        car_url,
        f"{car_url}/commands",
        f"{car_url}/remove",
        f"{car_url}/sold",
        act.people_url(car_id),
        f"{act.people_url(car_id)}/{person_id}",
        f"{charging}/{order}/plan",
        f"{charging}/{VIN}/plan",
        *(f"{mine}/services/{contract_id}/renew" for contract_id in contract_ids),
        *(f"{mine}/services/{contract_id}/cancel" for contract_id in contract_ids),
    ]
    for url in urls:
        assert browser.get(url).status_code == 404, url
    # The main user reaches them (so the 404s above are about the person, not the pages).
    for url in (car_url, f"{car_url}/sold", act.people_url(car_id)):
        assert client.get(url).status_code == 200, url
    # (The main user's car has its charging card: the plan page sends them on.)
    assert client.get(f"{charging}/{order}/plan").status_code in (200, 303)
    assert any(
        client.get(f"{mine}/services/{contract_id}/cancel").status_code == 200
        for contract_id in contract_ids
    )
    assert order in client.get(charging).get_data(as_text=True)
    token = csrf_token(browser, act.shared_url(person_id))
    posts = {
        f"{car_url}/commands": {"kind": "unlock", "security_code": OWN_CODE},
        f"{car_url}/nickname": {"nickname": "Bos bil"},
        f"{car_url}/remove": {},
        f"{car_url}/sold": {"security_code": OWN_CODE},
        act.people_url(car_id): {**act.INVITEE, "email": "eve@example.com"},
        f"{act.people_url(car_id)}/{person_id}": {"lock": "y", "climate": "y"},
        f"{act.people_url(car_id)}/{person_id}/remove": {},
        f"{charging}/{order}/plan": {"plan": "pcs"},
        f"{charging}/{VIN}/plan": {"plan": "pcs"},
        **{f"{mine}/services/{contract_id}/cancel": {} for contract_id in contract_ids},
    }
    for url, data in posts.items():
        assert browser.post(url, data={"csrf_token": token, **data}).status_code == 404, url
    for page in (f"{mine}/services", charging, f"{mine}/vehicles"):
        html = browser.get(page).get_data(as_text=True)
        assert VIN not in html and order not in html, page
    with app.app_context():
        vehicle = db.session.get(Vehicle, car_id)
        assert vehicle.link is not None and vehicle.nickname is None
        assert db.session.execute(select(func.count()).select_from(CarPerson)).scalar() == 1
        assert db.session.execute(select(func.count()).select_from(RemoteCommand)).scalar() == 0
        assert len(db.session.execute(select(Contract.id)).scalars().all()) == len(contract_ids)
