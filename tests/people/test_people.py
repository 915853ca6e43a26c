"""The car's people (issue #16, items 1 and 4): invitation by e-mail, the SMS code (12 hours,
only the newest, tries counted atomically), activation by the main user with their security
code, rights, removing and leaving, notifications in each person's language and the audit
trail, the limit per car, other people's cars and places (404), and privacy."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from porsche_web import clock
from porsche_web.accounts import services as accounts
from porsche_web.accounts.models import Account
from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.people import services as people
from porsche_web.people.models import ACTIVE, CONFIRMED, INVITED, CarPerson, CarPersonCode
from porsche_web.testing.actions import people as act
from porsche_web.testing.actions.activation import DELIVERED, PASSWORD, add_account
from porsche_web.testing.actions.porsche_id import login
from porsche_web.testing.actions.vehicles import link_car
from porsche_web.testing.helpers import concurrently, csrf_token, outbox, post_form
from porsche_web.vehicles import services as vehicles
from porsche_web.vehicles.models import Vehicle

VIN = "WP0ZZZY1ZTS000101"
MAIN_CODE = "4711"  # the security code walk_to_check sets
OWN_CODE = "2580"


@pytest.fixture
def car(app, activation, client) -> int:
    """A Taycan activated and linked by its main user (``client``); returns its id."""
    activation.activate(vin=VIN, delivery=DELIVERED)
    location = link_car(client)
    return int(location.rsplit("/", 1)[-1])


@pytest.fixture
def invitee(app):
    """The invitee's browser, logged in with a Porsche ID that has a security code."""
    add_account(app, act.INVITEE["email"], security_code=OWN_CODE)
    browser = app.test_client()
    assert login(browser, act.INVITEE["email"], PASSWORD).status_code == 303
    return browser


def place(app, person_id: int) -> dict:
    with app.app_context():
        person = db.session.get(CarPerson, person_id)
        return {
            "status": person.status,
            "account_id": person.account_id,
            "token_hash": person.token_hash,
            "rights": {r.function: r.until for r in person.rights},
        }


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def mails_to(app, address: str) -> list:
    return [m for m in outbox(app, "email") if m.to_address == address]


def walk_in(app, client, invitee, car) -> int:
    """Invite, accept, confirm the code, activate: returns the person's id."""
    assert act.invite(client, car).status_code == 303
    person_id = act.accept(app, invitee)
    assert act.confirm(invitee, person_id, act.sms_code(app)).status_code == 303
    assert act.activate(client, car, person_id, MAIN_CODE).status_code == 303
    return person_id


# -- the way in --------------------------------------------------------------------------------


