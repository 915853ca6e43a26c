"""Value objects that market hooks return.

They are frozen dataclasses that check themselves when built, so a plugin that builds a
wrong one fails inside its own hook, where the registry can name it.
"""

from __future__ import annotations

import difflib
import functools
import re
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol, TypeVar

from babel import Locale, UnknownLocaleError, localedata
from babel.core import get_global
from babel.languages import get_official_languages
from babel.numbers import get_territory_currencies, list_currencies
from email_validator import EmailNotValidError, validate_email
from flask_babel.speaklater import LazyString

from porsche_web import validators
from porsche_web.languages import LANGUAGE_TAG, bcp47, url_code

_COUNTRY = re.compile(r"^[a-z]{2}$")


class MarketDataError(ValueError):
    """A value object got data that cannot be right; the message names the field.

    Where it happened is kept for messages (``markets check``, the start-up's log):
    ``value_type`` (``"Market"``), ``field`` (``"code"``) and, for a ``Market``, ``market`` (the
    code it was given). The value objects fill them in when they refuse their data.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.value_type: str | None = None
        self.market: str | None = None

    @property
    def where(self) -> str:
        """``"Market.code"``: the value type and the field, as far as known."""
        return ".".join(part for part in (self.value_type, self.field) if part)

    @property
    def reason(self) -> str:
        """The message without a leading ``"<field>: "`` (the field is named beside it)."""
        message = str(self)
        lead = f"{self.field}: "
        return message[len(lead) :] if self.field and message.startswith(lead) else message


_PostInit = TypeVar("_PostInit", bound=Callable[[Any], None])


def _names_its_field(post_init: _PostInit) -> _PostInit:
    """Fill in where a :class:`MarketDataError` of ``post_init`` happened: the value type, the
    field (the first word of the message when it is a field of the type) and the market."""

    @functools.wraps(post_init)
    def checked(self: Any) -> None:
        try:
            post_init(self)
        except MarketDataError as exc:
            if exc.value_type is None:
                exc.value_type = type(self).__name__
                if exc.field is None:
                    first = str(exc).split(" ", 1)[0].rstrip(":")
                    if first in {f.name for f in fields(self)}:
                        exc.field = first
                if isinstance(self, Market) and isinstance(self.code, str):
                    exc.market = self.code
            raise

    return checked  # type: ignore[return-value]


def is_email(value: object) -> bool:
    """Whether ``value`` is an e-mail address a customer can write to: RFC syntax checked by
    email-validator (no ``mailto:``, comma or ``..``; upper case is fine), no DNS look-up."""
    if not isinstance(value, str):
        return False
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _with_article(name: str) -> str:
    """ "the United Kingdom", "the Netherlands", but "Sweden"."""
    plural = ("United ", "Netherlands", "Philippines", "Bahamas", "Maldives", "Gambia")
    if name.startswith(plural) or name.endswith(("Islands", "Republic", "Emirates")):
        return f"the {name}"
    return name


def country_suggestion(code: str, timezone: object = None) -> str:
    """A hint for a code that is not an ISO 3166-1 country: the code CLDR replaced it by
    (``uk`` → ``gb``), else the country of the market's time zone; "" without a guess."""
    aliases = get_global("territory_aliases").get(code.upper(), [])
    territory = aliases[0] if len(aliases) == 1 else None
    if territory is None and isinstance(timezone, str):
        territory = get_global("zone_territories").get(timezone)
    name = Locale("en").territories.get(territory or "")
    if not territory or not name:
        return ""
    return f"; the ISO code of {_with_article(name)} is `{territory.lower()}`"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean `porsche_support_contact`?"`` for a near miss, else ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def currency_suggestion(code: object) -> str:
    """A hint for a wrong currency: the one of the market's country (``nz``: ``NZD``)."""
    if not isinstance(code, str):
        return ""
    name = Locale("en").territories.get(code.upper())
    current = get_territory_currencies(code.upper()) if name else []
    if not name or not current:
        return ""
    return f"; the currency of {_with_article(name)} is `{current[0]}`"


