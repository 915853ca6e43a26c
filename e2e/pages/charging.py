"""The Porsche Charging Service after the activation: booking from My Porsche (plan, delivery
address, check your answers), the card's status and the virtual card (F16, F17)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .base import SitePage


class ChargingPage(SitePage):
    """``/<country>/<lang>/account/charging``."""

    def open_from_my_porsche(self) -> ChargingPage:
        self.page.locator("header .brand").click()  # the wordmark: My Porsche when logged in
        self.page.get_by_role("link", name=self.t("Porsche Charging Service"), exact=True).click()
        self.page.wait_for_url("**/account/charging")
        self.expect_heading(self.t("Porsche Charging Service"))
        self.check()
        return self

    def reload(self) -> None:
        self.page.reload()

    def book(self, plan: str, street: str, postal_code: str, city: str) -> None:
        """Plan → delivery address (first without answers: the error summary) → check your
        answers → book."""
        self.click_link("Book the Charging Service")
        self.expect_heading(self.t("Choose your charging plan"))
        self.check()
        self.click_button("Continue", exact=True)
        self.expect_problem(self.t("There is a problem"))
        self.check()
        self.page.get_by_role("radio", name=plan, exact=True).check()
        self.click_button("Continue", exact=True)
        self.expect_heading(self.t("Where should we send your charging card?"))
        self.check()
        self.fill("Street and number", street)
        self.fill("Postal code", postal_code)
        self.fill("Town or city", city)
        self.click_button("Continue", exact=True)
        self.expect_heading(self.t("Check your answers before booking"))
        expect(self.main).to_contain_text(plan)
        expect(self.main).to_contain_text(street)
        self.check()
        self.click_button("Book the Charging Service")
        self.page.wait_for_url("**/account/charging")
        self.expect_flash(
            self.t.lead(
                "Thank you. You booked %(plan)s. We are sending your charging card.", plan=plan
            )
        )
        self.check()

    def expect_car_by_vin(self, vin: str) -> None:
        """A car without an order of the customer's (linked with its pairing code)."""
        expect(self.main).to_contain_text(self.t("VIN %(vin)s", vin=vin))

    def card_id(self) -> int:
        card = self.page.locator("[id^=card-status-]").first
        return int((card.get_attribute("id") or "").rsplit("-", 1)[1])

    def expect_card(self, status: str) -> None:
        expect(self.page.locator("[id^=card-status-]").first).to_contain_text(
            self.t("Charging card: %(status)s", status=self.t(status))
        )

    def expect_promise(self, days: int) -> None:
        """F17: "Your card arrives within 10 days, by <date> at the latest"."""
        message = "Your card arrives within %(days)s days, by %(date)s at the latest."
        expect(self.main).to_contain_text(self.t(message, days=days, date="|").split(",")[0])

    def expect_virtual_card(self, usable: bool = True) -> None:
        number = self.page.locator(".virtual-card-number")
        if usable:
            expect(number).to_have_text(re.compile(r"PCS-\d{4}-\d{4}-\d{4}-\d{4}"))
            expect(self.page.get_by_role("img", name=re.compile("QR"))).to_be_visible()
        else:
            expect(number).to_have_count(0)
            expect(self.main).to_contain_text(
                self.t("Your virtual card no longer works: use your charging card.")
            )

    def activate_the_card(self) -> None:
        self.click_button("I have my card: activate it")
        self.expect_flash(
            self.t("Your charging card is activated. The virtual card no longer works.")
        )
        self.check()