def test_the_main_user_invites_and_activates_a_secondary_user(app, client, invitee, car):
    page = client.get(f"/se/sv/account/vehicles/{car}").get_data(as_text=True)
    assert act.people_url(car) in page
    response = act.invite(client, car)
    assert response.status_code == 303
    html = client.get(act.people_url(car)).get_data(as_text=True)
    assert "Bo Exempel" in html and "bo@example.com" in html

    # The invitation: a link whose token is stored only as its SHA-256.
    path = act.invitation_path(app)
    token = path.rsplit("/", 1)[-1]
    with app.app_context():
        person = db.session.execute(select(CarPerson)).scalar_one()
        assert person.token_hash and token not in person.token_hash
        assert person.phone_e164 == act.INVITEE_PHONE and person.status == INVITED
    # GET shows the invitation and uses nothing; the token leaks through no Referer.
    shown = invitee.get(path)
    assert shown.status_code == 200 and shown.headers["Referrer-Policy"] == "no-referrer"
    assert invitee.get(path).status_code == 200
    person_id = act.accept(app, invitee)
    state = place(app, person_id)
    assert state["token_hash"] is None and state["account_id"] is not None
    # The link works once.
    assert post_form(invitee, path, {}, page="/se/sv/account/").status_code == 404
    assert invitee.get(path).status_code == 404

    # The SMS code goes to the number the main user entered.
    sms = [m for m in outbox(app, "sms") if m.to_address == act.INVITEE_PHONE]
    assert len(sms) == 1 and "12" in sms[0].text_body
    assert act.confirm(invitee, person_id, act.sms_code(app)).status_code == 303
    assert place(app, person_id)["status"] == CONFIRMED
    main_mail = mails_to(app, "astrid@example.com")[-1]
    assert "Bo Exempel" in main_mail.subject

    # Not yet active: no access.
    with app.app_context():
        vehicle = db.session.get(Vehicle, car)
        bo = accounts.find_by_email(act.INVITEE["email"])
        assert vehicles.access_of(bo, vehicle, clock.now()).role == "none"

    # The main user activates with their security code (a wrong one is refused and counted).
    response = act.activate(client, car, person_id, "0000")
    assert response.status_code == 422
    assert place(app, person_id)["status"] == CONFIRMED
    assert act.activate(client, car, person_id, MAIN_CODE).status_code == 303
    assert place(app, person_id)["status"] == ACTIVE
    assert act.activate(client, car, person_id, MAIN_CODE).status_code == 303  # twice is once
    with app.app_context():
        vehicle = db.session.get(Vehicle, car)
        bo = accounts.find_by_email(act.INVITEE["email"])
        access = vehicles.access_of(bo, vehicle, clock.now())
        assert access.role == "secondary" and access.rights == frozenset()
    home = invitee.get("/se/sv/account/").get_data(as_text=True)
    assert act.shared_url(person_id) in home
    assert mails_to(app, act.INVITEE["email"])[-1].subject.startswith("Nu kan du använda")
    done = actions(app)
    assert done.index("people.invited") < done.index("people.accepted")
    assert done.index("people.accepted") < done.index("people.confirmed")
    assert done.index("people.confirmed") < done.index("people.activated")


def test_every_step_is_audited(app, client, invitee, car):
    person_id = walk_in(app, client, invitee, car)
    act.set_rights(client, car, person_id, {"lock": None})
    post_form(client, f"{act.people_url(car)}/{person_id}/remove", {})
    done = actions(app)
    for action in (
        "people.invited",
        "people.accepted",
        "people.confirmed",
        "people.activated",
        "people.rights_changed",
        "people.removed",
    ):
        assert action in done, action


def test_a_model_with_a_security_code_waits_for_the_invitees_own_code(app, client, car):
    add_account(app, act.INVITEE["email"])  # no security code yet
    browser = app.test_client()
    login(browser, act.INVITEE["email"], PASSWORD)
    act.invite(client, car)
    person_id = act.accept(app, browser)
    act.confirm(browser, person_id, act.sms_code(app))
    assert "/account/security-code" in browser.get(act.shared_url(person_id)).get_data(as_text=True)
    response = act.activate(client, car, person_id, MAIN_CODE)
    assert response.status_code == 422
    assert place(app, person_id)["status"] == CONFIRMED
    with app.app_context():
        accounts.set_security_code(accounts.find_by_email(act.INVITEE["email"]), OWN_CODE)
        db.session.commit()
    assert act.activate(client, car, person_id, MAIN_CODE).status_code == 303


def test_inviting_the_same_address_again_sends_a_new_link_and_adds_nobody(app, client, car):
    act.invite(client, car)
    first = act.invitation_path(app)
    act.invite(client, car, name="Bo E.")
    second = act.invitation_path(app)
    assert first != second
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(CarPerson)).scalar() == 1
    anonymous = app.test_client()
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200
    assert "/login" in anonymous.get(second).get_data(as_text=True)


def test_bad_invitations_are_refused_with_a_message(app, client, car):
    page = act.people_url(car)
    response = act.invite(client, car, email="not an address", phone="12")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "error-summary" in html
    response = act.invite(client, car, phone="08-123 456 78")  # a landline
    assert response.status_code == 422
    response = act.invite(client, car, email="astrid@example.com")  # the main user
    assert response.status_code == 422
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(CarPerson)).scalar() == 0
    assert client.get(page).status_code == 200


