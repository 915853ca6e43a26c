"""Data of the Asia-Pacific market team's markets.

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
PRIVACY_POLICY = PrivacyPolicy(version="PorscheConnectDPG/APAC/1.7", valid_from=date(2026, 2, 1))


#: Hong Kong shares China's customer service address (F23).
CHINA_CONTACT = "connect@cn.porsche.com"

MARKETS = {
    "au": MarketRow(
        english_site("au", "AUD", "Australia/Sydney", ("en",)),
        "connect@porsche.com.au",
        (
            porsche_centre("au", "Sydney", "1 Example Road", "2017"),
            porsche_centre("au", "Melbourne", "20 Sample Street", "3121"),
        ),
        AddressFormat(("company", "street", "city", "region", "postal_code"), r"\d{4}", "2000"),
        price_factor=Decimal("1.65"),
        not_offered=frozenset({"vzo_download_v2"}),
    ),
    "cn": MarketRow(
        english_site("cn", "CNY", "Asia/Shanghai", ("zh_Hans",)),
        CHINA_CONTACT,
        (
            porsche_centre("cn", "Shanghai", "88 Example Road", "200120"),
            porsche_centre("cn", "Beijing", "6 Sample Avenue", "100027"),
        ),
        AddressFormat(("company", "region", "city", "street", "postal_code"), r"\d{6}", "100000"),
        price_factor=Decimal("8"),
        not_offered=frozenset({"onlinespeech_v1", "mond_applemusic_v1", "vzo_download_v2", "vts"}),
    ),
    "hk": MarketRow(
        english_site("hk", "HKD", "Asia/Hong_Kong", ("zh_Hant", "en")),
        CHINA_CONTACT,
        (porsche_centre("hk", "Hong Kong", "1 Example Road, Wong Chuk Hang", "000000"),),
        AddressFormat(("company", "street", "region", "city", "postal_code")),
        price_factor=Decimal("8.5"),
        not_offered=frozenset({"onlinespeech_v1", "vzo_download_v2", "vts"}),
    ),
    "jp": MarketRow(
        english_site("jp", "JPY", "Asia/Tokyo", ("ja",)),
        "connect@jp.porsche.com",
        (
            porsche_centre("jp", "Tokyo", "1-2-3 Example, Minato-ku", "105-0001"),
            porsche_centre("jp", "Osaka", "4-5-6 Sample, Kita-ku", "530-0001"),
        ),
        AddressFormat(
            ("company", "postal_code", "region", "city", "street"), r"\d{3}-\d{4}", "100-0001"
        ),
        price_factor=Decimal("160"),
        not_offered=frozenset({"onlinespeech_v1", "vzo_download_v2"}),
    ),
    "tw": MarketRow(
        english_site("tw", "TWD", "Asia/Taipei", ("zh_Hant",)),
        "connect@porsche.tw",
        (porsche_centre("tw", "Taipei", "100 Example Road, Neihu", "114"),),
        AddressFormat(("company", "postal_code", "city", "street"), r"\d{3}(\d{2,3})?", "100"),
        price_factor=Decimal("35"),
        not_offered=frozenset({"onlinespeech_v1", "vzo_download_v2", "vts"}),
    ),
}
