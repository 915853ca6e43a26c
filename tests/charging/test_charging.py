"""The Porsche Charging Service after the registration (F16, F17; issue #13, item 2): booking
from My Porsche with check your answers, the card's way through the fulfilment partner's API
and the CLI, the virtual card, the delivery promise, cancelling, and who may book; the card's
e-mails (shipped, delivered, late: each once, in the customer's language)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select, update

from porsche_web import clock
from porsche_web.accounts.models import Account
from porsche_web.activation.models import CONFIRMED, Activation, Contract
from porsche_web.charging import services
from porsche_web.charging.models import ChargingCard
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.orders.models import Order
from porsche_web.testing.actions.activation import PASSWORD
from porsche_web.testing.helpers import concurrently, csrf_token, outbox, post_form

NUMBER = "SE-200300"
SITE = "/se/sv/account/charging"
EN_SITE = "/se/en/account/charging"


def book(client, site=SITE, number=NUMBER, plan="pcs"):
    response = post_form(client, f"{site}/{number}/plan", {"plan": plan})
    assert response.status_code == 303, response.status_code
    assert response.headers["Location"].endswith(f"/{number}/delivery")
    html = client.get(f"{site}/{number}/delivery").get_data(as_text=True)
    # Prefilled from the activation's invoice recipient (F8).
    assert 'value="Storgatan 1"' in html
    response = post_form(
        client,
        f"{site}/{number}/delivery",
        {
            "name": "Astrid Exempel",
            "street": "Laddvägen 4",
            "postal_code": "411 01",
            "city": "Göteborg",
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(f"/{number}/check")
    return post_form(client, f"{site}/{number}/check", {})


def cards(app):
    with app.app_context():
        return db.session.execute(select(ChargingCard).order_by(ChargingCard.id)).scalars().all()


def charging_contracts(app):
    with app.app_context():
        return (
            db.session.execute(
                select(Contract).where(Contract.kind == "charging").order_by(Contract.id)
            )
            .scalars()
            .all()
        )


def api_key(app, partner="Kortfabriken AB", market="se"):
    with app.app_context():
        _, key = services.create_api_key(market, partner)
        db.session.commit()
        return key


def report(client, card_id, status, key, **extra):
    return client.post(
        f"/api/v1/charging-cards/{card_id}/status",
        json={"status": status, **extra},
        headers={"Authorization": f"Bearer {key}"},
    )


@pytest.fixture
def activated(activation):
    """A Taycan activated without the Charging Service (the customer is logged in)."""
    assert activation.activate(charging="none").status_code == 303
    return activation


def test_an_electric_car_books_the_charging_service_after_the_activation(app, client, activated):
    html = client.get(SITE).get_data(as_text=True)
    assert "Boka laddtjänsten" in html
    assert f'href="{SITE}/{NUMBER}/plan"' in html
    html = client.get(f"{SITE}/{NUMBER}/plan").get_data(as_text=True)
    assert "Porsche Charging Service Plus" in html and "149" in html
    response = post_form(client, f"{SITE}/{NUMBER}/plan", {"plan": "pcs"})
    response = post_form(
        client,
        f"{SITE}/{NUMBER}/delivery",
        {
            "name": "Astrid Exempel",
            "street": "Laddvägen 4",
            "postal_code": "411 01",
            "city": "Göteborg",
        },
    )
    check = client.get(f"{SITE}/{NUMBER}/check").get_data(as_text=True)
    # Check your answers: plan, delivery address (normalised postal code), invoice recipient.
    assert "Porsche Charging Service" in check
    assert "Laddvägen 4, 411 01 Göteborg" in check
    assert "Storgatan 1, 114 35 Stockholm" in check
    assert f'href="{SITE}/{NUMBER}/delivery"' in check
    assert not cards(app)
    response = post_form(client, f"{SITE}/{NUMBER}/check", {})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(SITE)
    [card] = cards(app)
    assert (card.status, card.plan_id, card.delivery_postal_code) == ("ordered", "pcs", "411 01")
    assert card.promised_by == clock.today("Europe/Stockholm") + timedelta(days=10)
    assert re.fullmatch(r"PCS-\d{4}-\d{4}-\d{4}-\d{4}", card.virtual_card_number)
    [contract] = charging_contracts(app)
    assert (contract.service_id, contract.id) == ("pcs", card.contract_id)
    with app.app_context():
        order = db.session.execute(select(Order)).scalar_one()
        assert contract.starts_on == order.planned_delivery
    html = client.get(SITE).get_data(as_text=True)
    assert card.virtual_card_number in html
    assert 'src="data:image/svg+xml' in html
    assert "Laddkort: beställt" in html
    assert "senast" in html  # the promise, with its date
    home = client.get("/se/sv/account/").get_data(as_text=True)
    assert 'href="/se/sv/account/charging"' in home
    assert "laddkort beställt – kommer inom 10 dagar, senast" in home


def test_the_delivery_address_follows_the_markets_postal_code_rule(app, client, activated):
    post_form(client, f"{SITE}/{NUMBER}/plan", {"plan": "pcs"})
    url = f"{SITE}/{NUMBER}/delivery"
    address = {"name": "Astrid Exempel", "street": "Laddvägen 4", "city": "Göteborg"}
    response = post_form(client, url, {**address, "postal_code": "4110"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "114 35" in html  # the market's example in the message and the hint
    assert 'href="#postal_code"' in html  # the error summary links to the field
    response = post_form(client, url, {**address, "postal_code": " 411   01 "})
    assert response.status_code == 303
    assert "411 01" in client.get(f"{SITE}/{NUMBER}/check").get_data(as_text=True)


def test_submitting_the_booking_twice_books_once(app, client, activated):
    assert book(client).status_code == 303
    token = csrf_token(client, SITE)
    again = client.post(f"{SITE}/{NUMBER}/check", data={"csrf_token": token})
    assert again.status_code == 303
    assert again.headers["Location"].endswith(SITE)
    assert len(cards(app)) == 1
    assert len(charging_contracts(app)) == 1
    # A plan page of a car with the service sends the customer back to the overview.
    assert client.get(f"{SITE}/{NUMBER}/plan").status_code == 303


def test_a_car_booked_at_the_activation_is_not_booked_again(app, client, activation):
    activation.activate()  # with Porsche Charging Service Plus
    html = client.get(SITE).get_data(as_text=True)
    assert "Porsche Charging Service Plus" in html
    assert f"{SITE}/{NUMBER}/plan" not in html
    assert client.get(f"{SITE}/{NUMBER}/plan").status_code == 303
    assert len(charging_contracts(app)) == 1


def test_a_plan_booked_at_the_activation_gets_the_same_card(app, client, activation):
    """The card of a plan booked during the activation: ordered to the invoice recipient, with
    the promise and the virtual card, followed by the status API like a later booking's."""
    activation.activate()  # with Porsche Charging Service Plus
    [contract] = charging_contracts(app)
    [card] = cards(app)
    assert (card.status, card.plan_id, card.contract_id) == (
        "ordered",
        contract.service_id,
        contract.id,
    )
    assert (card.delivery_street, card.delivery_postal_code, card.delivery_country) == (
        "Storgatan 1",
        "114 35",
        "se",
    )
    assert card.promised_by == clock.today("Europe/Stockholm") + timedelta(days=10)
    assert re.fullmatch(r"PCS-\d{4}-\d{4}-\d{4}-\d{4}", card.virtual_card_number)
    html = client.get(SITE).get_data(as_text=True)
    assert card.virtual_card_number in html
    assert "Laddkort: beställt" in html
    home = client.get("/se/sv/account/").get_data(as_text=True)
    assert "laddkort beställt – kommer inom 10 dagar, senast" in home
    key = api_key(app)
    for status in ("shipped", "delivered", "activated"):
        assert report(client, card.id, status, key).status_code == 200
    [card] = cards(app)
    assert card.virtual_voided_at is not None
    # Cancelling voids the card and ends the activation's contract.
    token = csrf_token(client, SITE)
    response = client.post(f"{SITE}/cards/{card.id}/cancel", data={"csrf_token": token})
    assert response.status_code == 303
    assert cards(app)[0].status == "voided"


