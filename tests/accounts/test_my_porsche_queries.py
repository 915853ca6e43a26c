"""My Porsche asks each question once (issue #11, item 6): the features' sections and next
steps share what they read through ``porsche_web.hooks.once_per_page`` (the activations, the
data passes, the linkable and the confirmed orders), so no statement runs twice for one page,
and a new request asks again."""

from __future__ import annotations

from collections import Counter

from flask import g

from porsche_web.accounts.demo import DEMO_EMAIL, DEMO_PASSWORD
from porsche_web.hooks import current_hooks, once_per_page
from porsche_web.testing.helpers import post_form, sql_statements


def demo_customer(app):
    from porsche_web.extensions import db

    with app.app_context():
        current_hooks().demo_seed()
        db.session.commit()
    client = app.test_client()
    response = post_form(
        client,
        "/se/sv/account/login",
        {"email": DEMO_EMAIL, "password": DEMO_PASSWORD},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303
    return client


def test_my_porsche_runs_no_statement_twice(app):
    client = demo_customer(app)
    assert client.get("/se/sv/account/").status_code == 200
    with sql_statements(app) as seen:
        page = client.get("/se/sv/account/")
    assert page.status_code == 200
    runs = Counter((str(s), repr(s.parameters)) for s in seen)
    assert [statement for statement, count in runs.items() if count > 1] == []
    assert len(seen) <= 10, [str(s).split("\n")[0] for s in seen]


def test_once_per_page_asks_once_per_request_and_each_request_again(app):
    asked = []

    def question(number: int) -> list[int]:
        asked.append(number)
        return [number]

    with app.test_request_context("/se/sv/account/"):
        first = once_per_page(question, 1)
        assert once_per_page(question, 1) is first
        assert once_per_page(question, 2) == [2]
        assert "_once_per_page" in g
    with app.test_request_context("/se/sv/account/"):
        assert once_per_page(question, 1) == [1]
    assert asked == [1, 2, 1]
