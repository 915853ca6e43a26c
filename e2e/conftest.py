"""Playwright set-up: a live server on a free port, Debian's Chromium, axe-core.

``playwright install`` is never needed: the browser is ``/usr/bin/chromium`` (or
``CHROMIUM_PATH``), which ``make`` installs from Debian's packages when it is missing.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page
from werkzeug.serving import make_server

from porsche_web import create_app
from porsche_web.testing.pytest_plugin import testing_settings

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def live_server(database_uri: str) -> Iterator[str]:
    # QA reads codes and links in the dev outbox viewer; the limiter is tested by the
    # Flask-client suite and would only slow the journeys down here.
    app = create_app(
        {**testing_settings(database_uri), "OUTBOX_VIEWER": True, "RATELIMIT_ENABLED": False}
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
    """axe-core (WCAG 2.x A/AA and best practices) finds no violations on the page."""
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()