def test_an_activation_without_a_plan_orders_no_card(app, client, activated):
    assert not cards(app)


def test_a_combustion_car_cannot_book_it(app, client, activated):
    with app.app_context():
        db.session.execute(update(Order).values(model_id="cayenne"))
        db.session.commit()
    html = client.get(SITE).get_data(as_text=True)
    assert "Boka laddtjänsten" not in html
    assert client.get(f"{SITE}/{NUMBER}/plan").status_code == 404
    token = csrf_token(client, SITE)
    response = client.post(f"{SITE}/{NUMBER}/check", data={"csrf_token": token})
    assert response.status_code == 404
    assert not cards(app)


def test_a_market_without_the_offer_says_so(app, client, activation):
    account_id = activation.add_account("nils@example.com")
    with app.app_context():
        order = Order(
            order_number="DK-1",
            market="dk",
            partner_id="dk-copenhagen",
            given_name="Nils",
            family_name="Exempel",
            email="nils@example.com",
            language="en",
            model_id="taycan",
            model_year=2026,
            planned_delivery=clock.now().date(),
        )
        db.session.add(order)
        db.session.flush()
        db.session.add(
            Activation(
                order_id=order.id,
                account_id=account_id,
                status=CONFIRMED,
                confirmed_at=clock.now(),
            )
        )
        db.session.commit()
    response = post_form(
        client, "/dk/en/account/login", {"email": "nils@example.com", "password": PASSWORD}
    )
    assert response.status_code == 303
    html = client.get("/dk/en/account/charging").get_data(as_text=True)
    assert "not offered in Denmark" in html
    assert client.get("/dk/en/account/charging/DK-1/plan").status_code == 404


