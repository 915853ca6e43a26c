"""What every page object stands on: one customer's visit of a site, and axe-core."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect

from .market import MarketFacts
from .texts import Texts

PASSWORD = "a long walk by the sea"

_axe = Axe()


def assert_accessible(page: Page) -> None:
    """axe-core (WCAG 2.x A/AA and best practices) finds no violations on the page.

    Waits until a navigation started by the last click has loaded: axe on a page that is being
    replaced finds no document (seen as a flaky "documentElement of null")."""
    page.wait_for_load_state("load")
    results = _axe.run(page)
    assert results.violations_count == 0, results.generate_report()


@dataclass
class Visit:
    """One customer's browser tab on the site of ``market`` in ``language``.

    axe runs as JavaScript in the page: a visit with JavaScript off checks that the pages work,
    the visits with JavaScript check them with axe (:meth:`check`)."""

    page: Page
    market: MarketFacts
    language: str
    javascript: bool = True
    axe: bool = True
    t: Texts = field(init=False)

    def __post_init__(self) -> None:
        self.t = self.market.texts(self.language)

    def path(self, rest: str = "") -> str:
        return self.market.path(self.language, rest)

    def check(self) -> None:
        if self.javascript and self.axe:
            assert_accessible(self.page)

    @contextmanager
    def without_axe(self) -> Iterator[None]:
        """Steps a journey only passes through (checked by the journey that is about them)."""
        self.axe = False
        try:
            yield
        finally:
            self.axe = True


@dataclass(frozen=True)
class Person:
    """A new customer (sample data): a fresh e-mail address and mobile number each time."""

    given_name: str
    family_name: str
    email: str
    phone: str  # as typed, national form
    e164: str
    password: str = PASSWORD

    @classmethod
    def new(
        cls,
        market: MarketFacts,
        given_name: str = "Anna",
        family_name: str = "Svensson",
        email: str | None = None,
    ) -> Person:
        phone, e164 = market.mobile_number()
        email = email or f"{given_name.lower()}.{uuid.uuid4().hex[:10]}@example.com"
        return cls(given_name, family_name, email, phone, e164)

    @classmethod
    def ordering(cls, market: MarketFacts, email: str) -> Person:
        """The customer of an order (the dealer system's sample name and the order's address)."""
        return cls.new(market, "Sara", "Prov", email)


class SitePage:
    """A page of the site; subclasses are the pages a customer goes through."""

    def __init__(self, visit: Visit) -> None:
        self.visit = visit
        self.page = visit.page
        self.t = visit.t

    def check(self) -> None:
        """axe on this page (JavaScript visits)."""
        self.visit.check()

    @property
    def main(self) -> Locator:
        return self.page.locator("main")

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    def expect_heading(self, text: str) -> None:
        expect(self.heading).to_have_text(text)

    def expect_flash(self, text: str) -> None:
        expect(self.page.locator("#flash")).to_contain_text(text)

    def expect_problem(self, text: str | None = None) -> None:
        """The error summary (with ``text``, e.g. "There is a problem")."""
        summary = self.page.locator(".error-summary")
        if text is None:
            expect(summary).to_be_visible()
        else:
            expect(summary).to_contain_text(text)

    def click_button(self, msgid: str, exact: bool = False, **values: str) -> None:
        self.page.get_by_role("button", name=self.t(msgid, **values), exact=exact).click()

    def click_link(self, msgid: str, exact: bool = False, **values: str) -> None:
        self.page.get_by_role("link", name=self.t(msgid, **values), exact=exact).click()

    def fill(self, msgid: str, value: str, exact: bool = False) -> None:
        self.page.get_by_label(self.t(msgid), exact=exact).fill(value)