def test_an_invitation_expires_after_14_days(app, client, car):
    act.invite(client, car)
    path = act.invitation_path(app)
    with time_machine.travel(clock.now() + timedelta(days=14, minutes=1)):
        assert app.test_client().get(path).status_code == 404


# -- the SMS code ------------------------------------------------------------------------------


def confirm_at(app, person_id: int, code: str, moment) -> str:
    """The service's answer to ``code`` at ``moment`` (a browser session would have ended)."""
    with time_machine.travel(moment, tick=False), app.app_context():
        account = accounts.find_by_email(act.INVITEE["email"])
        try:
            people.confirm_code(account, db.session.get(CarPerson, person_id), code, clock.now())
        except people.PeopleError as exc:
            db.session.commit()
            return type(exc).__name__
        db.session.commit()
        return "confirmed"


def test_the_code_is_valid_for_12_hours(app, client, invitee, car):
    act.invite(client, car)
    sent = clock.now()
    person_id = act.accept(app, invitee)
    code = act.sms_code(app)
    assert confirm_at(app, person_id, code, sent + timedelta(hours=12, minutes=1)) == "CodeExpired"
    assert place(app, person_id)["status"] == INVITED
    assert confirm_at(app, person_id, code, sent + timedelta(hours=11, minutes=59)) == "confirmed"
    assert place(app, person_id)["status"] == CONFIRMED


def test_only_the_newest_code_works(app, client, invitee, car, monkeypatch):
    from porsche_web.accounts import secrets_

    codes = iter(["111111", "222222"])  # two different codes, always
    monkeypatch.setattr(secrets_, "new_sms_code", lambda: next(codes))
    act.invite(client, car)
    person_id = act.accept(app, invitee)
    old = act.sms_code(app)
    response = post_form(
        invitee, f"{act.shared_url(person_id)}/new-code", {}, page=act.shared_url(person_id)
    )
    assert response.status_code == 303
    new = act.sms_code(app)
    assert (old, new) == ("111111", "222222")
    assert act.confirm(invitee, person_id, old).status_code == 422
    assert place(app, person_id)["status"] == INVITED
    assert act.confirm(invitee, person_id, new).status_code == 303


def test_five_wrong_codes_void_the_code_even_for_the_right_one(app, client, invitee, car):
    act.invite(client, car)
    person_id = act.accept(app, invitee)
    code = act.sms_code(app)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        assert act.confirm(invitee, person_id, wrong).status_code == 422
    assert act.confirm(invitee, person_id, code).status_code == 422
    assert place(app, person_id)["status"] == INVITED


def test_wrong_codes_at_the_same_moment_are_each_counted(app, client, invitee, car):
    act.invite(client, car)
    person_id = act.accept(app, invitee)
    code = act.sms_code(app)
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    def work(i: int):
        account = accounts.find_by_email(act.INVITEE["email"])
        person = db.session.get(CarPerson, person_id)
        try:
            people.confirm_code(account, person, wrong, clock.now())
        except people.PeopleError as exc:
            db.session.commit()
            return type(exc).__name__
        db.session.commit()
        return "confirmed"

    results = concurrently(app, 12, work)
    assert "confirmed" not in results
    with app.app_context():
        attempts = db.session.execute(select(CarPersonCode.attempts)).scalar_one()
        assert attempts == 5
    assert act.confirm(invitee, person_id, code).status_code == 422


def test_codes_per_hour_are_limited(app, client, invitee, car):
    act.invite(client, car)
    person_id = act.accept(app, invitee)
    for _ in range(people.CODES_PER_HOUR - 1):
        post_form(
            invitee, f"{act.shared_url(person_id)}/new-code", {}, page=act.shared_url(person_id)
        )
    post_form(invitee, f"{act.shared_url(person_id)}/new-code", {}, page=act.shared_url(person_id))
    sms = [m for m in outbox(app, "sms") if m.to_address == act.INVITEE_PHONE]
    assert len(sms) == people.CODES_PER_HOUR


