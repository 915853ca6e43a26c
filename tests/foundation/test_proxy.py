"""Behind a reverse proxy (issue #20, item 5): TRUSTED_PROXIES, HSTS behind TLS termination,
the CSRF Referer check, rate limits per real client, per visitor where the visitor is known."""

from __future__ import annotations

import pytest
from flask import request

from porsche_web.extensions import csrf
from porsche_web.ratelimit import limiter
from porsche_web.testing.helpers import PRODUCTION_SETTINGS, csrf_token

HOST = "https://my.porsche.example"
LOGIN = "/se/sv/account/login"
WRONG = {"email": "nobody@example.com", "password": "not the password at all"}


def forwarded(address: str, proto: str = "https") -> dict[str, str]:
    return {"X-Forwarded-For": address, "X-Forwarded-Proto": proto}


def test_hsts_is_sent_behind_a_tls_terminating_proxy(make_app):
    app = make_app({**PRODUCTION_SETTINGS, "TRUSTED_PROXIES": 1})
    response = app.test_client().get(
        "/se/sv/", base_url="http://my.porsche.example", headers=forwarded("203.0.113.5")
    )
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_without_trusted_proxies_the_forwarded_headers_are_ignored(make_app):
    app = make_app(PRODUCTION_SETTINGS)

    @app.get("/test-client")
    def whoami():
        return {"address": request.remote_addr, "secure": request.is_secure}

    response = app.test_client().get(
        "/test-client", base_url="http://my.porsche.example", headers=forwarded("203.0.113.5")
    )
    assert response.get_json() == {"address": "127.0.0.1", "secure": False}
    assert "Strict-Transport-Security" not in response.headers


def test_a_client_cannot_choose_its_own_address(make_app):
    app = make_app({"TRUSTED_PROXIES": 1})

    @app.get("/test-client")
    def whoami():
        return {"address": request.remote_addr, "secure": request.is_secure}

    # the client wrote "1.2.3.4", the one proxy appended the address it saw
    response = app.test_client().get("/test-client", headers=forwarded("1.2.3.4, 203.0.113.5"))
    assert response.get_json() == {"address": "203.0.113.5", "secure": True}


@pytest.mark.parametrize("trusted", [0, 1])
def test_the_trusted_proxies_setting_is_checked(make_app, trusted):
    make_app({"TRUSTED_PROXIES": trusted})


def test_an_unusable_trusted_proxies_setting_is_refused(make_app):
    from porsche_web.config import ConfigError

    for value in (-1, 9, "1", True):
        with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
            make_app({"TRUSTED_PROXIES": value})


def test_the_csrf_referer_check_runs_behind_the_proxy(make_app):
    app = make_app({**PRODUCTION_SETTINGS, "TRUSTED_PROXIES": 1})
    client = app.test_client()
    headers = forwarded("203.0.113.5")
    token = csrf_token(client, f"http://my.porsche.example{LOGIN}")
    data = {**WRONG, "csrf_token": token}
    url = f"http://my.porsche.example{LOGIN}"
    assert client.post(url, data=data, headers=headers).status_code == 400  # no referrer
    evil = {**headers, "Referer": "https://evil.example/x"}
    assert client.post(url, data=data, headers=evil).status_code == 400
    ours = {**headers, "Referer": f"{HOST}{LOGIN}"}
    assert client.post(url, data=data, headers=ours).status_code == 422  # the form answers
    fetch = {**headers, "Sec-Fetch-Site": "same-origin"}  # modern browsers, no-referrer pages
    assert client.post(url, data=data, headers=fetch).status_code == 422


@pytest.fixture
def limited_app(make_app):
    app = make_app({"TRUSTED_PROXIES": 1, "RATELIMIT_ADDRESS_LIMIT": "50 per minute"})

    @app.post("/test-limited")
    @limiter.limit("3 per minute")
    def limited():
        return "ok"

    csrf.exempt(limited)
    limiter.reset()
    return app


def posts(client, address: str, times: int) -> list[int]:
    return [
        client.post("/test-limited", headers=forwarded(address)).status_code for _ in range(times)
    ]


def test_anonymous_visitors_are_limited_per_real_address(limited_app):
    one, other = limited_app.test_client(), limited_app.test_client()
    assert posts(one, "203.0.113.5", 4) == [200, 200, 200, 429]
    # one attacker does not block everybody behind the proxy
    assert posts(other, "198.51.100.7", 3) == [200, 200, 200]


def visitor_with_session(app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["started"] = "activation"
    return client


def test_known_visitors_on_one_shared_wifi_each_have_their_own_bucket(limited_app):
    showroom = "192.0.2.10"
    customers = [visitor_with_session(limited_app) for _ in range(3)]
    for customer in customers:
        assert posts(customer, showroom, 3) == [200, 200, 200]
    assert posts(customers[0], showroom, 1) == [429]


def test_fresh_sessions_do_not_buy_an_address_endless_posts(limited_app):
    address = "203.0.113.99"
    answers = []
    for _ in range(20):
        answers += posts(visitor_with_session(limited_app), address, 3)
    assert answers.count(200) == 50
    assert answers[-1] == 429
