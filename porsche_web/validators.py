"""The rules for the values every feature checks, written once: e-mail addresses, phone numbers
and vehicle identification numbers. Forms, services, the dealer API and the market value types
all ask here."""

from __future__ import annotations

import re

import phonenumbers

# -- e-mail ------------------------------------------------------------------------------------

#: An address with one @, a local part of at most 64 characters and a dotted domain. Deliberately
#: simple: the confirmation e-mail is the real check.
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")


def is_email(value: object) -> bool:
    """Whether ``value`` is a string that looks like an e-mail address."""
    return isinstance(value, str) and EMAIL.match(value) is not None


# -- phone numbers -----------------------------------------------------------------------------

#: A number in E.164 form, as stored (``+46701234567``).
E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def is_e164(value: object) -> bool:
    """Whether ``value`` is a string in E.164 form."""
    return isinstance(value, str) and E164.match(value) is not None


def mobile_e164(raw: str, region: str) -> str | None:
    """``raw`` read as a mobile number of ``region`` (ISO country code; a number starting with
    + may be of any country), in E.164 form; None when it is not a valid mobile number."""
    try:
        number = phonenumbers.parse(raw, region.upper())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# -- vehicle identification numbers (ISO 3779) --------------------------------------------------

#: Markets whose VINs carry the North American check digit (position 9).
CHECK_DIGIT_MARKETS = frozenset({"us", "ca", "mx"})

_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{17}")
_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def normalize_vin(raw: str | None) -> str:
    """Spaces and dashes out, upper case."""
    return re.sub(r"[\s-]", "", raw or "").upper()


def vin_check_digit(vin: str) -> str:
    """The North American check digit (ISO 3779 transliteration, weights 8…2)."""
    total = sum(_VALUES[char] * weight for char, weight in zip(vin, _WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def vin_format(vin: str) -> bool:
    """17 characters of A-Z and 0-9 without I, O and Q (no check digit)."""
    return _VIN.fullmatch(vin or "") is not None


def valid_vin(vin: str, market: str | None = None) -> bool:
    """17 characters of A-Z and 0-9 without I, O and Q; the check digit where the market has
    one (North America)."""
    if not _VIN.fullmatch(vin or ""):
        return False
    if market in CHECK_DIGIT_MARKETS:
        return vin[8] == vin_check_digit(vin)
    return True