# -- the limit per car -------------------------------------------------------------------------


def test_a_car_has_at_most_five_secondary_users(app, client, car):
    for i in range(5):
        assert act.invite(client, car, email=f"p{i}@example.com").status_code == 303
    response = act.invite(client, car, email="p5@example.com")
    assert response.status_code == 422
    assert "5" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(CarPerson)).scalar() == 5


def test_concurrent_invitations_cannot_pass_the_limit(app, car):
    with app.app_context():
        main_id = db.session.execute(select(Vehicle)).scalar_one().link.account_id

    def work(i: int):
        main = db.session.get(Account, main_id)
        vehicle = db.session.get(Vehicle, car)
        try:
            people.invite(
                main,
                vehicle,
                name=f"Person {i}",
                email=f"c{i}@example.com",
                phone_e164=act.INVITEE_PHONE,
                market="se",
                language="sv",
                now=clock.now(),
            )
        except people.TooManyPeople:
            db.session.rollback()
            return "full"
        db.session.commit()
        return "invited"

    results = concurrently(app, 9, work)
    with app.app_context():
        count = db.session.execute(select(func.count()).select_from(CarPerson)).scalar()
    assert count == 5
    assert results.count("invited") == 5, results


# -- ending ------------------------------------------------------------------------------------


def test_the_main_user_removes_a_secondary_user_at_once(app, client, invitee, car):
    person_id = walk_in(app, client, invitee, car)
    with app.app_context():
        vehicle = db.session.get(Vehicle, car)
        vehicle.pcm_account_id = accounts.find_by_email(act.INVITEE["email"]).id
        db.session.commit()
    url = f"{act.people_url(car)}/{person_id}/remove"
    assert client.get(url).status_code == 200
    assert post_form(client, url, {}).status_code == 303
    with app.app_context():
        assert db.session.get(CarPerson, person_id) is None
        assert db.session.get(Vehicle, car).pcm_account_id is None  # logged out in the car
    assert invitee.get(act.shared_url(person_id)).status_code == 404
    assert "Taycan" in mails_to(app, act.INVITEE["email"])[-1].subject


def test_a_secondary_user_can_leave_and_the_main_user_is_told(app, client, invitee, car):
    person_id = walk_in(app, client, invitee, car)
    url = f"{act.shared_url(person_id)}/leave"
    assert invitee.get(url).status_code == 200
    assert post_form(invitee, url, {}).status_code == 303
    with app.app_context():
        assert db.session.get(CarPerson, person_id) is None
    assert "Bo Exempel" in mails_to(app, "astrid@example.com")[-1].subject
    assert "people.left" in actions(app)


def test_a_new_main_user_ends_every_secondary_users_access(app, client, invitee, car):
    person_id = walk_in(app, client, invitee, car)
    post_form(client, f"/se/sv/account/vehicles/{car}/remove", {})
    with app.app_context():
        vehicle = db.session.get(Vehicle, car)
        bo = accounts.find_by_email(act.INVITEE["email"])
        assert vehicles.access_of(bo, vehicle, clock.now()).role == "none"
    assert "Secondary user since" not in invitee.get(act.shared_url(person_id)).get_data(
        as_text=True
    )


def test_remove_all_people_ends_every_place_and_tells_them(app, client, invitee, car):
    walk_in(app, client, invitee, car)
    act.invite(client, car, email="p1@example.com")
    before = len(mails_to(app, act.INVITEE["email"]))
    with app.app_context():
        vehicle = db.session.get(Vehicle, car)
        assert people.remove_all_people(vehicle, "sold", clock.now()) == 2
        db.session.commit()
        assert db.session.execute(select(func.count()).select_from(CarPerson)).scalar() == 0
    assert len(mails_to(app, act.INVITEE["email"])) == before + 1


# -- languages ---------------------------------------------------------------------------------


