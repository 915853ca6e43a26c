"""My services (issue #13 item 1): the contracts per car, renewing one with check your answers,
and its printable invoice."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .base import SitePage


class MyServices(SitePage):
    """ "My services": every contract per car, renewals and invoices."""

    def open_from_my_porsche(self) -> MyServices:
        self.page.goto(self.visit.path("account/"))
        self.page.locator("main").get_by_role(
            "link", name=self.t("My services"), exact=True
        ).click()
        self.expect_heading(self.t("My services"))
        self.check()
        return self

    def renew(self, service: str) -> None:
        """Renew ``service`` for a year: refused without the express consent, then ticked, check
        your answers, ordered."""
        panel = self.page.locator(
            ".panel", has=self.page.get_by_role("heading", name=service, exact=True)
        )
        panel.get_by_role("link", name=re.compile(re.escape(self.t("Renew for a year")))).click()
        self.expect_heading(self.t("Renew %(service)s", service=service))
        self.check()
        consent = self.page.get_by_label(
            self.t("I order this year of the service and agree to pay the price shown.")
        )
        expect(consent).not_to_be_checked()
        self.click_button("Continue", exact=True)
        self.expect_problem(self.t("There is a problem"))
        self.check()
        self.page.get_by_label(
            self.t("I order this year of the service and agree to pay the price shown.")
        ).check()
        self.click_button("Continue", exact=True)
        self.expect_heading(self.t("Check your answers"))
        self.check()
        self.click_button("Order and pay")
        self.expect_flash(
            self.t.lead(
                "Thank you. Your service is renewed until %(date)s. We sent you a "
                "confirmation by e-mail.",
                date="",
            )
        )
        self.check()

    def open_invoice(self) -> str:
        """Opens the newest invoice; returns its number."""
        lead = self.t("Invoice %(number)s", number="")
        link = self.page.locator("#invoices ~ ul").get_by_role(
            "link", name=re.compile(re.escape(lead))
        )
        link.last.click()
        heading = self.heading.inner_text()
        assert heading.startswith(lead), heading
        self.check()
        return heading.removeprefix(lead)
