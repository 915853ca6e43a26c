"""Sweden: the reference market (Swedish first, English second, prices in SEK)."""

from flask_babel import lazy_gettext as _l

from porsche_web.markets import Market, SupportContact, hookimpl

SWEDEN = Market(
    code="se",
    languages=("sv", "en"),
    default_language="sv",
    currency="SEK",
    timezone="Europe/Stockholm",
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
