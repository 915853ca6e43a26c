"""Porsche ID journeys in Swedish and English: register, confirm the e-mail (link from the dev
outbox), verify the phone (code from the outbox), set the security code, log out, log in; five
wrong codes; a forgotten password. axe on every step; registration also without JavaScript."""

from __future__ import annotations

import re
import uuid

import pytest
from conftest import assert_accessible, latest_code, outbox_messages, unique_phone
from playwright.sync_api import Page, expect

PASSWORD = "a long walk by the sea"

TEXT = {
    "sv": {
        "locale": "sv-SE",
        "log_in": "Logga in",
        "create": "Skapa ett Porsche ID",
        "given": "Förnamn",
        "family": "Efternamn",
        "email": "E-postadress",
        "phone": "Mobilnummer",
        "password": "Lösenord",
        "submit": "Skapa Porsche ID",
        "check_email": "Titta i din e-post",
        "confirm": "Bekräfta din e-postadress",
        "continue": "Fortsätt",
        "confirmed": "Din e-postadress är bekräftad",
        "hello": "Hej Anna",
        "verify_link": "Verifiera ditt telefonnummer",
        "send_code": "Skicka kod",
        "code": "Kod från sms:et",
        "verify": "Verifiera",
        "verified": "Ditt telefonnummer är verifierat.",
        "set_code": "Välj en säkerhetskod",
        "security_code": "Säkerhetskod",
        "security_again": "Säkerhetskod igen",
        "save_code": "Spara säkerhetskod",
        "code_saved": "Din säkerhetskod är sparad.",
        "log_out": "Logga ut",
        "logged_out": "Du är utloggad.",
        "wrong": "Koden stämmer inte",
        "too_many": "För många felaktiga försök",
        "forgot": "Glömt lösenordet?",
        "send_link": "Skicka länk",
        "new_password": "Nytt lösenord",
        "save_password": "Spara lösenord",
        "password_changed": "Lösenordet är ändrat.",
    },
    "en": {
        "locale": "en-GB",
        "log_in": "Log in",
        "create": "Create a Porsche ID",
        "given": "Given name",
        "family": "Family name",
        "email": "E-mail address",
        "phone": "Mobile phone number",
        "password": "Password",
        "submit": "Create Porsche ID",
        "check_email": "Check your e-mail",
        "confirm": "Confirm your e-mail address",
        "continue": "Continue",
        "confirmed": "Your e-mail address is confirmed",
        "hello": "Hello Anna",
        "verify_link": "Verify your phone number",
        "send_code": "Send code",
        "code": "Code from the SMS",
        "verify": "Verify",
        "verified": "Your phone number is verified.",
        "set_code": "Set a security code",
        "security_code": "Security code",
        "security_again": "Security code again",
        "save_code": "Save security code",
        "code_saved": "Your security code is saved.",
        "log_out": "Log out",
        "logged_out": "You are logged out.",
        "wrong": "The code is not right",
        "too_many": "Too many wrong codes",
        "forgot": "Forgotten your password?",
        "send_link": "Send link",
        "new_password": "New password",
        "save_password": "Save password",
        "password_changed": "Your password is changed.",
    },
}


def outbox_link(page: Page, to: str, part: str) -> str:
    for message in outbox_messages(page, to):
        for link in message["links"]:
            if part in link:
                return re.sub(r"^https?://[^/]+", "", link)
    raise AssertionError(f"no {part} link for {to}")


