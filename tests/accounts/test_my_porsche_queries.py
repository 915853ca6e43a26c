"""My Porsche asks each question once (issue #11, item 6): the features' sections and next
steps share what they read through ``porsche_web.hooks.once_per_page`` (the customer's
activations with their orders, read in one statement by ``contracts.activations_of_account``
for the activation, the cars, the Charging Service, Track your Dream and the Data Pass; the
linked cars), so no statement runs twice for one page, and a new request asks again."""

from __future__ import annotations

import re
from collections import Counter

from flask import g

from porsche_web.accounts.demo import DEMO_EMAIL, DEMO_PASSWORD
from porsche_web.hooks import current_hooks, once_per_page, render_section
from porsche_web.testing.actions.vehicles import link_car
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


#: The CSRF token of a page, signed with the second it was made in (htmx's header, the forms).
CSRF_TOKEN = re.compile(r'(X-CSRFToken&#34;: &#34;|name="csrf_token"[^>]*?value=")[^&"]+')


def without_tokens(html: str) -> str:
    """``html`` without its CSRF tokens: two requests a second apart sign them differently."""
    return CSRF_TOKEN.sub(r"\1T", html)


def main_table(sql: str) -> str:
    """The first table of a statement's own FROM (not of a subquery in it)."""
    depth = 0
    for index, char in enumerate(sql):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and sql.startswith("\nFROM ", index):
            return sql[index + 6 :].split()[0]
    return ""


def test_my_porsche_runs_no_statement_twice(app):
    client = demo_customer(app)
    assert client.get("/se/sv/account/").status_code == 200
    with sql_statements(app) as seen:
        page = client.get("/se/sv/account/")
    assert page.status_code == 200
    runs = Counter((str(s), repr(s.parameters)) for s in seen)
    assert [statement for statement, count in runs.items() if count > 1] == []
    # the session with its account (one statement), the customer's activations (one statement
    # for five features), the linked cars, a waiting sale, the cars shared with the customer
    assert len(seen) <= 5, [str(s).split("\n")[0] for s in seen]
    assert [s for s in seen if main_table(str(s)) == "accounts"] == []


def test_my_porsche_of_a_customer_with_an_activated_and_linked_car(app, client, activation):
    """The same with something in every section: a confirmed activation of an electric car
    with the Data Pass and the Charging Service, its car linked."""
    assert activation.activate(vin="WP0ZZZY1ZTS000111").status_code == 303
    link_car(client)
    client.get("/se/sv/account/")  # shows the flash message of the link once
    first = client.get("/se/sv/account/").get_data(as_text=True)
    with sql_statements(app) as seen:
        page = client.get("/se/sv/account/")
    assert page.get_data(as_text=True) == first
    assert "SE-200300" in first  # the activation's section
    runs = Counter((str(s), repr(s.parameters)) for s in seen)
    assert [statement for statement, count in runs.items() if count > 1] == []
    # the customer's activations are read once, for every section
    activations = [s for s in seen if main_table(str(s)) == "activations"]
    assert len(activations) == 1, [str(s).split("\n")[0] for s in activations]
    # the five above, the Data Pass's registration, whether the car changed hands, its
    # charging contract and card, and the order whose invitation link this browser used
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


def test_the_sections_render_as_render_template_renders_them(app, client, activation, monkeypatch):
    """``hooks.render_section`` (the globals and context processors gathered once per page,
    the templates rendered in a shared context) gives the page ``render_template`` gives."""
    import importlib

    from flask import render_template

    assert activation.activate(vin="WP0ZZZY1ZTS000111").status_code == 303
    link_car(client)
    client.get("/se/sv/account/")  # shows the flash message of the link once
    page = client.get("/se/sv/account/").get_data(as_text=True)
    features = [
        "activation.wizard.my_porsche",
        "charging.hooks",
        "tracking.hooks",
        "privacy.hooks",
        "subscriptions.hooks",
        "vehicles.views",
        "sale.views",
        "people.views",
        "datapass.hooks",
    ]
    for name in features:
        module = importlib.import_module(f"porsche_web.{name}")
        assert module.render_section is render_section
        monkeypatch.setattr(module, "render_section", render_template)
    assert without_tokens(client.get("/se/sv/account/").get_data(as_text=True)) == without_tokens(
        page
    )
    for needle in ("SE-200300", "Data Pass", "Porsche Charging Service", "Track your Dream"):
        assert needle in page, needle
