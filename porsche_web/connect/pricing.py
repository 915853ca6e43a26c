"""How a price and its period read, in one place: the Connect Store, the activation's services
and charging steps, check your answers and "Your next steps" all say it with these sentences
(F2, F3, F16). Money is written by :func:`porsche_web.i18n.money` (whole prices without
decimals); months take plural forms.

The functions are Jinja globals too (registered by the ``connect`` blueprint), so templates
write ``{{ offer_terms(offer.included_months, offer.price, market.currency) }}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Protocol

from flask_babel import format_date, gettext, ngettext

from porsche_web.connect import bp
from porsche_web.i18n import money
from porsche_web.markets.types import ChargingPlan


@bp.app_template_global()
def yearly_price(price: Decimal, currency: str) -> str:
    """ "1 990 kr per year"."""
    return gettext("%(price)s per year", price=money(price, currency))


@bp.app_template_global()
def monthly_fee(fee: Decimal, currency: str) -> str:
    """ "99 kr per month"."""
    return gettext("%(fee)s per month", fee=money(fee, currency))


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
            price=money(price, currency),
        )
    if months:
        return ngettext("Included for %(num)d month", "Included for %(num)d months", months)
    if price is not None:
        return yearly_price(price, currency)
    return ""


def is_paid(offer: PricedOffer) -> bool:
    """True for a service that costs money after its included period (or from the start): the
    customer chooses it expressly, it is never ticked for them."""
    return offer.price is not None


@bp.app_template_global()
def free_until(offer: PricedOffer, currency: str, until: date) -> str:
    """A service's period as dates, for the one who chooses it: "Free until 1 June 2029, then
    1 990 kr per year", "Free until 1 June 2029" (nothing after it), or "1 990 kr per year from
    1 June 2026" (nothing included). ``until``: the end of the included period (the start of the
    services when nothing is included)."""
    day = format_date(until, "long")
    if offer.included_months and offer.price is not None:
        return gettext(
            "Free until %(date)s, then %(price)s per year",
            date=day,
            price=money(offer.price, currency),
        )
    if offer.included_months:
        return gettext("Free until %(date)s", date=day)
    if offer.price is not None:
        return gettext(
            "%(price)s per year from %(date)s",
            price=money(offer.price, currency),
            date=day,
        )
    return ""


@bp.app_template_global()
def yearly_total(offers: Iterable[tuple[PricedOffer, date]], currency: str) -> str:
    """What the chosen services cost together per year after their included period, with the
    day the first of them is charged: "From 1 June 2029: 2 180 kr per year in total". ``offers``:
    each offer with the end of its included period. "Nothing to pay after the included period" when
    none of them is paid."""
    paid = [(offer, until) for offer, until in offers if offer.price is not None]
    if not paid:
        return gettext("Nothing to pay after the included period")
    total = sum((offer.price for offer, _ in paid if offer.price is not None), Decimal(0))
    days = {until for _, until in paid}
    if len(days) > 1:  # included periods of different lengths
        return gettext(
            "After the included periods: %(total)s per year in total",
            total=money(total, currency),
        )
    return gettext(
        "From %(date)s: %(total)s per year in total",
        date=format_date(days.pop(), "long"),
        total=money(total, currency),
    )


@bp.app_template_global()
def plan_terms(plan: ChargingPlan, currency: str) -> str:
    """A charging plan's fees (F16): monthly fee, AC and DC price per kWh, and the months
    without a monthly fee."""
    text = gettext(
        "%(fee)s per month; AC %(ac)s per kWh, DC %(dc)s per kWh",
        fee=money(plan.monthly_fee, currency),
        ac=money(plan.price_per_kwh_ac, currency),
        dc=money(plan.price_per_kwh_dc, currency),
    )
    if plan.included_months:
        text += " " + ngettext(
            "No monthly fee for the first %(num)d month.",
            "No monthly fee for the first %(num)d months.",
            plan.included_months,
        )
    return text