def language_suggestion(code: str) -> str:
    """A hint for a language code that is a country code (``kr``: Korean is ``ko``)."""
    name = Locale("en").territories.get(code.upper())
    languages = [
        lang for lang in get_official_languages(code.upper()) if LANGUAGE_TAG.fullmatch(lang)
    ]
    if len(code) != 2 or not name or not languages:
        return ""
    return (
        f"; `{code}` is the country code of {_with_article(name)}, "
        f"whose language is `{languages[0]}`"
    )


def _language(value: Any, name: str) -> None:
    """An ISO 639-1 code CLDR knows (``sv``), with its script where the language has more than
    one (``zh_Hant``); a hint when it is a country code."""
    if not isinstance(value, str) or not LANGUAGE_TAG.fullmatch(value):
        raise MarketDataError(
            f"{name}: {value!r} is not two lower-case letters (with the script where the "
            "language is written in more than one: zh_Hant)",
            field=name,
        )
    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError) as exc:
        raise MarketDataError(
            f"{name}: {value!r} is not a language{language_suggestion(value)}", field=name
        ) from exc
    if "_" in value and not localedata.exists(value):  # Babel parses any script: CLDR's only
        raise MarketDataError(f"{name}: {value!r} is not a language with its script", field=name)


@dataclass(frozen=True)
class Market:
    """A country site, ``/<code>/<language>/``.

    :param code: ISO 3166-1 alpha-2 country code, lower case (``"se"``).
    :param languages: ISO 639-1 codes of the languages served besides the official ones, lower
        case (``("en",)``; official ones may be listed too). A language with no complete catalog
        of the core's messages installed (the core's, or a plugin's: docs/market-plugins.md) is
        left out with a warning. The registry serves the market in the official languages
        that ship, then these (``porsche_web.markets.registry.served_market``).
    :param default_language: the language ``/<code>/`` leads to while none of the official
        languages ships; one of ``languages``.
    :param currency: ISO 4217 code of the market's prices (``"SEK"``).
    :param timezone: IANA time zone of the market (``"Europe/Stockholm"``).
    :param official_languages: the country's official languages (ISO 639-1), in the plugin's
        order (``("fi", "sv")`` for Finland); with the script where the language is written in
        more than one (``("zh_Hant",)`` for Taiwan, ``("bs", "hr", "sr_Latn")`` for Bosnia and
        Herzegovina: the address is ``/tw/zh/``, one script per language and market). Each is
        a site language as soon as a complete catalog of the core's messages ships for it; the
        first that ships is the default.
    """

    code: str
    languages: tuple[str, ...]
    default_language: str
    currency: str
    timezone: str
    official_languages: tuple[str, ...] = ()

    @_names_its_field
    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not _COUNTRY.match(self.code):
            hint = (
                country_suggestion(self.code, self.timezone) if isinstance(self.code, str) else ""
            )
            raise MarketDataError(f"code must be two lower-case letters, not {self.code!r}{hint}")
        if not Locale("en").territories.get(self.code.upper()):
            raise MarketDataError(
                f"code {self.code!r} is not an ISO 3166-1 country"
                f"{country_suggestion(self.code, self.timezone)}"
            )
        languages = self.languages
        if isinstance(languages, str) or not isinstance(languages, tuple | list) or not languages:
            raise MarketDataError("languages must be a non-empty tuple of language codes")
        object.__setattr__(self, "languages", tuple(languages))
        for language in self.languages:
            _language(language, "languages")
        if len(set(self.languages)) != len(self.languages):
            raise MarketDataError("languages must not repeat")
        official = self.official_languages
        if isinstance(official, str) or not isinstance(official, tuple | list):
            raise MarketDataError("official_languages must be a tuple of language codes")
        object.__setattr__(self, "official_languages", tuple(official))
        for language in self.official_languages:
            _language(language, "official_languages")
        codes: dict[str, str] = {}
        for language in (*self.official_languages, *self.languages):
            other = codes.setdefault(url_code(language), language)
            if other != language:
                raise MarketDataError(
                    f"languages: {other!r} and {language!r} would share the address "
                    f"/{self.code}/{url_code(language)}/ (one script per language and market)",
                    field="languages",
                )
        if self.default_language not in self.languages:
            raise MarketDataError("default_language must be one of languages")
        if self.currency not in list_currencies():
            raise MarketDataError(
                f"currency {self.currency!r} is not an ISO 4217 code"
                f"{currency_suggestion(self.code)}"
            )
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError) as exc:
            known = zoneinfo.available_timezones() if isinstance(self.timezone, str) else ()
            hint = did_you_mean(self.timezone, sorted(known)) if known else ""
            raise MarketDataError(
                f"timezone {self.timezone!r} is not an IANA time zone{hint}"
            ) from exc

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
        """The BCP 47 tag for ``<html lang>``: ``sv-SE``, ``zh-Hant-HK``."""
        return f"{bcp47(language)}-{self.code.upper()}"

    def site_language(self, code: str) -> str | None:
        """The language of ``/<market>/<code>/`` among the market's languages and official
        languages (``zh_Hant`` for ``/hk/zh/``), None when it has none with that code."""
        for language in (*self.languages, *self.official_languages):
            if url_code(language) == code:
                return language
        return None


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

    @_names_its_field
    def __post_init__(self) -> None:
        if self.email is not None and not is_email(self.email):
            raise MarketDataError(f"email {self.email!r} is not an e-mail address")
        if self.phone is not None and not validators.is_e164(self.phone):
            raise MarketDataError(f"phone {self.phone!r} is not in E.164 form")
        if self.hours is not None and not isinstance(self.hours, str | LazyString):
            raise MarketDataError("hours must be a text (str or lazy_gettext)")
        if self.email is None and not self.is_fallback:
            raise MarketDataError("email is required")


