"""More Porsche ID rules: resend of the confirmation link, cookies in production, demo data."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from porsche_web import clock
from porsche_web.accounts.models import Account
from porsche_web.extensions import db
from porsche_web.testing.actions.porsche_id import (
    EMAIL,
    PASSWORD,
    SV,
    confirm,
    link_in,
    login,
    path_of,
    register,
)
from porsche_web.testing.helpers import (
    csrf_token,
    outbox,
    post_form,
    run_deliverer_preparation,
)


def test_resending_the_confirmation_answers_the_same_for_every_address(app, client):
    register(client)
    register(app.test_client(), email="confirmed@example.com")
    confirm(app.test_client(), app, "confirmed@example.com")
    before = len(outbox(app, "email"))
    answers = [
        post_form(client, f"{SV}/confirm-email", {"email": email})
        for email in (EMAIL, "nobody@example.com", "confirmed@example.com")
    ]
    assert {a.status_code for a in answers} == {303}
    assert len({a.headers["Location"] for a in answers}) == 1
    assert len(outbox(app, "email")) == before  # the deliverer looks the addresses up
    assert run_deliverer_preparation(app) == 3
    sent = outbox(app, "email")[before:]
    assert [m.to_address for m in sent] == [EMAIL]
    # only the newest link counts
    first, second = (
        path_of(link_in(m, "/confirm-email/"), app)
        for m in outbox(app, "email")
        if m.to_address == EMAIL
    )
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_the_confirmation_link_expires_after_three_days(app, client):
    register(client)
    path = path_of(link_in(outbox(app, "email")[0], "/confirm-email/"), app)
    with time_machine.travel(clock.now() + timedelta(days=3, minutes=1)):
        assert client.get(path).status_code == 410


def test_production_cookies_are_host_prefixed_secure_httponly_lax(make_app):
    app = make_app(
        {
            "ENVIRONMENT": "production",
            "SECRET_KEY": "k" * 48,
            "TRUSTED_HOSTS": ["my.porsche.example"],
            "PUBLIC_BASE_URL": "https://my.porsche.example",
            "INSECURE_LOCAL_HTTP": False,
            "WTF_CSRF_ENABLED": False,
        }
    )
    from porsche_web.accounts.demo import DEMO_EMAIL, DEMO_PASSWORD

    assert app.test_cli_runner().invoke(args=["demo", "seed"]).exit_code == 0
    client = app.test_client()
    # A cookie-less GET sets no cookie (issue #11); logging in does.
    assert "Set-Cookie" not in client.get(f"https://my.porsche.example{SV}/login").headers
    response = client.post(
        f"https://my.porsche.example{SV}/login",
        data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD},
    )
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-pw_session=")
    for part in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert part in cookie
    assert "Domain=" not in cookie


def test_the_demo_customer_is_seeded_once_and_can_log_in(app, runner):
    from porsche_web.accounts.demo import DEMO_EMAIL, DEMO_PASSWORD

    for _ in range(2):
        result = runner.invoke(args=["demo", "seed"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        accounts = list(db.session.execute(db.select(Account)).scalars())
        assert [a.email for a in accounts] == [DEMO_EMAIL]
        assert accounts[0].email_verified and accounts[0].phone_verified
    client = app.test_client()
    assert login(client, email=DEMO_EMAIL, password=DEMO_PASSWORD).status_code == 303


def test_a_second_submit_of_the_same_link_changes_nothing(app, client):
    register(client)
    path = path_of(link_in(outbox(app, "email")[0], "/confirm-email/"), app)
    token = csrf_token(client, path)
    first = client.post(path, data={"csrf_token": token})
    second = client.post(path, data={"csrf_token": token})
    assert first.status_code == 303 and second.status_code == 410


def test_account_pages_need_a_login(client):
    for path in ("/", "/phone", "/security-code", "/password", "/email", "/sessions", "/delete"):
        response = client.get(f"{SV}{path}")
        assert response.status_code == 303, path
        assert "/account/login" in response.headers["Location"]


def test_log_in_returns_to_the_page_asked_for_but_never_elsewhere(app, client):
    register(client)
    confirm(client, app)
    token = csrf_token(client, f"{SV}/login")
    data = {"email": EMAIL, "password": PASSWORD, "csrf_token": token}
    response = client.post(f"{SV}/login?next=https://evil.example/", data=data)
    assert response.headers["Location"].endswith("/se/sv/account/")
    post_form(client, f"{SV}/logout", {}, page=f"{SV}/")
    token = csrf_token(client, f"{SV}/login")
    data["csrf_token"] = token
    response = client.post(f"{SV}/login?next=/se/sv/account/sessions", data=data)
    assert response.headers["Location"] == "/se/sv/account/sessions"


def test_expired_session_rows_are_purged_at_the_next_login(app, client):
    from porsche_web.accounts.models import WebSession

    register(client)
    confirm(client, app)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        old = app.test_client()
        login(old)
        traveller.shift(timedelta(hours=1))
        login(app.test_client())
    with app.app_context():
        rows = list(db.session.execute(db.select(WebSession)).scalars())
    assert len([r for r in rows if r.account_id]) == 1


def test_htmx_validation_errors_swap_only_the_form(client):
    token = csrf_token(client, f"{SV}/register")
    response = client.post(
        f"{SV}/register",
        data={"email": "not an address"},
        headers={"HX-Request": "true", "HX-Target": "register-form", "X-CSRFToken": token},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.lstrip().startswith('<form id="register-form"')
    assert "<html" not in html and "Ange en e-postadress som namn@example.com." in html


def test_the_phone_page_sends_a_new_code_without_leaving_it(app, client):
    register(client)
    confirm(client, app)
    login(client)
    token = csrf_token(client, f"{SV}/phone")
    headers = {"HX-Request": "true", "HX-Target": "phone-verification", "X-CSRFToken": token}
    first = client.post(f"{SV}/phone/new-code", headers=headers)
    assert first.status_code == 204 and first.headers["HX-Redirect"].endswith("/account/phone")
    second = client.post(f"{SV}/phone/new-code", headers=headers)
    assert second.status_code == 422
    html = second.get_data(as_text=True)
    assert html.lstrip().startswith('<div id="phone-verification">')
    assert "sekunder" in html
