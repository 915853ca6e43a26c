"""The Data Pass hand-off (F9, F18; issue #13, item 4): "waiting for registration" until the
provider confirms (its own key) or the customer marks it done; one reminder 7 days after the
activation, even when the job runs twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from porsche_web import clock
from porsche_web.datapass import services
from porsche_web.datapass.models import DataPassRegistration
from porsche_web.extensions import db
from porsche_web.testing.actions.activation import PASSWORD
from porsche_web.testing.helpers import csrf_token, outbox, post_form

VIN = "WP0ZZZY1ZTS000901"
PAGE = "/se/sv/account/data-pass"
PROVIDER = "Exempel Mobil AB"


@pytest.fixture
def activated(activation):
    assert activation.activate(vin=VIN).status_code == 303
    return activation


def provider_key(app, market="se", provider=PROVIDER):
    with app.app_context():
        _, key = services.create_api_key(market, provider)
        db.session.commit()
        return key


def confirm(client, key, vin=VIN, email="astrid@example.com", **extra):
    return client.post(
        "/api/v1/data-pass/registrations",
        json={"vin": vin, "email": email, **extra},
        headers={"Authorization": f"Bearer {key}"},
    )


def reminders(app, runner) -> str:
    result = runner.invoke(args=["datapass", "remind"])
    assert result.exit_code == 0, result.output
    return result.output


def test_waiting_until_the_provider_confirms(app, client, activated):
    html = client.get(PAGE).get_data(as_text=True)
    assert "Väntar på din registrering" in html
    assert 'href="https://' in html  # the provider's registration link
    home = client.get("/se/sv/account/").get_data(as_text=True)
    assert "väntar på din registrering" in home
    key = provider_key(app)
    response = confirm(client, key, vin=VIN.lower(), email="Astrid@Example.com")
    assert response.status_code == 200
    assert response.get_json() == {"order_number": "SE-200300", "registered": True, "changed": True}
    assert confirm(client, key).get_json()["changed"] is False
    html = client.get(PAGE).get_data(as_text=True)
    assert "Registrerat" in html and "bekräftat av Exempel Mobil AB" in html
    assert "Väntar på din registrering" not in html


def test_the_provider_reaches_only_its_own_data_passes(app, client, activated):
    other = provider_key(app, "se", "Another Mobile")
    assert confirm(client, other).status_code == 404
    german = provider_key(app, "de", PROVIDER)
    assert confirm(client, german).status_code == 404
    key = provider_key(app)
    assert confirm(client, key, email="eva@example.com").status_code == 404
    assert confirm(client, key, vin="WP0ZZZY1ZTS000999").status_code == 404
    assert confirm(client, "pdp_wrong").status_code == 401
    response = confirm(client, key, vin="")
    assert response.status_code == 422
    assert response.get_json()["error"] == "REGISTRATION_INVALID"
    assert confirm(client, key, order="x").status_code == 422
    assert "Väntar på din registrering" in client.get(PAGE).get_data(as_text=True)


def test_the_customer_marks_it_done(app, client, activated):
    response = post_form(client, f"{PAGE}/SE-200300/registered", {}, page=PAGE)
    assert response.status_code == 303
    html = client.get(PAGE).get_data(as_text=True)
    assert "Registrerat" in html and "bekräftat av" not in html
    # Twice: nothing more; the provider's confirmation later changes nothing.
    assert post_form(client, f"{PAGE}/SE-200300/registered", {}, page=PAGE).status_code == 303
    assert confirm(client, provider_key(app)).get_json()["changed"] is False
    with app.app_context():
        row = db.session.execute(select(DataPassRegistration)).scalar_one()
        assert row.registered_via == "customer"


def test_another_customer_cannot_mark_it(app, client, activated):
    other = app.test_client()
    activated.add_account("eva@example.com")
    post_form(other, "/se/sv/account/login", {"email": "eva@example.com", "password": PASSWORD})
    token = csrf_token(other, PAGE)
    response = other.post(f"{PAGE}/SE-200300/registered", data={"csrf_token": token})
    assert response.status_code == 404
    assert "SE-200300" not in other.get(PAGE).get_data(as_text=True)
    assert "Väntar på din registrering" in client.get(PAGE).get_data(as_text=True)


def test_one_reminder_after_seven_days(app, client, activated, runner):
    before = len(outbox(app, "email"))
    assert reminders(app, runner).startswith("0 ")
    with time_machine.travel(clock.now() + timedelta(days=6, hours=23)):
        assert reminders(app, runner).startswith("0 ")
    with time_machine.travel(clock.now() + timedelta(days=7, minutes=5)):
        assert reminders(app, runner).startswith("1 ")
        assert reminders(app, runner).startswith("0 ")  # the job runs again: nothing more
    mails = outbox(app, "email")[before:]
    assert len(mails) == 1
    assert mails[0].to_address == "astrid@example.com"
    assert mails[0].subject == "Ditt Data Pass väntar på din registrering"
    assert "/se/sv/account/data-pass" in mails[0].text_body
    with time_machine.travel(clock.now() + timedelta(days=20)):
        assert reminders(app, runner).startswith("0 ")


def test_no_reminder_once_registered(app, client, activated, runner):
    confirm(client, provider_key(app))
    before = len(outbox(app, "email"))
    with time_machine.travel(clock.now() + timedelta(days=8)):
        assert reminders(app, runner).startswith("0 ")
    assert len(outbox(app, "email")) == before


def test_no_data_pass_no_section(app, client, porsche_id):
    porsche_id.register_and_confirm()
    porsche_id.login()
    html = client.get(PAGE).get_data(as_text=True)
    assert "Du har inget Data Pass" in html
    assert "Ditt Data Pass" not in client.get("/se/sv/account/").get_data(as_text=True)


def test_english_and_the_deletion(app, client, activated):
    html = client.get("/se/en/account/data-pass").get_data(as_text=True)
    assert "Waiting for your registration" in html and "I have registered" in html
    post_form(client, f"{PAGE}/SE-200300/registered", {}, page=PAGE)
    with app.test_request_context("/se/sv/"):
        from porsche_web.accounts.models import Account
        from porsche_web.accounts.services.deletion import delete_account
        from porsche_web.hooks import current_hooks

        account = db.session.execute(select(Account)).scalar_one()
        assert len(current_hooks().personal_data_export(account)["data_pass_registrations"]) == 1
        delete_account(account)
        db.session.commit()
        assert db.session.execute(select(DataPassRegistration)).first() is None


def data_pass_consent(app) -> int:
    from porsche_web.activation.models import Consent

    with app.app_context():
        return db.session.execute(
            select(Consent.id).where(Consent.kind == "data_pass", Consent.withdrawn_at.is_(None))
        ).scalar_one()


def test_a_withdrawn_consent_stops_the_hand_off_until_given_again(app, client, activated, runner):
    """Issue #14, item 2: withdrawing the Data Pass transfer stops it: no registration link, no
    reminder, the provider's API no longer finds the customer; giving it again resumes it."""
    key = provider_key(app)
    privacy = "/se/sv/account/privacy"
    consent = data_pass_consent(app)
    assert (
        post_form(client, f"{privacy}/consents/{consent}/withdraw", {}, page=privacy).status_code
        == 303
    )
    assert "Väntar på din registrering" not in client.get(PAGE).get_data(as_text=True)
    assert "väntar på din registrering" not in client.get("/se/sv/account/").get_data(as_text=True)
    assert confirm(client, key).status_code == 404  # the provider learns nothing more
    before = len(outbox(app, "email"))
    with time_machine.travel(clock.now() + timedelta(days=8)):
        assert reminders(app, runner).startswith("0 ")
    assert len(outbox(app, "email")) == before
    token = csrf_token(client, PAGE)
    response = client.post(f"{PAGE}/SE-200300/registered", data={"csrf_token": token})
    assert response.status_code == 404
    give = f"{privacy}/consents/{consent}/give"
    assert post_form(client, give, {}, page=give).status_code == 303
    assert "Väntar på din registrering" in client.get(PAGE).get_data(as_text=True)
    assert confirm(client, key).status_code == 200


