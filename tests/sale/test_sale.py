"""The car changes hands (issue #16, item 3): "I sold this car", "Release the car" by staff with
the market's waiting period and the owner's objection, the scheduled command, and the buyer who
links the car and sees nothing of the previous owner (a walk over every table)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from sqlalchemy import select

from porsche_web import clock
from porsche_web.accounts import services as accounts
from porsche_web.accounts.models import Account
from porsche_web.activation import contracts
from porsche_web.audit.models import AuditEvent
from porsche_web.charging.models import ChargingCard
from porsche_web.extensions import db
from porsche_web.hooks import current_hooks
from porsche_web.markets import CONTRACTS_END, CONTRACTS_TRANSFER, MarketDataError, OwnerChange
from porsche_web.markets.registry import current_registry
from porsche_web.sale import services as sale
from porsche_web.sale.models import APPLIED, OBJECTED, PENDING, VehicleRelease
from porsche_web.staff import services as staff_services
from porsche_web.staff import totp
from porsche_web.staff.models import StaffMember
from porsche_web.testing.actions.activation import DELIVERED, PASSWORD, SECURITY_CODE, add_account
from porsche_web.testing.actions.porsche_id import login
from porsche_web.testing.actions.vehicles import link_car
from porsche_web.testing.helpers import concurrently, csrf_token, outbox, post_form
from porsche_web.vehicles import services as vehicles
from porsche_web.vehicles.models import PairingCode, RemoteCommand, Vehicle, VehicleLink

VIN = "WP0ZZZY1ZTS000101"
API = "/api/pcm/v1"
LIST = "/se/sv/account/vehicles"
SELLER = "astrid@example.com"
BUYER = "bo@example.com"
STAFF_PASSWORD = "a staff password that is long"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def owned(app, activation, client):
    """Astrid's activated Taycan, linked from her order, named, logged in in the car, with its
    services fetched and a remote command waiting; returns the car's id and token."""
    activation.activate(vin=VIN, delivery=DELIVERED)
    with app.app_context():
        _, token = vehicles.provision(VIN, "taycan", 2026, "se")
        db.session.commit()
    page = link_car(client)
    car_id = int(page.rsplit("/", 1)[1])
    assert post_form(client, f"{page}/nickname", {"nickname": "Astrids Taycan"}).status_code == 303
    pcm = app.test_client()
    login_in_car = pcm.post(
        f"{API}/login",
        json={"email": SELLER, "password": PASSWORD, "security_code": SECURITY_CODE},
        headers=bearer(token),
    )
    assert login_in_car.status_code == 200, login_in_car.get_data(as_text=True)
    assert pcm.get(f"{API}/services", headers=bearer(token)).status_code == 200
    with app.app_context():
        seller = accounts.find_by_email(SELLER)
        db.session.add(RemoteCommand(vehicle_id=car_id, account_id=seller.id, kind="lock"))
        db.session.commit()
    return {"id": car_id, "token": token, "page": page}


def state(app, car_id: int) -> dict:
    with app.app_context():
        vehicle = db.session.get(Vehicle, car_id)
        return {
            "link": vehicle.link.account_id if vehicle.link else None,
            "nickname": vehicle.nickname,
            "pcm_account_id": vehicle.pcm_account_id,
            "fetched": vehicle.services_fetched_at,
            "token_hash": vehicle.token_hash,
            "commands": db.session.execute(
                select(RemoteCommand).where(RemoteCommand.vehicle_id == car_id)
            ).all(),
            "contracts": contracts.contracts_for_vin(VIN, clock.now().date()),
            "releases": list(
                db.session.execute(
                    select(VehicleRelease.status).order_by(VehicleRelease.id)
                ).scalars()
            ),
        }


def sell(client, car_id: int, code: str = SECURITY_CODE):
    return post_form(client, f"{LIST}/{car_id}/sold", {"security_code": code})


def staff_client(app, email, role, markets=(), partners=()):
    """A signed-in staff member of ``role``."""
    with app.test_request_context():
        member, token = staff_services.create_member(
            email, "Test", role, markets=list(markets), partners=list(partners)
        )
        staff_services.accept_invitation(token, STAFF_PASSWORD)
        secret = staff_services.start_enrolment(member)
        enrolled = staff_services.confirm_enrolment(member, totp.code_at(secret))
        db.session.commit()
    client = app.test_client()
    post_form(client, "/staff/login", {"email": email, "password": STAFF_PASSWORD})
    answer = post_form(client, "/staff/login/code", {"code": enrolled.recovery_codes[0]})
    assert answer.status_code == 303
    return client


def release(client, vin: str = VIN, **data):
    fields = {"proof": "Registreringsbevis 123-456", "reason": "Köparen visade id", **data}
    return post_form(client, f"/staff/vehicles/{vin}/release", fields)


# -- I sold this car ---------------------------------------------------------------------------


