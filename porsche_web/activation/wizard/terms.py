"""Price and plan terms of the offers, as the steps and their templates show them (F2, F3, F16)."""

from __future__ import annotations

from flask_babel import format_currency, gettext

from porsche_web.activation import bp


@bp.app_template_global()
def offer_terms(offer, currency: str) -> str:
    """ "Included for 36 months, then 1 990 kr per year" (F2, F3: period and price)."""
    price = format_currency(offer.price, currency) if offer.price is not None else None
    if offer.included_months and price:
        return gettext(
            "Included for %(months)s months, then %(price)s per year",
            months=offer.included_months,
            price=price,
        )
    if offer.included_months:
        return gettext("Included for %(months)s months", months=offer.included_months)
    return gettext("%(price)s per year", price=price)


@bp.app_template_global()
def plan_terms(plan, currency: str) -> str:
    """A charging plan's fees (F16)."""
    text = gettext(
        "%(fee)s per month; AC %(ac)s per kWh, DC %(dc)s per kWh",
        fee=format_currency(plan.monthly_fee, currency),
        ac=format_currency(plan.price_per_kwh_ac, currency),
        dc=format_currency(plan.price_per_kwh_dc, currency),
    )
    if plan.included_months:
        text += ". " + gettext(
            "No monthly fee for the first %(months)s months.", months=plan.included_months
        )
    return text
