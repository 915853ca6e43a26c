"""Connect Store and support journeys in Swedish and English, with and without JavaScript,
checked by axe on every page."""

from __future__ import annotations

import re

import pytest
from conftest import assert_accessible
from playwright.sync_api import expect

JOURNEYS = {
    "sv": {
        "locale": "sv-SE",
        "start": "/se/sv/",
        "store_link": "Connect Store",
        "model": "Modell",
        "year": "Årsmodell",
        "show": "Visa tjänster",
        "results": "Tjänster för Taycan, årsmodell 2024",
        "price": re.compile(r"Ingår i 36 månader,\s+därefter 1\s990,00\skr per år"),
        "unavailable_year": "Tjänster för Taycan, årsmodell 2020",
        "reason": "Taycan har den från årsmodell 2021.",
        "support_link": "Hjälp och kundtjänst",
        "country": "Ditt land",
        "find": "Hitta kundtjänst",
        "listed": "Sverige",
        "unlisted": "Brasilien",
        "partner": "Det finns ingen kundtjänst för Porsche Connect i Brasilien.",
    },
    "en": {
        "locale": "en-GB",
        "start": "/se/en/",
        "store_link": "Connect Store",
        "model": "Model",
        "year": "Model year",
        "show": "Show services",
        "results": "Services for the Taycan, model year 2024",
        "price": re.compile(r"Included for 36 months,\s+then 1\s990,00\skr per year"),
        "unavailable_year": "Services for the Taycan, model year 2020",
        "reason": "the Taycan has it from model year 2021.",
        "support_link": "Help and customer service",
        "country": "Your country",
        "find": "Find customer service",
        "listed": "Sweden",
        "unlisted": "Brazil",
        "partner": "There is no Porsche Connect customer service for Brazil.",
    },
}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_pick_a_recent_taycan_in_sweden_and_see_its_services(open_context, language, javascript):
    j = JOURNEYS[language]
    page = open_context(locale=j["locale"], javascript=javascript).new_page()
    check = assert_accessible if javascript else (lambda page: None)

    page.goto(j["start"])
    page.get_by_role("link", name=j["store_link"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connect Store")
    check(page)

    page.get_by_label(j["model"], exact=True).select_option("taycan")
    page.get_by_label(j["year"], exact=True).select_option("2024")
    if not javascript:
        page.get_by_role("button", name=j["show"]).click()
    results = page.get_by_role("heading", name=j["results"])
    expect(results).to_be_visible()
    expect(page).to_have_url(re.compile(r"/store\?model=taycan&year=2024$"))
    navigation = page.locator("li.service", has=page.get_by_role("heading", name="Navigation Plus"))
    expect(navigation).to_contain_text(j["price"])
    check(page)

    page.get_by_label(j["year"], exact=True).select_option("2020")
    if not javascript:
        page.get_by_role("button", name=j["show"]).click()
    expect(page.get_by_role("heading", name=j["unavailable_year"])).to_be_visible()
    expect(
        page.locator("li.service", has=page.get_by_role("heading", name="Risk Radar"))
    ).to_contain_text(j["reason"])
    check(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_find_the_swedish_contact_then_a_country_not_listed(open_context, language, javascript):
    j = JOURNEYS[language]
    page = open_context(locale=j["locale"], javascript=javascript).new_page()
    check = assert_accessible if javascript else (lambda page: None)

    page.goto(j["start"])
    page.get_by_role("link", name=j["support_link"]).first.click()
    expect(page.get_by_role("link", name="smartmobility@se.porsche.com").first).to_be_visible()
    check(page)

    finder = page.locator("#finder")
    finder.get_by_label(j["country"]).select_option(label=j["listed"])
    if not javascript:
        finder.get_by_role("button", name=j["find"]).click()
    answer = page.locator(".finder-answer")
    expect(answer.get_by_role("link", name="smartmobility@se.porsche.com")).to_be_visible()
    check(page)

    page.locator("#finder").get_by_label(j["country"]).select_option(label=j["unlisted"])
    if not javascript:
        page.locator("#finder").get_by_role("button", name=j["find"]).click()
    expect(page.locator(".finder-answer")).to_contain_text(j["partner"])
    check(page)


def test_the_store_works_with_the_keyboard(open_context):
    page = open_context(locale="en-GB").new_page()
    page.goto("/se/en/store")
    page.get_by_label("Model", exact=True).focus()
    page.keyboard.press("End")  # last model in the list
    page.get_by_label("Model year", exact=True).select_option("2025")
    expect(
        page.get_by_role("heading", name="Services for the Macan Electric, model year 2025")
    ).to_be_visible()


def test_store_and_support_fit_a_320_pixel_screen(open_context):
    page = open_context(locale="sv-SE").new_page()
    page.set_viewport_size({"width": 320, "height": 640})
    for path in [
        "/se/sv/store?model=taycan&year=2024",
        "/se/sv/support?country=br",
        "/se/sv/privacy",
    ]:
        page.goto(path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, (path, scroll_width)