def test_the_sale_page_says_what_happens_and_asks_for_the_security_code(app, client, owned):
    html = client.get(f"{LIST}/{owned['id']}").get_data(as_text=True)
    assert f'href="{LIST}/{owned["id"]}/sold"' in html
    html = client.get(f"{LIST}/{owned['id']}/sold").get_data(as_text=True)
    assert "Det här händer när du bekräftar" in html
    assert "Bilens Porsche Connect-tjänster upphör i dag." in html  # the Swedish sample rule
    assert 'name="security_code"' in html and 'name="password"' not in html
    wrong = sell(client, owned["id"], "0000")
    assert wrong.status_code == 422
    assert 'class="error-summary"' in wrong.get_data(as_text=True)
    assert sell(client, owned["id"], "12").status_code == 422
    assert state(app, owned["id"])["link"] is not None  # nothing happened


def test_selling_ends_everything_at_once_in_one_step(app, client, owned):
    before = state(app, owned["id"])
    assert before["contracts"] and before["commands"] and before["pcm_account_id"]
    response = sell(client, owned["id"])
    assert response.status_code == 303 and response.headers["Location"].endswith(LIST)
    after = state(app, owned["id"])
    assert after["link"] is None
    assert after["nickname"] is None and after["pcm_account_id"] is None
    assert after["fetched"] is None  # the sync history goes
    assert after["commands"] == []  # the open command is dropped, the old ones deleted
    assert after["token_hash"] != before["token_hash"]
    assert after["contracts"] == []  # Sweden's sample rule: the contracts end
    assert after["releases"] == [APPLIED]
    with app.app_context():
        actions = set(db.session.execute(select(AuditEvent.action)).scalars())
        assert {"vehicle.released", "vehicle.token_rotated"} <= actions
    mail = outbox(app, "email")[-1]
    assert mail.to_address == SELLER and mail.language == "sv"
    assert mail.subject == "Din bil är borttagen från ditt Porsche ID"
    assert VIN in mail.text_body


def test_after_the_sale_the_seller_gets_404_and_the_old_token_401_everywhere(app, client, owned):
    sell(client, owned["id"])
    car = f"{LIST}/{owned['id']}"
    for url in (car, f"{car}/commands", f"{car}/remove", f"{car}/sold"):
        assert client.get(url).status_code == 404, url
    token = csrf_token(client, LIST)
    for url, data in (
        (f"{car}/commands", {"kind": "lock"}),
        (f"{car}/nickname", {"nickname": "x"}),
        (f"{car}/remove", {}),
    ):
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 404, url
    # The seller's activated order is no key to the sold car.
    assert VIN not in client.get(LIST).get_data(as_text=True)
    assert post_form(client, f"{LIST}/link-order/SE-200300", {}, page=LIST).status_code == 303
    assert "bytt ägare" in client.get(LIST).get_data(as_text=True)
    assert state(app, owned["id"])["link"] is None
    pcm = app.test_client()
    for method, path in (
        ("GET", "services"),
        ("POST", "pairing-code"),
        ("POST", "login"),
        ("POST", "logout"),
        ("GET", "commands"),
    ):
        response = pcm.open(f"{API}/{path}", method=method, headers=bearer(owned["token"]), json={})
        assert response.status_code == 401, path


def test_selling_twice_is_selling_once(app, client, owned):
    assert sell(client, owned["id"]).status_code == 303
    again = sell(client, owned["id"])  # double click, back button
    assert again.status_code == 303 and again.headers["Location"].endswith(LIST)
    assert state(app, owned["id"])["releases"] == [APPLIED]
    stranger = app.test_client()
    add_account(app, "eve@example.com")
    login(stranger, "eve@example.com", PASSWORD)
    assert sell(stranger, owned["id"]).status_code == 404  # not hers, never was


def test_another_customer_cannot_sell_the_car(app, client, owned):
    add_account(app, "eve@example.com", SECURITY_CODE)
    stranger = app.test_client()
    login(stranger, "eve@example.com", PASSWORD)
    assert stranger.get(f"{LIST}/{owned['id']}/sold").status_code == 404
    assert sell(stranger, owned["id"]).status_code == 404
    assert state(app, owned["id"])["link"] is not None


SECOND = "carl@example.com"
SECOND_NAME = "Carl Andersson"
SECOND_CODE = "2580"


def with_secondary_user(app, client, owned) -> tuple:
    """Carl, an active secondary user of the car with rights (one time-boxed), logged in in
    the car; returns his browser and his place's id."""
    from porsche_web.testing.actions import people as act

    add_account(app, SECOND, SECOND_CODE)
    carl = app.test_client()
    assert login(carl, SECOND, PASSWORD).status_code == 303
    invited = act.invite(client, owned["id"], name=SECOND_NAME, email=SECOND)
    assert invited.status_code == 303
    person_id = act.accept(app, carl, email=SECOND)
    assert act.confirm(carl, person_id, act.sms_code(app)).status_code == 303
    assert act.activate(client, owned["id"], person_id, SECURITY_CODE).status_code == 303
    rights = {"lock": None, "trips": "2030-12-24T18:00"}
    assert act.set_rights(client, owned["id"], person_id, rights).status_code == 303
    pcm = app.test_client().post(
        f"{API}/login",
        json={"email": SECOND, "password": PASSWORD, "security_code": SECOND_CODE},
        headers=bearer(owned["token"]),
    )
    assert pcm.status_code == 200, pcm.get_json()
    return carl, person_id


