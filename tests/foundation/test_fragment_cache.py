"""Rendered fragments kept per process (issue #11, item 3; ``porsche_web/fragments.py``): a
cached part is the same markup as rendering it, another language or market gets its own, a
visitor's own choice or errors are never cached, nothing personal is cached, and the cache
goes with the plugins' answers."""

from __future__ import annotations

import re

import pytest

from porsche_web import fragments as fragment_cache
from porsche_web.markets.registry import current_registry
from porsche_web.testing.actions import porsche_id as pid

PAGES = [
    "/se/sv/",
    "/de/en/",
    "/",
    "/se/sv/no-such-page",
    "/se/sv/support",
    "/se/en/support",
    "/de/de/support",
    "/se/sv/store",
    "/de/en/store",
    "/se/sv/store?model=taycan&year=2026",
    "/se/en/store?model=911&year=2024",
]


def fragments(app) -> dict[tuple, str]:
    with app.app_context():
        kept = current_registry()._cache.get(
            ("fragments", app.extensions["porsche_web.fragments_of"])
        )
        return dict(kept.parts) if kept else {}


CSRF = re.compile(r'(X-CSRFToken&#34;: &#34;|name="csrf_token" value=")[^&"]+')


def body(response) -> str:
    """The page, its CSRF tokens (signed and timed: new on each request) left out."""
    return CSRF.sub(r"\1…", response.get_data(as_text=True))


@pytest.mark.parametrize("url", PAGES)
def test_a_cached_page_is_the_page_rendered_without_the_cache(make_app, url):
    cached, uncached = make_app(), make_app({"FRAGMENT_CACHE": False})
    first = cached.test_client().get(url)
    again = cached.test_client().get(url)
    plain = uncached.test_client().get(url)
    assert first.status_code == again.status_code == plain.status_code
    assert body(first) == body(again) == body(plain)
    assert fragments(cached) and not fragments(uncached)


def test_each_market_and_language_has_its_own_fragments(app, client):
    swedish = body(client.get("/se/sv/support"))
    english = body(client.get("/se/en/support"))
    german = body(client.get("/de/de/support"))
    assert 'lang="sv"' in swedish and 'lang="en"' in english and 'lang="de"' in german
    assert len({swedish, english, german}) == 3
    assert body(client.get("/se/sv/support")) == swedish  # not the last one rendered
    keys = {(key[3], key[4]) for key in fragments(app)}
    assert {("se", "sv"), ("se", "en"), ("de", "de")} <= keys


def test_a_visitors_choice_and_errors_are_not_cached(app, client):
    empty = body(client.get("/se/sv/support"))
    answered = client.get("/se/sv/support?country=fr")
    assert answered.status_code == 200 and "finder-answer" in body(answered)
    wrong = client.get("/se/sv/support?country=zz")
    assert wrong.status_code == 422 and 'aria-invalid="true"' in body(wrong)
    assert body(client.get("/se/sv/support")) == empty
    assert "finder-answer" not in empty
    names = {key[2] for key in fragments(app) if key[1] == "support/support.html"}
    assert names == {"support-top", "support-finder", "support-directory"}
    bad_year = client.get("/se/sv/store?model=taycan&year=1999")
    assert bad_year.status_code == 422
    store_keys = {key[6:] for key in fragments(app) if key[2] == "store"}
    assert store_keys == set()  # errors: rendered, not kept
    client.get("/se/sv/store?model=taycan&year=2026")
    client.get("/se/sv/store")
    store_keys = {key[6:] for key in fragments(app) if key[2] == "store"}
    assert store_keys == {("taycan", "2026"), (None, None)}


def test_another_car_gets_its_own_store_fragment(client):
    taycan = body(client.get("/se/sv/store?model=taycan&year=2026"))
    other = body(client.get("/se/sv/store?model=911&year=2024"))
    assert taycan != other
    assert body(client.get("/se/sv/store?model=taycan&year=2026")) == taycan


def test_personal_pages_and_tokens_are_never_cached(app, client, porsche_id):
    porsche_id.register_and_confirm()
    assert porsche_id.login().status_code == 303
    home = body(client.get("/se/sv/account/"))
    assert "Anna" in home
    support = client.get("/se/sv/support").get_data(as_text=True)
    assert client.get("/se/sv/store").status_code == 200
    token = re.search(r"X-CSRFToken&#34;: &#34;([^&]+)", support)
    assert token is not None
    kept = fragments(app)
    assert kept
    templates = {key[1] for key in kept}
    assert templates <= {
        "base.html",
        "support/support.html",
        "connect/store.html",
        "accounts/home.html",  # its links to the security pages, the same for everyone
    }
    for markup in kept.values():
        assert pid.EMAIL not in markup and "Svensson" not in markup
        assert "csrf" not in markup.lower()
        assert token.group(1) not in markup


def test_the_fragments_go_with_the_plugins_answers(app, client):
    client.get("/se/sv/support")
    assert fragments(app)
    with app.app_context():
        current_registry().clear_cache()
    assert not fragments(app)
    assert client.get("/se/sv/support").status_code == 200
    assert fragments(app)


def test_the_start_page_knows_who_is_logged_in(app, client, porsche_id):
    """The start page's part is kept per site and per "logged in or not", nothing more."""
    anonymous = body(client.get("/se/sv/"))
    assert "/se/sv/account/register" in anonymous
    porsche_id.register_and_confirm()
    assert porsche_id.login().status_code == 303
    logged_in = body(client.get("/se/sv/"))
    assert "/se/sv/account/register" not in logged_in and "/se/sv/account/" in logged_in
    porsche_id.logout()
    assert "flash" in body(client.get("/se/sv/"))  # "you are logged out", once
    assert body(client.get("/se/sv/")) == anonymous
    keys = {key[6:] for key in fragments(app) if key[1] == "home/start.html"}
    assert keys == {(False,), (True,)}


@pytest.mark.parametrize(
    "url", ["/se/sv/support", "/se/sv/store", "/se/sv/store?model=taycan&year=2026"]
)
def test_the_htmx_answer_of_one_block_uses_the_same_fragments(make_app, url):
    """htmx asks for the finder or the Store block alone (``render_page(block=…)``)."""
    cached, uncached = make_app(), make_app({"FRAGMENT_CACHE": False})
    htmx = {"HX-Request": "true"}
    client = cached.test_client()
    full = body(client.get(url))
    first = client.get(url, headers=htmx)
    again = client.get(url, headers=htmx)
    plain = uncached.test_client().get(url, headers=htmx)
    assert first.status_code == again.status_code == plain.status_code == 200
    assert body(first) == body(again) == body(plain)
    assert "<html" not in body(first) and body(first).strip() in full


def test_the_least_recently_used_parts_go_first(app, client, monkeypatch):
    monkeypatch.setattr(fragment_cache, "MAX_FRAGMENTS", 3)
    with app.app_context():
        current_registry().clear_cache()
    client.get("/se/sv/support")  # support-top, support-finder, support-directory, footer...
    assert len(fragments(app)) == 3
    client.get("/se/sv/store")
    kept = fragments(app)
    assert len(kept) == 3 and {key[1] for key in kept} == {"base.html", "connect/store.html"}
