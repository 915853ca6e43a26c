"""The security baseline: headers everywhere, CSRF (plain and htmx), cookies, hosts, sizes."""

from __future__ import annotations

import re

import pytest
from flask import Blueprint

from porsche_web.security import CONTENT_SECURITY_POLICY
from porsche_web.testing.helpers import PRODUCTION_SETTINGS

REQUIRED = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}


def assert_security_headers(response, token_page=False):
    for name, value in REQUIRED.items():
        if token_page and name == "Referrer-Policy":
            value = "no-referrer"  # pages with a token in the URL leak nothing (SECURITY.md)
        assert response.headers.get(name) == value, name
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for directive in (
        "default-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ):
        assert directive in csp


def sample_urls(app):
    """Every GET route of the app, with sample arguments."""
    samples = {
        "country": "se",
        "lang": "sv",
        "filename": "css/site.css",
        "token": "t" * 43,
        "number": "SE-1",
        "step": "services",
        "address_id": "1",
        "vehicle_id": "1",
        "person_id": "1",
        "command_id": "1",
        "consent_id": "1",
        "export_id": "1",
        "staff_id": "1",
        "card_id": "1",
        "contract_id": "1",
        "extension_id": "1",
        "invoice_id": "1",
        "vin": "WP0ZZZY1ZTS000101",
        "release_id": "1",
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        url = rule.rule
        for argument in rule.arguments:
            url = re.sub(rf"<(?:[a-z]+:)?{argument}>", samples[argument], url)
        urls.append(url)
    return urls


def test_every_route_sends_the_security_headers(app, client):
    urls = sample_urls(app)
    assert "/se/sv/" in urls and "/healthz" in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        assert_security_headers(response, token_page="/" + "t" * 43 in url)


@pytest.fixture
def trouble_app(make_app):
    app = make_app()
    bp = Blueprint("trouble", __name__)

    @bp.get("/boom")
    def boom():
        raise RuntimeError("kaputt")

    @bp.post("/form")
    def form():
        return "accepted"

    app.register_blueprint(bp)
    return app


def test_errors_send_the_security_headers_and_a_localized_page(trouble_app):
    client = trouble_app.test_client()
    for url, status in [("/boom", 500), ("/nowhere", 404), ("/xx/sv/", 404)]:
        response = client.get(url, headers={"Accept-Language": "sv"})
        assert response.status_code == status
        assert_security_headers(response)
    page = client.get("/boom", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Något gick fel" in page and "kaputt" not in page
    response = client.put("/se/sv/")
    assert response.status_code == 405
    assert_security_headers(response)


def test_fragments_carry_the_headers(client):
    response = client.get("/se/sv/", headers={"HX-Request": "true"})
    assert_security_headers(response)


def csrf_token_of(client, url="/se/sv/"):
    page = client.get(url).get_data(as_text=True)
    return re.search(r"X-CSRFToken&#34;: &#34;([^&]+)&#34;", page).group(1)


def test_a_post_without_csrf_token_gets_the_form_expired_page(trouble_app):
    client = trouble_app.test_client()
    response = client.post("/form", headers={"Accept-Language": "sv"})
    assert response.status_code == 400
    assert "Formuläret har gått ut" in response.get_data(as_text=True)
    assert_security_headers(response)


def test_csrf_token_from_the_page_header_is_accepted_for_htmx_and_plain_posts(trouble_app):
    client = trouble_app.test_client()
    token = csrf_token_of(client)
    assert (
        client.post("/form", headers={"X-CSRFToken": token, "HX-Request": "true"}).status_code
        == 200
    )
    assert client.post("/form", data={"csrf_token": token}).status_code == 200
    assert client.post("/form", headers={"X-CSRFToken": "forged"}).status_code == 400


def test_an_untrusted_host_is_refused(client):
    response = client.get("/se/sv/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert_security_headers(response)


def test_production_trusts_only_its_configured_hosts(make_app):
    app = make_app(PRODUCTION_SETTINGS)
    client = app.test_client()
    ok = client.get("/se/sv/", base_url="https://my.porsche.example")
    assert ok.status_code == 200
    assert ok.headers["Strict-Transport-Security"].startswith("max-age=")
    assert client.get("/se/sv/", base_url="https://localhost").status_code == 400


def test_bodies_over_the_limit_are_refused(trouble_app):
    client = trouble_app.test_client()
    response = client.post("/form", data="x" * (trouble_app.config["MAX_CONTENT_LENGTH"] + 1))
    assert response.status_code == 413
    assert_security_headers(response)


def test_the_session_cookie_is_locked_down_in_production(make_app):
    app = make_app(PRODUCTION_SETTINGS)
    client = app.test_client()
    # A cookie-less GET sets no cookie (issue #11); something to remember does.
    client.get("/se/sv/", base_url="https://my.porsche.example")
    assert client.get_cookie("__Host-pw_session", domain="my.porsche.example") is None
    with client.session_transaction(base_url="https://my.porsche.example") as session:
        session["remember"] = "this"
    cookie = client.get_cookie("__Host-pw_session", domain="my.porsche.example")
    assert cookie is not None
    assert cookie.secure and cookie.http_only and cookie.same_site == "Lax" and cookie.path == "/"


def test_no_page_loads_anything_from_another_host(client):
    for url in ["/", "/se/sv/", "/se/sv/support", "/nowhere"]:
        page = client.get(url).get_data(as_text=True)
        assert not re.search(r'(src|href)="(https?:)?//', page), url