def leave_by(app, client, owned, how: str) -> None:
    """The car leaves its owner: sold by her, or released by staff (applied after the
    market's waiting period)."""
    if how == "sold":
        assert sell(client, owned["id"]).status_code == 303
        return
    agent = staff_client(app, "agent@porsche.example", "service", markets=["se"])
    assert release(agent).status_code == 303
    later = clock.now() + timedelta(days=14, minutes=1)
    with time_machine.travel(later, tick=False), app.app_context():
        assert sale.apply_due(clock.now()) == 1
        db.session.commit()


@pytest.mark.parametrize("how", ["sold", "staff"])
def test_after_the_release_the_owner_and_the_secondary_users_get_401_or_404(
    app, client, owned, how
):
    """Everywhere for the car: the owner's car pages, the secondary user's shared-car pages
    (GET and POST), the old token on every vehicle API call; with the reset car's new token,
    neither of them can log in in it."""
    from porsche_web.testing.actions import people as act

    carl, person_id = with_secondary_user(app, client, owned)
    shared = act.shared_url(person_id)
    assert carl.get(shared).status_code == 200
    leave_by(app, client, owned, how)
    car = f"{LIST}/{owned['id']}"
    for url in (
        car,
        f"{car}/commands",
        f"{car}/remove",
        f"{car}/sold",
        act.people_url(owned["id"]),
        f"{act.people_url(owned['id'])}/{person_id}",
    ):
        assert client.get(url).status_code == 404, url
    for url in (shared, f"{shared}/leave"):
        assert carl.get(url).status_code == 404, url
    token = csrf_token(carl, "/se/sv/account/")
    for url, data in (
        (f"{shared}/commands", {"kind": "unlock", "security_code": SECOND_CODE}),
        (f"{shared}/confirm", {"code": "123456"}),
        (f"{shared}/new-code", {}),
        (f"{shared}/leave", {}),
    ):
        assert carl.post(url, data={"csrf_token": token, **data}).status_code == 404, url
    assert shared not in carl.get("/se/sv/account/").get_data(as_text=True)
    token = csrf_token(client, LIST)
    for url, data in (
        (f"{car}/commands", {"kind": "lock"}),
        (f"{car}/nickname", {"nickname": "x"}),
        (f"{car}/remove", {}),
        (
            act.people_url(owned["id"]),
            {"name": "X", "email": "x@example.com", "phone": "0701234567"},
        ),
    ):
        assert client.post(url, data={"csrf_token": token, **data}).status_code == 404, url
    # "I sold this car" again: the owner who sold it is sent to her car list (the same
    # confirmation twice); after a staff release it is a car like any other's.
    again = client.post(f"{car}/sold", data={"csrf_token": token, "security_code": SECURITY_CODE})
    if how == "sold":
        assert again.status_code == 303 and again.headers["Location"].endswith(LIST)
    else:
        assert again.status_code == 404
    assert state(app, owned["id"])["link"] is None
    pcm = app.test_client()
    for method, path in (
        ("GET", "services"),
        ("POST", "pairing-code"),
        ("POST", "login"),
        ("POST", "logout"),
        ("GET", "commands"),
        ("POST", "commands/1/result"),
    ):
        response = pcm.open(f"{API}/{path}", method=method, headers=bearer(owned["token"]), json={})
        assert response.status_code == 401, path
    with app.app_context():
        new_token = vehicles.rotate_token(db.session.get(Vehicle, owned["id"]), clock.now())
        db.session.commit()
    for email, code in ((SELLER, SECURITY_CODE), (SECOND, SECOND_CODE)):
        answer = pcm.post(
            f"{API}/login",
            json={"email": email, "password": PASSWORD, "security_code": code},
            headers=bearer(new_token),
        )
        assert answer.status_code == 403 and answer.get_json()["error"] == "NOT_MAIN_USER", email
        shown = pcm.get(f"{API}/services", headers=bearer(new_token)).get_json()
        assert shown["logged_in"] is False and shown["role"] == "none"


# -- the buyer ---------------------------------------------------------------------------------

#: Rows that may stay tied to the car or its seller after the sale, and why: the dealer's
#: order and the seller's own activation, (ended or handed over) contracts and charging card
#: (voided where the market ends the contracts; booked on her order, so tied by its number) are
#: the seller's and the dealer's records, never shown to the buyer (the test reads the buyer's
#: pages); the audit log and the release record are kept as proof; the car itself stays
#: (emptied).
KEPT = {
    "orders",
    "activations",
    "contracts",
    "consents",
    "charging_cards",
    "audit_events",
    "vehicle_releases",
}


