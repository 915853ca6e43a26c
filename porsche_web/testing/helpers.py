"""Helpers for Flask-client tests: forms (CSRF is on in tests), the outbox, reading pages,
production settings."""

from __future__ import annotations

import ast
import contextlib
import re
from collections.abc import Iterator
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


class SqlStatement(str):
    """One statement sent to the database (its text), with the ``parameters`` it was sent with."""

    parameters: Any


@contextlib.contextmanager
def sql_statements(app=None) -> Iterator[list[SqlStatement]]:
    """Every SQL statement the app sends while the block runs (inside an app context, or for
    ``app``)."""
    from sqlalchemy import event

    from porsche_web.extensions import db

    if app is not None:
        with app.app_context():
            engine = db.engine
    else:
        engine = db.engine
    seen: list[SqlStatement] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        entry = SqlStatement(statement)
        entry.parameters = parameters
        seen.append(entry)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def query_plan(statement: SqlStatement) -> str:
    """The plan of a recorded statement, in the current session's transaction; on PostgreSQL
    with sequential scans discouraged, so the plan shows whether an index can serve it (tiny
    tables would be scanned anyway)."""
    from porsche_web.extensions import db

    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = connection.exec_driver_sql("EXPLAIN " + statement, statement.parameters).all()
        return "\n".join(row[0] for row in rows)
    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, statement.parameters).all()
    return "\n".join(str(row[-1]) for row in rows)


def concurrently(app, count: int, work, timeout: float = 60) -> list:
    """Run ``work(i)`` for ``i`` in ``range(count)`` in as many threads at the same moment, each
    in its own application context (its own database session and connection), and return what
    each returned or raised, in order. ``work`` commits or rolls back itself.

    For bursts against counters: use the test's file database (SQLite) or PostgreSQL, never an
    in-memory database, whose connections would not share one database.
    """
    import threading

    from porsche_web.extensions import db

    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        with app.app_context():
            try:
                barrier.wait(timeout)
                results[i] = work(i)
            except BaseException as exc:  # reported to the test
                db.session.rollback()
                results[i] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread of the burst hangs"
    return results


def run_deliverer_preparation(app) -> int:
    """What the outbox deliverer does before each e-mail round: the features queue the e-mails
    of deferred requests (reset and confirmation links, ``core_prepare_messages``)."""
    from porsche_web.notifications.deliver import prepare

    with app.app_context():
        return prepare()
