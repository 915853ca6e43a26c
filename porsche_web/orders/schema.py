"""The order body of the dealer API and of ``orders import``, as a pydantic schema.

Each field says its rule once, next to its type. Rules that depend on the order's market (its
languages, Porsche Centres, phone numbers and VIN check digit) read the market the ``market``
field found from the validation context, so a wrong market only skips them and every other
wrong field is still named. Messages are for the dealer system's developers (English) and name
the field by its dotted path: :func:`field_errors` turns pydantic's errors into that shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from porsche_web.accounts.services import InvalidPhone, normalize_email, parse_phone
from porsche_web.connect import catalogue
from porsche_web.languages import LANGUAGE_LENGTH
from porsche_web.orders.models import ORDERED, STATUSES
from porsche_web.validators import is_email, valid_vin

ORDER_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9-]{3,31}$")
COMMISSION_NUMBER = re.compile(r"^[A-Z0-9]{6,10}$")

#: Messages for pydantic's own error types (the schema's validators raise ours).
MESSAGES = {
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "string_type": "must be a string",
}
#: A missing or non-object value of these fields.
OBJECT_REQUIRED = "is required (an object)"
NOT_AN_OBJECT = ("model_type", "model_attributes_type", "dict_type")


def invalid(message: str) -> PydanticCustomError:
    return PydanticCustomError("order", message)


def _context(info: ValidationInfo) -> dict[str, Any]:
    return info.context if isinstance(info.context, dict) else {}


def _market(info: ValidationInfo):
    """The market the ``market`` field found, or None when it is missing or wrong."""
    return _context(info).get("market")


# -- reusable field types ----------------------------------------------------------------------


def _required_text(value: Any) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise invalid("is required")
    if not isinstance(value, str):
        raise invalid("must be a string")
    return value.strip()


def Text(maximum: int, *after: Callable) -> Any:  # noqa: N802  (a type factory)
    """A required string, stripped, of at most ``maximum`` characters, then ``after``."""
    return Annotated[
        str,
        StringConstraints(max_length=maximum),
        *(AfterValidator(check) for check in after),
        BeforeValidator(_required_text),
    ]


def matches(pattern: re.Pattern[str], message: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not pattern.match(value):
            raise invalid(message)
        return value

    return check


def upper(value: str) -> str:
    return value.upper()


def lower(value: str) -> str:
    return value.lower()


# -- field rules -------------------------------------------------------------------------------


def known_market(code: str, info: ValidationInfo) -> str:
    market = _context(info)["registry"].get(code.lower())
    if market is None:
        raise invalid(f"{code!r} is not a market of this site")
    _context(info)["market"] = market
    return market.code


def partner_of_key(value: Any, info: ValidationInfo) -> str:
    """Not given (or null): the Porsche Centre of the dealer key, if any."""
    if value is None:
        value = _context(info).get("default_partner")
    if value is None:
        raise invalid("is required")
    if not isinstance(value, str):
        raise invalid("must be a string")
    market = _market(info)
    if market is not None:
        partners = {p.id for p in _context(info)["registry"].partners(market)}
        if value not in partners:
            raise invalid(f"{value!r} is not a Porsche Centre of this market")
    return value


def email_address(value: str) -> str:
    value = normalize_email(value)
    if not is_email(value):
        raise invalid("is not an e-mail address")
    return value


def language_tag(value: str) -> str:
    """``zh-Hant``, ``zh_hant``, ``ZH`` → ``zh_Hant``, ``zh_Hant``, ``zh``: the site's spelling."""
    language, _, script = value.replace("-", "_").partition("_")
    return f"{language.lower()}_{script.title()}" if script else language.lower()


def market_language(value: str, info: ValidationInfo) -> str:
    """One of the market's languages; the two-letter code names the market's script of it
    (``zh`` in Hong Kong is ``zh_Hant``)."""
    market = _market(info)
    if market is None:
        return value
    language = value if value in market.languages else market.site_language(value)
    if language not in market.languages:
        raise invalid(f"must be one of the market's languages: {', '.join(market.languages)}")
    return language


def mobile_number(value: Any, info: ValidationInfo) -> str | None:
    """Optional (null or ""): a mobile number of the market, stored as E.164."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise invalid("must be a string")
    market = _market(info)
    if market is None:
        return None
    try:
        return parse_phone(value, market.code)
    except InvalidPhone as exc:
        raise invalid("is not a mobile number of this market") from exc


def connect_model(value: str) -> str:
    if catalogue.get_model(value) is None:
        ids = ", ".join(m.id for m in catalogue.models())
        raise invalid(f"is not a model with Porsche Connect ({ids})")
    return value


def model_year(value: Any, info: ValidationInfo) -> int:
    if value is None:
        raise invalid("is required")
    if not isinstance(value, int) or isinstance(value, bool):
        raise invalid("must be a whole number")
    model = catalogue.get_model(info.data.get("model") or "")
    if model is not None and value not in model.years:
        first, last = model.model_years
        raise invalid(f"must be from {first} to {last} for this model")
    return value


def vin_problem(text: str, market: str | None) -> str | None:
    """What is wrong with the VIN ``text`` (in upper case) of an order of ``market``, None when
    nothing: the orders' one VIN rule (:func:`porsche_web.validators.valid_vin`), for the
    dealer API, ``orders import`` and the staff console's correction of an activated order's
    VIN (:func:`porsche_web.orders.lookup.correct_vin`)."""
    if not valid_vin(text):
        return "must be 17 letters and digits (no I, O or Q)"
    if market is not None and not valid_vin(text, market):
        return "has a wrong check digit (position 9)"
    return None


def vin(value: Any, info: ValidationInfo) -> str | None:
    """Optional (null); the rule is :func:`vin_problem`'s."""
    if value is None:
        return None
    text = value.strip().upper() if isinstance(value, str) else ""
    market = _market(info)
    problem = vin_problem(text, market.code if market is not None else None)
    if problem is not None:
        raise invalid(problem)
    return text


