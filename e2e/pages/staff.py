"""The staff console (issue #12): a Porsche Centre or customer-service member signs in, finds an
order and helps its customer; and the customer's side of a number staff entered."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Locator, expect

from .base import SitePage


class StaffConsole(SitePage):
    """The console in the member's language (the visit's language: the members of the journeys
    are made with it)."""

    def sign_in(self, email: str, password: str, code: str | None, root: str = "") -> StaffConsole:
        """Password, then a code (a recovery code: the journeys' members have no phone), or
        with ``code=None`` a passkey. ``root``: another address of the site (a passkey needs a
        host name, ``localhost``, not an IP address)."""
        self.page.goto(root + "/staff/login")
        self.check()
        self.fill("E-mail address", email)
        self.fill("Password", password, exact=True)
        self.click_button("Continue")
        self.check()
        if code is None:
            self.click_button("Sign in with a passkey")
        else:
            self.fill("Code", code, exact=True)
            self.click_button("Sign in", exact=True)
        query = self.t("Order number, VIN, e-mail address or mobile number")
        expect(self.page.get_by_label(query)).to_be_visible()
        return self

    def open_order(self, number: str) -> StaffConsole:
        self.fill("Order number, VIN, e-mail address or mobile number", number)  # POST: no URL
        self.click_button("Search", exact=True)
        self.check()
        self.main.get_by_role("link", name=number).click()
        self.expect_heading(self.t("Order %(number)s", number=number))
        self.check()
        return self

    def add_a_passkey(self, name: str) -> None:
        self.click_link("Your passkeys")
        self.expect_heading(self.t("Passkeys"))
        self.check()
        self.fill("Name of the passkey", name)
        self.click_button("Add a passkey")
        self.expect_flash(
            self.t.lead("The passkey is saved. You can sign in with it instead of a code.")
        )
        expect(self.main).to_contain_text(name)
        self.check()

    def sign_out(self) -> None:
        self.click_link("Back to the start page")
        self.click_button("Sign out")
        self.expect_heading(self.t("Sign in to the staff console"))

    def panel(self, title: str) -> Locator:
        """One of the order page's actions (its own form with its own reason)."""
        return self.page.get_by_role("region", name=self.t(title))

    def _act(self, title: str, fields: dict[str, str], button: str) -> None:
        panel = self.panel(title)
        for label, value in fields.items():
            panel.get_by_label(self.t(label)).fill(value)
        panel.get_by_role("button", name=self.t(button)).click()

    def send_a_new_invitation(self, reason: str) -> None:
        self._act(
            "Send a new invitation",
            {"Reason (kept in the audit log)": reason},
            "Send the invitation",
        )
        sent = self.t("A new invitation is on its way to %(email)s.", email="\0")
        self.expect_flash(sent.split("\0")[0].strip())
        self.check()

    def change_the_phone_number(self, phone: str, reason: str) -> None:
        self._act(
            "Change the mobile number",
            {"New mobile number": phone, "Reason (kept in the audit log)": reason},
            "Save the new number",
        )
        self.expect_flash(
            self.t.lead(
                "The new number is waiting for the customer's confirmation. The customer was "
                "told by e-mail, the current number by SMS."
            )
        )
        # Masked: only the last four digits, never the whole number.
        expect(self.main).to_contain_text("•••• " + phone.replace(" ", "").replace("-", "")[-4:])
        self.check()

    def correct_the_vin(self, vin: str, reason: str) -> None:
        """An activated order's VIN (issue #20: the dealer system may no longer change it)."""
        self._act(
            "Correct the VIN",
            {"Vehicle identification number (VIN)": vin, "Reason (kept in the audit log)": reason},
            "Correct the VIN",
        )
        self.expect_flash(self.t("The VIN is corrected and the customer was told by e-mail."))
        expect(self.main).to_contain_text(f"VIN {vin}")
        self.check()


class NewPhonePage(SitePage):
    """After signing in: the number customer service entered waits for the code sent to it."""

    def expect(self) -> NewPhonePage:
        self.expect_heading(self.t("Confirm your new phone number"))
        self.check()
        return self

    def confirm(self, e164: str, read_code: Callable[[], str]) -> None:
        code_field = self.page.get_by_label(self.t("Code from the SMS"))
        if not code_field.is_visible():
            # The code went out too soon after the last one: wait what the page says, then
            # ask for it as a customer would.
            says = self.t("You can ask for a new code in %(seconds)s seconds.", seconds="\0")
            before = says.split("\0")[0]
            wait = self.main.get_by_text(before).first.inner_text()
            seconds = int(re.search(r"\d+", wait[len(before) - 1 :]).group(0))
            self.page.wait_for_timeout((seconds + 1) * 1000)
            self.click_button("Send code", exact=True)
        expect(code_field).to_be_visible()
        expect(self.main).to_contain_text(e164[-4:])
        assert e164[3:] not in self.page.content()
        code_field.fill(read_code())
        self.click_button("Confirm the new number", exact=True)
        self.expect_flash(self.t("Your new phone number is confirmed and in use."))
        self.check()
