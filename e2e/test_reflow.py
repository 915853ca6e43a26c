"""Reflow (WCAG 1.4.10, #19 item 3): at 320 CSS pixels no page of the journeys scrolls
sideways; tables become stacked lists. The public pages in Swedish, English and once in the
German market (the longest words), the public pages of sites in long-worded languages and other
scripts, then a customer's whole way at 320 px in every language of the market: the guided
activation step by step (the journey of test_guided_activation_journey with this check on every
page), "Your next steps", My Porsche, the sessions page, My vehicles and the car page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from pages import VehiclesPage
from playwright.sync_api import Page

WIDTH = 320
_axe = Axe()


def assert_fits(page: Page) -> None:
    page.wait_for_load_state("load")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= WIDTH, (page.url, scroll_width)


def narrow_page(open_context, locale: str) -> Page:
    page = open_context(locale=locale).new_page()
    page.set_viewport_size({"width": WIDTH, "height": 640})
    return page


@pytest.mark.parametrize(
    "locale, site",
    [("sv-SE", "/se/sv"), ("en-GB", "/se/en"), ("de-DE", "/de/de")],
    ids=["sv", "en", "de"],
)
def test_public_pages_fit_320_pixels(open_context, market, locale, site):
    page = narrow_page(open_context, locale)
    nowhere, _name = market.country_without_market("en")  # a country without a site
    for path in [
        "/",
        f"/{nowhere}/",
        f"{site}/",
        f"{site}/store?model=taycan&year=2026",
        f"{site}/support",
        f"{site}/support?country={nowhere}",
        f"{site}/privacy",
        f"{site}/activate/new-link",
        f"{site}/account/login",
        f"{site}/account/register",
        f"{site}/forgot-password",
        f"{site}/activate",
        f"{site}/nowhere",
    ]:
        page.goto(path)
        assert_fits(page)


#: Sites whose words are long (Finnish, Hungarian, Icelandic, Lithuanian compounds), in other
#: scripts (Greek, Traditional Chinese) or with five languages in the switch (Switzerland).
OTHER_SITES = [
    ("fi-FI", "/fi/fi"),
    ("hu-HU", "/hu/hu"),
    ("is-IS", "/is/is"),
    ("lt-LT", "/lt/lt"),
    ("el-GR", "/gr/el"),
    ("zh-Hant-HK", "/hk/zh"),
    ("de-CH", "/ch/de"),
]


@pytest.mark.parametrize("locale, site", OTHER_SITES, ids=[site for _l, site in OTHER_SITES])
def test_other_languages_public_pages_fit_320_pixels(open_context, locale, site):
    page = narrow_page(open_context, locale)
    for rest in [
        "/",
        "/store?model=taycan&year=2026",
        "/support",
        "/account/register",
        "/account/login",
        "/activate/new-link",
    ]:
        page.goto(site + rest)
        assert_fits(page)


def test_links_are_not_glued_to_buttons(open_context):
    """axe's target-size rule (WCAG 2.2, 2.5.8) on the pages where a link follows a form."""
    page = open_context(locale="sv-SE").new_page()
    for path in ["/se/sv/account/login", "/se/sv/account/register", "/se/sv/forgot-password"]:
        page.goto(path)
        page.wait_for_load_state("load")
        result = _axe.run(page, options={"runOnly": {"type": "rule", "values": ["target-size"]}})
        assert result.violations_count == 0, (path, result.generate_report())


def test_the_customer_journey_fits_320_pixels(visit, backoffice, market, lang):
    """In every language of the market (``--market de`` runs it in German)."""
    vin = market.new_vin()
    # Delivered today: the car has its services, so the car page has its table of them.
    order = backoffice.order(lang, "taycan", 2026, vin=vin, delivery_in_days=0)
    customer = visit(lang)
    page = customer.page
    page.set_viewport_size({"width": WIDTH, "height": 640})
    customer.check = lambda: assert_fits(page)  # at every step, instead of axe
    backoffice.activate(customer, order)  # every step and "Your next steps"
    assert_stacked(page)  # the services of "Your next steps"
    for rest in ["account/", "account/sessions", "account/vehicles"]:
        page.goto(customer.path(rest))
        assert_fits(page)
    page.goto(customer.path("account/sessions"))
    assert_stacked(page)
    vehicles = VehiclesPage(customer).open_from_my_porsche()
    vehicles.link_the_ordered_car()
    assert_fits(page)  # the car page: its services and remote functions
    assert_stacked(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.evaluate(DISPLAY) == "table"  # a real table where there is room


#: How the first table of records is laid out.
DISPLAY = "getComputedStyle(document.querySelector('table.table-stack')).display"


def assert_stacked(page: Page) -> None:
    """The page's table of records is a stacked list: each row a block, the column names
    beside the values."""
    assert page.evaluate(DISPLAY) == "block", page.url
    label = page.evaluate(
        "getComputedStyle(document.querySelector('table.table-stack td[data-label]'),"
        " '::before').content"
    )
    assert label not in ("", "none", "normal"), (page.url, label)