@dataclass(frozen=True)
class StaffSupport:
    """What the staff console shows Porsche Centre and customer-service staff about ``market``
    (issue #12): when the market's customer service is open, and whom to escalate to.

    :param hours: the support hours, a text the plugin translates itself (``lazy_gettext``).
    :param escalation_name: who takes escalations (a team or role, not a person's name), a
        text the plugin translates itself.
    :param escalation_email: the escalation e-mail address (this or the phone is required).
    :param escalation_phone: the escalation phone number in E.164 form (``"+46…"``).
    :param sample: True while the data is sample data (shown to staff as such).
    """

    hours: Any
    escalation_name: Any
    escalation_email: str | None = None
    escalation_phone: str | None = None
    sample: bool = False

    @_names_its_field
    def __post_init__(self) -> None:
        _text(self.hours, "hours")
        _text(self.escalation_name, "escalation_name")
        if self.escalation_email is not None and not is_email(self.escalation_email):
            raise MarketDataError(
                f"escalation_email {self.escalation_email!r} is not an e-mail address"
            )
        if self.escalation_phone is not None and not validators.is_e164(self.escalation_phone):
            raise MarketDataError(
                f"escalation_phone {self.escalation_phone!r} is not in E.164 form"
            )
        if self.escalation_email is None and self.escalation_phone is None:
            raise MarketDataError("escalation_email or escalation_phone is required")
        if not isinstance(self.sample, bool):
            raise MarketDataError("sample must be True or False")


# -- Helpers for the value objects below -------------------------------------------------------

_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def _text(value: Any, name: str, *, required: bool = True) -> None:
    """A text shown to customers: a ``str`` or a ``lazy_gettext`` string, not empty."""
    if value is None and not required:
        return
    if isinstance(value, LazyString):  # translated at render time, never here
        return
    if not isinstance(value, str) or not value.strip():
        raise MarketDataError(f"{name} must be a non-empty text (str or lazy_gettext)")


