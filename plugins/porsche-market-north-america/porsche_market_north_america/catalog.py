"""Data of the North America market team's markets.

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
PRIVACY_POLICY = PrivacyPolicy(version="PorscheConnectDPG/NA/2.4", valid_from=date(2026, 2, 1))


MARKETS = {
    "us": MarketRow(
        english_site("us", "USD", "America/New_York", ("en",)),
        "connect@porsche.us",
        (
            porsche_centre("us", "Atlanta", "1 Example Parkway", "30354"),
            porsche_centre("us", "Beverly Hills", "500 Sample Boulevard", "90211"),
            porsche_centre("us", "Chicago", "25 Specimen Avenue", "60614"),
        ),
        AddressFormat(
            ("company", "street", "city", "region", "postal_code"),
            r"\d{5}(-\d{4})?",
            "30354",
        ),
        price_factor=Decimal("1.1"),
        not_offered=frozenset({"vzo_download_v2", "vts"}),
        track_your_dream=True,
    ),
    "ca": MarketRow(
        english_site("ca", "CAD", "America/Toronto", ("en", "fr")),
        "connect@porsche.ca",
        (
            porsche_centre("ca", "Toronto", "100 Example Drive", "M3C 1T3"),
            porsche_centre("ca", "Vancouver", "8 Sample Street", "V6H 3W2"),
        ),
        AddressFormat(
            ("company", "street", "city", "region", "postal_code"),
            r"[A-Z]\d[A-Z] \d[A-Z]\d",
            "K1A 0B1",
            postal_code_uppercase=True,
        ),
        price_factor=Decimal("1.5"),
        not_offered=frozenset({"vzo_download_v2", "vts"}),
        track_your_dream=True,
    ),
}
