"""Anonymous pages cost no write (issue #11, item 1), one CSRF token per session and one pooled
connection per request (issue #20, items 12 and 3), the purge of idle and expired sessions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import event, func, select

from porsche_web import clock
from porsche_web.accounts import sessions
from porsche_web.accounts.models import WebSession
from porsche_web.extensions import db
from porsche_web.testing.helpers import csrf_token, sql_statements

SV = "/se/sv"
PUBLIC_PAGES = [
    "/",
    "/favicon.ico",
    "/se/",
    f"{SV}/",
    f"{SV}/store",
    f"{SV}/store?model=taycan",
    f"{SV}/support",
    f"{SV}/privacy",
    f"{SV}/account/login",
    f"{SV}/account/register",
    f"{SV}/account/confirm-email",
    f"{SV}/account/confirm-email/not-a-token",
    f"{SV}/forgot-password",
    f"{SV}/reset-password/not-a-token",
    f"{SV}/activate",
    f"{SV}/activate/new-link",
    f"{SV}/activate/not-a-token",
    f"{SV}/account/",  # a redirect to the login page
    f"{SV}/account/vehicles",
    "/nowhere",  # 404
    f"{SV}/nowhere",
    "/xx/sv/",  # unknown market
    "/healthz",
]
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def session_rows(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(WebSession)).scalar_one()


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_cookie_less_get_writes_nothing_and_sets_no_cookie(app, url):
    before = session_rows(app)
    client = app.test_client()
    with sql_statements(app) as seen:
        response = client.get(url)
    assert response.status_code < 500
    assert "Set-Cookie" not in response.headers, url
    assert not [s for s in seen if WRITES.match(s)], url
    assert session_rows(app) == before


def test_three_hundred_bot_visits_leave_no_row(app):
    for _ in range(100):
        for url in (f"{SV}/", f"{SV}/support", "/nowhere"):
            assert "Set-Cookie" not in app.test_client().get(url).headers
    assert session_rows(app) == 0


def test_an_anonymous_form_keeps_its_csrf_protection(app):
    client = app.test_client()
    login = f"{SV}/account/login"
    data = {"email": "nobody@example.com", "password": "wrong password here"}
    assert client.post(login, data=data).status_code == 400  # no token
    assert client.post(login, data={**data, "csrf_token": "forged"}).status_code == 400
    token = csrf_token(client, login)
    # A token from a page is accepted (the form is answered: wrong password) ...
    assert client.post(login, data={**data, "csrf_token": token}).status_code == 422
    # ... but never from another site, whatever the token.
    for headers in (
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
    ):
        response = client.post(login, data={**data, "csrf_token": token}, headers=headers)
        assert response.status_code == 400, headers
    same_origin = {"Sec-Fetch-Site": "same-origin", "Origin": "null"}
    response = client.post(login, data={**data, "csrf_token": token}, headers=same_origin)
    assert response.status_code == 422
    assert (
        client.post(
            login, data={**data, "csrf_token": token}, headers={"Origin": "http://localhost"}
        ).status_code
        == 422
    )


def test_an_anonymous_token_is_signed_and_expires(app):
    client = app.test_client()
    login = f"{SV}/account/login"
    token = csrf_token(client, login)
    data = {"email": "nobody@example.com", "password": "wrong password here"}
    with time_machine.travel(clock.now() + timedelta(hours=13), tick=False):
        assert client.post(login, data={**data, "csrf_token": token}).status_code == 400


def test_an_anonymous_token_does_not_serve_a_logged_in_session(app, porsche_id):
    anonymous = csrf_token(app.test_client(), f"{SV}/")
    porsche_id.register_and_confirm()
    assert porsche_id.login().status_code == 303
    response = porsche_id.client.post(f"{SV}/account/logout", data={"csrf_token": anonymous})
    assert response.status_code == 400
    assert porsche_id.client.get(f"{SV}/account/").status_code == 200


def test_a_session_row_exists_once_there_is_something_to_remember(app, porsche_id):
    client = porsche_id.client
    client.get(f"{SV}/account/register")
    assert session_rows(app) == 0
    porsche_id.register_and_confirm()
    porsche_id.login()
    assert session_rows(app) == 1
    assert client.get_cookie("pw_session") is not None


def page_token(client, url=f"{SV}/account/"):
    return csrf_token(client, url)


def test_one_csrf_token_per_session_rotated_only_at_login(app, porsche_id):
    porsche_id.register_and_confirm()
    before_login = page_token(porsche_id.client, f"{SV}/account/login")
    assert porsche_id.login().status_code == 303
    first = page_token(porsche_id.client)
    assert first != before_login
    # Parallel page loads right after login: the same session, the same token, no write.
    cookie = porsche_id.client.get_cookie("pw_session").value
    tokens = set()
    with sql_statements(app) as seen:
        for _ in range(5):
            other_tab = app.test_client()
            other_tab.set_cookie("pw_session", cookie)
            tokens.add(page_token(other_tab))
    assert not [s for s in seen if WRITES.match(s)]
    assert {re.sub(r"\..*", "", t) for t in tokens} == {re.sub(r"\..*", "", first)}
    # A form of the first page still works after the others were loaded.
    response = porsche_id.client.post(
        f"{SV}/account/confirm-password",
        data={"csrf_token": first, "password": "a long walk by the sea"},
    )
    assert response.status_code in (302, 303)
    # The fresh password check gave the session a new id but kept its token.
    after_step_up = page_token(porsche_id.client)
    assert re.sub(r"\..*", "", after_step_up) == re.sub(r"\..*", "", first)
    porsche_id.logout()
    assert porsche_id.login().status_code == 303
    assert re.sub(r"\..*", "", page_token(porsche_id.client)) != re.sub(r"\..*", "", first)


def test_a_request_holds_one_pooled_connection_at_a_time(app, porsche_id):
    porsche_id.register_and_confirm()
    porsche_id.login()
    with app.app_context():
        engine = db.engine
    held = [0]
    most = [0]

    def on_checkout(*_):
        held[0] += 1
        most[0] = max(most[0], held[0])

    def on_checkin(*_):
        held[0] -= 1

    event.listen(engine, "checkout", on_checkout)
    event.listen(engine, "checkin", on_checkin)
    try:
        with time_machine.travel(clock.now() + timedelta(minutes=5)):
            # last_seen_at is written too (more than a minute later)
            assert porsche_id.client.get(f"{SV}/account/").status_code == 200
            assert porsche_id.client.get(f"{SV}/account/sessions").status_code == 200
    finally:
        event.remove(engine, "checkout", on_checkout)
        event.remove(engine, "checkin", on_checkin)
    assert most[0] == 1


def add_session(sid: str, created_ago: timedelta, seen_ago: timedelta) -> None:
    now = clock.now()
    db.session.add(
        WebSession(
            sid_hash=sessions.hash_sid(sid),
            data={"flash": "x"},
            created_at=now - created_ago,
            last_seen_at=now - seen_ago,
        )
    )


def test_the_purge_removes_idle_and_expired_sessions_and_keeps_live_ones(app, runner):
    with time_machine.travel(clock.now(), tick=False), app.app_context():
        add_session("live", timedelta(hours=11), timedelta(minutes=29))
        add_session("idle", timedelta(hours=1), timedelta(minutes=31))
        add_session("expired", timedelta(hours=12, minutes=1), timedelta(minutes=1))
        db.session.commit()
        result = runner.invoke(args=["sessions", "purge"])
        assert result.exit_code == 0, result.output
        assert "2 sessions purged" in result.output
        left = db.session.execute(select(WebSession.sid_hash)).scalars().all()
        assert left == [sessions.hash_sid("live")]
