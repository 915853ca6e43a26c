"""Helpers for Flask-client tests of forms (CSRF is on in tests) and of the outbox."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|X-CSRFToken&#34;: &#34;([^&]+)&#34;')


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the page at ``url`` (from a hidden field or ``<body hx-headers>``)."""
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