def test_another_customers_order_and_card_are_not_found(app, client, activated):
    book(client)
    [card] = cards(app)
    other = app.test_client()
    activation_id = activated.add_account("eva@example.com")
    assert activation_id
    post_form(other, "/se/sv/account/login", {"email": "eva@example.com", "password": PASSWORD})
    assert other.get(f"{SITE}/{NUMBER}/plan").status_code == 404
    assert other.get(f"{SITE}/cards/{card.id}/cancel").status_code == 404
    token = csrf_token(other, SITE)
    response = other.post(f"{SITE}/cards/{card.id}/cancel", data={"csrf_token": token})
    assert response.status_code == 404
    assert cards(app)[0].status == "ordered"
    assert card.virtual_card_number not in other.get(SITE).get_data(as_text=True)


def test_the_fulfilment_partner_reports_the_cards_way(app, client, activated):
    book(client)
    [card] = cards(app)
    key = api_key(app)
    response = report(client, card.id, "shipped", key)
    assert response.status_code == 200
    assert response.get_json() == {"id": card.id, "status": "shipped", "changed": True}
    # The same report again changes nothing (a retry).
    assert report(client, card.id, "shipped", key).get_json()["changed"] is False
    # Skipping a step, going back: a clear 409.
    response = report(client, card.id, "activated", key)
    assert response.status_code == 409
    body = response.get_json()
    assert body["error"] == "INVALID_TRANSITION"
    assert "shipped" in body["message"] and "delivered" in body["message"]
    assert report(client, card.id, "ordered", key).status_code == 409
    assert report(client, card.id, "delivered", key, at=clock.now().isoformat()).status_code == 200
    assert "Laddkort: levererat" in client.get(SITE).get_data(as_text=True)
    assert cards(app)[0].virtual_voided_at is None


def test_a_key_moves_only_the_cards_of_its_market(app, client, activated):
    """A fulfilment partner's key is for one market: a card of another market is answered
    exactly like a card that does not exist, and stays as it was."""
    book(client)
    [card] = cards(app)
    german = api_key(app, "Kartenwerk GmbH", market="de")
    before = len(outbox(app, "email"))
    refused = report(client, card.id, "shipped", german)
    unknown = report(client, card.id + 1000, "shipped", german)
    assert refused.status_code == unknown.status_code == 404
    assert refused.get_json() == unknown.get_json()
    assert refused.get_json()["error"] == "CARD_NOT_FOUND"
    # Not even a wrong step or a bad date tells it apart (the body is checked first alike).
    assert report(client, card.id, "activated", german).get_json() == unknown.get_json()
    [unchanged] = cards(app)
    assert unchanged.status == "ordered" and unchanged.shipped_at is None
    assert len(outbox(app, "email")) == before
    with app.app_context():
        from porsche_web.audit.models import AuditEvent

        actions = db.session.execute(select(AuditEvent.action)).scalars().all()
        assert "charging.card_shipped" not in actions
    # The market's own partner moves it.
    swedish = api_key(app)
    assert report(client, card.id, "shipped", swedish).get_json()["status"] == "shipped"


