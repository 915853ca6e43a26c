"""Whole public pages kept per process for visitors without a session (issue #11, item 6;
``porsche_web.serving.kept_page``): a kept page is the page rendered now, byte for byte and
header for header; it is rendered once per page, host, language and hour's anonymous token;
a visitor with a session, a query or an htmx request always gets the page rendered for them;
the request around it (CSP and the other headers, the access log, the ETag and 304,
compression) is unchanged; the pages go with the plugins' answers."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest
import time_machine
from flask import template_rendered

from porsche_web import clock
from porsche_web.csrf import generate_csrf
from porsche_web.markets.registry import current_registry
from porsche_web.security import CONTENT_SECURITY_POLICY
from porsche_web.testing.actions import porsche_id as pid

KEPT = [
    "/se/sv/",
    "/se/en/",
    "/de/de/",
    "/se/sv/store",
    "/de/en/store",
    "/se/sv/support",
    "/de/de/support",
    "/se/sv/privacy",
]
TOKEN = re.compile(r"X-CSRFToken&#34;: &#34;([^&]+)&#34;")


def kept_pages(app) -> dict:
    with app.app_context():
        pages = current_registry()._cache.get(("pages", app.extensions["porsche_web.fragments_of"]))
        return dict(pages.parts) if pages else {}


class Renders:
    """The templates rendered while it is open."""

    def __init__(self, app):
        self.app, self.names = app, []

    def record(self, sender, template, context, **extra):
        self.names.append(template.name)

    def __enter__(self):
        template_rendered.connect(self.record, self.app)
        return self.names

    def __exit__(self, *exc):
        template_rendered.disconnect(self.record, self.app)


def headers(response) -> dict[str, str]:
    """The headers but those of the moment (the request's id, the second it was sent at)."""
    return {k: v for k, v in response.headers.items() if k not in ("X-Request-ID", "Date")}


@pytest.mark.parametrize("url", KEPT)
def test_a_kept_page_is_the_page_rendered_now(make_app, url):
    kept, plain = make_app(), make_app({"FRAGMENT_CACHE": False})
    first, again = kept.test_client().get(url), kept.test_client().get(url)
    fresh = plain.test_client().get(url)
    assert first.status_code == again.status_code == fresh.status_code == 200
    with kept.test_request_context():
        # Two applications sign with their own keys: the tokens differ, the rest must not.
        token = TOKEN.search(first.get_data(as_text=True)).group(1)
    fresh_token = TOKEN.search(fresh.get_data(as_text=True)).group(1)
    assert first.data == again.data
    assert first.data.replace(token.encode(), b"T") == fresh.data.replace(
        fresh_token.encode(), b"T"
    )
    assert headers(first) == headers(again)
    assert set(headers(first)) == set(headers(fresh))
    assert kept_pages(kept) and not kept_pages(plain)


def test_a_kept_page_is_rendered_once(app, client):
    with Renders(app) as rendered:
        client.get("/se/sv/support")
    assert "support/support.html" in rendered
    with Renders(app) as rendered:
        for _ in range(3):
            assert client.get("/se/sv/support").status_code == 200
    assert rendered == []


def test_each_page_language_market_and_host_has_its_own(app, client):
    swedish = client.get("/se/sv/").get_data(as_text=True)
    english = client.get("/se/en/").get_data(as_text=True)
    german = client.get("/de/de/").get_data(as_text=True)
    assert '<html lang="sv-SE">' in swedish and '<html lang="en-SE">' in english
    assert '<html lang="de-DE">' in german
    assert client.get("/se/sv/").get_data(as_text=True) == swedish  # not the last one rendered
    store = client.get("/se/sv/store").get_data(as_text=True)
    assert store != swedish
    other_host = client.get("/se/sv/", base_url="http://127.0.0.1").get_data(as_text=True)
    assert other_host == swedish.replace("localhost", "127.0.0.1")
    keys = set(kept_pages(app))
    assert len(keys) == 5
    assert {key[:2] for key in keys} == {("home.start", "http"), ("connect.store", "http")}
    assert {(key[4], key[5]) for key in keys if key[0] == "home.start"} == {
        ("/se/sv/", "sv"),
        ("/se/en/", "en"),
        ("/de/de/", "de"),
    }


def test_queries_htmx_and_other_pages_are_rendered_now(app, client):
    client.get("/se/sv/store?model=taycan&year=2026")
    client.get("/se/sv/support?country=fr")
    client.get("/se/sv/support", headers={"HX-Request": "true"})
    client.get("/")  # the chooser follows Accept-Language
    client.get("/se/sv/no-such-page")
    client.get("/se/sv/account/login")
    assert kept_pages(app) == {}


def test_a_visitor_with_a_session_never_gets_a_kept_page(app, client, porsche_id):
    anonymous = app.test_client()
    before = anonymous.get("/se/sv/support").get_data(as_text=True)
    assert "Log out" not in before and "Logga ut" not in before
    porsche_id.register_and_confirm()
    assert porsche_id.login().status_code == 303
    with Renders(app) as rendered:
        mine = client.get("/se/sv/support")
    assert "support/support.html" in rendered
    page = mine.get_data(as_text=True)
    assert "Logga ut" in page
    assert mine.headers.get("ETag") is None
    token = TOKEN.search(page).group(1)
    assert anonymous.get("/se/sv/support").get_data(as_text=True) == before
    for kept in kept_pages(app).values():
        assert token.encode() not in kept.body
        assert pid.EMAIL.encode() not in kept.body and b"Logga ut" not in kept.body


def test_the_kept_page_carries_this_hours_token_and_the_next_hour_a_new_one(app, client):
    moment = clock.now()
    with time_machine.travel(moment, tick=False):
        first = TOKEN.search(client.get("/se/sv/").get_data(as_text=True)).group(1)
        with app.test_request_context("/se/sv/"):
            assert generate_csrf() == first
    with time_machine.travel(moment + timedelta(hours=1), tick=False):
        later = TOKEN.search(client.get("/se/sv/").get_data(as_text=True)).group(1)
        with app.test_request_context("/se/sv/"):
            assert generate_csrf() == later
    assert later != first
    assert len(kept_pages(app)) == 2


def test_the_request_around_a_kept_page_is_unchanged(app, client, caplog):
    caplog.set_level(logging.INFO, logger="porsche_web.access")
    client.get("/se/sv/store")
    caplog.clear()
    response = client.get("/se/sv/store", headers={"X-Request-ID": "kept-page-0001"})
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["X-Request-ID"] == "kept-page-0001"
    assert "Set-Cookie" not in response.headers
    lines = [r for r in caplog.records if r.name == "porsche_web.access"]
    assert [(r.route, r.status, r.request_id) for r in lines] == [
        ("/<code:country>/<code:lang>/store", 200, "kept-page-0001")
    ]
    etag = response.headers["ETag"]
    repeat = client.get("/se/sv/store", headers={"If-None-Match": etag})
    assert repeat.status_code == 304
    compressed = client.get("/se/sv/store", headers={"Accept-Encoding": "br"})
    assert compressed.headers["Content-Encoding"] == "br"
    assert compressed.headers["ETag"] == etag[:-1] + ':br"'
    head = client.head("/se/sv/store")
    assert head.status_code == 200 and head.data == b""


def test_a_form_posted_from_a_kept_page_passes_and_a_forged_one_does_not(app, client):
    client.get("/se/sv/")
    page = client.get("/se/sv/").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    same_site = client.post(
        "/se/sv/account/login",
        data={"csrf_token": token, "email": "nobody@example.com", "password": "wrong password"},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert same_site.status_code == 422  # the form was checked: the token passed
    forged = client.post(
        "/se/sv/account/login",
        data={"csrf_token": token, "email": "nobody@example.com", "password": "wrong password"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert forged.status_code == 400


def test_the_kept_pages_go_with_the_plugins_answers(app, client):
    client.get("/se/sv/")
    assert kept_pages(app)
    with app.app_context():
        current_registry().clear_cache()
    assert not kept_pages(app)


def test_a_kept_page_is_compressed_once_per_encoding(app, client, monkeypatch):
    import brotli
    import flask_compress.flask_compress as flask_compress

    compressed = []
    real = flask_compress._compress_data

    def counting(app, data, algorithm):
        compressed.append(algorithm)
        return real(app, data, algorithm)

    monkeypatch.setattr(flask_compress, "_compress_data", counting)
    plain = client.get("/se/sv/support").data
    answers = [client.get("/se/sv/support", headers={"Accept-Encoding": "br"}) for _ in range(3)]
    answers += [client.get("/se/sv/support", headers={"Accept-Encoding": "gzip"}) for _ in range(2)]
    assert compressed == ["br", "gzip"]
    assert {brotli.decompress(a.data) for a in answers[:3]} == {plain}
    assert answers[3].headers["Content-Encoding"] == "gzip"
    # Pages rendered for the visitor are compressed each time, never kept.
    for _ in range(2):
        client.get("/se/sv/support?country=fr", headers={"Accept-Encoding": "br"})
    assert compressed == ["br", "gzip", "br", "br"]