def rows_tied_to_the_car(car_id: int) -> dict[str, list]:
    """Every row tied to the car, table by table: by the car's id, its VIN or the number of an
    order for it, and every row referring to such a row by a foreign key, however indirectly
    (a secondary user's rights and SMS codes through their place). The rows of :data:`KEPT`
    tables are listed, not followed: what refers to them belongs to that record."""
    tables = db.metadata.tables
    numbers = list(
        db.session.execute(
            select(tables["orders"].c.order_number).where(tables["orders"].c.vin == VIN)
        ).scalars()
    )
    found: dict[str, dict[tuple, Any]] = {}

    def add(table, condition) -> bool:
        keys = [column.name for column in table.primary_key.columns]
        added = False
        for row in db.session.execute(select(table).where(condition)).mappings():
            key = tuple(row[name] for name in keys)
            if key not in found.setdefault(table.name, {}):
                found[table.name][key] = dict(row)
                added = True
        return added

    for table in db.metadata.sorted_tables:
        columns = table.columns
        ties = []
        if "vehicle_id" in columns:
            ties.append(columns["vehicle_id"] == car_id)
        if "vin" in columns:
            ties.append(columns["vin"] == VIN)
        if "order_number" in columns and numbers:
            ties.append(columns["order_number"].in_(numbers))
        if table.name == "vehicles":
            ties.append(columns["id"] == car_id)
        if ties:
            add(table, db.or_(*ties))
    followed = True
    while followed:
        followed = False
        for table in db.metadata.sorted_tables:
            for key in table.foreign_keys:
                parent = key.column.table.name
                if parent in KEPT or not found.get(parent):
                    continue
                ids = [row[key.column.name] for row in found[parent].values()]
                followed |= add(table, key.parent.in_(ids))
    return {name: list(rows.values()) for name, rows in found.items()}


@pytest.mark.parametrize("leaves", ["sold", "removed"])
def test_the_buyer_links_the_reset_car_and_sees_nothing_of_before(app, client, owned, leaves):
    """Sold, or removed with the plain "Remove the car": the same clean-up (only the contracts
    differ: a removed car keeps them)."""
    with app.app_context():
        seller_id = accounts.find_by_email(SELLER).id
    with_secondary_user(app, client, owned)  # with his rights and SMS codes
    if leaves == "sold":
        assert sell(client, owned["id"]).status_code == 303
    else:
        assert post_form(client, f"{owned['page']}/remove", {}).status_code == 303
    assert client.get(owned["page"]).status_code == 404
    old_token = app.test_client().get(f"{API}/services", headers=bearer(owned["token"]))
    assert old_token.status_code == 401
    sold_at = clock.now()
    # The car is reset: it gets a new token and shows a pairing code.
    with app.app_context():
        new_token = vehicles.rotate_token(db.session.get(Vehicle, owned["id"]), clock.now())
        db.session.commit()
    pcm = app.test_client()
    code = pcm.post(f"{API}/pairing-code", headers=bearer(new_token)).get_json()["pairing_code"]
    buyer_id = add_account(app, BUYER, SECURITY_CODE)
    buyer = app.test_client()
    assert login(buyer, BUYER, PASSWORD).status_code == 303
    linked = post_form(buyer, f"{LIST}/link", {"vin": VIN, "code": code})
    assert linked.status_code == 303
    # The buyer is told, in their language, that they are the main user and start from nothing.
    told = [mail for mail in outbox(app, "email") if mail.to_address == BUYER]
    assert len(told) == 1 and told[0].language == "sv"
    assert told[0].subject == "Nu är du huvudanvändare av din bil"
    assert VIN in told[0].text_body and "Ingenting av den tidigare användaren" in told[0].text_body
    assert f"{LIST}/{owned['id']}" in told[0].text_body
    assert SELLER not in told[0].text_body and "Astrids Taycan" not in told[0].text_body
    assert post_form(buyer, f"{LIST}/link", {"vin": VIN, "code": code}).status_code in (303, 422)
    assert len([mail for mail in outbox(app, "email") if mail.to_address == BUYER]) == 1
    page = buyer.get(f"{LIST}/{owned['id']}").get_data(as_text=True)
    assert VIN in page
    assert "Astrids Taycan" not in page and SELLER not in page
    if leaves == "sold":
        assert "Navigation Plus" not in page  # the seller's contracts ended (sample rule se)
    # The car as the PCM sees it with the buyer logged in.
    login_in_car = pcm.post(
        f"{API}/login",
        json={"email": BUYER, "password": PASSWORD, "security_code": SECURITY_CODE},
        headers=bearer(new_token),
    )
    assert login_in_car.status_code == 200
    assert pcm.get(f"{API}/commands", headers=bearer(new_token)).get_json()["commands"] == []
    # Every page the buyer has: nothing of the seller, her order, her card or her people.
    with app.app_context():
        cards = db.session.execute(select(ChargingCard)).scalars().all()
        before = [
            SELLER,
            "Astrids Taycan",
            "SE-200300",
            SECOND,
            SECOND_NAME,
            *(card.virtual_card_number for card in cards if card.virtual_card_number),
        ]
    for url in (
        "/se/sv/account/",
        LIST,
        f"{LIST}/{owned['id']}",
        f"{LIST}/{owned['id']}/commands",
        f"/se/sv/account/vehicles/{owned['id']}/people",
        "/se/sv/account/services",
        "/se/sv/account/charging",
    ):
        response = buyer.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert [text for text in before if text in html] == [], url
    with app.app_context():
        problems = []
        for table, rows in rows_tied_to_the_car(owned["id"]).items():
            if table in KEPT:
                continue
            for row in rows:
                people = {
                    name: row[name]
                    for name in row
                    if name.endswith("account_id") and row[name] is not None
                }
                if any(value != buyer_id for value in people.values()):
                    problems.append((table, people))
                if table == "vehicles":
                    if row["nickname"] is not None or row["services_fetched_at"] is not None:
                        problems.append((table, "the name or the sync history"))
                    continue
                earlier = [
                    name
                    for name, value in row.items()
                    if isinstance(value, datetime) and clock.as_utc(value) < sold_at
                ]
                if earlier:
                    problems.append((table, earlier, "from before the sale"))
        assert problems == []
        # Nothing of the seller in anything the buyer can download either.
        buyer_account = db.session.get(Account, buyer_id)
        exported = repr(current_hooks().personal_data_export(buyer_account))
        assert SELLER not in exported and "Astrids Taycan" not in exported
        assert f"'account_id': {seller_id}," not in exported
        assert db.session.execute(select(VehicleLink.account_id)).scalars().all() == [buyer_id]
        assert not db.session.execute(
            select(PairingCode).where(PairingCode.created_at < sold_at)
        ).all()


