"""The Data Pass hand-off (F9, F18): after the activation the Data Pass waits for the
customer's registration with the provider, until the provider confirms it or the customer says
it is done."""

from __future__ import annotations

from playwright.sync_api import expect

from .base import SitePage


class DataPassPage(SitePage):
    """``/<country>/<lang>/account/data-pass``."""

    def open_from_my_porsche(self) -> DataPassPage:
        self.page.locator("header .brand").click()  # the wordmark: My Porsche when logged in
        self.page.get_by_role("link", name=self.t("Your Data Pass"), exact=True).first.click()
        self.page.wait_for_url("**/account/data-pass")
        self.expect_heading(self.t("Your Data Pass"))
        self.check()
        return self

    def reload(self) -> None:
        self.page.reload()

    def status(self, order_number: str):
        return self.page.locator(f"#data-pass-status-{order_number}")

    def expect_waiting(self, order_number: str, provider: str, registration_url: str) -> None:
        expect(self.status(order_number)).to_have_text(self.t("Waiting for your registration"))
        link = self.page.get_by_role(
            "link",
            name=self.t(
                "Register for the Data Pass with %(provider)s (external website)",
                provider=provider,
            ),
        )
        expect(link).to_have_attribute("href", registration_url)

    def say_registered(self) -> None:
        self.click_button("I have registered")
        self.expect_flash(self.t("Thank you. Your Data Pass is registered."))
        self.check()

    def expect_registered(self, order_number: str, confirmed_by: str | None = None) -> None:
        status = self.status(order_number)
        expect(status).not_to_contain_text(self.t("Waiting for your registration"))
        registered_on = self.t("Registered on %(date)s", date="")
        expect(status).to_contain_text(registered_on.strip())
        if confirmed_by:
            expect(status).to_contain_text(
                self.t("confirmed by %(provider)s", provider=confirmed_by)
            )
        expect(self.page.get_by_role("button", name=self.t("I have registered"))).to_have_count(0)
