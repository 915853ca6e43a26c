"""Data of the Europe market team's markets.

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
PRIVACY_POLICY = PrivacyPolicy(version="PorscheConnectDPG/EU/3.9", valid_from=date(2026, 2, 1))


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


GERMAN_FIRST = {"languages": ("de", "en"), "default": "de"}
ENGLISH_FIRST_GERMAN = {"languages": ("en", "de"), "default": "en"}
NOT_IN_BALKANS = frozenset({"vts", "remote_park_assist"})


def fmt(pattern: str, example: str, uppercase: bool = False) -> AddressFormat:
    return AddressFormat(
        postal_code_pattern=pattern, postal_code_example=example, postal_code_uppercase=uppercase
    )


def simple(code, currency, timezone, official, email, city, street, postal, address, **more):
    """A market with one Porsche Centre; ``more`` goes to :class:`MarketData`."""
    languages = more.pop("languages", {})
    return MarketData(
        market(code, currency, timezone, official, **languages),
        email,
        (centre(code, city, street, postal),),
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
    MarketData(
        market("at", "EUR", "Europe/Vienna", ("de",), **GERMAN_FIRST),
        "smartmobility@at.porsche.com",
        (
            centre("at", "Wien", "Beispielstraße 5", "1100"),
            centre("at", "Salzburg", "Musterweg 12", "5020"),
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
        ("bs", "hr", "sr"),
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
    MarketData(
        market("fr", "EUR", "Europe/Paris", ("fr",)),
        "smartmobility@fr.porsche.com",
        (
            centre("fr", "Paris", "10 rue de l'Exemple", "75016"),
            centre("fr", "Lyon", "5 avenue Modèle", "69009"),
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
    MarketData(
        market("it", "EUR", "Europe/Rome", ("it",)),
        "smartmobility@it.porsche.com",
        (
            centre("it", "Milano", "Via Esempio 1", "20156"),
            centre("it", "Roma", "Via Campione 20", "00144"),
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
    MarketData(
        market("nl", "EUR", "Europe/Amsterdam", ("nl",)),
        "smartmobility@nl.porsche.com",
        (
            centre("nl", "Amsterdam", "Voorbeeldweg 1", "1101 AB"),
            centre("nl", "Rotterdam", "Proefstraat 12", "3044 CD"),
        ),
        fmt(r"\d{4} ?[A-Z]{2}", "1012 AB", True),
    ),
    MarketData(
        market("pl", "PLN", "Europe/Warsaw", ("pl",)),
        "smartmobility@pl.porsche.com",
        (
            centre("pl", "Warszawa", "ul. Przykładowa 1", "02-675"),
            centre("pl", "Kraków", "ul. Wzorcowa 3", "30-348"),
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
    MarketData(
        market("es", "EUR", "Europe/Madrid", ("es",)),
        "smartmobility@es.porsche.com",
        (
            centre("es", "Madrid", "Calle Ejemplo 10", "28050"),
            centre("es", "Barcelona", "Carrer Model 5", "08019"),
        ),
        fmt(r"\d{5}", "28001"),
    ),
    MarketData(
        market("ch", "CHF", "Europe/Zurich", ("de", "fr", "it", "rm"), **GERMAN_FIRST),
        "smartmobility@ch.porsche.com",
        (
            centre("ch", "Zürich", "Beispielstrasse 20", "8050"),
            centre("ch", "Genève", "Route de l'Exemple 3", "1214"),
        ),
        fmt(r"\d{4}", "8001"),
    ),
]

MARKETS = {data.market.code: data for data in _ROWS}