# -- the market's rule -------------------------------------------------------------------------


def test_the_markets_rule_comes_from_the_plugins(app):
    with app.app_context():
        registry = current_registry()
        assert registry.owner_change(registry.get("se")) == OwnerChange(CONTRACTS_END, 14)
        assert registry.owner_change(registry.get("de")) == OwnerChange(CONTRACTS_TRANSFER, 30)
    for wrong in ({"contracts": "keep"}, {"waiting_days": 61}, {"waiting_days": -1}):
        with pytest.raises(MarketDataError):
            OwnerChange(**wrong)


def test_contracts_stay_with_the_car_where_the_market_transfers_them(app, client, owned):
    """The contracts go to the buyer; the seller's charging card does not (it would charge on
    the buyer's contract): it is voided with its virtual card, as where contracts end."""
    from porsche_web.charging.models import ChargingCard

    with app.app_context():
        db.session.get(Vehicle, owned["id"]).market = "de"  # a German car (sample: transfer)
        [card] = db.session.execute(select(ChargingCard)).scalars()
        assert card.status == "ordered"
        db.session.commit()
    assert sell(client, owned["id"]).status_code == 303
    assert state(app, owned["id"])["contracts"]  # still there, for the buyer
    with app.app_context():
        card = db.session.execute(select(ChargingCard)).scalar_one()
        assert card.status == "voided" and card.virtual_voided_at is not None


# -- Release the car (staff) -------------------------------------------------------------------


def test_a_staff_release_waits_for_the_markets_period_and_then_applies(app, client, owned):
    agent = staff_client(app, "agent@porsche.example", "service", markets=["se"])
    page = agent.get(f"/staff/vehicles/{VIN}/release")
    assert page.status_code == 200 and "14" in page.get_data(as_text=True)
    missing = release(agent, proof="")
    assert missing.status_code == 422
    assert "registration document" in missing.get_data(as_text=True)  # the member's language
    start = clock.now()
    with time_machine.travel(start, tick=False):
        assert release(agent).status_code == 303
        assert release(agent).status_code == 303  # twice is once
    assert state(app, owned["id"])["releases"] == [PENDING]
    mail = outbox(app, "email")[-1]
    assert mail.to_address == SELLER and mail.language == "sv"
    assert mail.subject == "Ett Porsche Center har begärt att din bil frigörs"
    with app.app_context():
        release_id = db.session.execute(select(VehicleRelease.id)).scalar_one()
    assert f"/se/sv/account/vehicle-releases/{release_id}" in mail.text_body
    # My Porsche shows it; the car is still the owner's while the period runs.
    home = client.get("/se/sv/account/").get_data(as_text=True)
    assert f"/se/sv/account/vehicle-releases/{release_id}" in home
    with time_machine.travel(start + timedelta(days=13), tick=False), app.app_context():
        assert sale.apply_due(clock.now()) == 0
    assert state(app, owned["id"])["link"] is not None
    with time_machine.travel(start + timedelta(days=14, minutes=1), tick=False):
        runner = app.test_cli_runner()
        result = runner.invoke(args=["sale", "apply-due"])
        assert result.exit_code == 0 and "1 release(s) applied" in result.output
        again = runner.invoke(args=["sale", "apply-due"])
        assert "0 release(s) applied" in again.output
    after = state(app, owned["id"])
    assert after["link"] is None and after["commands"] == [] and after["releases"] == [APPLIED]
    assert client.get(owned["page"]).status_code == 404
    assert outbox(app, "email")[-1].subject == "Din bil är borttagen från ditt Porsche ID"
    with app.app_context():
        actions = list(db.session.execute(select(AuditEvent.action)).scalars())
        assert "vehicle.release_requested" in actions and "vehicle.released" in actions


