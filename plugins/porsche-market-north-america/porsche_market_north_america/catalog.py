"""Data of the North America market team's markets.

Public: country codes, languages, currencies, time zones and the customer service e-mail
addresses (the support article's list, F23). **Sample data** (not public): prices, included
periods, which services a country does not offer, partner addresses, the policy version.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from porsche_web.markets import AddressFormat, Market, Partner, PrivacyPolicy

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


@dataclass(frozen=True)
class MarketData:
    market: Market
    email: str
    partners: tuple[Partner, ...]
    address: AddressFormat
    price_factor: Decimal = Decimal("1")
    not_offered: frozenset[str] = frozenset()
    track_your_dream: bool = False
    included_months: int = 12
    included_months_new: int = 36
    new_from: int = 2023


def market(code, currency, timezone, official, languages=("en",), default="en") -> Market:
    return Market(
        code=code,
        languages=languages,
        default_language=default,
        currency=currency,
        timezone=timezone,
        official_languages=official,
    )


def centre(code: str, city: str, street: str, postal_code: str) -> Partner:
    ascii_city = unicodedata.normalize("NFKD", city).encode("ascii", "ignore").decode()
    slug = ascii_city.lower().replace(" ", "-")
    return Partner(f"{code}-{slug}", f"Porsche Centre {city}", street, postal_code, city)


MARKETS = {
    "us": MarketData(
        market("us", "USD", "America/New_York", ("en",)),
        "connect@porsche.us",
        (
            centre("us", "Atlanta", "1 Example Parkway", "30354"),
            centre("us", "Beverly Hills", "500 Sample Boulevard", "90211"),
            centre("us", "Chicago", "25 Specimen Avenue", "60614"),
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
    "ca": MarketData(
        market("ca", "CAD", "America/Toronto", ("en", "fr")),
        "connect@porsche.ca",
        (
            centre("ca", "Toronto", "100 Example Drive", "M3C 1T3"),
            centre("ca", "Vancouver", "8 Sample Street", "V6H 3W2"),
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
