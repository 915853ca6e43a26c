"""My services in every language of the market (Swedish and English by default; issue #13
item 1): after the activation, a customer goes from My Porsche to "My services", renews
Navigation Plus for a year (the express consent, check your answers) and opens the printable
invoice. axe on every page; the same without JavaScript."""

from __future__ import annotations

import pytest
from pages import MyPorsche
from pages.services import MyServices
from playwright.sync_api import expect


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_renew_a_service_and_download_the_invoice(visit, backoffice, market, lang, javascript):
    order = backoffice.order(lang, "taycan", 2026)
    customer = visit(lang, javascript=javascript)
    backoffice.activate(customer, order)
    MyPorsche(customer).open()
    services = MyServices(customer).open_from_my_porsche()
    services.renew("Navigation Plus")
    number = services.open_invoice()
    assert number.startswith(market.code.upper() + "-")
    expect(services.main).to_contain_text("Navigation Plus")
    expect(services.main).to_contain_text(market.partner.street)  # the invoice recipient
