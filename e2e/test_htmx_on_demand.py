"""htmx on demand (#19; README, "htmx on demand"): no page fetches htmx for its first view.
The visitor's first sign of using an htmx form (a pointer, a touch, the focus, a key) fetches it;
a choice sent before htmx was there still updates the page in place; and when htmx cannot be
fetched at all, the form works as it does without JavaScript."""

from __future__ import annotations

import re

from pages import PorscheIdPage, StorePage
from playwright.sync_api import Page, Request, expect

HTMX = re.compile(r"/static/vendor/htmx-[^/]*\.js$")
MODEL, MODEL_NAME, YEAR = "taycan", "Taycan", 2026


def htmx_fetches(requests: list[Request]) -> list[str]:
    return [request.url for request in requests if HTMX.search(request.url)]


def htmx_requests(requests: list[Request]) -> list[str]:
    return [request.url for request in requests if request.headers.get("hx-request") == "true"]


def mark(page: Page) -> None:
    """A mark that only this document carries: gone after a full page load."""
    page.evaluate("() => { window.sameDocument = true; }")


def same_document(page: Page) -> bool:
    return bool(page.evaluate("() => window.sameDocument === true"))


def test_a_choice_made_before_htmx_is_there_updates_the_store_in_place(visit, lang):
    customer = visit(lang)
    page = customer.page
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))
    store = StorePage(customer).open()
    page.wait_for_load_state("networkidle")
    assert htmx_fetches(requests) == [], "htmx is not part of the first view"
    assert page.evaluate("() => typeof window.htmx") == "undefined"
    mark(page)
    store.choose_at_once(MODEL, YEAR)
    store.expect_results_for(MODEL_NAME, YEAR)
    assert len(htmx_fetches(requests)) == 1
    assert any(f"model={MODEL}" in url for url in htmx_requests(requests))
    assert same_document(page), "the results came as a fragment, not as a new page"
    expect(page).to_have_url(re.compile(rf"[?&]model={MODEL}\b"))  # hx-push-url
    store.check()


def test_the_focus_on_an_htmx_form_fetches_htmx(visit, lang):
    customer = visit(lang)
    page = customer.page
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))
    porsche_id = PorscheIdPage(customer).open_from_the_start_page()
    porsche_id.click_link("Create a Porsche ID")
    page.wait_for_load_state("networkidle")
    assert htmx_fetches(requests) == []
    page.keyboard.press("Tab")  # the skip link: not an htmx form, nothing is fetched
    page.wait_for_load_state("networkidle")
    assert htmx_fetches(requests) == []
    page.get_by_label(customer.t("Given name")).focus()
    page.wait_for_function("() => typeof window.htmx === 'object'")
    assert len(htmx_fetches(requests)) == 1
    mark(page)
    porsche_id.click_button("Create Porsche ID")  # nothing filled in: the errors, in place
    porsche_id.expect_problem(customer.t("There is a problem"))
    assert same_document(page)
    porsche_id.check()


def test_without_htmx_the_store_works_as_without_javascript(visit, lang):
    customer = visit(lang)
    page = customer.page
    page.route(HTMX, lambda route: route.abort("connectionrefused"))
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))
    store = StorePage(customer).open()
    page.wait_for_load_state("load")
    mark(page)
    store.choose_at_once(MODEL, YEAR)  # htmx is asked for and cannot come
    page.wait_for_load_state("networkidle")
    assert len(htmx_fetches(requests)) == 1
    store.show_services()  # the form's own GET, as without JavaScript
    store.expect_results_for(MODEL_NAME, YEAR)
    assert not same_document(page)
    assert htmx_requests(requests) == []
    expect(page).to_have_url(re.compile(rf"[?&]model={MODEL}\b"))
    store.check()


def test_a_double_click_before_htmx_is_there_sends_the_form_once(visit, lang):
    customer = visit(lang)
    page = customer.page
    requests: list[Request] = []
    page.on("request", lambda request: requests.append(request))
    porsche_id = PorscheIdPage(customer).open_from_the_start_page()
    porsche_id.click_link("Create a Porsche ID")
    page.wait_for_load_state("networkidle")
    mark(page)
    button = page.get_by_role("button", name=customer.t("Create Porsche ID"))
    button.evaluate("button => { button.click(); button.click(); }")  # no pointer, no focus
    porsche_id.expect_problem(customer.t("There is a problem"))
    page.wait_for_load_state("networkidle")
    assert len(htmx_fetches(requests)) == 1
    posts = [r for r in requests if r.method == "POST"]
    assert len(posts) == 1 and posts[0].headers.get("hx-request") == "true", posts
    assert same_document(page)
