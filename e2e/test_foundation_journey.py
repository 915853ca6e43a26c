"""Choosing a country site, switching language, getting lost: in every language of the market
(Swedish and English by default), with and without JavaScript, checked by axe on every page."""

from __future__ import annotations

import pytest
from pages import MarketChooser, NotFoundPage, StartPage


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_choose_a_country_switch_language_and_get_lost(visit, market, lang, javascript):
    customer = visit(lang, javascript=javascript)

    site = MarketChooser(customer).open().choose(lang)
    other = market.other_language(lang)
    if other:
        site.switch_language(other)

    lost = NotFoundPage(customer).open(f"/xx/{lang}/")
    lost.back_to_the_list()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_switching_language_keeps_the_page(visit, market, lang, javascript):
    """Each language named in itself; the support page stays the support page (issue #15)."""
    customer = visit(lang, javascript=javascript)
    support = StartPage(customer).open().expect().go_to_support()
    other = market.other_language(lang)
    if other is not None:  # a one-language site has no language links
        support.switch_language(other).switch_language(lang)


def test_the_support_page_shows_the_market_contact(visit, market, main_language):
    customer = visit(main_language)
    support = StartPage(customer).open().go_to_support()
    support.expect_contact(market.support_email)


def test_keyboard_users_can_skip_to_the_content(visit, main_language):
    customer = visit(main_language)
    StartPage(customer).open().skip_to_content_with_the_keyboard()


def test_no_request_leaves_the_site_and_the_console_stays_clean(visit, base_url, main_language):
    customer = visit(main_language)
    page = customer.page
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(customer.path())
    page.wait_for_load_state("networkidle")
    assert requests and all(url.startswith(base_url) for url in requests), requests
    assert problems == []


def test_pages_fit_a_320_pixel_screen(visit, main_language):
    customer = visit(main_language)
    page = customer.page
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/", customer.path(), customer.path("support")]:
        page.goto(path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, (path, scroll_width)
