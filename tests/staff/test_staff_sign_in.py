"""The staff console's identities (issue #12, item 1): created by the CLI or invited by an
administrator, set up from a single-use link (password, authenticator, recovery codes), signed
in with a password and a second factor; TOTP codes are never accepted twice, recovery codes
work once, wrong tries lock the member (atomically), sessions end when idle, and staff and
customer sessions grant nothing on each other's pages."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from porsche_web import clock
from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.staff import services, totp
from porsche_web.staff.models import StaffMember
from porsche_web.testing.helpers import csrf_token, outbox, post_form

PASSWORD = "a staff password that is long"
LINK = re.compile(r"/staff/setup/([A-Za-z0-9_-]{43})")


def create_admin(runner, email="admin@porsche.example") -> str:
    result = runner.invoke(args=["staff", "create", "--email", email, "--name", "Ada Admin"])
    assert result.exit_code == 0, result.output
    return LINK.search(result.output).group(1)


def member(app, email="admin@porsche.example") -> StaffMember:
    with app.app_context():
        row = db.session.execute(select(StaffMember).where(StaffMember.email == email)).scalar_one()
        db.session.expunge(row)
        return row


def secret_of(app, email="admin@porsche.example") -> str:
    with app.app_context():
        return totp.unseal(member(app, email).totp_secret)


def set_up(app, client, token: str, email="admin@porsche.example") -> list[str]:
    """Password, authenticator and recovery codes through the pages; returns the codes."""
    url = f"/staff/setup/{token}"
    response = post_form(client, url, {"password": PASSWORD, "repeat": PASSWORD})
    assert response.status_code == 303 and response.headers["Location"].endswith("/staff/enrol")
    page = client.get("/staff/enrol").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page
    code = totp.code_at(secret_of(app, email))
    response = post_form(client, "/staff/enrol", {"code": code})
    assert response.status_code == 200
    return re.findall(r"<code>([A-Z2-9]{5}-[A-Z2-9]{5})</code>", response.get_data(as_text=True))


def sign_in(client, email="admin@porsche.example", password=PASSWORD):
    return post_form(client, "/staff/login", {"email": email, "password": password})


@pytest.fixture
def admin(app, client, runner):
    codes = set_up(app, client, create_admin(runner))
    post_form(client, "/staff/logout", {}, page="/staff/")
    return codes


def test_the_first_administrator_sets_up_and_signs_in(app, client, runner, admin):
    assert len(admin) == 10
    assert client.get("/staff/").status_code == 303  # signed out
    response = sign_in(client)
    assert response.headers["Location"].endswith("/staff/login/code")
    assert client.get("/staff/").status_code == 303  # the password alone is not enough
    with time_machine.travel(clock.now() + timedelta(seconds=31)):
        code = totp.code_at(secret_of(app))
        response = post_form(client, "/staff/login/code", {"code": code})
        assert response.headers["Location"].endswith("/staff/")
        assert "Ada Admin" in client.get("/staff/").get_data(as_text=True)
    with app.app_context():
        actions = set(db.session.execute(select(AuditEvent.action)).scalars())
    assert {"staff.created", "staff.enrolled", "staff.signed_in"} <= actions


def test_a_totp_code_is_never_accepted_twice(app, client, admin):
    with time_machine.travel(clock.now() + timedelta(seconds=31)):
        code = totp.code_at(secret_of(app))
        sign_in(client)
        first = post_form(client, "/staff/login/code", {"code": code})
        assert first.status_code == 303 and first.headers["Location"].endswith("/staff/")
        other = app.test_client()
        sign_in(other)
        response = post_form(other, "/staff/login/code", {"code": code})
        assert response.status_code == 422
        assert "wrong or was used already" in response.get_data(as_text=True)


def test_a_recovery_code_works_once(app, client, admin):
    sign_in(client)
    assert post_form(client, "/staff/login/code", {"code": admin[0].lower()}).status_code == 303
    other = app.test_client()
    sign_in(other)
    assert post_form(other, "/staff/login/code", {"code": admin[0]}).status_code == 422


def test_wrong_passwords_lock_the_member_and_the_lock_holds(app, client, admin):
    for _ in range(services.MAX_TRIES):
        assert sign_in(client, password="wrong " * 3).status_code == 422
    response = sign_in(client)  # the right password during the lock
    assert response.status_code == 422
    assert client.get("/staff/login/code").status_code == 303
    with time_machine.travel(clock.now() + services.LOCK_FOR + timedelta(seconds=1)):
        assert sign_in(client).headers["Location"].endswith("/staff/login/code")


def test_concurrent_wrong_tries_are_all_counted(app, admin):
    barrier = threading.Barrier(8)
    results = []

    def try_once():
        with app.app_context():
            barrier.wait()
            try:
                services.check_password("admin@porsche.example", "wrong " * 3)
            except services.Locked:
                results.append("locked")
            except services.WrongCredentials:
                results.append("wrong")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=try_once) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(results) == 8
    assert results.count("wrong") == services.MAX_TRIES - 1
    with app.app_context():
        assert member(app).locked_until is not None
        with pytest.raises(services.Locked):
            services.check_password("admin@porsche.example", PASSWORD)


def test_an_idle_session_ends(app, client, admin):
    sign_in(client)
    post_form(client, "/staff/login/code", {"code": admin[1]})
    assert client.get("/staff/").status_code == 200
    with time_machine.travel(clock.now() + timedelta(minutes=16)):
        assert client.get("/staff/").status_code == 303


def test_staff_and_customers_grant_nothing_on_each_other_s_pages(app, client, admin, porsche_id):
    sign_in(client)
    post_form(client, "/staff/login/code", {"code": admin[2]})
    assert client.get("/se/sv/account/").status_code == 303  # no Porsche ID from a staff sign-in
    customer = app.test_client()
    porsche_id.client = customer
    porsche_id.register_and_confirm()
    porsche_id.login()
    assert customer.get("/se/sv/account/").status_code == 200
    assert customer.get("/staff/").status_code == 303


def test_an_administrator_invites_and_the_link_works_once(app, client, admin):
    sign_in(client)
    post_form(client, "/staff/login/code", {"code": admin[3]})
    data = {
        "name": "Cecilia Centre",
        "email": "cecilia@centre.example",
        "role": "centre",
        "markets": "se",
        "partners": "se-malmo",
    }
    assert post_form(client, "/staff/people", data).status_code == 303
    assert post_form(client, "/staff/people", data).status_code == 422  # exists already
    mail = [m for m in outbox(app, "email") if m.to_address == "cecilia@centre.example"]
    assert len(mail) == 1
    token = LINK.search(mail[0].text_body).group(1)
    newcomer = app.test_client()
    set_up(app, newcomer, token, "cecilia@centre.example")
    assert newcomer.get(f"/staff/setup/{token}").status_code == 404  # used
    assert newcomer.get("/staff/people").status_code == 404  # not an administrator
    assert member(app, "cecilia@centre.example").partners == ["se-malmo"]


def test_bad_input_is_answered_with_messages(app, client, admin):
    response = post_form(client, "/staff/login", {"email": "", "password": ""})
    assert response.status_code == 422 and "error-summary" in response.get_data(as_text=True)
    assert client.get("/staff/setup/" + "x" * 43).status_code == 404
    assert client.get("/staff/login/code").status_code == 303
    token = csrf_token(client, "/staff/login")
    response = client.post("/staff/login", data={"csrf_token": token, "email": "a" * 500})
    assert response.status_code == 422


def test_the_console_speaks_swedish_and_german(client):
    sv = client.get("/staff/login", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Logga in i personalkonsolen" in sv
    de = client.get("/staff/login", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Bei der Mitarbeiterkonsole anmelden" in de


def test_an_invitation_gives_only_a_scope_that_fits_the_role(app, client, admin):
    sign_in(client)
    post_form(client, "/staff/login/code", {"code": admin[4]})
    base = {"name": "Someone", "email": "someone@porsche.example"}
    refused = (
        ({"role": "centre", "markets": "se,de", "partners": "se-malmo"}, "one market"),
        ({"role": "centre", "markets": "", "partners": "se-malmo"}, "one market"),
        ({"role": "centre", "markets": "se", "partners": ""}, "of that market"),
        ({"role": "centre", "markets": "se", "partners": "se-malmo,de-stuttgart"}, "that market"),
        ({"role": "centre", "markets": "zz", "partners": "zz-1"}, "markets this site serves"),
        ({"role": "service", "markets": "", "partners": ""}, "markets this site serves"),
        ({"role": "service", "markets": "se,xx", "partners": ""}, "markets this site serves"),
    )
    for data, message in refused:
        response = post_form(client, "/staff/people", base | data)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
    assert [m for m in outbox(app, "email") if m.to_address == "someone@porsche.example"] == []
    data = base | {"role": "service", "markets": "se,no", "partners": "se-malmo"}
    assert post_form(client, "/staff/people", data).status_code == 303
    invited = member(app, "someone@porsche.example")
    assert (invited.markets, invited.partners) == (["no", "se"], [])  # no Centres for service


def test_signing_in_has_its_own_rate_limit(app, client):
    """Ten sign-in attempts a minute per visitor (besides the member's lockout, which an unknown
    address never reaches)."""
    statuses = [
        sign_in(client, email="nobody@porsche.example", password="wrong " * 3).status_code
        for _ in range(11)
    ]
    assert statuses == [422] * 10 + [429]
    assert "Retry-After" in sign_in(client, email="nobody@porsche.example").headers
    with time_machine.travel(clock.now() + timedelta(minutes=1, seconds=1)):
        assert sign_in(client, email="nobody@porsche.example").status_code == 422