def _amount(value: Any, name: str, *, required: bool = True) -> Decimal | None:
    """A non-negative money amount; ``int``/``str``/``Decimal`` accepted, float refused."""
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise MarketDataError(f"{name} must be a Decimal (or int/str), not {value!r}")
    try:
        amount = Decimal(value)
    except InvalidOperation as exc:
        raise MarketDataError(f"{name} {value!r} is not a number") from exc
    if not amount.is_finite() or amount < 0:
        raise MarketDataError(f"{name} must be a non-negative amount, not {value!r}")
    return amount


def _months(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
        raise MarketDataError(f"{name} must be a whole number of months from 0 to 120")


def _https(value: Any, name: str) -> None:
    if not isinstance(value, str) or not re.match(
        r"^https://[A-Za-z0-9.-]+\.[a-z]{2,}(/\S*)?$", value
    ):
        raise MarketDataError(f"{name} {value!r} is not an https URL")


@dataclass(frozen=True)
class ServiceOffer:
    """A Porsche Connect service the market sells for a model and model year (F1–F3).

    :param service: the service id of the core catalogue (``"nc_destsync_v1"``).
    :param included_months: months included with a new car (``36``); 0 for none.
    :param price: the price per year after the included period, in the market's currency
        (``Decimal("1990")``); None when it is not sold on its own after that period.
    """

    service: str
    included_months: int = 0
    price: Decimal | None = None

    @_names_its_field
    def __post_init__(self) -> None:
        if not isinstance(self.service, str) or not _ID.match(self.service):
            raise MarketDataError(f"service {self.service!r} is not a service id")
        _months(self.included_months, "included_months")
        object.__setattr__(self, "price", _amount(self.price, "price", required=False))
        if self.price is None and self.included_months == 0:
            raise MarketDataError(
                "a service offer needs included_months or a price", field="included_months"
            )


@dataclass(frozen=True)
class DataPassProvider:
    """The mobile network provider of the Data Pass in a market (F9, F18).

    :param name: the provider's name (``"Telia"``).
    :param registration_url: where the customer registers with the provider, https only.
    :param terms_version: version of the terms the customer accepts (``"DP/SE/2.1"``).
    :param terms: the terms text (str or ``lazy_gettext`` from the plugin's catalog).
    :param data_transferred: what the core hands over to the provider, one text per item.
    :param email: optional address where the provider learns that a customer withdrew (or gave
        again) the consent to the transfer, so it stops (or resumes) using the data.
    """

    name: str
    registration_url: str
    terms_version: str
    terms: Any
    data_transferred: tuple[Any, ...]
    email: str | None = None

    @_names_its_field
    def __post_init__(self) -> None:
        _text(self.name, "name")
        _https(self.registration_url, "registration_url")
        _text(self.terms_version, "terms_version")
        _text(self.terms, "terms")
        items = self.data_transferred
        if isinstance(items, str) or not isinstance(items, tuple | list) or not items:
            raise MarketDataError("data_transferred must be a non-empty tuple of texts")
        object.__setattr__(self, "data_transferred", tuple(items))
        for item in self.data_transferred:
            _text(item, "data_transferred")
        if self.email is not None and not is_email(self.email):
            raise MarketDataError(f"email {self.email!r} is not an e-mail address")


@dataclass(frozen=True)
class ChargingPlan:
    """One plan of the Porsche Charging Service (F16).

    :param id: the plan's id, unique in the market (``"pcs_plus"``).
    :param name: the plan's name as customers see it (``"Porsche Charging Service Plus"``).
    :param monthly_fee: the base fee per month.
    :param price_per_kwh_ac: price per kWh at AC charge points.
    :param price_per_kwh_dc: price per kWh at DC (fast) charge points.
    :param included_months: months the base fee is waived for a new car.
    """

    id: str
    name: str
    monthly_fee: Decimal
    price_per_kwh_ac: Decimal
    price_per_kwh_dc: Decimal
    included_months: int = 0

    @_names_its_field
    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise MarketDataError(f"id {self.id!r} is not a plan id")
        _text(self.name, "name")
        for name in ("monthly_fee", "price_per_kwh_ac", "price_per_kwh_dc"):
            object.__setattr__(self, name, _amount(getattr(self, name), name))
        _months(self.included_months, "included_months")


#: The charging card arrives at most this many days after activation (F17).
MAX_CARD_DELIVERY_DAYS = 10


@dataclass(frozen=True)
class ChargingOffer:
    """The Porsche Charging Service of a market, for plug-in hybrid and electric cars (F16, F17).

    :param plans: the plans, at least one.
    :param currency: ISO 4217 code of the prices (usually the market's currency).
    :param card_delivery_days: days until the charging card arrives, 1 to 10 (F17).
    """

    plans: tuple[ChargingPlan, ...]
    currency: str
    card_delivery_days: int = MAX_CARD_DELIVERY_DAYS

    @_names_its_field
    def __post_init__(self) -> None:
        plans = self.plans
        if isinstance(plans, str) or not isinstance(plans, tuple | list) or not plans:
            raise MarketDataError("plans must be a non-empty tuple of ChargingPlan")
        object.__setattr__(self, "plans", tuple(plans))
        if not all(isinstance(plan, ChargingPlan) for plan in self.plans):
            raise MarketDataError("plans must be a non-empty tuple of ChargingPlan")
        if len({plan.id for plan in self.plans}) != len(self.plans):
            raise MarketDataError("plans: plan ids must not repeat")
        if self.currency not in list_currencies():
            raise MarketDataError(f"currency {self.currency!r} is not an ISO 4217 code")
        days = self.card_delivery_days
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 10:
            raise MarketDataError("card_delivery_days must be from 1 to 10 (F17)")


@dataclass(frozen=True)
class Partner:
    """A Porsche partner (Porsche Centre) of the market, for the partner choice (F27).

    :param id: the partner's id, unique in the market (``"se-stockholm"``).
    :param name: ``"Porsche Center Stockholm"``.
    :param street: street and number.
    :param postal_code: postal code, valid for the market's address format.
    :param city: the city.
    :param email: optional e-mail address (e.g. for withdrawing the consent, F27).
    :param phone: optional phone number in E.164 form.
    """

    id: str
    name: str
    street: str
    postal_code: str
    city: str
    email: str | None = None
    phone: str | None = None

    @_names_its_field
    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID.match(self.id):
            raise MarketDataError(f"id {self.id!r} is not a partner id")
        for name in ("name", "street", "postal_code", "city"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise MarketDataError(f"{name} is required (a partner needs a full address)")
        if self.email is not None and not is_email(self.email):
            raise MarketDataError(f"email {self.email!r} is not an e-mail address")
        if self.phone is not None and not validators.is_e164(self.phone):
            raise MarketDataError(f"phone {self.phone!r} is not in E.164 form")


#: The fields of a billing address; a market chooses their order.
ADDRESS_FIELDS = ("company", "street", "postal_code", "city", "region")


@dataclass(frozen=True)
class AddressFormat:
    """How a billing address is written and checked in a market (F8).

    :param fields: the address fields in the order the form shows them (from
        :data:`ADDRESS_FIELDS`; ``street``, ``postal_code`` and ``city`` are required).
    :param postal_code_pattern: a regular expression a normalised postal code must match in
        full; None accepts any non-empty code.
    :param postal_code_example: an example shown as a hint (``"114 35"``).
    :param postal_code_uppercase: normalise letters to upper case (``"SW1A 1AA"``).
    """

    fields: tuple[str, ...] = ("company", "street", "postal_code", "city")
    postal_code_pattern: str | None = None
    postal_code_example: str | None = None
    postal_code_uppercase: bool = False

    @_names_its_field
    def __post_init__(self) -> None:
        fields = self.fields
        if isinstance(fields, str) or not isinstance(fields, tuple | list):
            raise MarketDataError("fields must be a tuple of address field names")
        object.__setattr__(self, "fields", tuple(fields))
        unknown = [f for f in self.fields if f not in ADDRESS_FIELDS]
        if unknown or len(set(self.fields)) != len(self.fields):
            raise MarketDataError(f"fields: unknown or repeated field in {self.fields!r}")
        if not {"street", "postal_code", "city"} <= set(self.fields):
            raise MarketDataError("fields must contain street, postal_code and city")
        if self.postal_code_pattern is not None:
            try:
                pattern = re.compile(self.postal_code_pattern)
            except (re.error, TypeError) as exc:
                raise MarketDataError("postal_code_pattern is not a regular expression") from exc
            del pattern
            example = self.postal_code_example
            if example is not None and self.normalise_postal_code(example) is None:
                raise MarketDataError("postal_code_example does not match postal_code_pattern")

    def normalise_postal_code(self, value: str) -> str | None:
        """The postal code cleaned (spaces collapsed, upper case if asked), or None if invalid."""
        cleaned = " ".join(str(value).split())
        if self.postal_code_uppercase:
            cleaned = cleaned.upper()
        if not cleaned or len(cleaned) > 12:
            return None
        if self.postal_code_pattern is None:
            return cleaned
        return cleaned if re.fullmatch(self.postal_code_pattern, cleaned) else None


@dataclass(frozen=True)
class SupervisoryAuthority:
    """The data protection authority customers of a market can complain to (GDPR Art. 77).

    :param name: the authority's name as customers read it (str or ``lazy_gettext``).
    :param url: its website, https only.
    """

    name: Any
    url: str

    def __post_init__(self) -> None:
        if not isinstance(self.name, str | LazyString) or not str(self.name).strip():
            raise MarketDataError("name must be a text (str or lazy_gettext)")
        if not isinstance(self.url, str) or not self.url.startswith("https://"):
            raise MarketDataError(f"url {self.url!r} must be an https URL")


@dataclass(frozen=True)
class PrivacyPolicy:
    """The privacy policy in force in a market, with its history (F25, F26).

    :param version: the version customers accept (``"PorscheConnectDPG/SE/3.8"``).
    :param valid_from: the date it applies from.
    :param changes: what changed against the version before, in a sentence or two (str or
        ``lazy_gettext`` from the plugin's catalog); a signed-in customer who joined before
        ``valid_from`` is shown it once and acknowledges it. ``None`` for a first version.
    :param earlier: the versions before this one, newest first (each a ``PrivacyPolicy``,
        each older than the one before it); listed on the privacy page.
    :param officer_email: the e-mail address of the data protection officer customers of the
        market write to (GDPR Art. 37-39); without one the pages send them to customer service.
    :param authority: the supervisory authority of the market (:class:`SupervisoryAuthority`).
    """

    version: str
    valid_from: date
    changes: Any = None
    earlier: tuple[PrivacyPolicy, ...] = ()
    officer_email: str | None = None
    authority: SupervisoryAuthority | None = None

    @_names_its_field
    def __post_init__(self) -> None:
        if not isinstance(self.version, str) or not self.version.strip():
            raise MarketDataError("version is required")
        if not isinstance(self.valid_from, date):
            raise MarketDataError("valid_from must be a date")
        if not isinstance(self.earlier, tuple) or not all(
            isinstance(p, PrivacyPolicy) for p in self.earlier
        ):
            raise MarketDataError("earlier must be a tuple of PrivacyPolicy")
        newer = self
        for policy in self.earlier:
            if policy.valid_from >= newer.valid_from:
                raise MarketDataError(
                    f"earlier: {policy.version} must be older than {newer.version}"
                )
            newer = policy
        versions = [self.version, *(p.version for p in self.earlier)]
        if len(set(versions)) != len(versions):
            raise MarketDataError("earlier: every version must differ")
        if self.officer_email is not None and not is_email(self.officer_email):
            raise MarketDataError(f"officer_email {self.officer_email!r} is not an e-mail address")
        if self.authority is not None and not isinstance(self.authority, SupervisoryAuthority):
            raise MarketDataError("authority must be a SupervisoryAuthority")


#: What happens to a car's contracts when it changes hands (:class:`OwnerChange`).
CONTRACTS_END, CONTRACTS_TRANSFER = "end", "transfer"


@dataclass(frozen=True)
class OwnerChange:
    """A market's rule for a car that changes hands (issue #16, item 3).

    :param contracts: ``"end"`` (the seller's contracts end on the day of the release) or
        ``"transfer"`` (they stay with the car until their end dates, for the buyer).
    :param waiting_days: when the previous owner did not start the change themselves (the
        buyer legitimises at a Porsche Centre), the days between the Centre's release and the
        moment it takes effect, during which the previous owner can object (0 to 60).
    """

    contracts: str = CONTRACTS_END
    waiting_days: int = 14

    @_names_its_field
    def __post_init__(self) -> None:
        if self.contracts not in (CONTRACTS_END, CONTRACTS_TRANSFER):
            raise MarketDataError(
                f"contracts {self.contracts!r} must be {CONTRACTS_END!r} or {CONTRACTS_TRANSFER!r}"
            )
        if (
            not isinstance(self.waiting_days, int)
            or isinstance(self.waiting_days, bool)
            or not 0 <= self.waiting_days <= 60
        ):
            raise MarketDataError(f"waiting_days {self.waiting_days!r} must be 0 to 60 days")


@dataclass(frozen=True)
class Vat:
    """A market's value added tax on what the site sells (renewals, the Charging Service).

    :param rate: the standard rate in per cent, a ``Decimal`` (or a whole number) from 0 up
        to 50 with at most two decimals: ``Decimal("25")``, ``Decimal("8.1")``.
    :param prices_include_vat: whether the plugin's prices (service offers, charging fees)
        include it (``True``, as consumer prices in the EU do), or it comes on top.
    """

    rate: Decimal
    prices_include_vat: bool = True

    @_names_its_field
    def __post_init__(self) -> None:
        rate = self.rate
        if isinstance(rate, bool) or not isinstance(rate, Decimal | int):
            raise MarketDataError(f"rate {rate!r} must be a Decimal (per cent), e.g. Decimal('25')")
        rate = Decimal(rate)
        if not rate.is_finite() or not 0 <= rate <= 50:
            raise MarketDataError(f"rate {self.rate!r} must be 0 to 50 per cent")
        if rate != rate.quantize(Decimal("0.01")):
            raise MarketDataError(f"rate {self.rate!r} must have at most two decimals")
        object.__setattr__(self, "rate", rate)
        if not isinstance(self.prices_include_vat, bool):
            raise MarketDataError("prices_include_vat must be True or False")


class SmsBackend(Protocol):
    """What ``porsche_sms_backend`` returns: an object that sends one SMS.

    The outbox deliverer calls ``send(to, text, message_id)`` with keyword-compatible positional
    arguments: ``to`` in E.164 form, ``text`` (it may carry a code: never log it), and
    ``message_id``, stable across attempts (pass it on as the gateway's reference so a repeated
    message can be recognised). ``send`` returns when the gateway took the message and raises
    when it did not; the deliverer retries with backoff and dead-letters after the configured
    number of attempts. ``send`` is a plain method, not a coroutine. ``markets check`` compares
    a backend's ``send`` with this signature.
    """

    def send(self, to: str, text: str, message_id: int) -> None: ...
