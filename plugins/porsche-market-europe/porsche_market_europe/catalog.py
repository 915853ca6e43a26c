"""Data of the Europe market team's markets.

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
PRIVACY_POLICY = PrivacyPolicy(version="PorscheConnectDPG/EU/3.9", valid_from=date(2026, 2, 1))


GERMAN_FIRST = {"languages": ("de", "en"), "default_language": "de"}
ENGLISH_FIRST_GERMAN = {"languages": ("en", "de"), "default_language": "en"}
NOT_IN_BALKANS = frozenset({"vts", "remote_park_assist"})


def fmt(pattern: str, example: str, uppercase: bool = False) -> AddressFormat:
    return AddressFormat(
        postal_code_pattern=pattern, postal_code_example=example, postal_code_uppercase=uppercase
    )


def simple(code, currency, timezone, official, email, city, street, postal, address, **more):
    """A market with one Porsche Centre; ``more`` goes to :class:`MarketData`."""
    languages = more.pop("languages", {})
    return MarketRow(
        english_site(code, currency, timezone, official, **languages),
        email,
        (porsche_centre(code, city, street, postal),),
        address,
        **more,
    )


_ROWS = [
    simple(
        "al",
        "ALL",
        "Europe/Tirane",
        ("sq",),
        "smartmobility@al.porsche.com",
        "Tirana",
        "Rruga Shembull 1",
        "1001",
        fmt(r"\d{4}", "1001"),
        price_factor=Decimal("100"),
        not_offered=NOT_IN_BALKANS,
    ),
    simple(
        "ad",
        "EUR",
        "Europe/Andorra",
        ("ca",),
        "smartmobility@ad.porsche.com",
        "Andorra la Vella",
        "Carrer Exemple 2",
        "AD500",
        fmt(r"AD\d{3}", "AD500", True),
    ),
    MarketRow(
        english_site("at", "EUR", "Europe/Vienna", ("de",), **GERMAN_FIRST),
        "smartmobility@at.porsche.com",
        (
            porsche_centre("at", "Wien", "Beispielstraße 5", "1100"),
            porsche_centre("at", "Salzburg", "Musterweg 12", "5020"),
        ),
        fmt(r"\d{4}", "1010"),
    ),
    simple(
        "be",
        "EUR",
        "Europe/Brussels",
        ("nl", "fr", "de"),
        "smartmobility@be.porsche.com",
        "Brussels",
        "Voorbeeldlaan 10",
        "1070",
        fmt(r"\d{4}", "1000"),
        languages=ENGLISH_FIRST_GERMAN,
    ),
    simple(
        "ba",
        "BAM",
        "Europe/Sarajevo",
        ("bs", "hr", "sr_Latn"),
        "smartmobility@ba.porsche.com",
        "Sarajevo",
        "Primjer ulica 3",
        "71000",
        fmt(r"\d{5}", "71000"),
        price_factor=Decimal("2"),
        not_offered=NOT_IN_BALKANS,
    ),
    simple(
        "bg",
        "EUR",
        "Europe/Sofia",
        ("bg",),
        "smartmobility@bg.porsche.com",
        "Sofia",
        "ul. Primer 4",
        "1784",
        fmt(r"\d{4}", "1000"),
    ),
    simple(
        "hr",
        "EUR",
        "Europe/Zagreb",
        ("hr",),
        "smartmobility@hr.porsche.com",
        "Zagreb",
        "Primjerna ulica 8",
        "10000",
        fmt(r"\d{5}", "10000"),
    ),
    simple(
        "cy",
        "EUR",
        "Asia/Nicosia",
        ("el", "tr"),
        "smartmobility@cy.porsche.com",
        "Nicosia",
        "Example Avenue 9",
        "2033",
        fmt(r"\d{4}", "1010"),
    ),
    simple(
        "cz",
        "CZK",
        "Europe/Prague",
        ("cs",),
        "smartmobility@cz.porsche.com",
        "Praha",
        "Ukázková 11",
        "150 00",
        fmt(r"\d{3} ?\d{2}", "110 00"),
        price_factor=Decimal("25"),
    ),
    simple(
        "ee",
        "EUR",
        "Europe/Tallinn",
        ("et",),
        "smartmobility@ee.porsche.com",
        "Tallinn",
        "Näidise tee 2",
        "11415",
        fmt(r"\d{5}", "10111"),
    ),
    MarketRow(
        english_site("fr", "EUR", "Europe/Paris", ("fr",)),
        "smartmobility@fr.porsche.com",
        (
            porsche_centre("fr", "Paris", "10 rue de l'Exemple", "75016"),
            porsche_centre("fr", "Lyon", "5 avenue Modèle", "69009"),
        ),
        fmt(r"\d{5}", "75008"),
    ),
    simple(
        "gr",
        "EUR",
        "Europe/Athens",
        ("el",),
        "smartmobility@gr.porsche.com",
        "Athens",
        "Paradeigmatos 7",
        "145 64",
        fmt(r"\d{3} ?\d{2}", "105 57"),
    ),
    simple(
        "hu",
        "HUF",
        "Europe/Budapest",
        ("hu",),
        "smartmobility@hu.porsche.com",
        "Budapest",
        "Minta utca 6",
        "1117",
        fmt(r"\d{4}", "1051"),
        price_factor=Decimal("400"),
    ),
    MarketRow(
        english_site("it", "EUR", "Europe/Rome", ("it",)),
        "smartmobility@it.porsche.com",
        (
            porsche_centre("it", "Milano", "Via Esempio 1", "20156"),
            porsche_centre("it", "Roma", "Via Campione 20", "00144"),
        ),
        fmt(r"\d{5}", "00184"),
    ),
    simple(
        "lv",
        "EUR",
        "Europe/Riga",
        ("lv",),
        "smartmobility@lv.porsche.com",
        "Riga",
        "Parauga iela 3",
        "LV-1004",
        fmt(r"LV-\d{4}", "LV-1050", True),
    ),
    simple(
        "li",
        "CHF",
        "Europe/Vaduz",
        ("de",),
        "smartmobility@li.porsche.com",
        "Vaduz",
        "Musterstrasse 4",
        "9490",
        fmt(r"94\d{2}", "9490"),
        languages=GERMAN_FIRST,
    ),
    simple(
        "lt",
        "EUR",
        "Europe/Vilnius",
        ("lt",),
        "smartmobility@lt.porsche.com",
        "Vilnius",
        "Pavyzdžio g. 5",
        "LT-02244",
        fmt(r"(LT-)?\d{5}", "LT-01100", True),
    ),
    simple(
        "lu",
        "EUR",
        "Europe/Luxembourg",
        ("lb", "fr", "de"),
        "smartmobility@lu.porsche.com",
        "Luxembourg",
        "Rue de l'Exemple 6",
        "L-1818",
        fmt(r"(L-)?\d{4}", "L-1118", True),
        languages=ENGLISH_FIRST_GERMAN,
    ),
    simple(
        "mt",
        "EUR",
        "Europe/Malta",
        ("mt", "en"),
        "smartmobility@mt.porsche.com",
        "Qormi",
        "Example Street 8",
        "QRM 3000",
        fmt(r"[A-Z]{3} ?\d{4}", "VLT 1117", True),
    ),
    simple(
        "mc",
        "EUR",
        "Europe/Monaco",
        ("fr",),
        "smartmobility@mc.porsche.com",
        "Monaco",
        "Boulevard Exemple 9",
        "98000",
        fmt(r"980\d{2}", "98000"),
    ),
    MarketRow(
        english_site("nl", "EUR", "Europe/Amsterdam", ("nl",)),
        "smartmobility@nl.porsche.com",
        (
            porsche_centre("nl", "Amsterdam", "Voorbeeldweg 1", "1101 AB"),
            porsche_centre("nl", "Rotterdam", "Proefstraat 12", "3044 CD"),
        ),
        fmt(r"\d{4} ?[A-Z]{2}", "1012 AB", True),
    ),
    MarketRow(
        english_site("pl", "PLN", "Europe/Warsaw", ("pl",)),
        "smartmobility@pl.porsche.com",
        (
            porsche_centre("pl", "Warszawa", "ul. Przykładowa 1", "02-675"),
            porsche_centre("pl", "Kraków", "ul. Wzorcowa 3", "30-348"),
        ),
        fmt(r"\d{2}-\d{3}", "00-950"),
        price_factor=Decimal("4.3"),
    ),
    simple(
        "pt",
        "EUR",
        "Europe/Lisbon",
        ("pt",),
        "smartmobility@pt.porsche.com",
        "Lisboa",
        "Rua Exemplo 2",
        "1990-095",
        fmt(r"\d{4}-\d{3}", "1000-001"),
    ),
    simple(
        "ro",
        "RON",
        "Europe/Bucharest",
        ("ro",),
        "smartmobility@ro.porsche.com",
        "București",
        "Strada Exemplu 4",
        "013696",
        fmt(r"\d{6}", "010011"),
        price_factor=Decimal("5"),
    ),
    simple(
        "ru",
        "RUB",
        "Europe/Moscow",
        ("ru",),
        "connect@porsche.ru",
        "Moscow",
        "Primernaya ul. 1",
        "125167",
        fmt(r"\d{6}", "101000"),
        price_factor=Decimal("100"),
        not_offered=frozenset({"onlinespeech_v1", "mond_applemusic_v1", "vts"}),
    ),
    simple(
        "sk",
        "EUR",
        "Europe/Bratislava",
        ("sk",),
        "smartmobility@sk.porsche.com",
        "Bratislava",
        "Vzorová 5",
        "821 04",
        fmt(r"\d{3} ?\d{2}", "811 01"),
    ),
    simple(
        "si",
        "EUR",
        "Europe/Ljubljana",
        ("sl",),
        "smartmobility@si.porsche.com",
        "Ljubljana",
        "Vzorčna ulica 7",
        "1000",
        fmt(r"\d{4}", "1000"),
    ),
    MarketRow(
        english_site("es", "EUR", "Europe/Madrid", ("es",)),
        "smartmobility@es.porsche.com",
        (
            porsche_centre("es", "Madrid", "Calle Ejemplo 10", "28050"),
            porsche_centre("es", "Barcelona", "Carrer Model 5", "08019"),
        ),
        fmt(r"\d{5}", "28001"),
    ),
    MarketRow(
        english_site("ch", "CHF", "Europe/Zurich", ("de", "fr", "it", "rm"), **GERMAN_FIRST),
        "smartmobility@ch.porsche.com",
        (
            porsche_centre("ch", "Zürich", "Beispielstrasse 20", "8050"),
            porsche_centre("ch", "Genève", "Route de l'Exemple 3", "1214"),
        ),
        fmt(r"\d{4}", "8001"),
    ),
]

MARKETS = {data.market.code: data for data in _ROWS}
