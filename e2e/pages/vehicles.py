"""My vehicles: linking the car of an activated order, its page with the services' state and the
remote commands, linking by pairing code, removing (F13-F15, F7)."""

from __future__ import annotations

from playwright.sync_api import expect

from .base import SitePage


class VehiclesPage(SitePage):
    """``/<country>/<lang>/account/vehicles``."""

    def open_from_my_porsche(self) -> VehiclesPage:
        self.page.locator("header .brand").click()  # the wordmark: My Porsche when logged in
        self.click_link("My vehicles")
        self.page.wait_for_url("**/account/vehicles")
        self.check()
        return self

    def link_the_ordered_car(self) -> CarPage:
        """F13: the car of the activated order, with one confirmation."""
        self.click_button("Link this car")
        car = CarPage(self.visit, "")
        car.expect_flash(self.t("Your car is linked to your Porsche ID."))
        car.url = self.page.url
        return car

    def link_by_pairing_code_without_answers(self) -> None:
        self.click_link("Link a car with VIN and pairing code")
        self.click_button("Link car")
        self.expect_problem(self.t("There is a problem"))
        self.check()


class CarPage(SitePage):
    """One car: its services (fetched or not, F14), remote commands and their status."""

    def __init__(self, visit, url: str) -> None:
        super().__init__(visit)
        self.url = url

    def open(self) -> CarPage:
        self.page.goto(self.url)
        return self

    def expect_services_not_fetched(self) -> None:
        expect(self.main).to_contain_text(
            self.t.lead(
                "Not yet fetched: the services activated on %(time)s appear in the car after "
                "its next start while it is online.",
                time="",
            )
        )
        self.check()

    def expect_synced(self) -> None:
        expect(self.main).to_contain_text(
            self.t.lead(
                "Up to date: the car fetched its services on %(time)s, with your Porsche ID "
                "logged in.",
                time="",
            )
        )

    def unlock(self, security_code: str) -> None:
        self.fill("Security code (needed to unlock)", security_code)
        self.page.get_by_role("button", name=self.t("Unlock"), exact=True).click()
        self.expect_command_status(self.t("waiting for the car"))
        self.check()

    def expect_command_status(self, text: str, timeout: float | None = None) -> None:
        expect(self.page.locator("#command-status")).to_contain_text(text, timeout=timeout)

    def expect_command_done(self) -> None:
        """htmx polls the command status while a command is open."""
        self.expect_command_status(self.t("done"), timeout=10000)
        self.check()

    def open_remove(self) -> None:
        self.click_link("Remove the car from your Porsche ID")
        self.expect_heading(self.t("Remove the car from your Porsche ID"))
        self.check()

    def back_to_my_vehicles(self) -> VehiclesPage:
        self.page.goto(self.url.rsplit("/", 1)[0])
        return VehiclesPage(self.visit)
