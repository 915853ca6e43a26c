"""Issue #20 item 11: a GET of the guided activation's Porsche ID step changes nothing; the
logged-in customer takes the order with a POST (CSRF-protected) from that page."""

from __future__ import annotations

from sqlalchemy import func, select

from porsche_web.activation.models import Activation
from porsche_web.audit.models import AuditEvent
from porsche_web.extensions import db
from porsche_web.testing.actions.activation import (
    PASSWORD,
    add_account,
    make_order,
    step_url,
    use_link,
)
from porsche_web.testing.helpers import csrf_token, post_form


def _counts(app) -> tuple[int, int]:
    with app.app_context():
        activations = db.session.execute(select(func.count(Activation.id))).scalar_one()
        events = db.session.execute(select(func.count(AuditEvent.id))).scalar_one()
        return activations, events


def _logged_in_with_link(app, client) -> str:
    add_account(app, "astrid@example.com")
    use_link(client, make_order(app))
    post_form(client, "/se/sv/account/login", {"email": "astrid@example.com", "password": PASSWORD})
    return step_url("SE-200300", "porsche-id")


def test_a_get_of_the_porsche_id_step_claims_nothing(app, client):
    step = _logged_in_with_link(app, client)
    before = _counts(app)
    for _ in range(2):
        response = client.get(step)
        assert response.status_code == 200
    assert _counts(app) == before == (0, before[1])
    html = response.get_data(as_text=True)
    assert 'method="post"' in html and f'action="{step}"' in html
    assert "astrid@example.com" in html
    # A HEAD (a link checker, a prefetch) changes nothing either.
    assert client.head(step).status_code == 200
    assert _counts(app) == before


def test_the_post_claims_the_order_and_goes_on(app, client):
    step = _logged_in_with_link(app, client)
    response = post_form(client, step, {})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/security-code")
    with app.app_context():
        [activation] = db.session.execute(select(Activation)).scalars().all()
        assert activation.order.order_number == "SE-200300"
    # Once claimed, the GET only sends on (no second row, no new audit event).
    before = _counts(app)
    assert client.get(step).headers["Location"].endswith("/security-code")
    assert _counts(app) == before


def test_the_claiming_post_needs_its_csrf_token(app, client):
    step = _logged_in_with_link(app, client)
    csrf_token(client, step)  # the page was seen; the token is not sent
    response = client.post(step, data={})
    assert response.status_code in (400, 422)
    assert _counts(app)[0] == 0
