"""Helpers for Flask-client tests: forms (CSRF is on in tests), the outbox, reading pages,
production settings."""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from typing import Any

from flask.testing import FlaskClient

#: Settings of a production deployment at https://my.porsche.example (tests only).
PRODUCTION_SETTINGS = {
    "ENVIRONMENT": "production",
    "SECRET_KEY": "p" * 48,
    "TRUSTED_HOSTS": ["my.porsche.example"],
    "PUBLIC_BASE_URL": "https://my.porsche.example",
    "INSECURE_LOCAL_HTTP": False,
}

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|X-CSRFToken&#34;: &#34;([^&]+)&#34;')


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the page at ``url`` (from a hidden field or ``<body data-hx-headers>``)."""
    html = client.get(url).get_data(as_text=True)
    match = _TOKEN.search(html)
    assert match, f"no CSRF token on {url}"
    return match.group(1) or match.group(2)


def post_form(
    client: FlaskClient,
    url: str,
    data: dict[str, Any],
    *,
    page: str | None = None,
    htmx: bool = False,
    **kwargs: Any,
):
    """POST ``data`` to ``url`` with the CSRF token read from ``page`` (default: ``url``)."""
    token = csrf_token(client, page or url)
    headers = kwargs.pop("headers", {})
    if htmx:
        headers = {**headers, "HX-Request": "true", "X-CSRFToken": token}
    else:
        data = {**data, "csrf_token": token}
    return client.post(url, data=data, headers=headers, **kwargs)


def outbox(app, channel: str | None = None) -> list:
    """Every outbox message (oldest first), optionally of one channel."""
    from sqlalchemy import select

    from porsche_web.extensions import db
    from porsche_web.notifications.models import OutboxMessage

    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if channel:
            query = query.where(OutboxMessage.channel == channel)
        messages = list(db.session.execute(query).scalars())
        db.session.expunge_all()
        return messages


def h1(html: str) -> str:
    """The text of the page's first ``<h1>`` ("" without one)."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return match.group(1).strip() if match else ""


def html_lang(html: str) -> str:
    """The ``lang`` of the page's ``<html>`` element ("" without one)."""
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
    """The attributes of every ``<a>`` of the page, in order."""
    collector = LinkCollector()
    collector.feed(html)
    return collector.links


def imported_modules(source: str) -> set[str]:
    """Every module an ``import`` or ``from … import`` statement of ``source`` names, with the
    submodules ``from package import name`` may mean."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names
