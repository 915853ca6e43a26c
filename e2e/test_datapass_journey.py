"""The Data Pass hand-off (F9, F18), in every journey language: after an activation with the
Data Pass, My Porsche leads to the Data Pass, which waits for the customer's registration on
the provider's website; the provider's confirmation (its callback with its own key), or the
customer's "I have registered", turns it to registered. axe on every page."""

from __future__ import annotations

import pytest
from pages import DataPassPage, DataPassProvider


def activated_with_the_data_pass(visit, backoffice, market, lang, vin=None):
    provider = market.data_pass_provider("taycan", 2026)
    if provider is None:
        pytest.fail(f"market {market.code} offers no Data Pass for the Taycan of this journey")
    order = backoffice.order(lang, "taycan", 2026, **({"vin": vin} if vin else {}))
    customer = visit(lang)
    backoffice.activate(customer, order)
    data_pass = DataPassPage(customer).open_from_my_porsche()
    data_pass.expect_waiting(order.number, provider.name, provider.registration_url)
    return order, provider, data_pass


@pytest.mark.local_server  # the provider's key: flask datapass create-key
def test_the_provider_confirms_the_data_pass_registration(
    visit, backoffice, market, lang, local_server, site_api
):
    vin = market.new_vin()
    order, provider, data_pass = activated_with_the_data_pass(
        visit, backoffice, market, lang, vin=vin
    )
    output = local_server.cli(
        "datapass", "create-key", "--market", market.code, "--provider", provider.name
    )
    answer = DataPassProvider(site_api, output.split()[-1]).confirm(vin, order.email)
    assert answer == {"order_number": order.number, "registered": True, "changed": True}
    data_pass.reload()
    data_pass.expect_registered(order.number, confirmed_by=provider.name)
    data_pass.check()


def test_the_customer_says_the_data_pass_registration_is_done(visit, backoffice, market, lang):
    order, _, data_pass = activated_with_the_data_pass(visit, backoffice, market, lang)
    data_pass.say_registered()
    data_pass.expect_registered(order.number)
    data_pass.reload()
    data_pass.expect_registered(order.number)