def test_the_owner_objects_and_the_car_stays(app, client, owned):
    agent = staff_client(app, "agent@porsche.example", "service", markets=["se"])
    release(agent)
    with app.app_context():
        release_id = db.session.execute(select(VehicleRelease.id)).scalar_one()
    url = f"/se/sv/account/vehicle-releases/{release_id}"
    stranger = app.test_client()
    add_account(app, "eve@example.com")
    login(stranger, "eve@example.com", PASSWORD)
    assert stranger.get(url).status_code == 404
    assert post_form(stranger, url, {}, page=LIST).status_code == 404
    assert "Jag invänder" in client.get(url).get_data(as_text=True)
    assert post_form(client, url, {}).status_code == 303
    assert post_form(client, url, {}).status_code == 303  # twice is once
    assert state(app, owned["id"])["releases"] == [OBJECTED]
    with time_machine.travel(clock.now() + timedelta(days=30), tick=False), app.app_context():
        assert sale.apply_due(clock.now()) == 0
    assert state(app, owned["id"])["link"] is not None
    assert "objected" in agent.get(f"/staff/vehicles/{VIN}/release").get_data(as_text=True)


def test_the_staff_member_who_asked_is_told_of_the_objection(app, client, owned):
    """By e-mail in the member's language (once, however often the owner objects), and on the
    order page of the staff console."""
    agent = staff_client(app, "agent@porsche.example", "service", markets=["se"])
    with app.app_context():
        member = staff_services.find_by_email("agent@porsche.example")
        member.language = "de"
        db.session.commit()
    release(agent)
    order_page = agent.get("/staff/orders/SE-200300").get_data(as_text=True)
    assert "wenn der Eigentümer nicht widerspricht" in order_page.split('id="release-status"')[1]
    with app.app_context():
        release_id = db.session.execute(select(VehicleRelease.id)).scalar_one()
    url = f"/se/sv/account/vehicle-releases/{release_id}"
    assert post_form(client, url, {}).status_code == 303
    assert post_form(client, url, {}).status_code == 303
    told = [mail for mail in outbox(app, "email") if mail.to_address == "agent@porsche.example"]
    assert len(told) == 1
    assert told[0].language == "de"
    assert told[0].subject == f"Der Eigentümer hat der Freigabe des Fahrzeugs {VIN} widersprochen"
    assert f"/staff/vehicles/{VIN}/release" in told[0].text_body
    order_page = agent.get("/staff/orders/SE-200300").get_data(as_text=True)
    assert "der Eigentümer hat am" in order_page.split('id="release-status"')[1]


def test_a_car_without_a_main_user_is_released_at_once(app, activation):
    activation.activate(vin=VIN, delivery=DELIVERED)
    with app.app_context():
        vehicle, _ = vehicles.provision(VIN, "taycan", 2026, "se")
        db.session.commit()
        car_id = vehicle.id
    agent = staff_client(app, "agent@porsche.example", "service", markets=["se"])
    assert release(agent).status_code == 303
    assert state(app, car_id)["releases"] == [APPLIED]


def test_the_staff_release_stays_inside_the_members_scope(app, client, owned):
    goteborg = staff_client(app, "gbg@centre.example", "centre", ["se"], ["se-goteborg"])
    malmo = staff_client(app, "malmo@centre.example", "centre", ["se"], ["se-malmo"])
    germany = staff_client(app, "agent@porsche.example", "service", markets=["de"])
    admin = staff_client(app, "admin@porsche.example", "admin")
    assert goteborg.get(f"/staff/vehicles/{VIN}/release").status_code == 200
    order_page = goteborg.get("/staff/orders/SE-200300").get_data(as_text=True)
    assert f'href="/staff/vehicles/{VIN}/release"' in order_page
    for member in (malmo, germany):
        assert member.get(f"/staff/vehicles/{VIN}/release").status_code == 404
        assert release(member).status_code == 404
    assert admin.get(f"/staff/vehicles/{VIN}/release").status_code in (403, 404)
    assert client.get(f"/staff/vehicles/{VIN}/release").status_code in (302, 303, 401, 404)
    assert state(app, owned["id"])["releases"] == []
    assert release(goteborg).status_code == 303
    assert state(app, owned["id"])["releases"] == [PENDING]


def test_a_deleted_porsche_id_leaves_the_record_without_it(app, client, owned):
    sell(client, owned["id"])
    with app.app_context():
        account = accounts.find_by_email(SELLER)
        exported = current_hooks().personal_data_export(account)
        assert [row["vin"] for row in exported["vehicle_releases"]] == [VIN]
        sale.forget_account(account)
        db.session.commit()
        record = db.session.execute(select(VehicleRelease)).scalar_one()
        assert record.previous_account_id is None and record.vin == VIN


