"""The car's people (issue #16): the main user's pages under the car (invite, activate, rights,
remove), the invitation link, and the secondary user's page of the shared car."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from playwright.sync_api import expect

from .base import Person, SitePage


class CarPeoplePage(SitePage):
    """``…/account/vehicles/<id>/people``: the car's secondary users and the invitation form."""

    def open_from_the_car(self) -> CarPeoplePage:
        self.click_link("Invite people and choose what they may use")
        self.expect_heading(self.t("People who use your car"))
        self.check()
        return self

    def invite(self, person: Person) -> None:
        self.fill("Name", f"{person.given_name} {person.family_name}", exact=True)
        self.fill("The person's e-mail address", person.email)
        self.fill("Mobile phone number", person.phone)
        self.click_button("Send invitation")
        self.expect_flash(self.t("We have sent the invitation to %(email)s.", email=person.email))
        self.check()

    def invite_without_answers(self) -> None:
        self.click_button("Send invitation")
        self.expect_problem(self.t("There is a problem"))
        self.check()

    def open_person(self, person: Person) -> PersonPage:
        name = f"{person.given_name} {person.family_name}"
        self.page.get_by_role("link", name=f"{self.t('Open')} {name}").click()
        self.expect_heading(name)
        self.check()
        return PersonPage(self.visit, name)

    def expect_nothing_of(self, *texts: str) -> None:
        """Nobody of a previous owner's is listed (the buyer's page after a sale)."""
        for text in texts:
            expect(self.main).not_to_contain_text(text)


class PersonPage(SitePage):
    """One secondary user of the car, for its main user."""

    def __init__(self, visit, name: str) -> None:
        super().__init__(visit)
        self.name = name

    def activate(self, security_code: str | None) -> None:
        if security_code:
            self.fill("Your security code", security_code, exact=True)
        self.click_button("Activate %(name)s", name=self.name)
        self.expect_flash(self.t("%(name)s can now use the car.", name=self.name))
        self.check()

    def allow_until(self, function: str, until: datetime) -> None:
        """Tick ``function`` (its label's message id) and give it an end (local time)."""
        self.page.get_by_label(self.t(function), exact=True).check()
        self.page.get_by_label(self.t(f"{function}: until (optional)")).fill(
            until.strftime("%Y-%m-%dT%H:%M")
        )
        self.click_button("Save rights")
        self.expect_flash(
            self.t.lead("The rights are saved. %(name)s is told by e-mail.", name=self.name)
        )
        self.check()

    def expect_right(self, function: str, until: str) -> None:
        expect(self.page.locator("#person-rights")).to_contain_text(
            f"{self.t(function)}: {self.t('until %(time)s', time=until)}"
        )

    def expect_right_ended(self, function: str, until: str) -> None:
        expect(self.page.locator("#person-rights")).to_contain_text(
            f"{self.t(function)}: {self.t('ended %(time)s', time=until)}"
        )

    def look_at_removing_and_keep(self) -> None:
        self.click_link("Remove %(name)s from your car", name=self.name)
        self.expect_heading(self.t("Remove %(name)s from your car", name=self.name))
        self.check()
        self.click_link("Keep %(name)s", name=self.name)
        self.expect_heading(self.name)


class CarInvitationPage(SitePage):
    """The link of the invitation e-mail: GET shows it, the button accepts."""

    def open(self, link: str) -> CarInvitationPage:
        self.page.goto(link)
        self.expect_heading(self.t("An invitation to use a Porsche"))
        self.check()
        return self

    def accept(self) -> SharedCarPage:
        self.click_button("Accept with my Porsche ID")
        assert "/car-invitation/" not in self.page.url
        self.check()
        return SharedCarPage(self.visit)


class SharedCarPage(SitePage):
    """``…/account/shared-cars/<id>``: the car for its secondary user."""

    def confirm(self, code: str) -> None:
        self.fill("Code from the SMS", code)
        self.click_button("Confirm")
        self.expect_flash(
            self.t.lead("Thank you. The car's main user is told and can now activate you.")
        )
        self.check()

    def open(self) -> SharedCarPage:
        self.page.reload()
        return self

    def open_from_my_porsche(self, car_name: str) -> SharedCarPage:
        """My Porsche lists the cars shared with the customer."""
        self.page.goto(self.visit.path("account/"))
        expect(self.main).to_contain_text(self.t("Cars shared with you"))
        self.check()
        self.main.get_by_role("link", name=car_name).click()
        self.check()
        return self

    def look_at_leaving_and_stay(self) -> None:
        self.click_link("Stop using this car")
        self.expect_heading(self.t("Stop using this car"))
        self.check()
        self.click_link("Keep using the car")

    def expect_right(self, function: str, until: str) -> None:
        expect(self.page.locator("#shared-rights")).to_contain_text(
            f"{self.t(function)}: {self.t('until %(time)s', time=until)}"
        )

    def expect_right_ended(self, function: str, until: str) -> None:
        expect(self.page.locator("#shared-rights")).to_contain_text(
            f"{self.t(function)}: {self.t('ended %(time)s', time=until)}"
        )

    def expect_no_remote_functions(self) -> None:
        expect(self.main).to_contain_text(
            self.t("You may use no remote functions of this car now.")
        )
        expect(self.page.get_by_role("button", name=self.t("Unlock"), exact=True)).to_have_count(0)
        self.check()

    def expect_gone(self) -> None:
        """After the sale the shared car's address answers 404."""
        response = self.page.reload()
        assert response is not None and response.status == 404, response and response.status

    def unlock(self, security_code: str) -> None:
        self.fill("Security code (needed to unlock)", security_code)
        self.page.get_by_role("button", name=self.t("Unlock"), exact=True).click()
        self.expect_flash(self.t("Sent to your car. It runs the command when it is online."))
        self.check()


def site_time(visit, moment: datetime) -> str:
    """``moment`` (aware) as the site shows a date and time (short, the market's zone)."""
    zone = ZoneInfo(visit.market.market.timezone)
    return format_datetime(
        moment, "short", tzinfo=zone, locale=visit.market.market.locale(visit.language)
    )
