"""Track your Dream (F19): the ordered car's timeline and the e-mail at each milestone."""

from __future__ import annotations

from playwright.sync_api import expect

from .base import SitePage


class TrackYourDream(SitePage):
    """``/<country>/<lang>/account/orders/<number>/track``."""

    def open_from_my_porsche(self, model: str) -> TrackYourDream:
        self.page.locator("header .brand").click()  # the wordmark: My Porsche when logged in
        self.page.get_by_role("link", name=self.t("Follow your %(model)s", model=model)).click()
        self.page.wait_for_url("**/track")
        self.expect_heading(self.t("Track your Dream"))
        self.check()
        return self

    def reload(self) -> None:
        self.page.reload()

    def expect_current(self, milestone: str, name: str) -> None:
        step = self.page.locator(f"#milestone-{milestone}")
        expect(step).to_have_attribute("aria-current", "step")
        expect(step).to_contain_text(name)
        expect(step).to_contain_text(self.t("where your car is now"))

    def expect_coming(self, milestone: str) -> None:
        expect(self.page.locator(f"#milestone-{milestone}")).to_contain_text(
            self.t("still to come")
        )

    def ask_for_emails(self) -> None:
        self.click_button("Send me an e-mail at each milestone")
        self.expect_flash(self.t("We will send you an e-mail at each new milestone."))
        self.check()
