"""The invitation link, the self-service new link and the guided activation (F4-F9, F16, F22,
F27, F8)."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import expect

from .base import Person, SitePage, Visit
from .staging import Order


class InvitationPage(SitePage):
    """``/<country>/<lang>/activate/<token>``: GET shows Continue; only POST uses the link."""

    def open(self, link: str) -> InvitationPage:
        assert link.startswith(self.visit.path("activate/")), link
        self.page.goto(link)
        return self

    def expect_welcome(self) -> None:
        self.expect_heading(self.t("Activate Porsche Connect"))
        self.check()

    def expect_link_does_not_work(self, partner: str | None = None) -> None:
        self.expect_heading(self.t("This activation link does not work"))
        if partner:
            expect(self.main).to_contain_text(partner)
        self.check()

    def continue_(self) -> ActivationStart:
        self.click_button("Continue")
        expect(self.page).to_have_url(re.compile(re.escape(self.visit.path("activate")) + "$"))
        return ActivationStart(self.visit)

    def ask_for_a_new_link(self) -> NewLinkPage:
        self.click_link("Send me a new activation link")
        return NewLinkPage(self.visit).expect()


class ActivationStart(SitePage):
    """The token-free page after the link was used: the order and the way into the activation."""

    def expect_order(self, number: str) -> None:
        expect(self.main).to_contain_text(number)
        self.check()
        expect(self.page.get_by_role("link", name=self.t("Start the activation"))).to_be_visible()

    def start(self) -> ActivationWizard:
        self.click_link("Start the activation")
        return ActivationWizard(self.visit)


class NewLinkPage(SitePage):
    """F22: a new invitation link, sent only to the order's own address."""

    def open(self) -> NewLinkPage:
        self.page.goto(self.visit.path("activate/new-link"))
        return self.expect()

    def expect(self) -> NewLinkPage:
        self.expect_heading(self.t("Send me a new activation link"))
        self.check()
        return self

    def send_empty(self) -> None:
        self.click_button("Send new link")
        expect(self.page.locator(".error-summary, [role=alert]").first).to_be_visible()
        self.check()

    def send(self, order_number: str, email: str) -> None:
        self.fill("Order number", order_number)
        self.fill("E-mail address", email)
        self.click_button("Send new link")
        self.expect_heading(self.t("Check your e-mail"))
        self.check()


