"""Activation journeys in Swedish and English: an order is imported, ``invitations send-due``
e-mails the invitation, the link is read from ``/dev/outbox.json``, Continue uses it and leads
to the token-free start page; an expired link and the self-service new link. axe on every page;
also without JavaScript."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import assert_accessible, import_order, invitation_link
from playwright.sync_api import expect
from sqlalchemy import update

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.orders.models import Invitation, Order

TEXT = {
    "sv": {
        "locale": "sv-SE",
        "welcome": "Aktivera Porsche Connect",
        "continue": "Fortsätt",
        "problem": "Den här aktiveringslänken fungerar inte",
        "new_link": "Skicka en ny aktiveringslänk till mig",
        "order_number": "Ordernummer",
        "email": "E-postadress",
        "send": "Skicka ny länk",
        "sent": "Titta i din e-post",
        "create": "Starta aktiveringen",
    },
    "en": {
        "locale": "en-GB",
        "welcome": "Activate Porsche Connect",
        "continue": "Continue",
        "problem": "This activation link does not work",
        "new_link": "Send me a new activation link",
        "order_number": "Order number",
        "email": "E-mail address",
        "send": "Send new link",
        "sent": "Check your e-mail",
        "create": "Start the activation",
    },
}


@pytest.mark.parametrize(
    "language, model, year, javascript",
    [("sv", "taycan", 2026, True), ("en", "718", 2025, True), ("sv", "cayenne", 2026, False)],
    ids=["sv-taycan", "en-718", "sv-cayenne-no-js"],
)
def test_invitation_to_start(open_context, cli_app, tmp_path, language, model, year, javascript):
    t = TEXT[language]
    number, email = import_order(cli_app, tmp_path, language, model, year)
    page = open_context(locale=t["locale"], javascript=javascript).new_page()
    # axe runs as JavaScript in the page: the JavaScript-enabled runs check every page.
    check = assert_accessible if javascript else (lambda page: None)
    link = invitation_link(page, email)
    assert link.startswith(f"/se/{language}/activate/")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(t["welcome"])
    check(page)
    page.get_by_role("button", name=t["continue"]).click()
    expect(page).to_have_url(re.compile(rf"/se/{language}/activate$"))
    expect(page.locator("main")).to_contain_text(number)
    check(page)
    expect(page.get_by_role("link", name=t["create"])).to_be_visible()
    # The link worked once.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(t["problem"])
    check(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_expired_link_and_a_new_one(open_context, cli_app, tmp_path, language):
    t = TEXT[language]
    number, email = import_order(cli_app, tmp_path, language, "taycan", 2026)
    with cli_app.app_context():
        order_id = db.session.query(Order.id).filter_by(order_number=number).scalar()
        fifteen_days_ago = clock.now() - timedelta(days=15)
        db.session.execute(
            update(Invitation)
            .where(Invitation.order_id == order_id)
            .values(sent_at=fifteen_days_ago, expires_at=fifteen_days_ago + timedelta(days=14))
        )
        db.session.commit()
    page = open_context(locale=t["locale"]).new_page()
    old = invitation_link(page, email)
    page.goto(old)
    expect(page.get_by_role("heading", level=1)).to_have_text(t["problem"])
    expect(page.locator("main")).to_contain_text("Porsche Centre Göteborg")
    assert_accessible(page)
    page.get_by_role("link", name=t["new_link"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["new_link"])
    assert_accessible(page)
    page.get_by_role("button", name=t["send"]).click()
    expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label(t["order_number"]).fill(number)
    page.get_by_label(t["email"]).fill(email.upper())
    page.get_by_role("button", name=t["send"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["sent"])
    assert_accessible(page)
    new = invitation_link(page, email)
    assert new != old
    page.goto(new)
    expect(page.get_by_role("heading", level=1)).to_have_text(t["welcome"])
    page.get_by_role("button", name=t["continue"]).click()
    expect(page.locator("main")).to_contain_text(number)
