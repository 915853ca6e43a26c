"""Data of the UK & Ireland market team's markets.

Public: country codes, languages, currencies, time zones and the customer service e-mail
addresses (the support article's list, F23). **Sample data** (not public): prices, included
periods, which services a country does not offer, partner addresses, the policy version.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from porsche_web.markets import AddressFormat, PrivacyPolicy
from porsche_web.markets.table import MarketRow, english_site, porsche_centre

#: Sample data: yearly prices in EUR after the included period, converted per market.
BASE_PRICES_EUR = {
    "nc_destsync_v1": Decimal("199"),
    "onlinespeech_v1": Decimal("179"),
    "mond_applemusic_v1": Decimal("99"),
    "vzo_download_v2": Decimal("179"),
    "trip_statistic_v1": Decimal("59"),
    "carfinder_v1": Decimal("99"),
    "rlu_v1": Decimal("119"),
    "speedalert_v1": Decimal("99"),
    "vts": Decimal("309"),
    "rclima_v1": Decimal("79"),
    "rbatterycharge_v1": Decimal("79"),
    "remote_park_assist": Decimal("149"),
}

#: Sample data.
PRIVACY_POLICY = PrivacyPolicy(version="PorscheConnectDPG/GB/4.1", valid_from=date(2026, 2, 1))


UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}"

MARKETS = {
    "gb": MarketRow(
        english_site("gb", "GBP", "Europe/London", ("en",)),
        "smartmobility@porsche.co.uk",
        (
            porsche_centre("gb", "Mayfair", "12 Example Street", "W1K 4AB"),
            porsche_centre("gb", "Manchester", "200 Sample Road", "M15 4FN"),
            porsche_centre("gb", "Edinburgh", "5 Specimen Way", "EH12 9DQ"),
        ),
        AddressFormat(
            ("company", "street", "city", "postal_code"),
            UK_POSTCODE,
            "SW1A 1AA",
            postal_code_uppercase=True,
        ),
        price_factor=Decimal("0.85"),
    ),
    "ie": MarketRow(
        english_site("ie", "EUR", "Europe/Dublin", ("en", "ga")),
        "smartmobility@ie.porsche.com",
        (porsche_centre("ie", "Dublin", "1 Example Park", "D18 X5K7"),),
        AddressFormat(
            ("company", "street", "city", "region", "postal_code"),
            r"[A-Z]\d[\dW] ?[A-Z\d]{4}",
            "D02 AF30",
            postal_code_uppercase=True,
        ),
    ),
    "gi": MarketRow(
        english_site("gi", "GBP", "Europe/Gibraltar", ("en",)),
        "smartmobility@gi.porsche.com",
        (porsche_centre("gi", "Gibraltar", "3 Sample Wharf", "GX11 1AA"),),
        AddressFormat(("company", "street", "city", "postal_code"), r"GX11 1AA", "GX11 1AA", True),
        price_factor=Decimal("0.85"),
        not_offered=frozenset({"vts"}),
    ),
}
