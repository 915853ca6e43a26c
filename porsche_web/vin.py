"""Vehicle identification numbers (ISO 3779): shared by the orders and the vehicles."""

from __future__ import annotations

import re

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


def valid_vin(vin: str, market: str | None = None) -> bool:
    """17 characters of A-Z and 0-9 without I, O and Q; the check digit where the market has
    one (North America)."""
    if not _VIN.fullmatch(vin or ""):
        return False
    if market in CHECK_DIGIT_MARKETS:
        return vin[8] == vin_check_digit(vin)
    return True
