"""The staff console's way in, in Swedish and English (issue #12): the first administrator sets
up their access from the link `flask staff create` printed (password, authenticator app by QR
code, recovery codes), signs out, and signs in again with the password and a code from the app.
axe on every page; the same without JavaScript."""

from __future__ import annotations

import re
import uuid

import pytest
from conftest import assert_accessible
from playwright.sync_api import expect

from porsche_web.staff import totp

PASSWORD = "a staff password that is long"
TEXT = {
    "sv": {
        "locale": "sv-SE",
        "setup": "Ordna din åtkomst",
        "password": "Nytt lösenord",
        "repeat": "Upprepa lösenordet",
        "continue": "Fortsätt",
        "connect": "Koppla din autentiseringsapp",
        "code": "Kod",
        "confirm": "Bekräfta",
        "codes": "Dina reservkoder",
        "go": "Gå till personalkonsolen",
        "sign_out": "Logga ut",
        "sign_in_h1": "Logga in i personalkonsolen",
        "email": "E-postadress",
        "login_password": "Lösenord",
        "code_h1": "Ange koden från din autentiseringsapp",
        "sign_in": "Logga in",
    },
    "en": {
        "locale": "en-GB",
        "setup": "Set up your access",
        "password": "New password",
        "repeat": "Repeat the password",
        "continue": "Continue",
        "connect": "Connect your authenticator app",
        "code": "Code",
        "confirm": "Confirm",
        "codes": "Your recovery codes",
        "go": "Go to the staff console",
        "sign_out": "Sign out",
        "sign_in_h1": "Sign in to the staff console",
        "email": "E-mail address",
        "login_password": "Password",
        "code_h1": "Enter the code from your authenticator app",
        "sign_in": "Sign in",
    },
}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_set_up_and_sign_in(open_context, cli_app, language, javascript):
    t = TEXT[language]
    check = assert_accessible if javascript else (lambda page: None)
    email = f"admin.{uuid.uuid4().hex[:8]}@porsche.example"
    result = cli_app.test_cli_runner().invoke(
        args=["staff", "create", "--email", email, "--name", "Ada Admin", "--language", language]
    )
    link = re.search(r"(/staff/setup/[A-Za-z0-9_-]{43})", result.output).group(1)
    page = open_context(locale=t["locale"], javascript=javascript).new_page()

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(t["setup"])
    check(page)
    page.get_by_label(t["password"]).fill(PASSWORD)
    page.get_by_label(t["repeat"]).fill(PASSWORD)
    page.get_by_role("button", name=t["continue"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(t["connect"])
    expect(page.locator("img.qr-code")).to_be_visible()
    check(page)
    key = page.locator("code").first.inner_text().replace(" ", "")  # typed into the app
    page.get_by_label(t["code"]).fill(totp.code_at(key))
    page.get_by_role("button", name=t["confirm"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["codes"])
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    check(page)
    page.get_by_role("link", name=t["go"]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Admin")
    check(page)
    page.get_by_role("button", name=t["sign_out"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(t["sign_in_h1"])
    check(page)
    page.get_by_label(t["email"]).fill(email)
    page.get_by_label(t["login_password"]).fill(PASSWORD)
    page.get_by_role("button", name=t["continue"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["code_h1"])
    check(page)
    page.get_by_label(t["code"]).fill(codes[0])  # the app's code was used at enrolment
    page.get_by_role("button", name=t["sign_in"]).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Admin")