def register(page: Page, t: dict, check, language: str) -> tuple[str, str]:
    email = f"anna.{uuid.uuid4().hex[:10]}@example.com"
    phone, e164 = unique_phone()
    page.goto(f"/se/{language}/")
    page.locator("header").get_by_role("link", name=t["log_in"]).click()
    check(page)
    page.get_by_role("link", name=t["create"]).click()
    check(page)
    page.get_by_label(t["given"]).fill("Anna")
    page.get_by_label(t["family"]).fill("Svensson")
    page.get_by_label(t["email"]).fill(email)
    page.get_by_label(t["phone"]).fill(phone)
    page.get_by_label(t["password"], exact=True).fill(PASSWORD)
    page.get_by_role("button", name=t["submit"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["check_email"])
    check(page)
    return email, e164


def confirm_and_log_in(page: Page, t: dict, check, email: str) -> None:
    page.goto(outbox_link(page, email, "/confirm-email/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t["confirm"])
    check(page)
    page.get_by_role("button", name=t["continue"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["confirmed"])
    assert "/confirm-email/" not in page.url
    check(page)
    page.locator("main").get_by_role("link", name=t["log_in"]).click()
    log_in(page, t, email)
    check(page)


def log_in(page: Page, t: dict, email: str, password: str = PASSWORD) -> None:
    page.get_by_label(t["email"]).fill(email)
    page.get_by_label(t["password"], exact=True).fill(password)
    page.locator("main").get_by_role("button", name=t["log_in"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["hello"])


@pytest.mark.parametrize(
    "language, javascript",
    [("sv", True), ("en", True), ("sv", False)],
    ids=["sv", "en", "sv-no-js"],
)
def test_register_confirm_verify_set_code_log_out_and_in(open_context, language, javascript):
    t = TEXT[language]
    page = open_context(locale=t["locale"], javascript=javascript).new_page()
    check = assert_accessible if javascript else (lambda page: None)

    email, e164 = register(page, t, check, language)
    confirm_and_log_in(page, t, check, email)

    page.locator("#next-step").get_by_role("link", name=t["verify_link"]).click()  # next step
    check(page)
    page.get_by_role("button", name=t["send_code"]).click()
    expect(page.get_by_label(t["code"])).to_be_visible()
    expect(page.locator("main")).to_contain_text(e164[-4:])
    assert e164[3:] not in page.content()
    check(page)
    page.get_by_label(t["code"]).fill(latest_code(page, e164))
    page.get_by_role("button", name=t["verify"], exact=True).click()
    expect(page.locator("#flash")).to_contain_text(t["verified"])
    check(page)

    page.get_by_role("link", name=t["set_code"]).click()
    check(page)
    page.get_by_label(t["security_code"], exact=True).fill("4829")
    page.get_by_label(t["security_again"]).fill("4829")
    page.get_by_role("button", name=t["save_code"]).click()
    expect(page.locator("#flash")).to_contain_text(t["code_saved"])
    check(page)

    page.locator("header").get_by_role("button", name=t["log_out"]).click()
    expect(page.locator("#flash")).to_contain_text(t["logged_out"])
    check(page)
    page.locator("header").get_by_role("link", name=t["log_in"]).click()
    log_in(page, t, email)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_five_wrong_codes_void_the_code(open_context, language):
    t = TEXT[language]
    page = open_context(locale=t["locale"]).new_page()
    email, e164 = register(page, t, lambda page: None, language)
    confirm_and_log_in(page, t, lambda page: None, email)
    page.locator("#next-step").get_by_role("link", name=t["verify_link"]).click()  # next step
    page.get_by_role("button", name=t["send_code"]).click()
    expect(page.get_by_label(t["code"])).to_be_visible()
    code = latest_code(page, e164)
    wrong = "000000" if code != "000000" else "111111"
    for attempt in range(5):
        page.get_by_label(t["code"]).fill(wrong)
        with page.expect_response(lambda r: r.request.method == "POST" and "/phone" in r.url):
            page.get_by_role("button", name=t["verify"], exact=True).click()
        expected = t["too_many"] if attempt == 4 else t["wrong"]
        expect(page.locator(".error-summary")).to_contain_text(expected)
        assert_accessible(page)
    page.get_by_label(t["code"]).fill(code)
    page.get_by_role("button", name=t["verify"], exact=True).click()
    expect(page.locator(".error-summary")).to_be_visible()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_forgotten_password(open_context, language):
    t = TEXT[language]
    page = open_context(locale=t["locale"]).new_page()
    email, _ = register(page, t, lambda page: None, language)
    confirm_and_log_in(page, t, lambda page: None, email)
    page.locator("header").get_by_role("button", name=t["log_out"]).click()
    page.locator("header").get_by_role("link", name=t["log_in"]).click()
    page.get_by_role("link", name=t["forgot"]).click()
    assert_accessible(page)
    page.get_by_label(t["email"]).fill(email)
    page.get_by_role("button", name=t["send_link"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["check_email"])
    assert_accessible(page)
    page.goto(outbox_link(page, email, "/reset-password/"))
    assert_accessible(page)
    page.get_by_label(t["new_password"]).fill("a brand new long secret")
    page.get_by_role("button", name=t["save_password"]).click()
    expect(page.locator("#flash")).to_contain_text(t["password_changed"])
    assert "/reset-password/" not in page.url
    assert_accessible(page)
    log_in(page, t, email, "a brand new long secret")
