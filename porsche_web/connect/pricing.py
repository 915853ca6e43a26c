"""How a price and its period read, in one place: the Connect Store, the activation's services
and charging steps, check your answers and "Your next steps" all say it with these sentences
(F2, F3, F16). Money is formatted for the page's locale; months take plural forms.

The functions are Jinja globals too (registered by the ``connect`` blueprint), so templates
write ``{{ offer_terms(offer.included_months, offer.price, market.currency) }}``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from flask_babel import format_currency, gettext, ngettext

from porsche_web.connect import bp
from porsche_web.markets.types import ChargingPlan


@bp.app_template_global()
def yearly_price(price: Decimal, currency: str) -> str:
    """ "1 990 kr per year"."""
    return gettext("%(price)s per year", price=format_currency(price, currency))


@bp.app_template_global()
def monthly_fee(fee: Decimal, currency: str) -> str:
    """ "99 kr per month"."""
    return gettext("%(fee)s per month", fee=format_currency(fee, currency))


class PricedOffer(Protocol):
    """What has a period and a price: a market's ``ServiceOffer``, an activated contract."""

    included_months: int
    price: Decimal | None


@bp.app_template_global()
def offer_terms(offer: PricedOffer, currency: str) -> str:
    """A service's period and price: "Included for 36 months, then 1 990 kr per year",
    "Included for 12 months" (no price after it), or "1 990 kr per year" (nothing included).
    Empty when there is neither."""
    months, price = offer.included_months, offer.price
    if months and price is not None:
        return ngettext(
            "Included for %(num)d month, then %(price)s per year",
            "Included for %(num)d months, then %(price)s per year",
            months,
            price=format_currency(price, currency),
        )
    if months:
        return ngettext("Included for %(num)d month", "Included for %(num)d months", months)
    if price is not None:
        return yearly_price(price, currency)
    return ""


@bp.app_template_global()
def plan_terms(plan: ChargingPlan, currency: str) -> str:
    """A charging plan's fees (F16): monthly fee, AC and DC price per kWh, and the months
    without a monthly fee."""
    text = gettext(
        "%(fee)s per month; AC %(ac)s per kWh, DC %(dc)s per kWh",
        fee=format_currency(plan.monthly_fee, currency),
        ac=format_currency(plan.price_per_kwh_ac, currency),
        dc=format_currency(plan.price_per_kwh_dc, currency),
    )
    if plan.included_months:
        text += " " + ngettext(
            "No monthly fee for the first %(num)d month.",
            "No monthly fee for the first %(num)d months.",
            plan.included_months,
        )
    return text
