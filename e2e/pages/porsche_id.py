"""Porsche ID: registration, the e-mail confirmation, logging in and out, the phone, the security
code and a forgotten password; My Porsche's start page."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import expect

from .base import Person, SitePage


class PorscheIdPage(SitePage):
    """The login page and the pages around it."""

    def open_from_the_header(self) -> PorscheIdPage:
        self.page.locator("header").get_by_role("link", name=self.t("Log in")).click()
        self.check()
        return self

    def open_from_the_start_page(self) -> PorscheIdPage:
        self.page.goto(self.visit.path())
        return self.open_from_the_header()

    def register(self, person: Person) -> None:
        self.click_link("Create a Porsche ID")
        self.check()
        self.fill("Given name", person.given_name, exact=True)
        self.fill("Family name", person.family_name, exact=True)  # "Nom" is in "Prénom"
        self.fill("E-mail address", person.email)
        self.fill("Mobile phone number", person.phone)
        self.fill("Password", person.password, exact=True)
        self.click_button("Create Porsche ID")
        self.expect_heading(self.t("Check your e-mail"))
        self.check()

    def register_with_a_weak_password(self, person: Person, password: str, reason: str) -> None:
        """Registration refused: the error summary names why the password is weak."""
        self.click_link("Create a Porsche ID")
        self.fill("Given name", person.given_name, exact=True)
        self.fill("Family name", person.family_name, exact=True)
        self.fill("E-mail address", person.email)
        self.fill("Mobile phone number", person.phone)
        self.fill("Password", password, exact=True)
        self.click_button("Create Porsche ID")
        self.expect_problem(self.t.lead(reason))
        self.expect_heading(self.t("Create your Porsche ID"))
        self.check()

    def confirm_email(self, link: str) -> None:
        """The link from the confirmation e-mail: GET asks, Continue confirms."""
        self.page.goto(link)
        self.expect_heading(self.t("Confirm your e-mail address"))
        self.check()
        self.click_button("Continue")
        self.expect_heading(self.t("Your e-mail address is confirmed"))
        assert "/confirm-email/" not in self.page.url
        self.check()
        self.main.get_by_role("link", name=self.t("Log in")).click()

    def log_in(self, person: Person, password: str | None = None) -> MyPorsche:
        self.fill("E-mail address", person.email)
        self.fill("Password", password or person.password, exact=True)
        self.main.get_by_role("button", name=self.t("Log in")).click()
        my_porsche = MyPorsche(self.visit)
        my_porsche.expect_greets(person)
        return my_porsche

    def log_in_only(self, person: Person) -> None:
        """Log in without expecting My Porsche (a page may come first, e.g. a new number)."""
        self.fill("E-mail address", person.email)
        self.fill("Password", person.password, exact=True)
        self.main.get_by_role("button", name=self.t("Log in")).click()

    def forgot_password(self, person: Person) -> None:
        self.click_link("Forgotten your password?")
        self.check()
        self.fill("E-mail address", person.email)
        self.click_button("Send link")
        self.expect_heading(self.t("Check your e-mail"))
        self.check()

    def reset_password(self, link: str, new_password: str) -> None:
        self.page.goto(link)
        self.check()
        self.fill("New password", new_password)
        self.click_button("Save password")
        self.expect_flash(self.t.lead("Your password is changed. Log in with the new password."))
        assert "/reset-password/" not in self.page.url
        self.check()


class MyPorsche(SitePage):
    """My Porsche's start page for a logged-in customer."""

    def expect_greets(self, person: Person) -> None:
        self.expect_heading(self.t("Hello %(name)s", name=person.given_name))

    def open(self) -> MyPorsche:
        self.page.goto(self.visit.path("account/"))
        return self

    def start_phone_verification(self, person: Person) -> PhonePage:
        # the one next thing to do, in its box (the Porsche ID list has the same link)
        self.page.locator("#next-step").get_by_role(
            "link", name=self.t("Verify your phone number")
        ).click()
        self.check()
        phone = PhonePage(self.visit)
        phone.send_code(person)
        return phone

    def set_security_code(self, code: str) -> None:
        self.click_link("Set a security code")
        self.check()
        self.fill("Security code", code, exact=True)
        self.fill("Security code again", code)
        self.click_button("Save security code")
        self.expect_flash(self.t("Your security code is saved."))
        self.check()

    def log_out(self) -> PorscheIdPage:
        self.page.locator("header").get_by_role("button", name=self.t("Log out")).click()
        self.expect_flash(self.t("You are logged out."))
        self.check()
        return PorscheIdPage(self.visit)


class PhonePage(SitePage):
    """F10: a six-digit code by SMS; five wrong codes void it."""

    def send_code(self, person: Person) -> None:
        self.click_button("Send code")
        expect(self.page.get_by_label(self.t("Code from the SMS"))).to_be_visible()
        # Only the last digits of the number are shown.
        expect(self.main).to_contain_text(person.e164[-4:])
        assert person.e164[3:] not in self.page.content()

    def enter(self, code: str) -> None:
        self.fill("Code from the SMS", code)
        self.page.get_by_role("button", name=self.t("Verify"), exact=True).click()

    def verify(self, read_code: Callable[[], str], separator: str = "") -> None:
        """Type the code from the SMS (with ``separator`` after its third digit, as people
        copy ``123 456``) and expect the number verified."""
        self.check()
        code = read_code()
        self.enter(code[:3] + separator + code[3:])
        self.expect_flash(self.t("Your phone number is verified."))
        self.check()

    def enter_wrong(self, code: str, attempt: int) -> None:
        """Attempt ``attempt`` (1-5) of a wrong code: the fifth voids the code."""
        self.fill("Code from the SMS", code)
        with self.page.expect_response(lambda r: r.request.method == "POST" and "/phone" in r.url):
            self.page.get_by_role("button", name=self.t("Verify"), exact=True).click()
        if attempt == 5:
            expected = self.t.lead(
                "Too many wrong codes: this code no longer works. Ask for a new code."
            )
        else:
            expected = self.t.lead("The code is not right. Check the SMS and try again.")
        self.expect_problem(expected)