def test_two_staff_releases_at_the_same_moment_make_one(app, owned):
    staff_client(app, "agent@porsche.example", "service", markets=["se"])
    with app.app_context():
        member_id = db.session.execute(select(StaffMember.id)).scalar_one()

    def work(_):
        try:
            vehicle = db.session.get(Vehicle, owned["id"])
            done = sale.request_release(member_id, vehicle, "Köparen", "Reg 1", clock.now())
            return done.repeated
        finally:
            db.session.commit()

    results = concurrently(app, 4, work)
    assert not any(isinstance(result, BaseException) for result in results), results
    assert state(app, owned["id"])["releases"] == [PENDING]


def test_selling_in_two_tabs_at_once_sells_once(app, client, owned):
    with app.app_context():
        seller_id = accounts.find_by_email(SELLER).id

    def work(_):
        try:
            return sale.sell(
                db.session.get(Account, seller_id),
                db.session.get(Vehicle, owned["id"]),
                clock.now(),
            ).id
        except vehicles.NotLinked as exc:
            return exc
        finally:
            db.session.commit()

    results = concurrently(app, 3, work)
    assert not any(
        isinstance(r, BaseException) and not isinstance(r, vehicles.NotLinked) for r in results
    ), results
    assert state(app, owned["id"])["releases"] == [APPLIED]
    assert state(app, owned["id"])["link"] is None


def test_a_car_without_a_security_code_is_sold_with_the_password(app, client):
    vin = "WP0ZZZ98ZKS000303"
    account_id = add_account(app, "olle@example.com")
    with app.app_context():
        vehicle, _ = vehicles.provision(vin, "718", 2024, "se")
        db.session.add(VehicleLink(vehicle_id=vehicle.id, account_id=account_id, via="pairing"))
        db.session.commit()
        car_id = vehicle.id
    login(client, "olle@example.com", PASSWORD)
    html = client.get(f"{LIST}/{car_id}/sold").get_data(as_text=True)
    assert 'name="password"' in html and 'name="security_code"' not in html
    url = f"{LIST}/{car_id}/sold"
    assert post_form(client, url, {"password": ""}).status_code == 422
    assert post_form(client, url, {"password": "not the password"}).status_code == 422
    assert state(app, car_id)["link"] == account_id
    assert post_form(client, url, {"password": PASSWORD}).status_code == 303
    assert state(app, car_id)["link"] is None


def test_a_new_main_user_never_sees_a_former_users_commands(app):
    """Also after a plain "Remove the car" (no sale): the page lists only the commands since
    the current main user linked the car."""
    former = add_account(app, "eve@example.com")
    later = add_account(app, BUYER)
    with app.app_context():
        vehicle, _ = vehicles.provision(VIN, "taycan", 2026, "se")
        db.session.add(VehicleLink(vehicle_id=vehicle.id, account_id=former, via="pairing"))
        db.session.add(RemoteCommand(vehicle_id=vehicle.id, account_id=former, kind="lock"))
        db.session.commit()
        vehicles.unlink(db.session.get(Account, former), vehicle, clock.now())
        db.session.commit()
    with time_machine.travel(clock.now() + timedelta(minutes=1), tick=False), app.app_context():
        vehicle = vehicles.find_by_vin(VIN)
        db.session.add(VehicleLink(vehicle_id=vehicle.id, account_id=later, via="pairing"))
        db.session.commit()
        db.session.expire_all()
        vehicle = vehicles.find_by_vin(VIN)
        assert vehicles.recent_commands(vehicle, clock.now()) == []


# -- the buyer books the Charging Service (issue #13) ------------------------------------------


def bought(app, owned, client):
    """Astrid sells her Taycan; Bo links it with the pairing code of the reset car. Returns
    Bo's client and account id."""
    assert sell(client, owned["id"]).status_code == 303
    with app.app_context():
        new_token = vehicles.rotate_token(db.session.get(Vehicle, owned["id"]), clock.now())
        db.session.commit()
    pcm = app.test_client()
    code = pcm.post(f"{API}/pairing-code", headers=bearer(new_token)).get_json()["pairing_code"]
    buyer_id = add_account(app, BUYER, SECURITY_CODE)
    buyer = app.test_client()
    assert login(buyer, BUYER, PASSWORD).status_code == 303
    assert post_form(buyer, f"{LIST}/link", {"vin": VIN, "code": code}).status_code == 303
    return buyer, buyer_id