def test_each_person_is_told_in_their_own_language(app, client, car):
    add_account(app, act.INVITEE["email"], security_code=OWN_CODE)
    with app.app_context():
        bo = accounts.find_by_email(act.INVITEE["email"])
        bo.language = "en"
        db.session.commit()
    browser = app.test_client()
    login(browser, act.INVITEE["email"], PASSWORD, base="/se/en/account")
    act.invite(client, car)  # from the Swedish site: the invitation is in Swedish
    assert "bjuder in" in mails_to(app, act.INVITEE["email"])[-1].subject
    person_id = act.accept(app, browser)
    assert "valid for 12 hours" in list(outbox(app, "sms"))[-1].text_body
    act.confirm(browser, person_id, act.sms_code(app), site="/se/en")
    assert "redo" in mails_to(app, "astrid@example.com")[-1].subject  # the main user: Swedish
    act.activate(client, car, person_id, MAIN_CODE)
    assert mails_to(app, act.INVITEE["email"])[-1].subject.startswith("You can now use")


# -- other people's cars and places ------------------------------------------------------------


def test_nobody_reaches_another_cars_people_or_another_persons_place(app, client, invitee, car):
    person_id = walk_in(app, client, invitee, car)
    # The secondary user is not the main user: the car's people pages are 404.
    for url in (
        act.people_url(car),
        f"{act.people_url(car)}/{person_id}",
        f"{act.people_url(car)}/{person_id}/remove",
        f"/se/sv/account/vehicles/{car}",
    ):
        assert invitee.get(url).status_code == 404, url
    token = csrf_token(invitee, act.shared_url(person_id))
    for url in (act.people_url(car), f"{act.people_url(car)}/{person_id}/activate"):
        assert invitee.post(url, data={"csrf_token": token}).status_code == 404
    # The main user is not the secondary user: the place's pages are 404.
    for url in (act.shared_url(person_id), f"{act.shared_url(person_id)}/leave"):
        assert client.get(url).status_code == 404, url
    # A stranger reaches neither.
    add_account(app, "eve@example.com")
    eve = app.test_client()
    login(eve, "eve@example.com", PASSWORD)
    token = csrf_token(eve, "/se/sv/account/")
    for url in (
        act.people_url(car),
        f"{act.people_url(car)}/{person_id}",
        act.shared_url(person_id),
    ):
        assert eve.get(url).status_code == 404, url
    for url in (
        f"{act.shared_url(person_id)}/confirm",
        f"{act.shared_url(person_id)}/commands",
        f"{act.shared_url(person_id)}/leave",
        f"{act.people_url(car)}/{person_id}/remove",
    ):
        assert eve.post(url, data={"csrf_token": token, "kind": "lock"}).status_code == 404, url
    with app.app_context():
        assert db.session.get(CarPerson, person_id) is not None


def test_a_person_of_one_car_is_not_reached_through_another_car(app, client, invitee, car):
    person_id = walk_in(app, client, invitee, car)
    with app.app_context():
        other, _ = vehicles.provision("WP0ZZZY1ZTS000303", "taycan", 2026, "se")
        main = db.session.execute(select(Vehicle).where(Vehicle.id == car)).scalar_one().link
        from porsche_web.vehicles.models import VehicleLink

        db.session.add(VehicleLink(vehicle_id=other.id, account_id=main.account_id, via="order"))
        db.session.commit()
        other_id = other.id
    assert client.get(f"{act.people_url(other_id)}/{person_id}").status_code == 404
    assert client.get(act.people_url(other_id)).status_code == 200


# -- privacy -----------------------------------------------------------------------------------


def test_the_secondary_users_data_is_exported_and_deleted_with_their_porsche_id(
    app, client, invitee, car
):
    person_id = walk_in(app, client, invitee, car)
    act.set_rights(client, car, person_id, {"lock": None})
    from porsche_web.hooks import current_hooks

    with app.app_context():
        bo = accounts.find_by_email(act.INVITEE["email"])
        export = current_hooks().personal_data_export(bo)
        assert [row["id"] for row in export["car_people"]] == [person_id]
        assert "main_account_id" not in export["car_people"][0]
        assert [row["function"] for row in export["car_person_rights"]] == ["lock"]
        assert all("code_hash" not in row for row in export["car_person_codes"])
        accounts.delete_account(bo)
        db.session.commit()
        assert db.session.get(CarPerson, person_id) is None


