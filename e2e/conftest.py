"""Playwright set-up: a live server on a free port, Debian's Chromium, axe-core.

``playwright install`` is never needed: the browser is ``/usr/bin/chromium`` (or
``CHROMIUM_PATH``), which ``make`` installs from Debian's packages when it is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page
from werkzeug.serving import make_server

from porsche_web import clock, create_app
from porsche_web.extensions import db
from porsche_web.testing.pytest_plugin import testing_settings

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under e2e/ carries the ``e2e`` marker (``-m "not e2e"`` leaves them out)."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here + os.sep):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def live_server(database_uri: str) -> Iterator[str]:
    # QA reads codes and links in the dev outbox viewer; the limiter is tested by the
    # Flask-client suite and would only slow the journeys down here.
    app = create_app(
        {
            **testing_settings(database_uri),
            "OUTBOX_VIEWER": True,
            "PCM_SIMULATOR": True,
            "RATELIMIT_ENABLED": False,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    return live_server


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_name):
    if browser_name != "chromium":
        return browser_type_launch_args
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture
def open_context(browser: Browser, base_url: str) -> Iterator[Callable[..., BrowserContext]]:
    """``open_context(locale="sv-SE", javascript=True)``: a fresh browser context."""
    contexts: list[BrowserContext] = []

    def open_(locale: str = "sv-SE", javascript: bool = True) -> BrowserContext:
        context = browser.new_context(
            base_url=base_url, locale=locale, java_script_enabled=javascript
        )
        contexts.append(context)
        return context

    yield open_
    for context in contexts:
        context.close()


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """axe-core (WCAG 2.x A/AA and best practices) finds no violations on the page.

    Waits until a navigation started by the last click has loaded: axe on a page that is being
    replaced finds no document (seen as a flaky "documentElement of null")."""
    page.wait_for_load_state("load")
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()


# -- orders and invitations (the operator's CLI on the live server's database) ----------------


@pytest.fixture(scope="session")
def cli_app(database_uri):
    """A second application on the live server's database, for the operator's CLI."""
    # The limiter is one object shared by every app of the process: keep it off as the live
    # server has it, or this app's init_app would switch it on for the live server too.
    settings = {**testing_settings(database_uri), "RATELIMIT_ENABLED": False}
    app = create_app(settings)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def import_order(
    cli_app,
    tmp_path,
    language: str,
    model: str,
    year: int,
    vin: str | None = None,
    email: str | None = None,
) -> tuple[str, str]:
    number = f"E2E-{uuid.uuid4().hex[:8].upper()}"
    email = email or f"buyer.{uuid.uuid4().hex[:10]}@example.com"
    delivery = clock.now().date() + timedelta(days=10)
    order = {
        "order_number": number,
        "market": "se",
        "partner_id": "se-goteborg",
        "customer": {
            "given_name": "Sara",
            "family_name": "Prov",
            "email": email,
            "language": language,
        },
        "vehicle": {
            "model": model,
            "model_year": year,
            "commission_number": "SE99887",
            **({"vin": vin} if vin else {}),
        },
        "planned_delivery": delivery.isoformat(),
    }
    path = tmp_path / f"{number}.json"
    path.write_text(json.dumps([order]), encoding="utf-8")
    runner = cli_app.test_cli_runner()
    result = runner.invoke(args=["orders", "import", str(path)])
    assert "1 new" in result.output, result.output
    result = runner.invoke(args=["invitations", "send-due"])
    assert "invitation(s) queued" in result.output, result.output
    return number, email


def invitation_link(page: Page, email: str) -> str:
    data = page.request.get("/dev/outbox.json").json()
    for message in data["messages"]:  # newest first
        if message["to"] == email:
            for link in message["links"]:
                if "/activate/" in link:
                    return re.sub(r"^https?://[^/]+", "", link)
    raise AssertionError(f"no invitation for {email}")


# -- the dev outbox --------------------------------------------------------------------------


def outbox_messages(page: Page, to: str) -> list[dict]:
    data = page.request.get("/dev/outbox.json").json()
    return [m for m in data["messages"] if m["to"] == to]


def latest_code(page: Page, number: str) -> str:
    for message in outbox_messages(page, number):
        match = re.match(r"(\d{6}) ", message["text"])
        if match:
            return match.group(1)
    raise AssertionError("no code in the outbox")


def unique_phone() -> tuple[str, str]:
    """A Swedish mobile number from the range set aside for fiction (070-17 406 xx is too
    small for many runs, so any 070 number with random digits; sample data)."""
    digits = f"{uuid.uuid4().int % 10**7:07d}"
    return f"070-{digits[:3]} {digits[3:5]} {digits[5:]}", f"+4670{digits}"
