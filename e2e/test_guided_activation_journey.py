"""The guided activation in Swedish and English: an order is imported, ``invitations send-due``
e-mails the invitation, the link is read from ``/dev/outbox.json``, then every step up to the
checkout and "Your next steps". A Taycan (security code, Data Pass, charging) and a 718 (none
of them); the whole way also without JavaScript. axe on every page of the JavaScript runs."""

from __future__ import annotations

import re

import pytest
from conftest import assert_accessible, import_order, invitation_link, latest_code, unique_phone
from playwright.sync_api import Page, expect

PASSWORD = "a long walk by the sea"

TEXT = {
    "sv": {
        "locale": "sv-SE",
        "continue": "Fortsätt",
        "start": "Starta aktiveringen",
        "create_h1": "Skapa ditt Porsche ID",
        "phone": "Mobilnummer",
        "password": "Lösenord",
        "create": "Skapa Porsche ID och fortsätt",
        "send_code": "Skicka kod",
        "code": "Kod från sms:et",
        "verify": "Verifiera och fortsätt",
        "security_code": "Säkerhetskod",
        "security_again": "Säkerhetskod igen",
        "save": "Spara och fortsätt",
        "data_pass_consent": "Jag godkänner villkoren för datapasset",
        "no_charging": "Ingen laddtjänst just nu",
        "partner_consent": "Jag samtycker till att Porsche och den här Porsche-partnern",
        "street": "Gata och nummer",
        "postal_code": "Postnummer",
        "city": "Ort",
        "activate": "Aktivera tjänsterna",
        "next_steps": "Dina nästa steg",
        "step": "Steg {n} av {m}",
        "problem": "Det finns ett problem",
        "continue_as": "Fortsätt med det här Porsche ID:t",
        "remote": "Fjärrlåsning",
    },
    "en": {
        "locale": "en-GB",
        "continue": "Continue",
        "start": "Start the activation",
        "create_h1": "Create your Porsche ID",
        "phone": "Mobile phone number",
        "password": "Password",
        "create": "Create Porsche ID and continue",
        "send_code": "Send code",
        "code": "Code from the SMS",
        "verify": "Verify and continue",
        "security_code": "Security code",
        "security_again": "Security code again",
        "save": "Save and continue",
        "data_pass_consent": "I accept the Data Pass terms",
        "no_charging": "No charging service for now",
        "partner_consent": "I agree that Porsche and this Porsche partner",
        "street": "Street and number",
        "postal_code": "Postal code",
        "city": "Town or city",
        "activate": "Activate services",
        "next_steps": "Your next steps",
        "step": "Step {n} of {m}",
        "problem": "There is a problem",
        "continue_as": "Continue with this Porsche ID",
        "remote": "Remote Lock and Unlock",
    },
}


def expect_step(page: Page, t: dict, n: int, m: int, check) -> None:
    expect(page.locator(".caption")).to_have_text(t["step"].format(n=n, m=m))
    check(page)


