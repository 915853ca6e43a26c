"""The one error path of htmx forms in a real browser (#19, item 2): a form whose request is
refused shows the server's localized message in place, focused, and the customer can go on.

* 400: the page's CSRF token has expired (the test spoils it, as a long-open page would); the
  message appears in the form, and the same form sent again is accepted by the server (it
  answers with the form's validation errors, 422, not with another 400).
* 429: the live server runs without rate limits (conftest), so the browser's request is answered
  with what the server itself renders for an htmx request over a limit (its error handler,
  called in this process with a limit that lets through again in 40 seconds).
"""

from __future__ import annotations

import re

import pytest
from pages.base import assert_accessible
from playwright.sync_api import Page, Route, expect
from werkzeug.exceptions import TooManyRequests

from porsche_web import errors, ratelimit

REGISTER = "/se/sv/account/register"


def spoil_the_token(page: Page) -> None:
    """What a page left open for hours has: a token the server no longer accepts."""
    page.evaluate(
        """() => {
          for (const input of document.querySelectorAll("input[name='csrf_token']")) {
            input.value = "expired";
          }
          for (const name of ["data-hx-headers", "hx-headers"]) {
            if (document.body.hasAttribute(name)) {
              document.body.setAttribute(name, JSON.stringify({"X-CSRFToken": "expired"}));
            }
          }
        }"""
    )


def test_an_expired_form_says_so_in_place_and_can_be_sent_again(open_context):
    page = open_context(locale="sv-SE").new_page()
    page.goto(REGISTER)
    page.wait_for_load_state("load")
    spoil_the_token(page)
    with page.expect_response(lambda r: r.url.endswith(REGISTER)) as answer:
        page.get_by_role("button", name="Skapa Porsche ID").click()
    assert answer.value.status == 400
    message = page.locator("#register-form [data-htmx-error]")
    expect(message).to_contain_text("Sidan hade gått ut")
    expect(message).to_be_focused()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skapa ditt Porsche ID")
    assert_accessible(page)
    # The answer carried a fresh token: the same form goes through now.
    with page.expect_response(lambda r: r.url.endswith(REGISTER)) as answer:
        page.get_by_role("button", name="Skapa Porsche ID").click()
    assert answer.value.status == 422
    summary = page.locator("#register-form [data-error-summary]")
    expect(summary).to_be_focused()
    expect(page.locator("[data-htmx-error]")).to_have_count(0)


@pytest.fixture
def rate_limited_answer(cli_app, monkeypatch):
    """The server's answer to an htmx request over a limit, rendered by its error handler."""
    monkeypatch.setattr(ratelimit, "retry_after", lambda: 40)
    headers = {"HX-Request": "true", "Accept-Language": "sv"}
    with cli_app.test_request_context(REGISTER, headers=headers):
        cli_app.preprocess_request()
        response = errors.handle_http_error(TooManyRequests())
        return response.status_code, dict(response.headers), response.get_data(as_text=True)


@pytest.mark.local_server
def test_a_rate_limited_form_says_how_long_to_wait(open_context, rate_limited_answer):
    status, headers, body = rate_limited_answer
    assert status == 429 and headers["Retry-After"] == "40"
    page = open_context(locale="sv-SE").new_page()
    page.goto(REGISTER)
    page.wait_for_load_state("load")

    def over_the_limit(route: Route) -> None:
        if route.request.method == "POST":
            route.fulfill(status=status, headers=headers, body=body)
        else:
            route.continue_()

    page.route(re.compile(re.escape(REGISTER) + "$"), over_the_limit)
    page.get_by_label("Förnamn").fill("Anna")
    page.get_by_role("button", name="Skapa Porsche ID").click()
    message = page.locator("#register-form [data-htmx-error]")
    expect(message).to_contain_text("Vänta 40 sekunder")
    expect(message).to_be_focused()
    expect(page.get_by_label("Förnamn")).to_have_value("Anna")  # nothing typed is lost
    assert_accessible(page)
    # A second refusal replaces the message instead of stacking another one.
    page.get_by_role("button", name="Skapa Porsche ID").click()
    expect(page.locator("[data-htmx-error]")).to_have_count(1)


def test_without_the_servers_message_the_page_says_what_happened(open_context):
    """A proxy's own error page (no fragment of ours) and a request that never arrived get the
    page's own localized messages, in the same place."""
    page = open_context(locale="sv-SE").new_page()
    page.goto(REGISTER)
    page.wait_for_load_state("load")
    answers = iter(["proxy", "network"])

    def failing(route: Route) -> None:
        if route.request.method != "POST":
            route.continue_()
        elif next(answers) == "proxy":
            route.fulfill(status=502, body="<html><h1>502 Bad Gateway</h1></html>")
        else:
            route.abort("connectionrefused")

    page.route(re.compile(re.escape(REGISTER) + "$"), failing)
    button = page.get_by_role("button", name="Skapa Porsche ID")
    message = page.locator("#register-form [data-htmx-error]")
    button.click()
    expect(message).to_contain_text("Något gick fel")
    expect(message).to_be_focused()
    button.click()
    expect(message).to_contain_text("Anslutningen misslyckades")
    expect(page.locator("[data-htmx-error]")).to_have_count(1)
