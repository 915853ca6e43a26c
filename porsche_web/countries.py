"""The list of countries a customer can pick or look up, named in the page's language (CLDR)."""

from __future__ import annotations

import functools

from babel import Locale

from porsche_web.collation import sorted_names

#: CLDR territory codes that are not countries (EU, euro area, UN, pseudo-locales, unknown).
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"})


@functools.lru_cache(maxsize=64)
def countries(language: str) -> tuple[tuple[str, str], ...]:
    """Every country of CLDR as (lower-case ISO code, name in ``language``), sorted by name as
    readers of ``language`` expect (``porsche_web.collation``: Österreich with O in German).

    Cached per language: CLDR data does not change while the process runs.
    """
    territories = Locale.parse(language).territories
    found = [
        (code.lower(), name)
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    ]
    return tuple(sorted_names(found, language, name=lambda item: item[1]))
