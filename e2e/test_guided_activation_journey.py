"""The guided activation in every language of the market (Swedish and English by default): a
dealer system sends an order, the invitation e-mail's link comes from the outbox, then every
step up to the checkout and "Your next steps". A Taycan (security code, and in Sweden Data Pass
and charging) and a 718 (none of them); the whole way also without JavaScript. axe on every
page of the JavaScript runs. The steps a car needs come from the market and the catalogue."""

from __future__ import annotations

import pytest
from pages import ActivationStart, InvitationPage, Person, activate_order


@pytest.mark.parametrize("model, year", [("taycan", 2026), ("718", 2025)], ids=["taycan", "718"])
def test_guided_activation(visit, backoffice, market, lang, model, year):
    order = backoffice.order(lang, model, year)
    customer = visit(lang)
    backoffice.activate(customer, order)


def test_guided_activation_without_javascript(visit, backoffice, market, lang):
    order = backoffice.order(lang, "taycan", 2026)
    customer = visit(lang, javascript=False)
    backoffice.activate(customer, order)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_second_order_continues_with_the_porsche_id(visit, backoffice, market, lang, javascript):
    """A customer still logged in after the first activation opens the invitation of a second
    order: the Porsche ID step only asks (a GET takes nothing); its button takes the order."""
    first = backoffice.order(lang, "718", 2025)
    customer = visit(lang, javascript=javascript)
    person = Person.ordering(market, first.email)
    activate_order(
        customer,
        backoffice.invitation_link(first),
        first,
        person,
        lambda: backoffice.outbox.latest_code(person.e164),
    )

    second = backoffice.order(lang, "718", 2025, email=first.email)
    invitation = InvitationPage(customer).open(backoffice.invitation_link(second))
    start: ActivationStart = invitation.continue_()
    wizard = start.start().for_car(second.model, second.year)
    wizard.continue_with_logged_in_porsche_id(person.email)
    # the phone is verified already: on to the services
    wizard.expect_services_step()
