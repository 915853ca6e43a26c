"""Money is written in one place (porsche_web/i18n.py money): whole prices without decimals on
price lists, every amount with the currency's decimals on invoices (``exact=True``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import render_template_string

from porsche_web.i18n import money


@pytest.mark.parametrize(
    ("path", "amount", "currency", "price_list", "invoice"),
    [
        ("/se/sv/", "1990", "SEK", "1\xa0990\xa0kr", "1\xa0990,00\xa0kr"),
        ("/se/sv/", "1990.00", "SEK", "1\xa0990\xa0kr", "1\xa0990,00\xa0kr"),
        ("/se/sv/", "0.39", "SEK", "0,39\xa0kr", "0,39\xa0kr"),
        ("/se/sv/", "2.5", "SEK", "2,50\xa0kr", "2,50\xa0kr"),
        ("/se/en/", "1990", "SEK", "1\xa0990\xa0kr", "1\xa0990,00\xa0kr"),
        ("/de/de/", "1990", "EUR", "1.990\xa0€", "1.990,00\xa0€"),
        ("/de/de/", "4.99", "EUR", "4,99\xa0€", "4,99\xa0€"),
        ("/de/en/", "1990", "EUR", "1.990\xa0€", "1.990,00\xa0€"),  # en_DE
    ],
)
def test_one_function_writes_prices_and_invoice_amounts(
    app, path, amount, currency, price_list, invoice
):
    with app.test_request_context(path):
        app.preprocess_request()
        assert money(Decimal(amount), currency) == price_list
        assert money(Decimal(amount), currency, exact=True) == invoice


def test_templates_have_money_and_no_other_currency_formatter(app):
    with app.test_request_context("/se/sv/"):
        app.preprocess_request()
        html = render_template_string(
            "{{ money(a, 'SEK') }}|{{ money(a, 'SEK', exact=True) }}", a=149
        )
        assert html == "149\xa0kr|149,00\xa0kr"
        assert "format_currency" not in app.jinja_env.globals


def test_a_float_is_read_as_written(app):
    with app.test_request_context("/se/sv/"):
        app.preprocess_request()
        assert money(0.1, "SEK") == "0,10\xa0kr"
        assert money(2.0, "SEK") == "2\xa0kr"
