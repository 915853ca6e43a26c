"""Data of the UK & Ireland market team's markets.

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
PRIVACY_POLICY = PrivacyPolicy(version="PorscheConnectDPG/GB/4.1", valid_from=date(2026, 2, 1))


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


UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}"

MARKETS = {
    "gb": MarketData(
        market("gb", "GBP", "Europe/London", ("en",)),
        "smartmobility@porsche.co.uk",
        (
            centre("gb", "Mayfair", "12 Example Street", "W1K 4AB"),
            centre("gb", "Manchester", "200 Sample Road", "M15 4FN"),
            centre("gb", "Edinburgh", "5 Specimen Way", "EH12 9DQ"),
        ),
        AddressFormat(
            ("company", "street", "city", "postal_code"),
            UK_POSTCODE,
            "SW1A 1AA",
            postal_code_uppercase=True,
        ),
        price_factor=Decimal("0.85"),
    ),
    "ie": MarketData(
        market("ie", "EUR", "Europe/Dublin", ("en", "ga")),
        "smartmobility@ie.porsche.com",
        (centre("ie", "Dublin", "1 Example Park", "D18 X5K7"),),
        AddressFormat(
            ("company", "street", "city", "region", "postal_code"),
            r"[A-Z]\d[\dW] ?[A-Z\d]{4}",
            "D02 AF30",
            postal_code_uppercase=True,
        ),
    ),
    "gi": MarketData(
        market("gi", "GBP", "Europe/Gibraltar", ("en",)),
        "smartmobility@gi.porsche.com",
        (centre("gi", "Gibraltar", "3 Sample Wharf", "GX11 1AA"),),
        AddressFormat(("company", "street", "city", "postal_code"), r"GX11 1AA", "GX11 1AA", True),
        price_factor=Decimal("0.85"),
        not_offered=frozenset({"vts"}),
    ),
}
