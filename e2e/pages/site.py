"""The public pages: the market chooser, a country site's start page, the Connect Store, support
and the page of a path that does not exist."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from .base import SitePage


class MarketChooser(SitePage):
    """``/``: the list of country sites (in the browser's language)."""

    def open(self) -> MarketChooser:
        self.page.goto("/")
        return self.expect()

    def expect(self) -> MarketChooser:
        self.expect_heading(self.t("Choose your country"))
        self.check()
        return self

    def choose(self, language: str) -> StartPage:
        """The site of the journey's market in ``language`` ("Sverige – Svenska")."""
        market = self.visit.market
        name = f"{market.name(language)} – {market.language_name(language)}"
        self.page.get_by_role("link", name=name).first.click()
        start = StartPage(self.visit, language)
        start.expect()
        return start


class StartPage(SitePage):
    """``/<country>/<lang>/``."""

    def __init__(self, visit, language: str | None = None) -> None:
        super().__init__(visit)
        self.language = language or visit.language
        self.t = visit.market.texts(self.language)

    def open(self) -> StartPage:
        self.page.goto(self.visit.market.path(self.language))
        return self

    def expect(self) -> StartPage:
        market = self.visit.market
        path = market.path(self.language)
        expect(self.page).to_have_url(re.compile(re.escape(path) + "$"))
        expect(self.page.locator("html")).to_have_attribute("lang", market.tag(self.language))
        self.expect_heading(
            self.t("Welcome to My Porsche in %(country)s", country=market.name(self.language))
        )
        self.check()
        return self

    def switch_language(self, language: str) -> StartPage:
        name = self.visit.market.language_name(language)
        self.page.get_by_role("link", name=name, exact=True).click()
        return StartPage(self.visit, language).expect()

    def go_to_support(self) -> SupportPage:
        self.page.get_by_role("link", name=self.t("Help and customer service")).first.click()
        return SupportPage(self.visit)

    def go_to_store(self) -> StorePage:
        self.click_link("Connect Store")
        store = StorePage(self.visit)
        self.expect_heading("Connect Store")
        self.check()
        return store

    def skip_to_content_with_the_keyboard(self) -> None:
        self.page.keyboard.press("Tab")
        skip = self.page.get_by_role("link", name=self.t("Skip to main content"))
        expect(skip).to_be_focused()
        expect(skip).to_be_visible()
        self.page.keyboard.press("Enter")
        expect(self.main).to_be_focused()


class NotFoundPage(SitePage):
    def open(self, path: str) -> NotFoundPage:
        response = self.page.goto(path)
        assert response is not None and response.status == 404
        self.expect_heading(self.t("Page not found"))
        self.check()
        return self

    def back_to_the_list(self) -> MarketChooser:
        self.click_link("Go to the list of countries")
        self.expect_heading(self.t("Choose your country"))
        return MarketChooser(self.visit)


class SupportPage(SitePage):
    """Support: the market's contact and the finder for any country (F23, F24)."""

    def switch_language(self, language: str) -> SupportPage:
        """Picks ``language`` by its own name in the header's language links, with the
        keyboard: the same page comes back in that language (issue #15)."""
        market = self.visit.market
        link = self.page.get_by_role("link", name=market.language_name(language), exact=True)
        expect(link).to_have_attribute("lang", language)
        link.focus()
        self.page.keyboard.press("Enter")
        expect(self.page).to_have_url(re.compile(re.escape(market.path(language, "support")) + "$"))
        expect(self.page.locator("html")).to_have_attribute("lang", market.tag(language))
        self.check()
        return self

    def expect_contact(self, email: str) -> None:
        expect(self.page.get_by_role("link", name=email).first).to_be_visible()
        self.check()

    def find(self, country: str) -> Locator:
        """Picks ``country`` (its name) in the finder; returns the answer."""
        finder = self.page.locator("#finder")
        finder.get_by_label(self.t("Your country")).select_option(label=country)
        if not self.visit.javascript:
            finder.get_by_role("button", name=self.t("Find customer service")).click()
        return self.page.locator(".finder-answer")


class StorePage(SitePage):
    """The Connect Store: a model and model year, and its services with period and price."""

    def open(self) -> StorePage:
        self.page.goto(self.visit.path("store"))
        return self

    def choose(self, model: str, year: int) -> None:
        self.page.get_by_label(self.t("Model"), exact=True).select_option(model)
        self.choose_year(year)

    def choose_year(self, year: int) -> None:
        self.page.get_by_label(self.t("Model year"), exact=True).select_option(str(year))
        if not self.visit.javascript:
            self.click_button("Show services")

    def choose_at_once(self, model: str, year: int) -> None:
        """A visitor quicker than the page: both choices made and sent (the ``change`` event)
        before any pointer, touch, focus or key told the page that an htmx form is in use."""
        self.page.locator("form.store-filter").evaluate(
            """(form, [model, year]) => {
              form.elements.model.value = model;
              form.elements.year.value = year;
              form.elements.year.dispatchEvent(new Event("change", { bubbles: true }));
            }""",
            [model, str(year)],
        )

    def show_services(self) -> None:
        self.click_button("Show services")

    def expect_results_for(self, model_name: str, year: int) -> None:
        expect(
            self.page.get_by_role(
                "heading",
                name=self.t(
                    "Services for the %(model)s, model year %(year)s", model=model_name, year=year
                ),
            )
        ).to_be_visible()

    def service(self, name: str) -> Locator:
        return self.page.locator("li.service", has=self.page.get_by_role("heading", name=name))
