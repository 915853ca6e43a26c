"""The staff console's way in, in Swedish and English (issue #12): the first administrator sets
up their access from the link `flask staff create` printed (password, authenticator app by QR
code, recovery codes), signs out, and signs in again with the password and a code from the app.
axe on every page; the same without JavaScript."""

from __future__ import annotations

import re
import uuid

import pytest
from pages import MyPorsche, NewPhonePage, Person, StaffConsole, activate_order
from pages.base import assert_accessible
from playwright.sync_api import expect

from porsche_web.extensions import db
from porsche_web.staff import services, totp

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
        "people": "Medarbetare och inbjudningar",
        "people_h1": "Medarbetare",
        "trail": "Granskningslogg",
        "trail_h1": "Granskningslogg för Ada Admin",
        "start": "Tillbaka till startsidan",
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
        "people": "Staff members and invitations",
        "people_h1": "Staff members",
        "trail": "Audit trail",
        "trail_h1": "Audit trail of Ada Admin",
        "start": "Back to the start page",
    },
}


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.local_server  # flask staff create
def test_set_up_and_sign_in(visit, local_server, language, javascript):
    t = TEXT[language]
    check = assert_accessible if javascript else (lambda page: None)
    email = f"admin.{uuid.uuid4().hex[:8]}@porsche.example"
    output = local_server.cli(
        "staff", "create", "--email", email, "--name", "Ada Admin", "--language", language
    )
    link = re.search(r"(/staff/setup/[A-Za-z0-9_-]{43})", output).group(1)
    page = visit(language, javascript=javascript, locale=t["locale"]).page

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
    page.get_by_role("button", name=t["sign_in"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Admin")

    # The administrator's own pages: the staff list (invitations, removing access) and a trail.
    page.get_by_role("link", name=t["people"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["people_h1"])
    check(page)
    mine = page.get_by_role("listitem").filter(has_text=email)  # earlier runs' Ada Admins too
    mine.get_by_role("link", name=f"{t['trail']} Ada Admin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["trail_h1"])
    expect(page.get_by_role("main")).to_contain_text("staff.signed_in")
    check(page)


def staff_member(
    local_server, language: str, role: str = "service", partners: tuple[str, ...] = ()
) -> tuple[str, list[str]]:
    """A member for Sweden (customer service, or a Porsche Centre of ``partners``), set up
    directly; signs in with a recovery code (the authenticator's secret is sealed with the CLI
    app's key, not the server's)."""
    email = f"{role}.{uuid.uuid4().hex[:8]}@porsche.example"
    with local_server.app.test_request_context():
        member, token = services.create_member(
            email, "Sam Staff", role, markets=["se"], partners=list(partners), language=language
        )
        services.accept_invitation(token, PASSWORD)
        secret = services.start_enrolment(member)
        enrolled = services.confirm_enrolment(member, totp.code_at(secret))
        db.session.commit()
    return email, enrolled.recovery_codes


@pytest.mark.local_server  # an invitation made 15 days old, a staff member
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])  # the console's
@pytest.mark.parametrize("language", ["sv", "en"])
def test_customer_service_sends_a_new_link_and_the_customer_activates(
    visit, backoffice, local_server, market, language, javascript
):
    order = backoffice.order(language, "718", 2025)
    backoffice.invitation_link(order)  # the first invitation goes out …
    backoffice.expire_invitations(order)  # … and runs out
    agent, codes = staff_member(local_server, language)
    console = StaffConsole(visit(language, javascript, locale=TEXT[language]["locale"]))
    console.sign_in(agent, PASSWORD, codes[0]).open_order(order.number)
    console.send_a_new_invitation("The customer's link ran out")

    person = Person.ordering(market, order.email)
    link = backoffice.outbox.wait_for_link(order.email, "/activate/", order.number, seconds=10)
    activate_order(
        visit(language), link, order, person, lambda: backoffice.outbox.latest_code(person.e164)
    )


@pytest.mark.local_server  # a staff member
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])  # the console's
@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_centre_changes_the_phone_number_and_the_customer_confirms_it_at_sign_in(
    visit, backoffice, local_server, market, language, javascript
):
    order = backoffice.order(language, "718", 2025, vin=market.new_vin())
    link = backoffice.invitation_link(order)
    person = Person.ordering(market, order.email)
    customer = visit(language)
    with customer.without_axe():  # the activation's own journeys check its pages
        activate_order(
            customer, link, order, person, lambda: backoffice.outbox.latest_code(person.e164)
        )
    login = MyPorsche(customer).open().log_out()

    centre, codes = staff_member(local_server, language, "centre", partners=(market.partner.id,))
    console = StaffConsole(visit(language, javascript, locale=TEXT[language]["locale"]))
    console.sign_in(centre, PASSWORD, codes[0]).open_order(order.number)
    new_phone, new_e164 = market.mobile_number()
    console.change_the_phone_number(new_phone, "The customer has a new phone")
    # The dealer system had the VIN wrong; once activated, only staff correct it (issue #20).
    console.correct_the_vin(market.new_vin(), "The dealer system had a typo in the VIN")

    # The old number stays in use until the customer enters the new number's code.
    login.open_from_the_header()
    login.log_in_only(person)
    NewPhonePage(customer).expect().confirm(
        new_e164, lambda: backoffice.outbox.latest_code(new_e164)
    )


@pytest.mark.local_server  # a staff member
@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_passkey_stands_for_the_code(visit, local_server, base_url, language):
    """Chromium's virtual authenticator (CDP ``WebAuthn``) is the member's passkey."""
    email, codes = staff_member(local_server, language)
    staff = visit(language, locale=TEXT[language]["locale"])
    cdp = staff.page.context.new_cdp_session(staff.page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    root = base_url.replace("127.0.0.1", "localhost")  # a passkey needs a host name
    console = StaffConsole(staff)
    console.sign_in(email, PASSWORD, codes[0], root=root)
    console.add_a_passkey("Test laptop")
    console.sign_out()
    console.sign_in(email, PASSWORD, None, root=root)
    expect(staff.page.get_by_role("heading", level=1)).to_contain_text("Sam Staff")
