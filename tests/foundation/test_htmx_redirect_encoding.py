"""``HX-Redirect`` is sent encoded, like ``Location`` (issue #20, item 8)."""

from __future__ import annotations

import pytest

from porsche_web import clock, htmx
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.models import Account
from porsche_web.extensions import db
from porsche_web.testing.helpers import csrf_token

PASSWORD = "a long and good password"


@pytest.mark.parametrize(
    "target, sent",
    [
        ("/se/sv/account/\u3000", "/se/sv/account/%E3%80%80"),
        ("/se/sv/store?model=taycan&year=2026", "/se/sv/store?model=taycan&year=2026"),
        ("/de/de/konto/größe", "/de/de/konto/gr%C3%B6%C3%9Fe"),
        ("/se/sv/a b", "/se/sv/a%20b"),
    ],
)
def test_both_redirect_headers_carry_an_encoded_uri(app, target, sent):
    with app.test_request_context("/", headers={"HX-Request": "true"}):
        response = htmx.redirect(target)
        assert response.status_code == 204 and response.headers["HX-Redirect"] == sent
    with app.test_request_context("/"):
        assert htmx.redirect(target).headers["Location"] == sent


def test_htmx_login_with_a_non_ascii_next_page_redirects(app):
    with app.app_context():
        db.session.add(
            Account(
                email="astrid@example.com",
                email_verified_at=clock.now(),
                given_name="Astrid",
                family_name="Exempel",
                country="se",
                market="se",
                language="sv",
                password_hash=hashing.hash_secret(PASSWORD),
            )
        )
        db.session.commit()
    client = app.test_client()
    url = "/se/sv/account/login?next=/se/sv/account/%E3%80%80"
    token = csrf_token(client, url)
    response = client.post(
        url,
        data={"csrf_token": token, "email": "astrid@example.com", "password": PASSWORD},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/se/sv/account/%E3%80%80"
    assert response.headers["HX-Redirect"].isascii()
