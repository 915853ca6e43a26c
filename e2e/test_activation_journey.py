"""Activation journeys in every language of the market (Swedish and English by default): a
dealer system sends an order, the invitation e-mail's link (from the outbox) is used with
Continue and leads to the token-free start page; an expired link and the self-service new
link. axe on every page; also without JavaScript."""

from __future__ import annotations

import pytest
from pages import InvitationPage


@pytest.mark.variants(
    "model, year, javascript",
    [("taycan", 2026, True), ("718", 2025, True), ("cayenne", 2026, False)],
    ids=["taycan", "718", "cayenne-no-js"],
)
def test_invitation_to_start(visit, backoffice, lang, model, year, javascript):
    order = backoffice.order(lang, model, year)
    link = backoffice.invitation_link(order)
    customer = visit(lang, javascript=javascript)

    invitation = InvitationPage(customer).open(link)
    invitation.expect_welcome()
    invitation.continue_().expect_order(order.number)
    # The link worked once.
    InvitationPage(customer).open(link).expect_link_does_not_work()


@pytest.mark.local_server
def test_expired_link_and_a_new_one(visit, backoffice, market, lang):
    order = backoffice.order(lang, "taycan", 2026)
    old = backoffice.invitation_link(order)
    backoffice.expire_invitations(order)
    customer = visit(lang)

    expired = InvitationPage(customer).open(old)
    expired.expect_link_does_not_work(partner=market.partner.name)
    new_link = expired.ask_for_a_new_link()
    new_link.send_empty()
    new_link.send(order.number, order.email.upper())

    new = backoffice.invitation_link(order)
    assert new != old
    invitation = InvitationPage(customer).open(new)
    invitation.expect_heading(invitation.t("Activate Porsche Connect"))
    invitation.continue_().expect_order(order.number)
