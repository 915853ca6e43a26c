"""Sweden: the reference market (Swedish first, English second, prices in SEK).

Every hook of the contract is answered here with complete data. Public: the market, the
customer service e-mail (F23) and the privacy policy version (seen in a public API dump, see
DOMAIN.md). **Sample data**: opening hours, prices, included periods, Porsche Centre addresses,
the Data Pass provider and its terms, the charging plans.
"""

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from porsche_web.markets import (
    CONTRACTS_END,
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

SWEDEN = Market(
    code="se",
    languages=("sv", "en"),
    default_language="sv",
    currency="SEK",
    timezone="Europe/Stockholm",
    official_languages=("sv",),
)

#: Sample data (Navigation Plus and Speed Alert prices as seen in the Swedish store, DOMAIN.md).
PRICES_SEK = {
    "nc_destsync_v1": Decimal("1990"),
    "onlinespeech_v1": Decimal("1690"),
    "mond_applemusic_v1": Decimal("990"),
    "vzo_download_v2": Decimal("1690"),
    "trip_statistic_v1": Decimal("590"),
    "carfinder_v1": Decimal("990"),
    "rlu_v1": Decimal("1190"),
    "speedalert_v1": Decimal("1090"),
    "vts": Decimal("3190"),
    "rclima_v1": Decimal("790"),
    "rbatterycharge_v1": Decimal("790"),
    "remote_park_assist": Decimal("1490"),
}

#: Sample data: the Porsche Centres of Sweden (addresses are made up), named as Swedish Porsche
#: Centres name themselves: "Porsche Center <city>" (the site's Swedish word, #19).
PARTNERS = (
    Partner(
        "se-stockholm",
        "Porsche Center Stockholm",
        "Exempelvägen 12",
        "169 70",
        "Solna",
        email="info@stockholm.porsche.example",
        phone="+4687000000",
    ),
    Partner("se-goteborg", "Porsche Center Göteborg", "Provgatan 4", "417 05", "Göteborg"),
    Partner("se-malmo", "Porsche Center Malmö", "Mönstervägen 8", "212 35", "Malmö"),
    Partner("se-uppsala", "Porsche Center Uppsala", "Förebildsgatan 2", "753 23", "Uppsala"),
)


@hookimpl
def porsche_markets() -> list[Market]:
    return [SWEDEN]


@hookimpl
def porsche_support_contact(market: Market) -> SupportContact:
    return SupportContact(
        email="smartmobility@se.porsche.com",
        # Sample data: the opening hours are not public.
        hours=_l("Monday to Friday, 8 am to 5 pm (Swedish time)"),
    )


@hookimpl
def porsche_staff_support(market: Market) -> StaffSupport:
    # Sample data: the support hours and the escalation contact for staff are not public.
    return StaffSupport(
        hours=_l("Monday to Friday, 8 am to 6 pm (Swedish time)"),
        escalation_name=_l("Customer service team leader on duty"),
        escalation_email="escalation@se.porsche.example",
        escalation_phone="+46317000000",
        sample=True,
    )


@hookimpl
def porsche_service_availability(market: Market, model: str, model_year: int) -> list[ServiceOffer]:
    # Sample data: three years included for cars from model year 2023, one year before.
    included = 36 if model_year >= 2023 else 12
    return [ServiceOffer(service, included, price) for service, price in PRICES_SEK.items()]


@hookimpl
def porsche_data_pass_providers(
    market: Market, model: str, model_year: int
) -> list[DataPassProvider]:
    return [
        DataPassProvider(
            name="Exempel Mobil AB",  # sample data: an invented provider
            registration_url="https://datapass.example.com/se",
            terms_version="DataPass/SE/sv_SE/v1.2",
            email="dataskydd@datapass.example.com",
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
                monthly_fee=Decimal("149"),
                price_per_kwh_ac=Decimal("3.90"),
                price_per_kwh_dc=Decimal("4.90"),
                included_months=36,
            ),
            ChargingPlan(
                "pcs",
                "Porsche Charging Service",
                monthly_fee=Decimal("0"),
                price_per_kwh_ac=Decimal("4.90"),
                price_per_kwh_dc=Decimal("6.90"),
            ),
        ),
        currency="SEK",
        card_delivery_days=10,
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
    """The standard rate of moms (25 %); the prices of this plugin include it."""
    return Vat(rate=Decimal("25"), prices_include_vat=True)


@hookimpl
def porsche_owner_change(market: Market) -> OwnerChange:
    """Sample rule (not legal advice): the seller's contracts end with the sale; a release by a
    Porsche Centre waits 14 days for the previous owner's objection."""
    return OwnerChange(contracts=CONTRACTS_END, waiting_days=14)


@hookimpl
def porsche_address_format(market: Market) -> AddressFormat:
    return AddressFormat(
        fields=("company", "street", "postal_code", "city"),
        postal_code_pattern=r"\d{3} ?\d{2}",
        postal_code_example="114 35",
    )


@hookimpl
def porsche_privacy_policy(market: Market) -> PrivacyPolicy:
    return PRIVACY_POLICY


#: The policy in force and the one before it (sample data: the versions, dates and the summary
#: of changes are ours, not Porsche's).
PRIVACY_POLICY = PrivacyPolicy(
    version="PorscheConnectDPG/SE/sv_SE/v3.8",
    valid_from=date(2026, 3, 1),
    changes=_l(
        "We now say how long we keep the records of remote commands sent to your car, and we "
        "name the service that delivers our text messages."
    ),
    earlier=(PrivacyPolicy("PorscheConnectDPG/SE/sv_SE/v3.7", date(2025, 6, 1)),),
    officer_email="dataskydd@porsche.example",  # sample data
    authority=SupervisoryAuthority("Integritetsskyddsmyndigheten (IMY)", "https://www.imy.se/"),
)
