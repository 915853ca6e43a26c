"""MarketTable: a market plugin declared as rows answers every market hook from them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from porsche_web.markets import AddressFormat, PrivacyPolicy
from porsche_web.markets.registry import current_registry
from porsche_web.markets.table import MarketRow, MarketTable, english_site, porsche_centre

ROW = MarketRow(
    english_site("nz", "NZD", "Pacific/Auckland", official_languages=("en", "mi")),
    "connect@nz.porsche.example",
    (porsche_centre("nz", "Auckland", "Sample Road 1", "1010"),),
    AddressFormat(postal_code_pattern=r"\d{4}", postal_code_example="1010"),
    price_factor=Decimal("1.8"),
    not_offered=frozenset({"vts"}),
    track_your_dream=True,
)
TABLE = MarketTable(
    [ROW],
    base_prices={"nc_destsync_v1": Decimal("100"), "vts": Decimal("300")},
    privacy_policy=PrivacyPolicy(version="DPG/NZ/1.0", valid_from=date(2026, 1, 1)),
)


def test_a_table_answers_every_market_hook_from_its_rows(make_app):
    app = make_app(plugins=[TABLE])
    with app.app_context():
        registry = current_registry()
        market = registry.get("nz")
        assert market.official_languages == ("en", "mi")
        assert registry.support_contact(market).email == "connect@nz.porsche.example"
        offers = registry.service_offers(market, "taycan", 2024)
        assert list(offers) == ["nc_destsync_v1"]  # vts is not sold here
        assert offers["nc_destsync_v1"].price == Decimal("180")
        assert offers["nc_destsync_v1"].included_months == 36
        assert (
            registry.service_offers(market, "taycan", 2021)["nc_destsync_v1"].included_months == 12
        )
        assert [p.id for p in registry.partners(market)] == ["nz-auckland"]
        assert registry.track_your_dream(market) is True
        assert registry.privacy_policy(market).version == "DPG/NZ/1.0"


def test_porsche_centre_ids_are_ascii_slugs():
    assert porsche_centre("se", "Malmö", "Exempelgatan 1", "21120").id == "se-malmo"
