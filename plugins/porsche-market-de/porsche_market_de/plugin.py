"""Germany: German first, English second, prices in EUR."""

from flask_babel import lazy_gettext as _l

from porsche_web.markets import Market, SupportContact, hookimpl

GERMANY = Market(
    code="de",
    languages=("de", "en"),
    default_language="de",
    currency="EUR",
    timezone="Europe/Berlin",
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