def test_the_main_users_export_holds_the_people_they_invited(app, client, invitee, car):
    """What the main user entered (name, e-mail address, mobile number) and the rights they
    gave, without the invited person's Porsche ID or their SMS codes."""
    person_id = walk_in(app, client, invitee, car)
    act.set_rights(client, car, person_id, {"lock": None})
    from porsche_web.hooks import current_hooks

    with app.app_context():
        main = accounts.find_by_email("astrid@example.com")
        export = current_hooks().personal_data_export(main)
        rows = export["car_people"]
        assert [row["id"] for row in rows] == [person_id]
        person = db.session.get(CarPerson, person_id)
        assert rows[0]["name"] == person.name and rows[0]["email"] == act.INVITEE["email"]
        assert rows[0]["phone_e164"] == person.phone_e164
        assert rows[0]["main_account_id"] == main.id and "account_id" not in rows[0]
        assert [row["function"] for row in export["car_person_rights"]] == ["lock"]
        assert export["car_person_codes"] == []  # the invited person's own SMS codes
        assert all(not key.endswith("_hash") for row in rows for key in row)


def test_the_main_users_deletion_removes_the_people_they_invited(app, client, invitee, car):
    person_id = walk_in(app, client, invitee, car)
    with app.app_context():
        main = accounts.find_by_email("astrid@example.com")
        accounts.delete_account(main)
        db.session.commit()
        assert db.session.get(CarPerson, person_id) is None
        assert accounts.find_by_email(act.INVITEE["email"]) is not None


def test_the_privacy_centre_declares_the_people_tables(app):
    from porsche_web.hooks import current_hooks

    with app.app_context():
        tables = {d.table for d in current_hooks().personal_data()}
    assert {"car_people", "car_person_rights", "car_person_codes"} <= tables
    assert re.search("car_people", " ".join(sorted(tables)))


def test_removing_the_car_and_linking_it_again_ends_every_place(app, client, invitee, car):
    person_id = walk_in(app, client, invitee, car)
    post_form(client, f"/se/sv/account/vehicles/{car}/remove", {})
    with time_machine.travel(clock.now() + timedelta(minutes=1)):
        # The removal ran the release's clean-up: the car is reset and shows a pairing code.
        with app.app_context():
            token = vehicles.rotate_token(db.session.get(Vehicle, car), clock.now())
            db.session.commit()
        pairing = app.test_client().post(
            "/api/pcm/v1/pairing-code", headers={"Authorization": f"Bearer {token}"}
        )
        code = pairing.get_json()["pairing_code"]
        linked = post_form(client, "/se/sv/account/vehicles/link", {"vin": VIN, "code": code})
        assert re.search(r"/vehicles/\d+$", linked.headers["Location"])
        with app.app_context():
            vehicle = db.session.get(Vehicle, car)
            bo = accounts.find_by_email(act.INVITEE["email"])
            assert vehicles.access_of(bo, vehicle, clock.now()).role == "none"
        assert client.get(f"{act.people_url(car)}/{person_id}").status_code == 404
        assert "Bo Exempel" not in client.get(act.people_url(car)).get_data(as_text=True)
        # Inviting again starts afresh: the old place is gone, the limit counts only new ones.
        assert act.invite(client, car).status_code == 303
        with app.app_context():
            rows = db.session.execute(select(CarPerson)).scalars().all()
            assert [(row.status, row.account_id) for row in rows] == [(INVITED, None)]