def test_a_key_is_made_for_a_market_of_the_site(app):
    with app.app_context():
        with pytest.raises(ValueError, match="not a market"):
            services.create_api_key("xx", "Kortfabriken AB")
        row, _ = services.create_api_key("se", "Kortfabriken AB")
        assert row.market == "se"


def test_activating_the_card_voids_the_virtual_card(app, client, activated, runner):
    book(client)
    [card] = cards(app)
    for status in ("shipped", "delivered"):
        result = runner.invoke(args=["charging", "card-status", str(card.id), status])
        assert result.exit_code == 0, result.output
    html = client.get(SITE).get_data(as_text=True)
    assert card.virtual_card_number in html
    token = csrf_token(client, SITE)
    response = client.post(f"{SITE}/cards/{card.id}/activate", data={"csrf_token": token})
    assert response.status_code == 303
    [card] = cards(app)
    assert card.status == "activated"
    assert card.virtual_voided_at is not None
    html = client.get(SITE).get_data(as_text=True)
    assert card.virtual_card_number not in html
    # Nothing moves an activated card any more.
    result = runner.invoke(args=["charging", "card-status", str(card.id), "shipped"])
    assert result.exit_code != 0 and "activated" in result.output


def test_the_cli_refuses_an_invalid_step(app, client, activated, runner):
    book(client)
    [card] = cards(app)
    result = runner.invoke(args=["charging", "card-status", str(card.id), "delivered"])
    assert result.exit_code != 0
    assert "next: shipped" in result.output
    assert cards(app)[0].status == "ordered"


def test_the_api_wants_its_own_key_and_a_valid_body(app, client, activated):
    book(client)
    [card] = cards(app)
    assert report(client, card.id, "shipped", "pcc_wrong").status_code == 401
    with app.app_context():
        from porsche_web.orders import services as orders

        _, dealer_key = orders.create_api_key("se", "se-goteborg")
        db.session.commit()
    assert report(client, card.id, "shipped", dealer_key).status_code == 401
    key = api_key(app)
    response = report(client, card.id, "lost", key)
    assert response.status_code == 422
    assert response.get_json()["error"] == "CARD_STATUS_INVALID"
    assert report(client, card.id, "shipped", key, at="yesterday").status_code == 422
    future = (clock.now() + timedelta(days=2)).isoformat()
    assert report(client, card.id, "shipped", key, at=future).status_code == 422
    assert report(client, card.id + 1000, "shipped", key).status_code == 404
    with app.app_context():
        stored = db.session.execute(select(func.count()).where(ChargingCard.id > 0)).scalar()
        assert stored == 1
        from porsche_web.charging.models import FulfilmentApiKey

        row = db.session.execute(select(FulfilmentApiKey)).scalar_one()
        assert key not in (row.key_hash, row.prefix) and len(row.key_hash) == 64


def test_the_page_says_when_the_promise_is_broken(app, client, activated):
    book(client)
    with time_machine.travel(clock.now() + timedelta(days=11)):
        login = {"email": "astrid@example.com", "password": PASSWORD}
        assert post_form(client, "/se/sv/account/login", login).status_code == 303
        html = client.get(SITE).get_data(as_text=True)
        assert "har inte kommit" in html
        home = client.get("/se/sv/account/").get_data(as_text=True)
        assert "senare än utlovat" in home


def test_cancelling_the_plan_voids_both_cards(app, client, activated):
    book(client)
    [card] = cards(app)
    key = api_key(app)
    report(client, card.id, "shipped", key)
    page = client.get(f"{SITE}/cards/{card.id}/cancel")
    assert page.status_code == 200
    response = post_form(client, f"{SITE}/cards/{card.id}/cancel", {})
    assert response.status_code == 303
    [card] = cards(app)
    assert card.status == "voided"
    assert card.voided_at is not None and card.virtual_voided_at is not None
    [contract] = charging_contracts(app)
    # The contract had not started (the car is delivered in ten days): it never runs.
    assert contract.ends_on < contract.starts_on
    response = report(client, card.id, "delivered", key)
    assert response.status_code == 409
    assert response.get_json()["error"] == "CARD_VOIDED"
    # The car can book again.
    assert "Boka laddtjänsten" in client.get(SITE).get_data(as_text=True)
    assert book(client, plan="pcs_plus").status_code == 303
    assert [c.status for c in cards(app)] == ["voided", "ordered"]


