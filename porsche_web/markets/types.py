"""Value objects that market hooks return.

They are frozen dataclasses that check themselves when built, so a plugin that builds a
wrong one fails inside its own hook, where the registry can name it.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.numbers import list_currencies
from flask_babel.speaklater import LazyString

_COUNTRY = re.compile(r"^[a-z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")


class MarketDataError(ValueError):
    """A value object got data that cannot be right; the message names the field."""


@dataclass(frozen=True)
class Market:
    """A country site, ``/<code>/<language>/``.

    :param code: ISO 3166-1 alpha-2 country code, lower case (``"se"``).
    :param languages: ISO 639-1 codes of the site's languages, lower case, the preferred first
        (``("sv", "en")``). A language the core ships no catalog for is left out with a warning.
    :param default_language: the language ``/<code>/`` leads to; one of ``languages``.
    :param currency: ISO 4217 code of the market's prices (``"SEK"``).
    :param timezone: IANA time zone of the market (``"Europe/Stockholm"``).
    """

    code: str
    languages: tuple[str, ...]
    default_language: str
    currency: str
    timezone: str

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not _COUNTRY.match(self.code):
            raise MarketDataError(f"code must be two lower-case letters, not {self.code!r}")
        if not Locale("en").territories.get(self.code.upper()):
            raise MarketDataError(f"code {self.code!r} is not an ISO 3166-1 country")
        languages = self.languages
        if isinstance(languages, str) or not isinstance(languages, tuple | list) or not languages:
            raise MarketDataError("languages must be a non-empty tuple of language codes")
        object.__setattr__(self, "languages", tuple(languages))
        for language in self.languages:
            if not isinstance(language, str) or not _LANGUAGE.match(language):
                raise MarketDataError(f"language must be two lower-case letters, not {language!r}")
            try:
                Locale.parse(language)
            except (UnknownLocaleError, ValueError) as exc:
                raise MarketDataError(f"language {language!r} is unknown") from exc
        if len(set(self.languages)) != len(self.languages):
            raise MarketDataError("languages must not repeat")
        if self.default_language not in self.languages:
            raise MarketDataError("default_language must be one of languages")
        if self.currency not in list_currencies():
            raise MarketDataError(f"currency {self.currency!r} is not an ISO 4217 code")
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as exc:
            raise MarketDataError(f"timezone {self.timezone!r} is not an IANA time zone") from exc

    def name(self, language: str) -> str:
        """The country's name in ``language`` (from CLDR, e.g. ``"Sverige"`` for sv)."""
        return Locale.parse(language).territories.get(self.code.upper(), self.code.upper())

    def locale(self, language: str) -> str:
        """The Babel locale for this site in ``language`` (``sv_SE``, ``en_SE`` or ``de``)."""
        candidate = f"{language}_{self.code.upper()}"
        try:
            Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            return language
        return candidate

    def language_tag(self, language: str) -> str:
        """The BCP 47 tag for ``<html lang>``: ``sv-SE``."""
        return f"{language}-{self.code.upper()}"


@dataclass(frozen=True)
class SupportContact:
    """How a market's customer service is reached (F23).

    :param email: the customer service e-mail address of the market.
    :param phone: an optional phone number in E.164 form (``"+46…"``).
    :param hours: optional opening hours, a text the plugin translates itself
        (``lazy_gettext`` from its own catalog).
    :param is_fallback: True only for the core fallback used where a market lists no contact
        (F24: "contact your Porsche partner"); plugins leave it False.
    """

    email: str | None
    phone: str | None = None
    hours: Any = None
    is_fallback: bool = field(default=False)

    def __post_init__(self) -> None:
        if self.email is not None and (
            not isinstance(self.email, str) or not _EMAIL.match(self.email)
        ):
            raise MarketDataError(f"email {self.email!r} is not an e-mail address")
        if self.phone is not None and not re.match(r"^\+[1-9]\d{6,14}$", str(self.phone)):
            raise MarketDataError(f"phone {self.phone!r} is not in E.164 form")
        if self.hours is not None and not isinstance(self.hours, str | LazyString):
            raise MarketDataError("hours must be a text (str or lazy_gettext)")
        if self.email is None and not self.is_fallback:
            raise MarketDataError("email is required")
