"""One error path for every htmx form (#19, item 2): a refused htmx request (400, 404, 429,
500) answers its status with a small localized fragment that site.js shows in place; after an
expired CSRF token the fragment carries a fresh token that the same form can be sent with."""

from __future__ import annotations

import re

import pytest
from flask import Blueprint

from porsche_web.testing.actions.activation import make_order, step_url, use_link
from porsche_web.testing.helpers import csrf_token

HX = {"HX-Request": "true", "Accept-Language": "sv"}
FRAGMENT_TOKEN = re.compile(r'data-csrf-token="([^"]+)"')


@pytest.fixture
def form_app(make_app):
    app = make_app()
    bp = Blueprint("htmx_errors_demo", __name__)

    @bp.post("/se/sv/demo-form")
    def demo_form():
        return "accepted"

    @bp.get("/se/sv/demo-boom")
    def demo_boom():
        raise RuntimeError("kaputt")

    app.register_blueprint(bp)
    return app


def test_an_expired_token_answers_a_fragment_with_a_fresh_token(form_app):
    client = form_app.test_client()
    client.get("/se/sv/")  # a session with its token
    response = client.post("/se/sv/demo-form", headers={**HX, "X-CSRFToken": "expired"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'data-htmx-error="400"' in html
    assert 'role="alert"' in html and "data-error-summary" in html
    assert "Sidan hade gått ut" in html  # localized
    token = FRAGMENT_TOKEN.search(html).group(1)
    again = client.post("/se/sv/demo-form", headers={**HX, "X-CSRFToken": token})
    assert again.status_code == 200 and again.get_data(as_text=True) == "accepted"


def test_without_htmx_the_expired_form_is_still_a_page(form_app):
    client = form_app.test_client()
    response = client.post("/se/sv/demo-form", headers={"Accept-Language": "sv"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<html" in html and "Formuläret har gått ut" in html
    assert "data-csrf-token" not in html


def test_not_found_and_server_errors_answer_fragments_to_htmx(form_app):
    client = form_app.test_client()
    missing = client.get("/se/sv/nowhere", headers=HX)
    assert missing.status_code == 404
    assert 'data-htmx-error="404"' in missing.get_data(as_text=True)
    boom = client.get("/se/sv/demo-boom", headers=HX)
    assert boom.status_code == 500
    html = boom.get_data(as_text=True)
    assert 'data-htmx-error="500"' in html and "kaputt" not in html
    assert "<html" not in html and "HX-Request" in boom.headers["Vary"]


def test_a_rate_limited_htmx_form_says_how_long_to_wait(app, client):
    use_link(client, make_order(app))
    url = step_url("SE-200300", "porsche-id")
    token = csrf_token(client, url)
    statuses = [
        client.post(url, headers={**HX, "X-CSRFToken": token}, data={}).status_code
        for _ in range(31)
    ]
    assert statuses[0] == 422 and statuses[-1] == 429
    response = client.post(url, headers={**HX, "X-CSRFToken": token}, data={})
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert 'data-htmx-error="429"' in html and "<html" not in html
    seconds = int(response.headers["Retry-After"])
    assert re.search(rf"Vänta {seconds} sekunder?\b", html), html


def test_a_rate_limited_step_leads_back_to_the_step(app, client):
    use_link(client, make_order(app))
    url = step_url("SE-200300", "porsche-id")
    token = csrf_token(client, url)
    for _ in range(31):
        response = client.post(url, data={"csrf_token": token}, headers={"Accept-Language": "sv"})
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert f'href="{url}"' in html  # back to the step, not only to the list of countries
    assert "Tillbaka till steget du var på" in html