def test_selling_the_car_ends_every_secondary_users_place(app, client, invitee, car):
    """The sale runs core_vehicle_released: the secondary users go with the main user, are told,
    and the car no longer answers for them."""
    person_id = walk_in(app, client, invitee, car)
    before = len(mails_to(app, act.INVITEE["email"]))
    sold = post_form(client, f"/se/sv/account/vehicles/{car}/sold", {"security_code": MAIN_CODE})
    assert sold.status_code == 303, sold.get_data(as_text=True)
    with app.app_context():
        vehicle = db.session.get(Vehicle, car)
        bo = accounts.find_by_email(act.INVITEE["email"])
        assert vehicles.access_of(bo, vehicle, clock.now()).role == "none"
        assert db.session.execute(select(func.count()).select_from(CarPerson)).scalar() == 0
    assert len(mails_to(app, act.INVITEE["email"])) == before + 1
    assert invitee.get(act.shared_url(person_id)).status_code == 404
    assert "people.removed" in actions(app)


def test_two_porsche_ids_accepting_the_same_link_at_once_make_one_place(app, client, car):
    """The link works once, also for two accepts at the same moment: one Porsche ID gets the
    place and the one SMS code; the other is told the link no longer works."""
    act.invite(client, car)
    token = act.invitation_path(app).rsplit("/", 1)[-1]
    emails = [f"taker{i}@example.com" for i in range(4)]
    ids = [add_account(app, email) for email in emails]

    def work(i: int):
        account = db.session.get(Account, ids[i])
        try:
            person = people.accept(account, token, clock.now())
        except people.PeopleError as exc:
            db.session.rollback()
            return type(exc).__name__
        db.session.commit()
        return person.account_id

    results = concurrently(app, len(ids), work)
    winners = [result for result in results if isinstance(result, int)]
    assert len(winners) == 1, results
    assert all(result == "InvitationInvalid" for result in results if result not in winners)
    with app.app_context():
        person = db.session.execute(select(CarPerson)).scalar_one()
        assert person.account_id == winners[0] and person.token_hash is None
        assert db.session.execute(select(func.count()).select_from(CarPersonCode)).scalar() == 1
    assert len([m for m in outbox(app, "sms") if m.to_address == act.INVITEE_PHONE]) == 1


def test_new_codes_asked_for_at_the_same_moment_stay_within_the_hours_limit(
    app, client, invitee, car
):
    """The codes per hour are counted under a lock on the person's place: a burst of "Send a
    new code" sends no more SMS than the limit (the accept sent the first)."""
    act.invite(client, car)
    person_id = act.accept(app, invitee)

    def work(i: int):
        try:
            people.send_code(db.session.get(CarPerson, person_id), clock.now())
        except people.PeopleError as exc:
            db.session.rollback()
            return type(exc).__name__
        db.session.commit()
        return "sent"

    results = concurrently(app, 8, work)
    assert results.count("sent") == people.CODES_PER_HOUR - 1, results
    assert set(results) == {"sent", "TooManyCodes"}, results
    sms = [m for m in outbox(app, "sms") if m.to_address == act.INVITEE_PHONE]
    assert len(sms) == people.CODES_PER_HOUR
    with app.app_context():
        open_codes = db.session.execute(
            select(func.count()).select_from(CarPersonCode).where(CarPersonCode.closed_at.is_(None))
        ).scalar()
        assert open_codes == 1  # only the newest works


def test_the_right_code_sent_twice_at_once_confirms_once(app, client, invitee, car):
    """A double submit of the right code: one confirmation, one e-mail to the main user, one
    audit event."""
    act.invite(client, car)
    person_id = act.accept(app, invitee)
    code = act.sms_code(app)
    told = len(mails_to(app, "astrid@example.com"))

    def work(i: int):
        account = accounts.find_by_email(act.INVITEE["email"])
        people.confirm_code(account, db.session.get(CarPerson, person_id), code, clock.now())
        db.session.commit()
        return "confirmed"

    assert concurrently(app, 4, work) == ["confirmed"] * 4
    assert place(app, person_id)["status"] == CONFIRMED
    assert len(mails_to(app, "astrid@example.com")) == told + 1
    assert actions(app).count("people.confirmed") == 1
