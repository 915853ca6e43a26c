"""Phone verification (F10, F21) and the car's security code (F7)."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
import time_machine

from porsche_web import clock
from porsche_web.accounts import services
from porsche_web.accounts.models import Account, PhoneChallenge
from porsche_web.extensions import db
from porsche_web.testing.actions.porsche_id import (
    EMAIL,
    PASSWORD,
    SV,
    account,
    confirm,
    login,
    register,
)
from porsche_web.testing.helpers import outbox, post_form

FULL = "+46701740606"


@pytest.fixture
def customer(app):
    client = app.test_client()
    register(client)
    confirm(client, app)
    login(client)
    return client


def codes(app):
    return [
        re.match(r"(\d{6}) ", m.text_body).group(1)
        for m in outbox(app, "sms")
        if re.match(r"\d{6} ", m.text_body)
    ]


def send_code(client, htmx=False):
    return post_form(client, f"{SV}/phone/new-code", {}, page=f"{SV}/phone", htmx=htmx)


def enter(client, code):
    return post_form(client, f"{SV}/phone", {"code": code})


def test_the_page_shows_only_the_last_four_digits(app, customer):
    html = customer.get(f"{SV}/phone").get_data(as_text=True)
    assert "0606" in html
    assert "701740606" not in html and "1740606" not in html


def test_a_code_verifies_the_phone(app, customer):
    assert send_code(customer).status_code == 303
    (sms,) = outbox(app, "sms")
    assert sms.to_address == FULL and "10 minuter" in sms.text_body
    (code,) = codes(app)
    with app.app_context():
        (challenge,) = db.session.execute(db.select(PhoneChallenge)).scalars()
        assert code not in challenge.code_hash and challenge.code_hash.startswith("$argon2id$")
    response = enter(customer, code)
    assert response.status_code == 303
    assert account(app).phone_verified
    assert enter(customer, code).status_code == 200  # verified page; the code is spent


def test_a_code_expires_after_ten_minutes(app, customer):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        send_code(customer)
        (code,) = codes(app)
        traveller.shift(timedelta(minutes=10, seconds=1))
        response = enter(customer, code)
    assert response.status_code == 422
    assert "gäller inte längre" in response.get_data(as_text=True)
    assert not account(app).phone_verified


def test_only_the_latest_code_counts(app, customer):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        send_code(customer)
        traveller.shift(timedelta(seconds=31))
        send_code(customer)
    first, second = codes(app)
    if first != second:
        assert enter(customer, first).status_code == 422
    assert enter(customer, second).status_code == 303


def test_five_wrong_codes_void_the_code(app, customer):
    send_code(customer)
    (code,) = codes(app)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(4):
        assert "stämmer inte" in enter(customer, wrong).get_data(as_text=True)
    assert "För många" in enter(customer, wrong).get_data(as_text=True)
    response = enter(customer, code)
    assert response.status_code == 422 and not account(app).phone_verified


def test_resend_waits_thirty_seconds_and_says_how_long(app, customer):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        assert send_code(customer).status_code == 303
        traveller.shift(timedelta(seconds=10))
        response = send_code(customer, htmx=True)
        assert response.status_code == 422
        assert "Vänta 20 sekunder" in response.get_data(as_text=True)
        assert len(codes(app)) == 1
        traveller.shift(timedelta(seconds=21))
        assert send_code(customer).status_code == 303
    assert len(codes(app)) == 2


def test_at_most_five_codes_an_hour_per_account(app, customer):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for _ in range(5):
            assert send_code(customer).status_code == 303
            traveller.shift(timedelta(minutes=1))
        response = send_code(customer)
        assert response.status_code == 422
        assert len(codes(app)) == 5
        for _ in range(2):  # stay active: the session would end after 30 idle minutes
            traveller.shift(timedelta(minutes=28))
            customer.get(f"{SV}/")
        assert send_code(customer).status_code == 303


def test_at_most_five_codes_an_hour_per_number_across_accounts(app):
    clients = []
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for n in range(2):
            client = app.test_client()
            register(client, email=f"p{n}@example.com")
            confirm(client, app, f"p{n}@example.com")
            login(client, email=f"p{n}@example.com")
            clients.append(client)
        for n in range(5):
            assert send_code(clients[n % 2]).status_code == 303
            traveller.shift(timedelta(seconds=31))
        assert send_code(clients[1]).status_code == 422


def test_changing_the_number_needs_a_fresh_password_and_tells_the_old_number(app, customer):
    with time_machine.travel(clock.now() + timedelta(minutes=6)):
        response = customer.get(f"{SV}/phone/change")
        assert "confirm-password" in response.headers["Location"]
        post_form(customer, response.headers["Location"], {"password": PASSWORD})
        response = post_form(customer, f"{SV}/phone/change", {"phone": "070-174 06 07"})
        assert response.status_code == 303
    stored = account(app)
    assert stored.phone_e164 == "+46701740607" and not stored.phone_verified
    sms = outbox(app, "sms")
    assert sms[-2].to_address == FULL and "tagits bort" in sms[-2].text_body
    assert sms[-1].to_address == "+46701740607"
    assert "0607" in outbox(app, "email")[-1].text_body


def test_the_wrong_number_path_offers_customer_service(app, customer):
    html = customer.get(f"{SV}/phone").get_data(as_text=True)
    assert "smartmobility@se.porsche.com" in html
    assert f"{SV}/phone/change" in html


@pytest.mark.parametrize("raw", ["12", "abc", "+46 8 123 456 78", "08-123 456 78", "0701"])
def test_numbers_that_cannot_get_an_sms_in_the_country_are_refused(client, raw):
    response = register(client, phone=raw)
    assert response.status_code == 422
    assert "mobilnummer som kan ta emot sms" in response.get_data(as_text=True)


def test_no_full_phone_number_in_the_log_or_the_cookie(app, customer, caplog):
    caplog.set_level(logging.DEBUG, logger="porsche_web")
    send_code(customer)
    enter(customer, codes(app)[0])
    text = " ".join(r.getMessage() + str(r.__dict__) for r in caplog.records)
    assert "701740606" not in text
    cookie = customer.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert "0606" not in cookie


# -- security code -----------------------------------------------------------------------------


def set_code(client, code, repeat=None):
    return post_form(client, f"{SV}/security-code", {"code": code, "repeat": repeat or code})


def test_setting_the_security_code_needs_a_fresh_password_check(app, customer):
    with time_machine.travel(clock.now() + timedelta(minutes=6)):
        response = customer.get(f"{SV}/security-code")
        assert response.status_code == 303 and "confirm-password" in response.headers["Location"]
        wrong = post_form(customer, response.headers["Location"], {"password": "not my password"})
        assert wrong.status_code == 422
        post_form(customer, response.headers["Location"], {"password": PASSWORD})
        assert set_code(customer, "4829").status_code == 303
    stored = account(app)
    assert stored.security_code_hash.startswith("$argon2id$")


@pytest.mark.parametrize("code", ["0000", "1111", "1234", "9876", "1212", "4567"])
def test_trivial_security_codes_are_refused(customer, code):
    response = set_code(customer, code)
    assert response.status_code == 422
    assert "för lätt" in response.get_data(as_text=True)


@pytest.mark.parametrize("code, repeat", [("482", "482"), ("48a9", "48a9"), ("4829", "4828")])
def test_the_security_code_has_four_digits_typed_twice(customer, code, repeat):
    response = set_code(customer, code, repeat)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert code not in re.findall(r'value="([^"]*)"', html)


def test_the_security_code_is_never_shown_or_logged(app, customer, caplog):
    caplog.set_level(logging.DEBUG)
    set_code(customer, "4829")
    assert "4829" not in customer.get(f"{SV}/").get_data(as_text=True)
    assert "4829" not in " ".join(r.getMessage() for r in caplog.records)


def test_five_wrong_security_codes_lock_it_for_an_hour(app, customer):
    set_code(customer, "4829")
    with app.app_context(), time_machine.travel(clock.now(), tick=False) as traveller:
        acc = db.session.execute(db.select(Account).where(Account.email == EMAIL)).scalar()
        assert services.verify_security_code(acc, "4829") is True
        for _ in range(4):
            assert services.verify_security_code(acc, "1357") is False
        with pytest.raises(services.SecurityCodeLocked):
            services.verify_security_code(acc, "1357")
        with pytest.raises(services.SecurityCodeLocked):
            services.verify_security_code(acc, "4829")  # even the right one, while locked
        db.session.commit()
        traveller.shift(timedelta(minutes=61))
        assert services.verify_security_code(acc, "4829") is True


def test_changing_to_the_same_verified_number_changes_nothing(app, customer):
    send_code(customer)
    enter(customer, codes(app)[0])
    sent = len(outbox(app))
    post_form(customer, f"{SV}/confirm-password", {"password": PASSWORD})
    response = post_form(customer, f"{SV}/phone/change", {"phone": "070-174 06 06"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/account/")
    assert account(app).phone_verified and len(outbox(app)) == sent
