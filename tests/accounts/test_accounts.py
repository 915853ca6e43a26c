"""Porsche ID: registration, e-mail confirmation, log in/out, sessions, passwords."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine

from porsche_web import clock
from porsche_web.accounts.models import Account, WebSession
from porsche_web.extensions import db
from porsche_web.testing.actions.porsche_id import (
    EMAIL,
    EN,
    PASSWORD,
    SV,
    account,
    confirm,
    link_in,
    login,
    path_of,
    register,
)
from porsche_web.testing.helpers import csrf_token, outbox, post_form


@pytest.fixture
def app_config():
    return {"PUBLIC_BASE_URL": "https://my.porsche.example"}


@pytest.fixture
def registered(app, client):
    assert register(client).status_code == 303
    assert confirm(client, app).status_code == 303
    return account(app)


def logged_out(client) -> bool:
    response = client.get(f"{SV}/")
    return response.status_code == 303 and "/account/login" in response.headers["Location"]


def session_cookie(client, app):
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return cookie.value if cookie else None


@pytest.mark.real_hashing
def test_registration_sends_a_confirmation_link_from_the_public_base_url(app, client):
    response = register(client)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/se/sv/account/check-your-email")
    (mail,) = outbox(app, "email")
    assert mail.to_address == EMAIL and mail.language == "sv"
    assert "Bekräfta" in mail.subject
    link = link_in(mail, "/confirm-email/")
    assert link.startswith("https://my.porsche.example/se/sv/account/confirm-email/")
    stored = account(app)
    assert stored.phone_e164 == "+46701740606" and not stored.email_verified
    assert stored.password_hash.startswith("$argon2id$")
    params = dict(p.split("=") for p in stored.password_hash.split("$")[3].split(","))
    assert int(params["m"]) >= 19 * 1024 and int(params["t"]) >= 2


def test_the_confirmation_link_shows_continue_and_only_post_consumes_it(app, client):
    register(client)
    link = path_of(link_in(outbox(app, "email")[0], "/confirm-email/"), app)
    for _ in range(2):  # a mail scanner opening the link changes nothing
        page = client.get(link)
        assert page.status_code == 200
        assert page.headers["Referrer-Policy"] == "no-referrer"
        assert page.headers["Cache-Control"] == "no-store"
    assert not account(app).email_verified
    done = post_form(client, link, {})
    assert done.status_code == 303 and "/confirm-email/" not in done.headers["Location"]
    assert account(app).email_verified
    again = client.get(link)
    assert again.status_code == 410
    with app.app_context():
        from porsche_web.accounts.models import EmailToken

        (row,) = db.session.execute(db.select(EmailToken)).scalars()
        assert link.rsplit("/", 1)[1] not in row.token_hash


def test_registration_answers_the_same_for_a_known_address(app, client, registered):
    other = app.test_client()
    response = register(other, password="another long password")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/se/sv/account/check-your-email")
    assert len(db_accounts(app)) == 1
    warning = outbox(app, "email")[-1]
    assert warning.to_address == EMAIL and "/forgot-password" in warning.text_body


def db_accounts(app):
    with app.app_context():
        return list(db.session.execute(db.select(Account)).scalars())


@pytest.mark.parametrize(
    "password, message",
    [
        ("short pw", "minst 12 tecken"),
        ("x" * 257, "högst 256 tecken"),
        ("password1234", "för vanligt"),
        ("QWERTYUIOP12", "för vanligt"),
    ],
)
def test_password_rules(client, password, message):
    response = register(client, password=password)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_passwords_are_checked_exactly_as_typed_and_long_ones_work(app, client):
    # 200 characters, most of them two bytes in UTF-8 (no repetition: that is refused as weak)
    long_password = (
        "mörk blå himmel över älven när färjan går tidigt på morgonen, måsarna skriker och en "
        "gammal båt glider förbi bryggan där två barn fiskar abborre i det kalla vattnet medan "
        "solen stiger över åsen och ängen"
    )[:200]
    register(client, password=long_password)
    confirm(client, app)
    assert login(client, password=long_password[:72]).status_code == 422
    assert login(client, password=long_password).status_code == 303


def test_login_uses_a_new_session_id_and_logout_ends_it_on_the_server(app, client, registered):
    client.get(f"{SV}/login")
    before = session_cookie(client, app)
    assert login(client).status_code == 303
    after = session_cookie(client, app)
    assert after and after != before
    assert client.get(f"{SV}/").status_code == 200
    response = post_form(client, f"{SV}/logout", {}, page=f"{SV}/")
    assert response.status_code == 303
    replay = app.test_client()
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], after)
    assert logged_out(replay)
    with app.app_context():
        assert (
            db.session.execute(
                db.select(WebSession).where(WebSession.account_id.isnot(None))
            ).first()
            is None
        )


def test_login_answers_the_same_for_unknown_and_known_addresses(client, registered):
    wrong = login(client, password="not the password at all")
    unknown = login(client, email="nobody@example.com")
    assert wrong.status_code == unknown.status_code == 422

    def strip(r):
        return re.sub(r'value="[^"]*"|&#34;[A-Za-z0-9._-]{40,}&#34;', "", r.get_data(as_text=True))  # noqa: E731

    assert strip(wrong).replace(EMAIL, "X") == strip(unknown).replace("nobody@example.com", "X")


def test_sessions_time_out_when_idle_and_after_twelve_hours(app, registered):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client = app.test_client()
        login(client)
        traveller.shift(timedelta(minutes=29))
        assert client.get(f"{SV}/").status_code == 200
        traveller.shift(timedelta(minutes=31))
        assert logged_out(client)
        login(client)
        for _ in range(25):
            traveller.shift(timedelta(minutes=29))
            client.get(f"{SV}/")
        assert logged_out(client)  # beyond 12 hours


def test_a_password_change_ends_the_other_sessions(app, registered):
    phone, laptop = app.test_client(), app.test_client()
    login(phone)
    login(laptop)
    old_laptop_cookie = session_cookie(laptop, app)
    response = post_form(
        phone, f"{SV}/password", {"current": PASSWORD, "password": "a brand new long secret"}
    )
    assert response.status_code == 303
    assert phone.get(f"{SV}/").status_code == 200
    assert logged_out(laptop)
    replay = app.test_client()
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], old_laptop_cookie)
    assert logged_out(replay)
    assert "ändrades" in outbox(app, "email")[-1].subject


def test_sign_out_everywhere_else(app, registered):
    phone, laptop = app.test_client(), app.test_client()
    laptop.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"
    login(phone)
    login(laptop)
    page = laptop.get(f"{SV}/sessions").get_data(as_text=True)
    assert "Firefox" in page
    post_form(laptop, f"{SV}/sessions/end-others", {}, page=f"{SV}/sessions")
    assert laptop.get(f"{SV}/").status_code == 200
    assert logged_out(phone)


def test_csrf_is_required_on_plain_and_htmx_posts(app, client, registered):
    assert (
        client.post(f"{SV}/login", data={"email": EMAIL, "password": PASSWORD}).status_code == 400
    )
    token = csrf_token(client, f"{SV}/login")
    response = client.post(
        f"{SV}/login",
        data={"email": EMAIL, "password": PASSWORD},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code == 204 and response.headers["HX-Redirect"].endswith("/account/")


def test_the_header_offers_log_in_and_after_it_my_porsche_and_log_out(app, client, registered):
    page = client.get("/se/en/").get_data(as_text=True)
    assert "/se/en/account/login" in page
    login(client)
    page = client.get("/se/en/").get_data(as_text=True)
    assert 'action="/se/en/account/logout"' in page
    # the wordmark leads home to My Porsche, and says "My Porsche" once in the header
    header = page[page.index("<header") : page.index("</header>")]
    assert '<a class="brand" href="/se/en/account/"' in header
    assert header.count("My Porsche") == 1


def test_my_porsche_home_masks_the_phone_and_shows_honest_status(app, client, registered):
    login(client)
    response = client.get(f"{EN}/")
    html = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Anna" in html and "0606" in html
    assert "+46701740606" not in html and "701740606" not in html
    assert f'href="{EN}/vehicles"' in html and "no car linked yet" in html


def test_changing_the_email_needs_a_fresh_password_and_tells_the_old_address(app, registered):
    client = app.test_client()
    login(client)
    with time_machine.travel(clock.now() + timedelta(minutes=6)):
        response = client.get(f"{SV}/email")
        assert response.status_code == 303 and "confirm-password" in response.headers["Location"]
        assert (
            post_form(client, response.headers["Location"], {"password": PASSWORD}).status_code
            == 303
        )
        assert post_form(client, f"{SV}/email", {"email": "anna@example.org"}).status_code == 303
    mails = outbox(app, "email")
    assert {m.to_address for m in mails[-2:]} == {"anna@example.org", EMAIL}
    new = next(m for m in mails if m.to_address == "anna@example.org")
    path = path_of(link_in(new, "/confirm-new-email/"), app)
    assert post_form(client, path, {}).status_code == 303
    assert account(app, "anna@example.org") is not None


def test_deleting_the_account_ends_it_everywhere(app, registered):
    client = app.test_client()
    login(client)
    cookie = session_cookie(client, app)
    assert post_form(client, f"{SV}/delete", {}).status_code == 303
    assert db_accounts(app) == []
    replay = app.test_client()
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    assert logged_out(replay)
    assert outbox(app, "email")[-1].to_address == EMAIL


def test_the_session_cookie_holds_only_a_random_id(app, client, registered):
    login(client)
    value = session_cookie(client, app)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", value)
