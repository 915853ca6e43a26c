"""Choosing a country site, switching language, getting lost: in Swedish and in English,
with and without JavaScript, checked by axe on every page."""

from __future__ import annotations

import re

import pytest
from conftest import assert_accessible
from playwright.sync_api import expect

JOURNEYS = {
    "sv": {
        "locale": "sv-SE",
        "chooser": "Välj land",
        "site_link": "Sverige – Svenska",
        "site_path": "/se/sv/",
        "site_lang": "sv-SE",
        "welcome": "Välkommen till My Porsche i Sverige",
        "other_language": "English",
        "other_path": "/se/en/",
        "other_welcome": "Welcome to My Porsche in Sweden",
        "unknown": "/xx/sv/",
        "not_found": "Sidan hittades inte",
        "back_to_list": "Till listan över länder",
    },
    "en": {
        "locale": "en-GB",
        "chooser": "Choose your country",
        "site_link": "Sweden – English",
        "site_path": "/se/en/",
        "site_lang": "en-SE",
        "welcome": "Welcome to My Porsche in Sweden",
        "other_language": "Svenska",
        "other_path": "/se/sv/",
        "other_welcome": "Välkommen till My Porsche i Sverige",
        "unknown": "/xx/en/",
        "not_found": "Page not found",
        "back_to_list": "Go to the list of countries",
    },
}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_choose_a_country_switch_language_and_get_lost(open_context, language, javascript):
    j = JOURNEYS[language]
    page = open_context(locale=j["locale"], javascript=javascript).new_page()
    # axe runs inside the page, so it needs JavaScript; the no-js run checks the same pages work.
    check = assert_accessible if javascript else (lambda page: None)

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(j["chooser"])
    check(page)

    page.get_by_role("link", name=j["site_link"]).first.click()
    expect(page).to_have_url(re.compile(re.escape(j["site_path"]) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", j["site_lang"])
    expect(page.get_by_role("heading", level=1)).to_have_text(j["welcome"])
    check(page)

    page.get_by_role("link", name=j["other_language"], exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(j["other_path"]) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(j["other_welcome"])
    check(page)

    response = page.goto(j["unknown"])
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(j["not_found"])
    check(page)
    page.get_by_role("link", name=j["back_to_list"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(j["chooser"])


def test_the_support_page_shows_the_market_contact(open_context):
    page = open_context(locale="sv-SE").new_page()
    page.goto("/se/sv/")
    page.get_by_role("link", name="Hjälp och kundtjänst").click()
    expect(page.get_by_role("link", name="smartmobility@se.porsche.com").first).to_be_visible()
    assert_accessible(page)


def test_keyboard_users_can_skip_to_the_content(open_context):
    page = open_context(locale="sv-SE").new_page()
    page.goto("/se/sv/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa till huvudinnehållet")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_no_request_leaves_the_site_and_the_console_stays_clean(open_context, base_url):
    page = open_context(locale="sv-SE").new_page()
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto("/se/sv/")
    page.wait_for_load_state("networkidle")
    assert requests and all(url.startswith(base_url) for url in requests), requests
    assert problems == []


def test_pages_fit_a_320_pixel_screen(open_context):
    page = open_context(locale="sv-SE").new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/", "/se/sv/", "/se/sv/support"]:
        page.goto(path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, (path, scroll_width)