def commission_number(value: Any) -> str | None:
    """Optional (null): 6-10 letters and digits, stored in upper case."""
    if value is None:
        return None
    text = value.strip().upper() if isinstance(value, str) else ""
    if not COMMISSION_NUMBER.match(text):
        raise invalid("must be 6-10 letters and digits")
    return text


def iso_date(value: Any) -> date:
    if value in (None, ""):
        raise invalid("is required")
    if not isinstance(value, str):
        raise invalid("must be a date like 2026-12-24")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise invalid("must be a date like 2026-12-24") from exc


def order_status(value: Any) -> str:
    if not isinstance(value, str) or value not in STATUSES:
        raise invalid(f"must be one of {', '.join(STATUSES)}")
    return value


# -- the schema --------------------------------------------------------------------------------


Name = Text(100)
EmailAddress = Text(254, email_address)
Language = Text(LANGUAGE_LENGTH, language_tag, market_language)
ModelId = Text(40, connect_model)
OrderNumber = Text(32, upper, matches(ORDER_NUMBER, "must be 4-32 letters, digits or dashes"))
MarketCode = Text(2, known_market)
Phone = Annotated[str | None, BeforeValidator(mobile_number)]
ModelYear = Annotated[int, BeforeValidator(model_year)]
Vin = Annotated[str | None, BeforeValidator(vin)]
CommissionNumber = Annotated[str | None, BeforeValidator(commission_number)]
PartnerId = Annotated[str | None, BeforeValidator(partner_of_key)]
IsoDate = Annotated[date, BeforeValidator(iso_date)]
Status = Annotated[str, BeforeValidator(order_status)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Customer(_Strict):
    given_name: Name
    family_name: Name
    email: EmailAddress
    phone: Phone = None
    language: Language


class Vehicle(_Strict):
    model: ModelId
    model_year: ModelYear
    vin: Vin = None
    commission_number: CommissionNumber = None

    @model_validator(mode="wrap")
    @classmethod
    def _vin_or_commission_number(cls, data: Any, handler):
        """The VIN or the commission number (null and "" count as not given); named with the
        other wrong fields, in place of the VIN's own message."""
        given = not isinstance(data, dict) or data.get("vin") or data.get("commission_number")
        if given:
            return handler(data)
        found: list[InitErrorDetails] = []
        try:
            handler(data)
        except ValidationError as exc:
            found = [
                InitErrorDetails(type=invalid(message(e)), loc=e["loc"], input=e["input"])
                for e in exc.errors()
                if e["loc"] != ("vin",)
            ]
        either = invalid("give the VIN or the commission number")
        found.append(InitErrorDetails(type=either, loc=("vin",), input=data))
        raise ValidationError.from_exception_data(cls.__name__, found)


class OrderSchema(_Strict):
    """One order. Validate with :func:`parse_order` (it supplies the context)."""

    order_number: OrderNumber
    market: MarketCode
    partner_id: PartnerId = Field(default=None, validate_default=True)
    customer: Customer
    vehicle: Vehicle
    planned_delivery: IsoDate
    status: Status = ORDERED


def parse_order(raw: Any, registry, default_partner: str | None = None) -> OrderSchema:
    """:raises ValidationError: see :func:`field_errors`."""
    context = {"registry": registry, "default_partner": default_partner}
    return OrderSchema.model_validate(raw, context=context)


def field_errors(exc: ValidationError) -> dict[str, str]:
    """``{"customer.email": "is not an e-mail address", ...}``; ``""`` for the whole order."""
    return {path(error): message(error) for error in exc.errors(include_url=False)}


def path(error) -> str:
    return ".".join(str(part) for part in error["loc"])


def message(error) -> str:
    """Our message for one of pydantic's errors (our validators' messages pass unchanged)."""
    kind = error["type"]
    if kind in NOT_AN_OBJECT:
        return OBJECT_REQUIRED if error["loc"] else "an order must be a JSON object"
    if kind == "missing" and error["loc"] in (("customer",), ("vehicle",)):
        return OBJECT_REQUIRED
    if kind == "string_too_long":
        return f"must be at most {error['ctx']['max_length']} characters"
    return MESSAGES.get(kind, error["msg"])