def test_english_pages(app, client, activated):
    html = client.get(EN_SITE).get_data(as_text=True)
    assert "Book the Charging Service" in html
    book(client, site=EN_SITE)
    html = client.get(EN_SITE).get_data(as_text=True)
    assert "Charging card: ordered" in html
    assert "Your virtual charging card" in html


def test_the_card_is_in_the_data_export_and_goes_with_the_porsche_id(app, client, activated):
    book(client)
    with app.test_request_context("/se/sv/"):
        from porsche_web.accounts.models import Account
        from porsche_web.accounts.services.deletion import delete_account
        from porsche_web.hooks import current_hooks

        account = db.session.execute(select(Account)).scalar_one()
        declared = {d.table: d for d in current_hooks().personal_data()}
        assert "delivery_street" in declared["charging_cards"].columns
        exported = current_hooks().personal_data_export(account)
        [row] = exported["charging_cards"]
        assert row["delivery_street"] == "Laddvägen 4"
        delete_account(account)
        db.session.commit()
    assert cards(app) == []


def test_two_bookings_at_the_same_moment_make_one_order(app, client, activated):
    """Two tabs book two plans at once: one card, one charging contract."""
    from porsche_web.charging.services import DeliveryAddress
    from porsche_web.testing.helpers import concurrently

    with app.app_context():
        from porsche_web.accounts.models import Account
        from porsche_web.markets.registry import current_registry

        account_id = db.session.execute(select(Account.id)).scalar_one()
        registry = current_registry()
        market = registry.get("se")
        offer = registry.charging_offer(market)
    address = DeliveryAddress("Astrid Exempel", "Laddvägen 4", "411 01", "Göteborg", None, "se")

    def book_plan(i: int):
        with app.test_request_context("/se/sv/"):
            car = services.electrified_car(account_id, NUMBER, market, clock.now())
            try:
                card = services.book(
                    account_id, car, offer.plans[i], offer, address, market, clock.now()
                )
            except services.AlreadyBooked:
                db.session.rollback()
                return "already"
            db.session.commit()
            return card.id

    results = concurrently(app, 2, book_plan)
    assert [str(r) for r in results].count("already") == 1, results
    assert len(cards(app)) == 1
    assert len(charging_contracts(app)) == 1


# -- the card's e-mails: shipped, delivered, late ----------------------------------------------


EMAIL = "astrid@example.com"


@pytest.fixture
def booked(activation, client, app):
    """A Taycan activated without the Charging Service, then booked from My Porsche."""
    assert activation.activate(charging="none").status_code == 303
    assert book(client).status_code == 303
    [card] = cards(app)
    return card


def card_mails(app):
    words = ("laddkort", "charging card")
    return [
        mail
        for mail in outbox(app, "email")
        if mail.to_address == EMAIL and any(word in mail.subject.lower() for word in words)
    ]


def set_language(app, language):
    with app.app_context():
        db.session.execute(update(Account).values(language=language))
        db.session.commit()


def test_the_customer_is_told_when_the_card_is_shipped_and_delivered(app, client, booked):
    key = api_key(app)
    assert card_mails(app) == []
    assert report(client, booked.id, "shipped", key).status_code == 200
    assert report(client, booked.id, "shipped", key).status_code == 200  # a retry: no mail
    [shipped] = card_mails(app)
    assert (shipped.language, shipped.subject) == ("sv", "Ditt laddkort är på väg")
    promised = booked.promised_by
    assert f"order {NUMBER}" in shipped.text_body
    assert f"{promised.day} " in shipped.text_body and str(promised.year) in shipped.text_body
    assert "/se/sv/account/charging" in shipped.text_body
    # The customer reads English now: the next e-mail is in English.
    set_language(app, "en")
    assert report(client, booked.id, "delivered", key).status_code == 200
    assert report(client, booked.id, "delivered", key).status_code == 200
    mails = card_mails(app)
    assert len(mails) == 2
    assert (mails[1].language, mails[1].subject) == ("en", "Your charging card has arrived")
    assert "Activate it" in mails[1].text_body and "/se/en/account/charging" in mails[1].text_body
    # Activating it sends nothing more.
    assert report(client, booked.id, "activated", key).status_code == 200
    assert len(card_mails(app)) == 2


