"""Scale-out smoke test (issue #11, item 5): two gunicorn instances of the app on one
PostgreSQL and one Redis, behind a real nginx. A login made through one instance is valid on
the other; a rate limit counts across both. Real servers, started and stopped here (Debian
packages ``postgresql``, ``redis-server``, ``nginx``; ``tools/system-deps.sh test``)."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import urllib.parse
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

import pytest

from porsche_web.testing.postgres import PostgresServer
from porsche_web.testing.servers import GunicornServer, NginxServer, RedisServer

pytestmark = pytest.mark.slow

LOGIN = "/se/sv/account/login"
HOME = "/se/sv/account/"
COOKIE = "__Host-pw_session"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(scope="module")
def cluster():
    started = []
    try:
        postgres = PostgresServer().start()
        started.append(postgres)
        redis = RedisServer().start()
        started.append(redis)
        env = {
            "PORSCHE_WEB_SECRET_KEY": secrets.token_urlsafe(40),
            "PORSCHE_WEB_TRUSTED_HOSTS": '["127.0.0.1", "my.porsche.example"]',
            "PORSCHE_WEB_PUBLIC_BASE_URL": "https://my.porsche.example",
            "PORSCHE_WEB_SQLALCHEMY_DATABASE_URI": postgres.create_database("scale_out"),
            "PORSCHE_WEB_RATELIMIT_STORAGE_URI": redis.url,
            "PORSCHE_WEB_RATELIMIT_ADDRESS_LIMIT": "6 per minute",
            "PORSCHE_WEB_TRUSTED_PROXIES": "1",
        }
        flask = str(Path(sys.executable).with_name("flask"))
        base = {k: v for k, v in os.environ.items() if not k.startswith(("PORSCHE_WEB_", "FLASK"))}
        for command in (["db", "upgrade"], ["demo", "seed"]):
            subprocess.run(
                [flask, "--app", "porsche_web", *command],
                env={**base, **env, "PORSCHE_WEB_ENVIRONMENT": "production"},
                check=True,
                capture_output=True,
                timeout=180,
            )
        one = GunicornServer(env, workers=1).start()
        started.append(one)
        two = GunicornServer(env, workers=1).start()
        started.append(two)
        proxy = NginxServer([f"127.0.0.1:{one.port}", f"127.0.0.1:{two.port}"]).start()
        started.append(proxy)
        yield one, two, proxy
    finally:
        for server in reversed(started):
            server.stop()


def request(port, method, path, *, cookie=None, form=None, client="203.0.113.5", direct=True):
    """One request; ``direct`` adds what nginx would (the app trusts one proxy hop)."""
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "my.porsche.example", "Sec-Fetch-Site": "same-origin"}
    if direct:
        headers.update({"X-Forwarded-For": client, "X-Forwarded-Proto": "https"})
    if cookie:
        headers["Cookie"] = f"{COOKIE}={cookie}"
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read().decode(errors="replace")
    connection.close()
    return response.status, response.getheader("Set-Cookie") or "", data


def login(port, direct=True):
    from porsche_web.accounts.demo import DEMO_EMAIL, DEMO_PASSWORD

    status, set_cookie, page = request(port, "GET", LOGIN, direct=direct)
    assert status == 200 and not set_cookie  # an anonymous page: no cookie
    token = TOKEN.search(page).group(1)
    form = {"csrf_token": token, "email": DEMO_EMAIL, "password": DEMO_PASSWORD}
    status, set_cookie, _ = request(port, "POST", LOGIN, form=form, direct=direct)
    assert status == 303, status
    assert set_cookie.startswith(f"{COOKIE}=") and "Secure" in set_cookie
    return set_cookie.split(";", 1)[0].split("=", 1)[1]


def test_a_login_through_one_instance_is_valid_on_the_other(cluster):
    one, two, proxy = cluster
    cookie = login(one.port)
    for server in (two, one):
        status, _, page = request(server.port, "GET", HOME, cookie=cookie)
        assert status == 200 and "demo.customer@example.com" in page
    # through nginx, whichever instance answers
    cookie = login(proxy.port, direct=False)
    for _ in range(4):
        status, _, page = request(proxy.port, "GET", HOME, cookie=cookie, direct=False)
        assert status == 200 and "demo.customer@example.com" in page


def test_a_rate_limit_counts_across_both_instances(cluster):
    one, two, _ = cluster
    client = "198.51.100.23"
    _, _, page = request(one.port, "GET", LOGIN, client=client)
    token = TOKEN.search(page).group(1)
    form = {"csrf_token": token, "password": "wrong " * 3}
    # A new address each time: the wrong-password throttle (5 free per address and source)
    # is not what this test is about.
    answers = [
        request(
            server.port, "POST", LOGIN, form={**form, "email": f"n{i}@example.com"}, client=client
        )[0]
        for i, server in enumerate((one, two, one, two, one, two, one, two))
    ]
    # six POSTs a minute per address in all (this test's setting), whichever instance
    assert answers == [422] * 6 + [429, 429], answers
    other = {**form, "email": "nobody@example.com"}
    assert request(two.port, "POST", LOGIN, form=other, client="192.0.2.1")[0] == 422


def test_static_files_and_compression_pass_through_the_proxy(cluster):
    _, _, proxy = cluster
    status, _, page = request(proxy.port, "GET", "/se/sv/", direct=False)
    assert status == 200
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page).group(1)
    req = urllib.request.Request(f"{proxy.url}{css}", headers={"Accept-Encoding": "br"})
    with urllib.request.urlopen(req, timeout=10) as response:
        assert response.headers["Content-Encoding"] == "br"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