def test_the_provider_finds_each_data_pass_by_its_vin(app, client, activated):
    """Several customers' Data Passes: the callback looks the car up by its VIN (the orders'
    index, not a scan of every Data Pass) and answers as before, each order its own."""
    from porsche_web.testing.actions import ActivationActions
    from porsche_web.testing.helpers import query_plan, sql_statements

    cars = {"SE-200301": ("WP0ZZZY1ZTS000902", "eva"), "SE-200302": ("WP0ZZZY1ZTS000903", "bo")}
    for number, (vin, name) in cars.items():
        other = ActivationActions(app, app.test_client())
        email = f"{name}@example.com"
        other.use_link(other.make_order(number, vin=vin, email=email))
        other.walk_to_check(number, email=email)
        assert other.answer(number, "check", {}).status_code == 303
    key = provider_key(app)
    # another customer's e-mail address with this VIN: not found, nothing marked
    assert confirm(client, key, vin=VIN, email="eva@example.com").status_code == 404
    with app.app_context():
        row = services.find_api_key(key)
        with sql_statements() as seen:
            found = services.confirm_by_provider(
                row, " wp0zzzy1zts000902 ", "Eva@example.com", clock.now()
            )
        assert found == ("SE-200301", True)
        [lookup] = [s for s in seen if "data_pass_provider" in s and "FROM activations" in s]
        assert "orders.vin = " in lookup.split("WHERE", 1)[1]
        assert "ix_orders_vin" in query_plan(lookup)
        db.session.rollback()  # the API call below marks it
    for number, (vin, name) in cars.items():
        response = confirm(client, key, vin=vin, email=f"{name}@example.com")
        assert response.get_json() == {"order_number": number, "registered": True, "changed": True}
    response = confirm(client, key)
    assert response.get_json() == {"order_number": "SE-200300", "registered": True, "changed": True}
    with app.app_context():
        rows = db.session.execute(select(DataPassRegistration)).scalars().all()
        assert sorted(r.order_number for r in rows) == ["SE-200300", *cars]


def test_a_car_sold_before_the_registration_is_no_longer_the_sellers_data_pass(
    app, client, activated, runner
):
    """The car changed hands after the activation: the seller is neither asked to register,
    nor reminded, nor can mark it done."""
    from porsche_web.markets import CONTRACTS_END
    from porsche_web.vehicles import services as vehicles

    assert "Väntar på din registrering" in client.get(PAGE).get_data(as_text=True)
    with app.app_context():
        vehicle, _ = vehicles.provision(VIN, "taycan", 2026, "se")
        vehicles.release(vehicle, None, "staff", CONTRACTS_END, clock.now())
        db.session.commit()
    assert "SE-200300" not in client.get(PAGE).get_data(as_text=True)
    assert "väntar på din registrering" not in client.get("/se/sv/account/").get_data(as_text=True)
    before = len(outbox(app, "email"))
    with time_machine.travel(clock.now() + timedelta(days=8)):
        assert reminders(app, runner).startswith("0 ")
    assert len(outbox(app, "email")) == before
    response = post_form(client, f"{PAGE}/SE-200300/registered", {}, page=PAGE)
    assert response.status_code == 404
    assert confirm(client, provider_key(app)).status_code == 404  # nor the provider