def test_the_cli_reports_send_the_same_mails(app, booked, runner):
    for status in ("shipped", "delivered"):
        result = runner.invoke(args=["charging", "card-status", str(booked.id), status])
        assert result.exit_code == 0, result.output
    subjects = [mail.subject for mail in card_mails(app)]
    assert subjects == ["Ditt laddkort är på väg", "Ditt laddkort har kommit"]


def test_a_late_card_is_told_once_however_often_the_round_runs(app, booked, runner):
    promised = booked.promised_by
    # On the promised day nothing is late yet.
    with time_machine.travel(clock.now() + timedelta(days=10)):
        result = runner.invoke(args=["charging", "remind"])
        assert result.exit_code == 0 and "0 late card notice(s) sent" in result.output
    assert card_mails(app) == []
    with time_machine.travel(clock.now() + timedelta(days=11)):
        assert "1 late card notice(s)" in runner.invoke(args=["charging", "remind"]).output
        assert "0 late card notice(s)" in runner.invoke(args=["charging", "remind"]).output
    [late] = card_mails(app)
    assert (late.language, late.subject) == ("sv", "Ditt laddkort är försenat")
    assert f"order {NUMBER}" in late.text_body and str(promised.year) in late.text_body
    assert cards(app)[0].late_notice_sent_at is not None
    # Shipped late: the shipping e-mail still goes, the late notice is not repeated.
    with time_machine.travel(clock.now() + timedelta(days=12)):
        result = runner.invoke(args=["charging", "card-status", str(booked.id), "shipped"])
        assert result.exit_code == 0
        assert "0 late card notice(s)" in runner.invoke(args=["charging", "remind"]).output
    assert [m.subject for m in card_mails(app)][1:] == ["Ditt laddkort är på väg"]


def test_a_card_that_arrived_or_was_cancelled_is_not_late(app, client, booked, runner):
    key = api_key(app)
    assert report(client, booked.id, "shipped", key).status_code == 200
    assert report(client, booked.id, "delivered", key).status_code == 200
    with time_machine.travel(clock.now() + timedelta(days=30)):
        assert "0 late card notice(s)" in runner.invoke(args=["charging", "remind"]).output
    assert len(card_mails(app)) == 2  # shipped and delivered only


def test_two_rounds_at_the_same_moment_send_one_notice(app, booked):
    later = clock.now() + timedelta(days=11)

    def round_(_: int) -> int:
        with app.app_context():
            sent = services.send_late_notices(current_registry(), later)
            db.session.commit()
            return sent

    assert sorted(concurrently(app, 2, round_)) == [0, 1]
    assert len(card_mails(app)) == 1
    with app.app_context():
        assert db.session.get(ChargingCard, booked.id).late_notice_sent_at == later


def test_the_migration_revokes_the_keys_made_without_a_market(make_app, fresh_database_uri):
    """A key made before keys had a market cannot be scoped: the migration revokes it (and its
    empty market names no card either); the partner gets a new key with ``--market``."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database_uri})
    with app.app_context():
        upgrade(revision="ad7aa31021a1")
        db.session.execute(
            text(
                "INSERT INTO charging_partner_keys (partner, key_hash, prefix, created_at) "
                "VALUES ('Kortfabriken AB', :hash, 'pcc_abcdefgh', CURRENT_TIMESTAMP)"
            ),
            {"hash": "0" * 64},
        )
        db.session.commit()
        upgrade(revision="d4adec9fb0b3")
        market, revoked = db.session.execute(
            text("SELECT market, revoked_at FROM charging_partner_keys")
        ).one()
        assert market == "" and revoked is not None
        db.session.rollback()
        db.engine.dispose()