def test_the_buyer_of_a_used_car_books_the_charging_service(app, client, owned):
    from porsche_web.activation.models import Contract
    from porsche_web.charging.models import ChargingCard

    buyer, buyer_id = bought(app, owned, client)
    site = "/se/sv/account/charging"
    overview = buyer.get(site).get_data(as_text=True)
    assert f"VIN {VIN}" in overview and f'href="{site}/{VIN}/plan"' in overview
    assert post_form(buyer, f"{site}/{VIN}/plan", {"plan": "pcs"}).status_code == 303
    delivery = buyer.get(f"{site}/{VIN}/delivery").get_data(as_text=True)
    assert "Storgatan 1" not in delivery  # nothing of the seller's invoice recipient
    address = {"name": "Bo Köpare", "street": "Begagnatvägen 2", "postal_code": "411 01"}
    answer = post_form(buyer, f"{site}/{VIN}/delivery", {**address, "city": "Göteborg"})
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/{VIN}/check")
    check = buyer.get(f"{site}/{VIN}/check").get_data(as_text=True)
    assert "Begagnatvägen 2, 411 01 Göteborg" in check
    assert "Fakturorna går till kortets leveransadress" in check
    token = csrf_token(buyer, f"{site}/{VIN}/check")
    for _ in range(2):  # twice: one booking
        answer = buyer.post(f"{site}/{VIN}/check", data={"csrf_token": token})
        assert answer.status_code == 303 and answer.headers["Location"].endswith(site)
    today = clock.today("Europe/Stockholm")
    with app.app_context():
        [card] = db.session.execute(
            select(ChargingCard).where(ChargingCard.account_id == buyer_id)
        ).scalars()
        assert (card.account_id, card.order_number, card.vin) == (buyer_id, None, VIN)
        assert card.status == "ordered" and card.delivery_postal_code == "411 01"
        contract = db.session.get(Contract, card.contract_id)
        assert (contract.activation_id, contract.account_id, contract.vin) == (None, buyer_id, VIN)
        assert contract.starts_on == today  # the car is here
        assert contract.invoice_recipient["street"] == "Begagnatvägen 2"
        # The car's set follows: the buyer's charging contract runs on the car.
        periods = contracts.contracts_for_vin(VIN, today)
        assert [(p.service_id, p.kind) for p in periods] == [("pcs", "charging")]
    page = buyer.get(site).get_data(as_text=True)
    assert card.virtual_card_number in page and "Laddkort: beställt" in page
    services_page = buyer.get("/se/sv/account/services").get_data(as_text=True)
    assert f"VIN {VIN}" in services_page and "Porsche Charging Service" in services_page
    # The seller sees nothing of it and cannot book for the sold car's VIN.
    assert client.get(f"{site}/{VIN}/plan").status_code == 404
    # Cancelling ends the buyer's contract: the car's set follows.
    assert post_form(buyer, f"{site}/cards/{card.id}/cancel", {}).status_code == 303
    with app.app_context():
        assert contracts.contracts_for_vin(VIN, today + timedelta(days=1)) == []


def test_the_buyers_own_charging_contract_ends_when_he_sells_the_car_on(app, client, owned):
    """A contract without an activation is the car's like any other: the market's rule on a
    sale (Sweden: the contracts end) applies to it too. In English."""
    from porsche_web.activation.models import Contract

    buyer, buyer_id = bought(app, owned, client)
    site = "/se/en/account/charging"
    assert post_form(buyer, f"{site}/{VIN}/plan", {"plan": "pcs"}).status_code == 303
    fields = {"name": "Bo", "street": "Gatan 1", "postal_code": "11435", "city": "Stockholm"}
    assert post_form(buyer, f"{site}/{VIN}/delivery", fields).status_code == 303
    check = buyer.get(f"{site}/{VIN}/check").get_data(as_text=True)
    assert "The invoices go to the delivery address of the card" in check
    assert post_form(buyer, f"{site}/{VIN}/check", {}).status_code == 303
    # Bo sells the car on (Sweden ends the contracts): his charging contract ends too.
    car_page = f"{LIST}/{owned['id']}"
    assert buyer.get(car_page).status_code == 200
    assert post_form(buyer, f"{car_page}/sold", {"security_code": SECURITY_CODE}).status_code == 303
    today = clock.today("Europe/Stockholm")
    with app.app_context():
        contract = db.session.execute(
            select(Contract).where(Contract.account_id == buyer_id)
        ).scalar_one()
        assert contract.ends_on < today
        assert contracts.contracts_for_vin(VIN, today) == []


def test_the_seller_of_a_car_can_no_longer_book_charging_and_the_cards_are_voided(
    app, client, owned
):
    """Sweden ends the contracts of a sold car: the seller's charging card (booked at the
    activation) is voided with the virtual card, and the sold car is no longer offered."""
    from porsche_web.charging.models import ChargingCard

    with app.app_context():
        [card] = db.session.execute(select(ChargingCard)).scalars()
        assert card.status == "ordered"
        number = card.order_number
    site = "/se/sv/account/charging"
    assert number in client.get(site).get_data(as_text=True)
    assert sell(client, owned["id"]).status_code == 303
    with app.app_context():
        card = db.session.execute(select(ChargingCard)).scalar_one()
        assert card.status == "voided" and card.virtual_voided_at is not None
    assert client.get(f"{site}/{number}/plan").status_code == 404
    assert number not in client.get(site).get_data(as_text=True)


def test_a_car_removed_from_the_porsche_id_keeps_its_charging_card(app, client, owned):
    from porsche_web.charging.models import ChargingCard

    assert post_form(client, f"{owned['page']}/remove", {}).status_code == 303
    with app.app_context():
        card = db.session.execute(select(ChargingCard)).scalar_one()
        assert card.status == "ordered"
    # Still shown (the contract runs with the car), so it can be cancelled.
    assert card.virtual_card_number in client.get("/se/sv/account/charging").get_data(as_text=True)
