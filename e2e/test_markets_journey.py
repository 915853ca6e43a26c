"""Connect Store and support journeys in every language of the market (Swedish and English by
default), with and without JavaScript, checked by axe on every page. What the market sells and
its support contact come from its plugin (the registry), not from this file."""

from __future__ import annotations

import re

import pytest
from pages import StartPage, StorePage
from playwright.sync_api import expect

MODEL, YEAR = "taycan", 2024
RISK_RADAR = "vzo_download_v2"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_pick_a_recent_taycan_and_see_its_services(visit, market, lang, javascript):
    customer = visit(lang, javascript=javascript)
    model = market.model_name(MODEL)
    store = StartPage(customer).open().go_to_store()

    store.choose(MODEL, YEAR)
    store.expect_results_for(model, YEAR)
    expect(customer.page).to_have_url(re.compile(rf"/store\?model={MODEL}&year={YEAR}$"))
    priced = market.priced_service(MODEL, YEAR, lang)  # Navigation Plus in Sweden
    expect(store.service(priced.name)).to_contain_text(priced.terms)
    store.check()

    later = market.later_service(MODEL, lang, preferred=RISK_RADAR)  # from 2021
    store.choose_year(later.first_year - 1)
    store.expect_results_for(model, later.first_year - 1)
    expect(store.service(later.name)).to_contain_text(
        store.t(
            "the %(model)s has it from model year %(year)s.", model=model, year=later.first_year
        )
    )
    store.check()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_find_the_contact_then_a_country_not_listed(visit, market, lang, javascript):
    customer = visit(lang, javascript=javascript)
    support = StartPage(customer).open().go_to_support()
    support.expect_contact(market.support_email)

    answer = support.find(market.name(lang))
    expect(answer.get_by_role("link", name=market.support_email)).to_be_visible()
    support.check()

    _, unlisted = market.country_without_market(lang)
    answer = support.find(unlisted)
    expect(answer).to_contain_text(
        support.t.lead(
            "There is no Porsche Connect customer service for %(country)s. Please contact your "
            "Porsche partner.",
            country=unlisted,
        )
    )
    support.check()


def test_the_store_works_with_the_keyboard(visit, market, main_language):
    customer = visit(main_language)
    store = StorePage(customer).open()
    store.page.get_by_label(store.t("Model"), exact=True).focus()
    store.page.keyboard.press("End")  # last model in the list
    store.page.get_by_label(store.t("Model year"), exact=True).select_option("2025")
    store.expect_results_for(market.model_names()[-1], 2025)  # the Macan Electric


def test_store_and_support_fit_a_320_pixel_screen(visit, market, main_language):
    customer = visit(main_language)
    page = customer.page
    page.set_viewport_size({"width": 320, "height": 640})
    unlisted, _ = market.country_without_market(main_language)
    for path in [
        customer.path(f"store?model={MODEL}&year={YEAR}"),
        customer.path(f"support?country={unlisted}"),
        customer.path("privacy"),
    ]:
        page.goto(path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 320, (path, scroll_width)
