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
