"""Passkeys as a staff second factor (issue #12): the JSON endpoints refuse what is not a
verified ceremony without a 500, count the tries of the lockout, use a challenge once. The
whole ceremony with a real authenticator is the e2e journey (Chromium's virtual
authenticator)."""

from __future__ import annotations

import json

from sqlalchemy import select

from porsche_web.extensions import db
from porsche_web.staff import services, totp
from porsche_web.staff.models import StaffMember, StaffSession
from porsche_web.testing.helpers import csrf_token, post_form

PASSWORD = "a staff password that is long"


def post_json(client, url, body, page):
    token = csrf_token(client, page)
    return client.post(
        url,
        data=json.dumps(body),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )


def pending_client(app, email="pk@porsche.example"):
    with app.test_request_context():
        member, token = services.create_member(email, "Pat", "service", markets=["se"])
        services.accept_invitation(token, PASSWORD)
        secret = services.start_enrolment(member)
        services.confirm_enrolment(member, totp.code_at(secret))
        db.session.commit()
    client = app.test_client()
    post_form(client, "/staff/login", {"email": email, "password": PASSWORD})
    return client


def test_without_a_password_first_nothing_is_offered(app):
    client = app.test_client()
    for url in ("/staff/login/passkey/options", "/staff/login/passkey"):
        response = post_json(client, url, {}, "/staff/login")
        assert response.status_code == 400 and "message" in response.get_json()


def test_a_member_without_passkeys_is_told_to_enter_a_code(app):
    client = pending_client(app)
    response = post_json(client, "/staff/login/passkey/options", {}, "/staff/login/code")
    assert response.status_code == 400


def test_adding_gives_options_and_refuses_a_forged_answer_once(app, agent):
    response = post_json(agent, "/staff/passkeys/options", {}, "/staff/passkeys")
    options = response.get_json()
    assert response.status_code == 200 and options["rp"]["id"] == "localhost"
    assert options["user"]["name"] == "agent@porsche.example"
    forged = {"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}}
    for body in (
        {"name": "Laptop", "credential": forged},
        {"name": "Laptop", "credential": forged},  # the challenge is used up: refused too
        {"name": "", "credential": forged},
        {"name": "x" * 61, "credential": forged},
        {"name": "Laptop", "credential": "not an object"},
    ):
        response = post_json(agent, "/staff/passkeys", body, "/staff/passkeys")
        assert response.status_code == 400, body
    with app.app_context():
        assert all(
            row.webauthn_challenge is None
            for row in db.session.execute(select(StaffSession)).scalars()
        )
    garbage = agent.post(
        "/staff/passkeys",
        data=b"\xff{",
        headers={
            "Content-Type": "application/json",
            "X-CSRFToken": csrf_token(agent, "/staff/passkeys"),
        },
    )
    assert garbage.status_code == 400
    assert agent.post("/staff/passkeys", data="{}").status_code == 400  # no CSRF token


def test_a_wrong_passkey_answer_spends_a_try_of_the_lockout(app):
    client = pending_client(app)
    body = {"credential": {"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}}}
    # The password's try and the passkey's count together, like the password's and a code's.
    statuses = [
        post_json(client, "/staff/login/passkey", body, "/staff/login/code").status_code
        for _ in range(services.MAX_TRIES)
    ]
    assert statuses == [400] * (services.MAX_TRIES - 2) + [429, 429]
    with app.app_context():
        member = db.session.execute(
            select(StaffMember).where(StaffMember.email == "pk@porsche.example")
        ).scalar_one()
        assert member.locked_until is not None
    assert client.get("/staff/").status_code == 303  # still not signed in
