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

    def link_by_pairing_code(self, vin: str, code: str) -> CarPage:
        """F13: any car, by its VIN and the pairing code its PCM shows."""
        self.click_link("Link a car with VIN and pairing code")
        self.check()
        self.fill("Vehicle identification number (VIN)", vin)
        self.fill("Pairing code", code)
        self.click_button("Link car")
        car = CarPage(self.visit, "")
        car.expect_flash(self.t("Your car is linked to your Porsche ID."))
        car.url = self.page.url
        car.check()
        return car

    def expect_no_car(self, vin: str) -> None:
        expect(self.main).not_to_contain_text(vin)
        self.check()

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

    def name_it(self, name: str) -> None:
        self.fill("Name for your car", name)
        self.click_button("Save name")
        self.expect_flash(self.t("The name is saved."))
        self.check()

    def sell(self, security_code: str) -> VehiclesPage:
        """Issue #16: "I sold this car", what happens, then the security code to confirm."""
        self.click_link("I sold this car")
        self.expect_heading(self.t("You sold your car"))
        self.check()
        self.fill("Security code", security_code)
        self.click_button("Confirm: I sold this car")
        vehicles = VehiclesPage(self.visit)
        vehicles.expect_flash(
            self.t(
                "The car is removed from your Porsche ID. The buyer links it with a new pairing "
                "code from the car."
            )
        )
        vehicles.check()
        return vehicles

    def expect_gone(self) -> None:
        """The seller's old address of the car answers 404."""
        response = self.page.goto(self.url)
        assert response is not None and response.status == 404, response and response.status

    def expect_nothing_of(self, *texts: str) -> None:
        for text in texts:
            expect(self.main).not_to_contain_text(text)

    def open_remove(self) -> None:
        self.click_link("Remove the car from your Porsche ID")
        self.expect_heading(self.t("Remove the car from your Porsche ID"))
        self.check()

    def back_to_my_vehicles(self) -> VehiclesPage:
        self.page.goto(self.url.rsplit("/", 1)[0])
        return VehiclesPage(self.visit)