def activate(page: Page, t: dict, check, language: str, email: str, model: str) -> None:
    """From the invitation link to "Your next steps"."""
    taycan = model == "taycan"
    total = 9 if taycan else 6
    page.goto(invitation_link(page, email))
    page.get_by_role("button", name=t["continue"]).click()
    check(page)
    page.get_by_role("link", name=t["start"]).click()

    # a. Porsche ID, prefilled from the order
    expect(page.get_by_role("heading", level=1)).to_have_text(t["create_h1"])
    expect_step(page, t, 1, total, check)
    phone, e164 = unique_phone()
    page.get_by_label(t["phone"]).fill(phone)
    page.get_by_label(t["password"], exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t["create"]).click()

    # b. phone (F10): the code comes from the dev outbox
    expect_step(page, t, 2, total, check)
    page.get_by_role("button", name=t["send_code"]).click()
    expect(page.get_by_label(t["code"])).to_be_visible()  # the code was sent
    check(page)
    page.get_by_label(t["code"]).fill(latest_code(page, e164))
    page.get_by_role("button", name=t["verify"]).click()

    number = 3
    if taycan:  # c. security code (F7)
        expect_step(page, t, number, total, check)
        page.get_by_label(t["security_code"], exact=True).fill("4711")
        page.get_by_label(t["security_again"]).fill("4711")
        page.get_by_role("button", name=t["save"]).click()
        number += 1

    # d. services: nothing that costs money is ticked for the customer; they choose one
    expect_step(page, t, number, total, check)
    for box in page.get_by_role("checkbox").all():
        expect(box).not_to_be_checked()
    page.get_by_role("checkbox", name="Navigation Plus").check()
    remote = page.get_by_role("checkbox", name=t["remote"])  # the car page's remote functions
    if remote.count():
        remote.check()
    page.get_by_role("button", name=t["continue"]).click()
    number += 1

    if taycan:
        # e. Data Pass (F9): a provider without its consent is refused, then accepted
        expect_step(page, t, number, total, check)
        page.get_by_role("radio", name=re.compile("Exempel Mobil")).check()
        page.get_by_role("button", name=t["continue"]).click()
        expect(page.locator(".error-summary")).to_contain_text(t["problem"])
        check(page)
        page.get_by_label(t["data_pass_consent"]).check()
        page.get_by_role("button", name=t["continue"]).click()
        number += 1
        # charging (F16)
        expect_step(page, t, number, total, check)
        page.get_by_role("radio", name="Porsche Charging Service Plus").check()
        page.get_by_role("button", name=t["continue"]).click()
        number += 1

    # f. partner (F27): the order's centre is chosen; the consent is optional
    expect_step(page, t, number, total, check)
    page.get_by_label(t["partner_consent"]).check()
    page.get_by_role("button", name=t["continue"]).click()
    number += 1

    # g. invoice recipient (F8): the first address (company fields only for a company), then
    # the recipient review with it chosen
    expect_step(page, t, number, total, check)
    company = page.locator("#company")  # CSS alone shows it: also without JavaScript
    expect(company).to_be_hidden()
    page.locator("input[name=kind][value=company]").check()
    expect(company).to_be_visible()
    page.locator("input[name=kind][value=private]").check()
    expect(company).to_be_hidden()
    page.get_by_label(t["street"]).fill("Storgatan 1")
    page.get_by_label(t["postal_code"]).fill("114 35")
    page.get_by_label(t["city"]).fill("Stockholm")
    page.get_by_role("button", name=t["save"]).click()
    page.wait_for_url(re.compile(r"/invoice$"))  # same step number: wait for the page itself
    expect_step(page, t, number, total, check)
    expect(page.get_by_role("radio")).to_be_checked()
    page.get_by_role("button", name=t["continue"]).click()
    number += 1

    # h. check your answers; a Change link goes to its step and comes back here
    expect_step(page, t, number, total, check)
    expect(page.locator("main")).to_contain_text("114 35")
    page.locator(".summary-list a[href$='/invoice']").click()
    expect_step(page, t, number - 1, total, check)  # the list of invoice recipients
    expect(page.get_by_role("radio")).to_be_checked()
    page.get_by_role("button", name=t["continue"]).click()
    # i. confirm
    expect_step(page, t, number, total, check)
    page.get_by_role("button", name=t["activate"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["next_steps"])
    check(page)
    if taycan:
        expect(page.locator("main")).to_contain_text("Porsche Charging Service Plus")
        expect(page.locator("a[href='https://datapass.example.com/se']")).to_be_visible()
    # Back to the check page: the activation is done, so it shows the next steps again.
    page.go_back()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["next_steps"])


@pytest.mark.parametrize(
    "language, model, year",
    [("sv", "taycan", 2026), ("en", "taycan", 2026), ("sv", "718", 2025), ("en", "718", 2025)],
    ids=["sv-taycan", "en-taycan", "sv-718", "en-718"],
)
def test_guided_activation(open_context, cli_app, tmp_path, language, model, year):
    t = TEXT[language]
    _, email = import_order(cli_app, tmp_path, language, model, year)
    page = open_context(locale=t["locale"]).new_page()
    activate(page, t, assert_accessible, language, email, model)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_guided_activation_without_javascript(open_context, cli_app, tmp_path, language):
    t = TEXT[language]
    _, email = import_order(cli_app, tmp_path, language, "taycan", 2026)
    page = open_context(locale=t["locale"], javascript=False).new_page()
    activate(page, t, lambda page: None, language, email, "taycan")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_second_order_continues_with_the_porsche_id(
    open_context, cli_app, tmp_path, language, javascript
):
    """A customer still logged in after the first activation opens the invitation of a second
    order: the Porsche ID step only asks (a GET takes nothing); its button takes the order."""
    t = TEXT[language]
    check = assert_accessible if javascript else (lambda page: None)
    _, email = import_order(cli_app, tmp_path, language, "718", 2025)
    page = open_context(locale=t["locale"], javascript=javascript).new_page()
    activate(page, t, check, language, email, "718")

    import_order(cli_app, tmp_path, language, "718", 2025, email=email)
    page.goto(invitation_link(page, email))
    page.get_by_role("button", name=t["continue"]).click()
    page.get_by_role("link", name=t["start"]).click()
    expect(page.get_by_role("main")).to_contain_text(email)
    expect_step(page, t, 1, 6, check)
    page.get_by_role("button", name=t["continue_as"]).click()
    # the phone is verified already: on to the services
    page.wait_for_url(re.compile(r"/services$"))
    expect(page.get_by_role("checkbox").first).not_to_be_checked()
    check(page)
