"""The dealer API's "send a new invitation" (issue #12, item 4): the key's own Centre only, a
corrected e-mail address, once on a repeated request, not for the e-mail of an activated order."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.orders import services
from porsche_web.testing.helpers import outbox


@pytest.fixture
def keys(app):
    with app.app_context():
        _, goteborg = services.create_api_key("se", "se-goteborg")
        _, malmo = services.create_api_key("se", "se-malmo")
        db.session.commit()
    return {"goteborg": goteborg, "malmo": malmo}


def resend(client, key, number="SE-200300", **body):
    return client.post(
        f"/api/v1/orders/{number}/invitation",
        json=body or None,
        headers={"Authorization": f"Bearer {key}"},
    )


def test_a_new_invitation_to_a_corrected_address(app, client, activation, keys):
    activation.make_order()
    response = resend(client, keys["goteborg"], email="astrid.ny@example.com")
    assert response.status_code == 202
    assert response.get_json() == {
        "order_number": "SE-200300",
        "email": "astrid.ny@example.com",
        "sent": True,
    }
    again = resend(client, keys["goteborg"], email="astrid.ny@example.com")
    assert again.status_code == 202 and again.get_json()["sent"] is False
    assert len([m for m in outbox(app, "email") if m.to_address == "astrid.ny@example.com"]) == 1
    with app.app_context():
        actions = list(db.session.execute(select(AuditEvent.action)).scalars())
    assert actions.count("dealer_api.invitation_resent") == 1


def test_another_centre_and_unknown_numbers_are_not_found(client, activation, keys):
    activation.make_order()
    response = resend(client, keys["malmo"])
    assert response.status_code == 404 and response.get_json()["error"] == "ORDER_NOT_FOUND"
    assert resend(client, keys["goteborg"], number="SE-999999").status_code == 404
    assert resend(client, "wrong").status_code == 401


def test_bad_bodies_are_refused(client, activation, keys):
    activation.make_order()
    assert resend(client, keys["goteborg"], email="not-an-address").status_code == 422
    response = resend(client, keys["goteborg"], email="a@example.com", other=1)
    assert response.get_json()["errors"] == {"other": "is not a field of this request"}
    response = client.post(
        "/api/v1/orders/SE-200300/invitation",
        data="[1, 2]",
        headers={"Authorization": f"Bearer {keys['goteborg']}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400


def test_the_address_of_an_activated_order_is_fixed(client, activation, keys):
    activation.activate()
    response = resend(client, keys["goteborg"], email="someone.else@example.com")
    assert response.status_code == 409 and response.get_json()["error"] == "ORDER_ACTIVATED"
