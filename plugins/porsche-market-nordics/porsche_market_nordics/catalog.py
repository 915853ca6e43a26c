"""Data of the Nordics market team's markets.

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
PRIVACY_POLICY = PrivacyPolicy(version="PorscheConnectDPG/NORDICS/3.2", valid_from=date(2026, 2, 1))


MARKETS = {
    "dk": MarketRow(
        english_site("dk", "DKK", "Europe/Copenhagen", ("da",)),
        "smartmobility@dk.porsche.com",
        (
            porsche_centre("dk", "Copenhagen", "Eksempelvej 10", "2600"),
            porsche_centre("dk", "Aarhus", "Prøvegade 4", "8200"),
        ),
        AddressFormat(postal_code_pattern=r"\d{4}", postal_code_example="2100"),
        price_factor=Decimal("7.5"),
    ),
    "fi": MarketRow(
        english_site("fi", "EUR", "Europe/Helsinki", ("fi", "sv"), ("en", "sv")),
        "smartmobility@fi.porsche.com",
        (
            porsche_centre("fi", "Helsinki", "Esimerkkitie 3", "00380"),
            porsche_centre("fi", "Tampere", "Mallikatu 7", "33720"),
        ),
        AddressFormat(postal_code_pattern=r"\d{5}", postal_code_example="00100"),
    ),
    "no": MarketRow(
        english_site("no", "NOK", "Europe/Oslo", ("nb", "nn")),
        "smartmobility@no.porsche.com",
        (
            porsche_centre("no", "Oslo", "Eksempelveien 12", "0581"),
            porsche_centre("no", "Bergen", "Prøvegaten 2", "5033"),
        ),
        AddressFormat(postal_code_pattern=r"\d{4}", postal_code_example="0150"),
        price_factor=Decimal("11.5"),
    ),
    "is": MarketRow(
        english_site("is", "ISK", "Atlantic/Reykjavik", ("is",)),
        "smartmobility@is.porsche.com",
        (porsche_centre("is", "Reykjavik", "Dæmigata 1", "110"),),
        AddressFormat(postal_code_pattern=r"\d{3}", postal_code_example="101"),
        price_factor=Decimal("140"),
        not_offered=frozenset({"vts", "remote_park_assist"}),
    ),
}
