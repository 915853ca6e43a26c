"""The privacy centre: what we keep, the consents (withdraw, give again), the policy news and a
copy of one's data (issue #14)."""

from __future__ import annotations

import re
import zipfile

from playwright.sync_api import Locator, expect

from .base import SitePage


class PolicyNews(SitePage):
    """The note on My Porsche for a customer who joined before the policy in force (F26)."""

    @property
    def note(self) -> Locator:
        return self.page.get_by_role("heading", name=self.t("Our privacy policy has changed"))

    def expect_shown(self) -> None:
        expect(self.note).to_be_visible()
        self.check()

    def acknowledge(self) -> None:
        self.click_button("I have read it")
        expect(self.note).to_have_count(0)


class PrivacyCentre(SitePage):
    """ "Your data and consents"."""

    def open_from_my_porsche(self) -> PrivacyCentre:
        self.click_link("Your data and consents")
        self.expect_heading(self.t("Your data and consents"))
        expect(
            self.page.get_by_role("heading", name=self.t("What we keep about you"))
        ).to_be_visible()
        return self

    def partner_consent(self, partner: str) -> Locator:
        heading = self.t("Data exchange with %(partner)s", partner=partner)
        return self.page.locator("li.panel", has=self.page.get_by_role("heading", name=heading))

    def withdraw(self, consent: Locator) -> None:
        consent.get_by_role("button", name=self.t("Withdraw this consent")).click()
        self.expect_flash(self.t("Your consent is withdrawn."))
        expect(self.page.get_by_role("button", name=self.t("Withdraw this consent"))).to_have_count(
            0
        )
        self.check()

    def give_again(self) -> None:
        self.click_link("Give this consent again")
        self.expect_heading(self.t("Give this consent again"))
        self.check()
        self.click_button("I agree")
        self.expect_flash(self.t("Thank you. Your consent is given again."))
        expect(self.page.get_by_role("button", name=self.t("Withdraw this consent"))).to_have_count(
            1
        )
        self.check()

    def ask_for_a_copy(self) -> None:
        self.click_button("Ask for a copy of your data")
        self.expect_flash(
            self.t.lead(
                "We are putting your data together. We will send you an e-mail when you can "
                "download it, usually within a few minutes."
            )
        )
        self.check()

    def download(self) -> tuple[str, list[str], str]:
        """Downloads the copy; returns its file name, the names of the files in the ZIP and its
        README."""
        self.page.reload()
        with self.page.expect_download() as download:
            self.page.get_by_role(
                "link", name=re.compile(re.escape(self.t("Download your data")))
            ).click()
        self.check()
        with zipfile.ZipFile(download.value.path()) as archive:
            names = archive.namelist()
            readme = archive.read("README.txt").decode() if "README.txt" in names else ""
        return download.value.suggested_filename, names, readme
