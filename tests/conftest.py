"""Shared helpers for the core's tests (fixtures come from porsche_web.testing)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from porsche_web.markets import Market, SupportContact, hookimpl


class FakeMarketPlugin:
    """A market plugin built in a test: declares ``markets`` and optionally a contact."""

    def __init__(self, *markets: Market, contact: SupportContact | None = None) -> None:
        self.markets = list(markets)
        self.contact = contact
        self.contact_calls: list[str] = []

    @hookimpl
    def porsche_markets(self):
        return self.markets

    @hookimpl
    def porsche_support_contact(self, market):
        self.contact_calls.append(market.code)
        return self.contact


#: Settings of a production deployment at https://my.porsche.example (tests only).
PRODUCTION_SETTINGS = {
    "ENVIRONMENT": "production",
    "SECRET_KEY": "p" * 48,
    "TRUSTED_HOSTS": ["my.porsche.example"],
    "PUBLIC_BASE_URL": "https://my.porsche.example",
    "INSECURE_LOCAL_HTTP": False,
}

NEW_ZEALAND = Market(
    code="nz", languages=("en",), default_language="en", currency="NZD", timezone="Pacific/Auckland"
)


@pytest.fixture
def new_zealand_plugin() -> FakeMarketPlugin:
    return FakeMarketPlugin(
        NEW_ZEALAND, contact=SupportContact(email="smartmobility@nz.porsche.com")
    )


def h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return match.group(1).strip() if match else ""


def html_lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    return match.group(1) if match else ""


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append({k: v or "" for k, v in attrs})


def links(html: str) -> list[dict[str, str]]:
    collector = LinkCollector()
    collector.feed(html)
    return collector.links
