"""Track your Dream (F19; issue #13, item 3): milestones from the dealer API scoped to the
Centre's key, repeated and out of order; the timeline for the order's owner only; the opt-in
e-mail per milestone; markets without it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from porsche_web import clock
from porsche_web.activation.models import CONFIRMED, Activation
from porsche_web.extensions import db
from porsche_web.orders import services as orders
from porsche_web.orders.models import Order
from porsche_web.testing.actions.activation import PASSWORD
from porsche_web.testing.helpers import csrf_token, outbox, post_form

NUMBER = "SE-200300"
PAGE = f"/se/sv/account/orders/{NUMBER}/track"


def key_of(app, market="se", partner="se-goteborg"):
    with app.app_context():
        _, key = orders.create_api_key(market, partner)
        db.session.commit()
        return key


def patch(client, key, status, when, number=NUMBER, **extra):
    return client.patch(
        f"/api/v1/orders/{number}",
        json={"status": status, "timestamp": when.isoformat(), **extra},
        headers={"Authorization": f"Bearer {key}"},
    )


def ago(days: int) -> datetime:
    return (clock.now() - timedelta(days=days)).replace(microsecond=0)


@pytest.fixture
def activated(activation):
    assert activation.activate().status_code == 303
    return activation


def test_milestones_from_the_centres_key_make_the_timeline(app, client, activated):
    key = key_of(app)
    confirmed = ago(30)
    response = patch(client, key, "order_confirmed", confirmed)
    assert response.status_code == 200
    body = response.get_json()
    assert (body["changed"], body["current"]) == (True, "order_confirmed")
    # Repeated: nothing changes.
    again = patch(client, key, "order_confirmed", confirmed).get_json()
    assert again["changed"] is False
    # Out of order: "in transit" arrives before "in production".
    assert patch(client, key, "in_transit", ago(2)).get_json()["current"] == "in_transit"
    late = patch(client, key, "in_production", ago(20)).get_json()
    assert (late["changed"], late["current"]) == (True, "in_transit")
    html = client.get(PAGE).get_data(as_text=True)
    assert 'id="milestone-in_transit" aria-current="step"' in html
    assert "timeline-done" in html and "timeline-passed" in html  # "produced" was skipped
    assert html.index("Beställningen bekräftad") < html.index("I produktion") < html.index("På väg")
    assert "kommer senare" in html  # at the centre, handed over


def test_a_corrected_time_replaces_the_earlier_one(app, client, activated):
    key = key_of(app)
    patch(client, key, "produced", ago(5))
    corrected = patch(client, key, "produced", ago(4)).get_json()
    assert corrected["changed"] is True
    assert corrected["timestamp"].startswith(ago(4).astimezone(UTC).isoformat()[:16])


def test_another_centres_key_does_not_reach_the_order(app, client, activated):
    other = key_of(app, "se", "se-malmo")
    response = patch(client, other, "in_production", ago(1))
    assert response.status_code == 404
    assert response.get_json()["error"] == "ORDER_NOT_FOUND"
    assert patch(client, "pwd_nothing", "in_production", ago(1)).status_code == 401
    assert patch(client, other, "in_production", ago(1), number="SE-404").status_code == 404


def test_bad_milestones_are_refused(app, client, activated):
    key = key_of(app)
    response = patch(client, key, "painted", ago(1))
    assert response.status_code == 422
    assert response.get_json()["error"] == "MILESTONE_INVALID"
    assert "status" in response.get_json()["errors"]
    assert patch(client, key, "produced", clock.now() + timedelta(days=1)).status_code == 422
    response = client.patch(
        f"/api/v1/orders/{NUMBER}",
        json={"status": "produced", "timestamp": "2026-11-01T10:00:00"},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 422
    assert patch(client, key, "produced", ago(1), extra=1).status_code == 422


def test_the_delivery_date_and_the_invitation_day_stay(app, client, activated):
    """F4: the milestones never move the planned delivery the invitation is reckoned from."""
    with app.app_context():
        planned = db.session.execute(select(Order.planned_delivery)).scalar_one()
    key = key_of(app)
    for milestone in ("order_confirmed", "in_production", "at_centre"):
        assert patch(client, key, milestone, ago(1)).status_code == 200
    with app.app_context():
        assert db.session.execute(select(Order.planned_delivery)).scalar_one() == planned


def test_the_invitation_still_goes_14_days_before_delivery_after_milestones(app, client, runner):
    """F4 keeps working from the delivery date: milestones reported for an order whose customer
    has not been invited yet (even "arrived at the Centre") do not send, move or hold back the
    invitation."""
    delivery = clock.now().date() + timedelta(days=60)
    raw = {
        "order_number": "SE-200400",
        "market": "se",
        "partner_id": "se-goteborg",
        "customer": {
            "given_name": "Astrid",
            "family_name": "Exempel",
            "email": "astrid@example.com",
            "language": "sv",
        },
        "vehicle": {"model": "taycan", "model_year": 2026, "commission_number": "SE12345"},
        "planned_delivery": delivery.isoformat(),
    }
    with app.app_context():
        orders.save_order(orders.validate_order(raw))
        db.session.commit()
    key = key_of(app)
    for milestone in ("order_confirmed", "in_production", "produced", "in_transit", "at_centre"):
        assert patch(client, key, milestone, ago(1), number="SE-200400").status_code == 200
    assert outbox(app, "email") == []

    def send_due(day) -> str:
        moment = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
        with time_machine.travel(moment, tick=False):
            result = runner.invoke(args=["invitations", "send-due"])
        assert result.exit_code == 0, result.output
        return result.output

    assert "0 invitation(s) queued" in send_due(delivery - timedelta(days=15))
    assert "1 invitation(s) queued" in send_due(delivery - timedelta(days=14))
    [mail] = outbox(app, "email")
    assert mail.to_address == "astrid@example.com" and "/se/sv/activate/" in mail.text_body


def test_only_the_orders_owner_sees_its_timeline(app, client, activated):
    assert client.get(PAGE).status_code == 200
    other = app.test_client()
    activated.add_account("eva@example.com")
    post_form(other, "/se/sv/account/login", {"email": "eva@example.com", "password": PASSWORD})
    assert other.get(PAGE).status_code == 404
    token = csrf_token(other, "/se/sv/account/")
    response = other.post(f"{PAGE}/emails", data={"csrf_token": token, "emails": "on"})
    assert response.status_code == 404
    assert other.get("/se/sv/account/orders/SE-404/track").status_code == 404


def test_an_email_at_each_new_milestone_once_opted_in(app, client, activated):
    key = key_of(app)
    patch(client, key, "order_confirmed", ago(10))
    before = len(outbox(app, "email"))
    response = post_form(client, f"{PAGE}/emails", {"emails": "on"}, page=PAGE)
    assert response.status_code == 303
    assert "Sluta skicka e-post" in client.get(PAGE).get_data(as_text=True)
    in_production = ago(3)
    patch(client, key, "in_production", in_production)
    mails = outbox(app, "email")[before:]
    assert len(mails) == 1
    assert "I produktion" in mails[0].subject
    assert f"/se/sv/account/orders/{NUMBER}/track" in mails[0].text_body
    # Repeated, or an earlier milestone reported late: no e-mail.
    assert patch(client, key, "in_production", in_production).get_json()["changed"] is False
    patch(client, key, "order_confirmed", ago(11))
    assert len(outbox(app, "email")[before:]) == 1
    # Opted out: no more.
    post_form(client, f"{PAGE}/emails", {}, page=PAGE)
    patch(client, key, "produced", ago(1))
    assert len(outbox(app, "email")[before:]) == 1


def test_without_opt_in_no_email(app, client, activated):
    key = key_of(app)
    before = len(outbox(app, "email"))
    patch(client, key, "in_production", ago(3))
    assert len(outbox(app, "email")) == before


def test_a_market_without_it_says_so(app, client, activation):
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
                order_id=order.id, account_id=account_id, status=CONFIRMED, confirmed_at=clock.now()
            )
        )
        db.session.commit()
    key = key_of(app, "dk", "dk-copenhagen")
    response = patch(client, key, "in_production", ago(1), number="DK-1")
    assert response.status_code == 409
    assert response.get_json()["error"] == "TRACKING_NOT_OFFERED"
    login = {"email": "nils@example.com", "password": PASSWORD}
    assert post_form(client, "/dk/en/account/login", login).status_code == 303
    html = client.get("/dk/en/account/orders/DK-1/track").get_data(as_text=True)
    assert "Track your Dream is not offered in Denmark" in html
    assert "not offered in Denmark" in client.get("/dk/en/account/").get_data(as_text=True)


def test_my_porsche_links_the_timeline_and_english(app, client, activated):
    home = client.get("/se/sv/account/").get_data(as_text=True)
    assert f'href="{PAGE}"' in home
    key = key_of(app)
    patch(client, key, "in_production", ago(1))
    html = client.get(f"/se/en/account/orders/{NUMBER}/track").get_data(as_text=True)
    assert "In production" in html and "where your car is now" in html


def test_the_wish_goes_with_the_porsche_id(app, client, activated):
    post_form(client, f"{PAGE}/emails", {"emails": "on"}, page=PAGE)
    with app.test_request_context("/se/sv/"):
        from porsche_web.accounts.models import Account
        from porsche_web.accounts.services.deletion import delete_account
        from porsche_web.hooks import current_hooks
        from porsche_web.tracking.models import MilestoneSubscription

        account = db.session.execute(select(Account)).scalar_one()
        exported = current_hooks().personal_data_export(account)
        assert len(exported["milestone_subscriptions"]) == 1
        delete_account(account)
        db.session.commit()
        assert db.session.execute(select(MilestoneSubscription)).first() is None


def test_the_milestone_email_is_sent_outside_a_request(app, client, activated):
    """A milestone recorded by a CLI command or the scheduler (no request) e-mails the same
    absolute link to the timeline as one reported through the dealer API."""
    from porsche_web.tracking import services as tracking

    key = key_of(app)
    patch(client, key, "order_confirmed", ago(10))
    post_form(client, f"{PAGE}/emails", {"emails": "on"}, page=PAGE)
    before = len(outbox(app, "email"))
    with app.app_context():
        order = db.session.execute(select(Order).where(Order.order_number == NUMBER)).scalar_one()
        assert tracking.record(order, "in_production", ago(3), clock.now()).changed
        db.session.commit()
    [mail] = outbox(app, "email")[before:]
    assert "I produktion" in mail.subject
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    assert f"{base}/se/sv/account/orders/{NUMBER}/track" in mail.text_body
