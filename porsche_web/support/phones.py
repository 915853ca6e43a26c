"""Phone numbers as the support page shows them: in the national format of the market's
country, linked with ``tel:`` in E.164 form (a number of another country: international)."""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers


@dataclass(frozen=True)
class PhoneLink:
    """A number to show (``08-700 00 00``) and its link (``tel:+4687000000``)."""

    text: str
    href: str


def phone_link(e164: str | None, country: str) -> PhoneLink | None:
    """``e164`` for a page of ``country``'s site (ISO code): national format for a number of
    that country, international format otherwise; None without a number."""
    if not e164:
        return None
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return PhoneLink(e164, f"tel:{e164}")
    national = phonenumbers.is_valid_number_for_region(number, country.upper())
    shown = phonenumbers.format_number(
        number,
        phonenumbers.PhoneNumberFormat.NATIONAL
        if national
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    )
    return PhoneLink(
        shown, f"tel:{phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)}"
    )
