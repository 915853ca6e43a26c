"""The Porsche Charging Service after the activation (F16, F17), in every journey language: a
customer who did not book it during the activation books it from My Porsche (plan, delivery
address, check your answers), sees the promise and the virtual card, and follows the card as
the fulfilment partner reports it to "delivered"; activating the card voids the virtual card.
axe on every page; the same without JavaScript."""

from __future__ import annotations

import pytest
from pages import CardPartner, ChargingPage


@pytest.mark.local_server  # the fulfilment partner's key: flask charging create-key
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_book_the_charging_service_and_follow_the_card(
    visit, backoffice, market, lang, local_server, site_api, javascript
):
    plan = market.charging_plan("taycan")
    if plan is None:
        pytest.fail(f"market {market.code} offers no Porsche Charging Service for this journey")
    order = backoffice.order(lang, "taycan", 2026)
    customer = visit(lang, javascript=javascript)
    backoffice.activate(customer, order, charging=False)

    charging = ChargingPage(customer).open_from_my_porsche()
    address = market.partner
    charging.book(plan.name, "Laddvägen 4", address.postal_code, address.city)
    charging.expect_card("ordered")
    charging.expect_promise(10)
    charging.expect_virtual_card()

    output = local_server.cli(
        "charging", "create-key", "--market", market.code, "--partner", "Kortfabriken AB"
    )
    partner = CardPartner(site_api, output.split()[-1])
    card = charging.card_id()
    assert partner.report_refused(card, "delivered")["error"] == "INVALID_TRANSITION"
    partner.report(card, "shipped")
    charging.reload()
    charging.expect_card("shipped")
    partner.report(card, "delivered")
    charging.reload()
    charging.expect_card("delivered")
    charging.expect_virtual_card()
    charging.check()

    charging.activate_the_card()
    charging.expect_card("activated")
    charging.expect_virtual_card(usable=False)