class ActivationWizard(SitePage):
    """The guided activation: one page per step, "Step n of m" over the steps the car needs.

    Each step checks that it is the step the plan says (its URL and its number) before it is
    answered; the plan comes from the market and the catalogue (:meth:`MarketFacts.
    activation_steps`)."""

    def __init__(self, visit, model: str = "", year: int = 0) -> None:
        super().__init__(visit)
        self.steps = visit.market.activation_steps(model, year) if model else []
        self.model, self.year = model, year

    def for_car(self, model: str, year: int) -> ActivationWizard:
        return ActivationWizard(self.visit, model, year)

    @property
    def total(self) -> int:
        return len(self.steps)

    def expect_step(self, step: str) -> None:
        number = self.steps.index(step) + 1
        expect(self.page).to_have_url(re.compile(rf"/{re.escape(step)}(/[a-z-]+)?$"))
        expect(self.page.locator(".caption")).to_have_text(
            self.t("Step %(number)s of %(total)s", number=number, total=self.total)
        )
        self.check()

    def has(self, step: str) -> bool:
        return step in self.steps

    # a. Porsche ID, prefilled from the order
    def create_porsche_id(self, person: Person) -> None:
        self.expect_heading(self.t("Create your Porsche ID"))
        self.expect_step("porsche-id")
        self.fill("Mobile phone number", person.phone)
        self.fill("Password", person.password, exact=True)
        self.click_button("Create Porsche ID and continue")

    def continue_with_logged_in_porsche_id(self, email: str) -> None:
        """A customer still logged in: the step only asks (a GET takes nothing)."""
        expect(self.page.get_by_role("main")).to_contain_text(email)
        self.expect_step("porsche-id")
        self.click_button("Continue with this Porsche ID")

    # b. phone (F10): the code comes by SMS
    def verify_phone(self, read_code) -> None:
        self.expect_step("phone")
        self.click_button("Send code")
        expect(self.page.get_by_label(self.t("Code from the SMS"))).to_be_visible()
        self.check()
        self.fill("Code from the SMS", read_code())
        self.click_button("Verify and continue")

    # c. security code (F7)
    def set_security_code(self, code: str) -> None:
        self.expect_step("security-code")
        self.fill("Security code", code, exact=True)
        self.fill("Security code again", code)
        self.click_button("Save and continue")

    # d. services: nothing that costs money is ticked for the customer; they choose
    def choose_services(self) -> None:
        """Every box starts unticked; the customer ticks Navigation Plus and the remote
        functions (the car page's unlock needs them) where the car has them."""
        self.expect_step("services")
        for box in self.page.get_by_role("checkbox").all():
            expect(box).not_to_be_checked()
        for name in ("Navigation Plus", self.t("Remote Lock and Unlock")):
            box = self.page.get_by_role("checkbox", name=name)
            if box.count():
                box.check()
        self.click_button("Continue", exact=True)

    def expect_services_step(self) -> None:
        """Where a customer lands whose phone is verified already."""
        self.page.wait_for_url(re.compile(r"/services$"))
        expect(self.page.get_by_role("checkbox").first).not_to_be_checked()
        self.check()

    # e. Data Pass (F9): refused without its consent, then accepted
    def take_the_data_pass(self, provider: str) -> None:
        self.expect_step("data-pass")
        # "Yes", with the provider as its hint (#19)
        self.page.locator(".radio", has_text=provider).get_by_role("radio").check()
        self.click_button("Continue", exact=True)
        self.expect_problem(self.t("There is a problem"))
        self.check()
        self.page.get_by_label(
            self.t("I accept the Data Pass terms, including the transfer of my data")
        ).check()
        self.click_button("Continue", exact=True)

    # charging (F16)
    def choose_charging(self, plan: str) -> None:
        self.expect_step("charging")
        self.page.get_by_role("radio", name=plan, exact=True).check()
        self.click_button("Continue", exact=True)

    # f. partner (F27): the order's centre is chosen; the consent is optional
    def agree_with_the_partner(self) -> None:
        self.expect_step("partner")
        self.page.get_by_label(
            self.t("I agree that Porsche and this Porsche partner exchange my data (optional)")
        ).check()
        self.click_button("Continue", exact=True)

    # g. invoice recipient (F8): the first address (company fields only for a company), then
    # the recipient review with it chosen
    def give_the_invoice_address(self, street: str, postal_code: str, city: str) -> None:
        self.expect_step("invoice")
        company = self.page.locator("#company")  # CSS alone shows it: also without JavaScript
        if company.count():
            expect(company).to_be_hidden()
            self.page.locator("input[name=kind][value=company]").check()
            expect(company).to_be_visible()
            self.page.locator("input[name=kind][value=private]").check()
            expect(company).to_be_hidden()
        self.fill("Street and number", street)
        self.fill("Postal code", postal_code)
        self.fill("Town or city", city)
        if "region" in self.visit.market.address_fields():
            self.fill("State, province or region", city)
        self.click_button("Save and continue")
        self.page.wait_for_url(re.compile(r"/invoice$"))  # same step: wait for the page itself
        self.expect_step("invoice")
        expect(self.page.get_by_role("radio")).to_be_checked()
        self.click_button("Continue", exact=True)

    # h. check your answers; a Change link goes to its step and comes back
    def check_answers(self, shown: str) -> None:
        self.expect_step("check")
        expect(self.main).to_contain_text(shown)

    def change_the_invoice_and_come_back(self) -> None:
        self.page.locator(".summary-list a[href$='/invoice']").click()
        self.expect_step("invoice")  # the list of invoice recipients
        expect(self.page.get_by_role("radio")).to_be_checked()
        self.click_button("Continue", exact=True)
        self.expect_step("check")

    # i. confirm
    def activate(self) -> NextSteps:
        self.click_button("Activate services")
        next_steps = NextSteps(self.visit)
        next_steps.expect()
        return next_steps


class NextSteps(SitePage):
    """ "Your next steps" after the activation."""

    def expect(self) -> None:
        self.expect_heading(self.t("Your next steps"))
        self.check()

    def expect_mentions(self, text: str) -> None:
        expect(self.main).to_contain_text(text)

    def expect_link_to(self, url: str) -> None:
        expect(self.page.locator(f"a[href='{url}']")).to_be_visible()

    def back_and_reload(self) -> None:
        """Back to the check page: the activation is done, so it shows the next steps again."""
        self.page.go_back()
        self.page.reload()
        self.expect_heading(self.t("Your next steps"))


#: The security code the journeys' customers choose.
SECURITY_CODE = "4711"


def activate_order(
    customer: Visit,
    link: str,
    order: Order,
    person: Person,
    read_code: Callable[[], str],
    charging: bool = True,
) -> NextSteps:
    """The whole guided activation, from the invitation link to "Your next steps": every step
    the car needs in the market, answered as a new customer would (the Data Pass and the
    charging plan where offered, unless ``charging`` is False: then no Charging Service now;
    the order's partner with the optional consent, the partner's address as the invoice
    address)."""
    market = customer.market
    invitation = InvitationPage(customer).open(link)
    start = invitation.continue_()
    start.check()
    wizard = start.start().for_car(order.model, order.year)

    wizard.create_porsche_id(person)
    wizard.verify_phone(read_code)
    if wizard.has("security-code"):
        wizard.set_security_code(SECURITY_CODE)
    wizard.choose_services()
    provider = market.data_pass_provider(order.model, order.year)
    if wizard.has("data-pass"):
        wizard.take_the_data_pass(provider.name)
    plan = market.charging_plan(order.model)
    if wizard.has("charging"):
        wizard.choose_charging(plan.name if charging else wizard.t("No charging service for now"))
    wizard.agree_with_the_partner()
    address = market.partner
    wizard.give_the_invoice_address(address.street, address.postal_code, address.city)
    wizard.check_answers(address.postal_code)
    wizard.change_the_invoice_and_come_back()

    next_steps = wizard.activate()
    if wizard.has("charging") and charging:
        next_steps.expect_mentions(plan.name)
    if wizard.has("data-pass"):
        next_steps.expect_link_to(provider.registration_url)
    next_steps.back_and_reload()
    return next_steps
