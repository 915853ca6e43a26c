"""Another customer's activation, invoice address or consent answers 404 and leaves a security
event (issue #20, item 15): the asking account, the kind of object and the path, nothing of the
other customer, at most once a minute per account and kind."""

from __future__ import annotations

from sqlalchemy import select

from porsche_web.accounts.models import Account
from porsche_web.activation.models import BillingAddress, Consent
from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.testing.actions.activation import (
    SECURITY_CODE,
    answer,
    make_order,
    register,
    step_url,
    use_link,
    verify_phone,
    walk_to_check,
)
from porsche_web.testing.helpers import csrf_token

ORDER = "SE-200300"


def walk_to_invoice(app, client, number: str, email: str) -> None:
    """Another customer's own activation, up to the invoice step."""
    assert register(client, number, email=email).headers["Location"].endswith("/phone")
    assert verify_phone(app, client, number).headers["Location"].endswith("/security-code")
    answer(client, number, "security-code", {"code": SECURITY_CODE, "repeat": SECURITY_CODE})
    answer(client, number, "services", {"services": ["nc_destsync_v1", "rlu_v1"]})
    provider = "Exempel Mobil AB"
    answer(client, number, "data-pass", {"choice": provider, "consent": "y"})
    answer(client, number, "charging", {"plan": "pcs_plus"})
    response = answer(client, number, "partner", {"partner": "se-malmo", "consent": "y"})
    assert response.headers["Location"].endswith("/invoice"), response.headers["Location"]


def events(app) -> list[tuple[str, str, dict]]:
    with app.app_context():
        rows = db.session.execute(
            select(AuditEvent)
            .where(AuditEvent.action.like("access.foreign.%"))
            .order_by(AuditEvent.id)
        ).scalars()
        return [(row.actor, row.action, row.details) for row in rows]


def test_another_customers_activation_address_and_consent_are_security_events(app, client):
    use_link(client, make_order(app))
    walk_to_check(app, client, ORDER)
    answer(client, ORDER, "check", {})  # confirmed: the consents are given
    with app.app_context():
        address_id = db.session.execute(select(BillingAddress.id)).scalar()
        consent_id = db.session.execute(select(Consent.id)).scalar()
    stranger = app.test_client()
    use_link(stranger, make_order(app, "SE-300402", email="eve@example.com"))
    walk_to_invoice(app, stranger, "SE-300402", email="eve@example.com")
    with app.app_context():
        eve = db.session.execute(
            select(Account.id).where(Account.email == "eve@example.com")
        ).scalar_one()

    assert stranger.get(step_url(ORDER, "check")).status_code == 404
    assert stranger.get(f"/se/sv/activate/orders/{ORDER}/next-steps").status_code == 404
    assert consent_id is not None
    own_order_address = f"/se/sv/activate/orders/SE-300402/invoice/address/{address_id}"
    assert stranger.get(own_order_address).status_code == 404
    token = csrf_token(stranger, "/se/sv/")
    withdraw = f"/se/sv/activate/orders/SE-300402/consents/{consent_id}/withdraw"
    assert stranger.post(withdraw, data={"csrf_token": token}).status_code == 404

    actor = f"account:{eve}"
    assert events(app) == [
        (actor, "access.foreign.activation", {"path": step_url(ORDER, "check")}),
        (actor, "access.foreign.address", {"path": own_order_address}),
        (actor, "access.foreign.consent", {"path": withdraw}),
    ]
    # The owner asking for her own things leaves nothing.
    assert client.get(f"/se/sv/activate/orders/{ORDER}/next-steps").status_code == 200
    assert len(events(app)) == 3
