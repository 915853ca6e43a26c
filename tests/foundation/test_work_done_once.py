"""Work done once (issue #11, item 3): what is the same for every request of a market and
language is computed once per process, not per request."""

from __future__ import annotations

from porsche_web.connect import services as store_services
from porsche_web.markets.registry import current_registry
from porsche_web.support import services as support_services
from porsche_web.testing.markets import markets_with_contact


def counting(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_the_support_directory_is_built_once_per_language(app, client, monkeypatch):
    with app.app_context():
        listed = len(markets_with_contact(current_registry()))
    built = counting(monkeypatch, support_services, "DirectoryEntry")
    assert client.get("/se/sv/support").status_code == 200
    first = len(built)
    assert first == listed  # one entry per market with its own contact
    assert client.get("/se/sv/support").status_code == 200
    assert client.get("/se/sv/support?country=fr").status_code == 200
    assert len(built) == first
    swedish = client.get("/se/sv/support").get_data(as_text=True)
    assert client.get("/se/en/support").status_code == 200  # another language: built once more
    assert len(built) == 2 * first
    assert client.get("/se/sv/support").get_data(as_text=True) == swedish


def test_a_store_listing_is_built_once_per_market_model_and_year(client, monkeypatch):
    built = counting(monkeypatch, store_services, "entry_for")
    url = "/se/sv/store?model=taycan&year=2026"
    page = client.get(url)
    assert page.status_code == 200
    first = len(built)
    assert first > 0
    assert client.get(url).get_data() == page.get_data()
    assert client.get("/se/en/store?model=taycan&year=2026").status_code == 200
    assert len(built) == first  # the same market, model and year in another language
    assert client.get("/de/de/store?model=taycan&year=2026").status_code == 200
    assert len(built) == 2 * first


def test_flask_asks_once_per_function_whether_it_is_a_coroutine(app, client, monkeypatch):
    """``Site.ensure_sync`` remembers Flask's answer per function (weakly: a function made
    for one request goes with it); a coroutine function is still refused as Flask does."""
    import gc

    import flask
    import pytest

    asked = counting(monkeypatch, flask.Flask, "ensure_sync")
    assert client.get("/se/sv/").status_code == 200
    first = len(asked)
    assert first > 0
    assert client.get("/se/sv/").status_code == 200
    assert client.get("/se/sv/store").status_code == 200
    assert len(asked) <= first + 1  # the Store's view, asked about once

    def made_for_one_request():
        return None

    assert app.ensure_sync(made_for_one_request) is made_for_one_request
    assert made_for_one_request in app._plain
    kept = len(app._plain)
    del made_for_one_request
    gc.collect()
    assert len(app._plain) == kept - 1

    async def coroutine():
        return None

    with pytest.raises(RuntimeError):  # Flask without its async extra
        app.ensure_sync(coroutine)
    assert coroutine not in app._plain
