"""Germany: German first, English second, prices in EUR.

Public: the market and the customer service e-mail (F23); Voice Pilot and Risk Radar prices as
seen in the German store (DOMAIN.md). **Sample data**: opening hours, the other prices, included
periods, Porsche Centre addresses, the charging plan, the Data Pass provider and its terms, the
privacy policy version.
"""

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from porsche_web.markets import (
    CONTRACTS_TRANSFER,
    AddressFormat,
    ChargingOffer,
    ChargingPlan,
    DataPassProvider,
    Market,
    OwnerChange,
    Partner,
    PrivacyPolicy,
    ServiceOffer,
    StaffSupport,
    SupervisoryAuthority,
    SupportContact,
    Vat,
    hookimpl,
)

GERMANY = Market(
    code="de",
    languages=("de", "en"),
    default_language="de",
    currency="EUR",
    timezone="Europe/Berlin",
    official_languages=("de",),
)

PRICES_EUR = {
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

PARTNERS = (
    Partner("de-stuttgart", "Porsche Zentrum Stuttgart", "Beispielstraße 1", "70435", "Stuttgart"),
    Partner("de-berlin", "Porsche Zentrum Berlin", "Musterallee 20", "10587", "Berlin"),
    Partner("de-muenchen", "Porsche Zentrum München", "Probeweg 7", "80939", "München"),
)


@hookimpl
def porsche_markets() -> list[Market]:
    return [GERMANY]


@hookimpl
def porsche_support_contact(market: Market) -> SupportContact:
    return SupportContact(
        email="smartmobility@de.porsche.com",
        # Sample data: the opening hours are not public.
        hours=_l("Monday to Saturday, 8 am to 8 pm (German time)"),
    )


@hookimpl
def porsche_staff_support(market: Market) -> StaffSupport:
    # Sample data: the support hours and the escalation contact for staff are not public.
    return StaffSupport(
        hours=_l("Monday to Saturday, 8 am to 8 pm (German time)"),
        escalation_name=_l("Customer service team leader on duty"),
        escalation_email="eskalation@de.porsche.example",
        escalation_phone="+49711911000",
        sample=True,
    )


@hookimpl
def porsche_service_availability(market: Market, model: str, model_year: int) -> list[ServiceOffer]:
    included = 36 if model_year >= 2023 else 12
    return [ServiceOffer(service, included, price) for service, price in PRICES_EUR.items()]


@hookimpl
def porsche_data_pass_providers(
    market: Market, model: str, model_year: int
) -> list[DataPassProvider]:
    return [
        DataPassProvider(
            name="Beispiel Mobilfunk GmbH",  # sample data: an invented provider
            registration_url="https://datapass.example.com/de",
            terms_version="DataPass/DE/de_DE/v1.0",
            email="datenschutz@datapass.example.com",
            terms=_l(
                "The Data Pass gives your car mobile data for streaming, hotspot and online "
                "services. To register you, we pass your Porsche ID data to the network provider, "
                "which becomes your contract partner for the Data Pass."
            ),
            data_transferred=(
                _l("Your name"),
                _l("Your Porsche ID (e-mail address)"),
                _l("The vehicle identification number (VIN)"),
            ),
        )
    ]


@hookimpl
def porsche_charging_offer(market: Market) -> ChargingOffer:
    return ChargingOffer(
        plans=(
            ChargingPlan(
                "pcs_plus",
                "Porsche Charging Service Plus",
                monthly_fee=Decimal("12.99"),
                price_per_kwh_ac=Decimal("0.39"),
                price_per_kwh_dc=Decimal("0.33"),
                included_months=36,
            ),
        ),
        currency="EUR",
        card_delivery_days=7,
    )


@hookimpl
def porsche_partners(market: Market) -> list[Partner]:
    return list(PARTNERS)


@hookimpl
def porsche_track_your_dream(market: Market) -> bool:
    # Sample data: Track your Dream offered, so the demo orders' milestones show on My Porsche.
    return True


@hookimpl
def porsche_vat(market: Market) -> Vat:
    """The standard rate of Umsatzsteuer (19 %); the prices of this plugin include it."""
    return Vat(rate=Decimal("19"), prices_include_vat=True)


@hookimpl
def porsche_owner_change(market: Market) -> OwnerChange:
    """Sample rule (not legal advice): the contracts stay with the car for the buyer; a release by
    a Porsche Centre waits 30 days for the previous owner's objection."""
    return OwnerChange(contracts=CONTRACTS_TRANSFER, waiting_days=30)


@hookimpl
def porsche_address_format(market: Market) -> AddressFormat:
    return AddressFormat(postal_code_pattern=r"\d{5}", postal_code_example="70435")


@hookimpl
def porsche_privacy_policy(market: Market) -> PrivacyPolicy:
    return PrivacyPolicy(
        version="PorscheConnectDPG/DE/de_DE/v4.0",
        valid_from=date(2026, 1, 15),
        officer_email="datenschutz@porsche.example",  # sample data
        authority=SupervisoryAuthority(
            "Der Landesbeauftragte für den Datenschutz und die Informationsfreiheit "
            "Baden-Württemberg",
            "https://www.baden-wuerttemberg.datenschutz.de/",
        ),
    )
