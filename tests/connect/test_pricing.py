"""One set of price sentences (connect/pricing.py) with plural forms, in the page's language."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from flask import render_template_string

from porsche_web.connect.pricing import monthly_fee, offer_terms, plan_terms, yearly_price
from porsche_web.markets.types import ChargingPlan

PLAN = ChargingPlan(
    id="pcs_plus",
    name="Porsche Charging Service Plus",
    monthly_fee=Decimal("149"),
    price_per_kwh_ac=Decimal("0.39"),
    price_per_kwh_dc=Decimal("0.59"),
    included_months=12,
)


def offer(months: int, price: str | None) -> SimpleNamespace:
    return SimpleNamespace(included_months=months, price=Decimal(price) if price else None)


@pytest.mark.parametrize(
    ("path", "months", "price", "expected"),
    [
        ("/se/sv/", 36, "1990", "Ingår i 36 månader, därefter 1\xa0990\xa0kr per år"),
        ("/se/sv/", 1, "1990", "Ingår i 1 månad, därefter 1\xa0990\xa0kr per år"),
        ("/se/sv/", 12, None, "Ingår i 12 månader"),
        ("/se/sv/", 0, "990", "990\xa0kr per år"),
        ("/se/en/", 1, None, "Included for 1 month"),
        ("/se/en/", 36, "1990", "Included for 36 months, then 1\xa0990\xa0kr per year"),
        ("/se/sv/", 0, None, ""),
    ],
)
def test_offer_terms(app, path, months, price, expected):
    with app.test_request_context(path):
        app.preprocess_request()
        assert offer_terms(offer(months, price), "SEK") == expected


def test_plan_and_period_sentences(app):
    with app.test_request_context("/se/sv/"):
        app.preprocess_request()
        text = plan_terms(PLAN, "SEK")
        assert text.startswith("149\xa0kr per månad; AC 0,39\xa0kr per kWh")
        assert text.endswith("Ingen månadsavgift de första 12 månaderna.")
        assert yearly_price(Decimal("10"), "SEK") == "10\xa0kr per år"
        assert monthly_fee(Decimal("10"), "SEK") == "10\xa0kr per månad"


def test_templates_use_the_same_sentences(app):
    with app.test_request_context("/se/en/"):
        app.preprocess_request()
        html = render_template_string(
            "{{ offer_terms(o, 'SEK') }}|{{ plan_terms(p, 'SEK') }}", o=offer(36, "1990"), p=PLAN
        )
        assert html == offer_terms(offer(36, "1990"), "SEK") + "|" + plan_terms(PLAN, "SEK")
