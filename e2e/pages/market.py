"""The market a journey runs in (``--market``), with its data from the market registry and the
core catalogue, never written into a journey: its languages, currency, partners, support contact,
what it sells for a model year, its Data Pass providers and charging plans, and so the steps of
the guided activation for a car.

Built from an application made only to read the installed plugins (no database is touched), so
it is the same whether the journeys run against the server the tests start or a deployment
given by ``--base-url`` (the tests then assume the deployment runs the same plugins).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import phonenumbers
from flask import Flask

from porsche_web.connect import catalogue
from porsche_web.connect.pricing import offer_terms
from porsche_web.countries import countries
from porsche_web.i18n import language_name
from porsche_web.languages import url_code
from porsche_web.markets import Market, Partner
from porsche_web.markets.registry import MarketRegistry, current_registry
from porsche_web.validators import vin_check_digit

from .texts import Texts, loose


@dataclass(frozen=True)
class PricedService:
    """A service the market sells for a car, and how the Store words its period and price."""

    name: str
    terms: Any  # a pattern


@dataclass(frozen=True)
class LaterService:
    """A service the car's model gets only from a later model year."""

    name: str
    first_year: int


class MarketFacts:
    """One installed market, read from the registry."""

    def __init__(self, app: Flask, code: str, partner_id: str | None = None) -> None:
        self.app = app
        with app.app_context():
            registry: MarketRegistry = current_registry()
            market = registry.get(code)
            if market is None:
                installed = ", ".join(sorted(m.code for m in registry.all()))
                raise LookupError(f"no market {code!r} is installed (installed: {installed})")
            self.market: Market = market
            self.registry = registry
            partners = registry.partners(market)
            self.support_email = registry.support_contact(market).email
        if not partners:
            raise LookupError(f"market {code!r} has no Porsche partner to order from")
        chosen = [p for p in partners if p.id == partner_id] if partner_id else partners[:1]
        if not chosen:
            ids = ", ".join(p.id for p in partners)
            raise LookupError(f"market {code!r} has no partner {partner_id!r} (it has: {ids})")
        #: The Porsche Centre the journeys' orders come from.
        self.partner: Partner = chosen[0]
        self.code = market.code
        self.languages = market.languages
        self.currency = market.currency

    def __repr__(self) -> str:
        return f"<market {self.code} {'/'.join(self.languages)}>"

    # -- the site ---------------------------------------------------------------------------

    def texts(self, language: str) -> Texts:
        return Texts(self.app, self.market.locale(language))

    def path(self, language: str, rest: str = "") -> str:
        """``/se/sv/`` + ``rest`` (``/hk/zh/`` for ``zh_Hant``: the address has no script)."""
        return f"/{self.code}/{url_code(language)}/{rest}"

    def name(self, language: str) -> str:
        """The country's name in ``language`` (``Sverige``)."""
        return self.market.name(language)

    def language_name(self, language: str) -> str:
        return language_name(language)

    def tag(self, language: str) -> str:
        """``<html lang>`` of the site (``sv-SE``)."""
        return self.market.language_tag(language)

    def browser_locale(self, language: str) -> str:
        """The locale of a customer's browser for this site (``sv-SE``)."""
        return self.market.language_tag(language)

    def other_language(self, language: str) -> str | None:
        """The next language of the site, for switching (None for a one-language site)."""
        others = [lang for lang in self.languages if lang != language]
        if not others:
            return None
        index = self.languages.index(language) if language in self.languages else -1
        return self.languages[(index + 1) % len(self.languages)] if index >= 0 else others[0]

    def country_without_market(self, language: str) -> tuple[str, str]:
        """(code, name in ``language``) of the first country of the list that has no market."""
        markets = {m.code for m in self.registry.all()}
        return next((code, name) for code, name in countries(language) if code not in markets)

    # -- the catalogue and what the market sells ---------------------------------------------

    def model_name(self, model: str) -> str:
        found = catalogue.get_model(model)
        assert found is not None, f"no model {model!r} in the core catalogue"
        return str(found.name)

    def model_names(self) -> list[str]:
        """The catalogue's models, in the Store's order."""
        return [str(model.name) for model in catalogue.models()]

    def priced_service(self, model: str, year: int, language: str) -> PricedService:
        """The first service the market sells for the car with an included period and a price
        after it (Navigation Plus in Sweden), and its words in the Store."""
        with self.app.app_context():
            offers = self.registry.service_offers(self.market, model, year)
        texts = self.texts(language)
        for service in catalogue.services():
            offer = offers.get(service.id)
            if offer and offer.included_months and offer.price is not None:
                terms = texts.run(offer_terms, offer, self.currency)
                return PricedService(texts.run(str, service.name), loose(terms))
        raise LookupError(f"{self.code} sells nothing with a price for the {model} {year}")

    def later_service(self, model: str, language: str, preferred: str = "") -> LaterService:
        """A service the model gets from a later model year than its first (``preferred``, a
        service id, when it is one; Risk Radar for the Taycan, from 2021)."""
        found = catalogue.get_model(model)
        assert found is not None
        first = found.years.start
        texts = self.texts(language)
        later = [
            (service, year)
            for service in catalogue.services()
            if (year := service.first_year(found)) is not None and year > first
        ]
        later.sort(key=lambda entry: entry[0].id != preferred)
        if not later:
            raise LookupError(f"every service of the {model} is there from its first model year")
        service, year = later[0]
        return LaterService(texts.run(str, service.name), year)

    def activation_steps(self, model: str, year: int) -> list[str]:
        """The steps of the guided activation for the car, in order (F7, F9, F16: the security
        code, Data Pass and charging only where the car and the market have them)."""
        car = catalogue.model_year(model, year)
        assert car is not None, f"no {model} {year} in the core catalogue"
        steps = ["porsche-id", "phone"]
        if car.needs_security_code:
            steps.append("security-code")
        steps.append("services")
        if self.data_pass_provider(model, year) is not None:
            steps.append("data-pass")
        if self.charging_plan(model) is not None:
            steps.append("charging")
        return [*steps, "partner", "invoice", "check"]

    def data_pass_provider(self, model: str, year: int) -> Any:
        car = catalogue.model_year(model, year)
        if car is None or not car.data_pass_possible:
            return None
        with self.app.app_context():
            providers = self.registry.data_pass_providers(self.market, model, year)
        return providers[0] if providers else None

    def charging_plan(self, model: str) -> Any:
        found = catalogue.get_model(model)
        if found is None or not found.is_electrified:
            return None
        with self.app.app_context():
            offer = self.registry.charging_offer(self.market)
        return offer.plans[0] if offer else None

    def policy_changed_on(self) -> date | None:
        """The day the privacy policy in force replaced an earlier one (F26), None for a
        market whose policy is its first."""
        with self.app.app_context():
            policy = self.registry.privacy_policy(self.market)
        return policy.valid_from if policy.earlier else None

    def address_fields(self) -> tuple[str, ...]:
        with self.app.app_context():
            return self.registry.address_format(self.market).fields

    # -- sample data -------------------------------------------------------------------------

    def mobile_number(self) -> tuple[str, str]:
        """A new mobile number of the market's country (sample data): (national form, E.164).

        phonenumbers' example mobile number with its last digits made random (and valid)."""
        region = self.code.upper()
        example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        assert example is not None, f"no example mobile number for {region}"
        digits = str(example.national_number)
        keep = max(len(digits) - 7, 2)
        for _ in range(1000):
            candidate = digits[:keep] + "".join(random.choices("0123456789", k=len(digits) - keep))
            number = phonenumbers.parse(candidate, region)
            if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            ):
                return (
                    phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
                    phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
                )
        raise AssertionError(f"no random mobile number for {region}")

    @staticmethod
    def new_vin() -> str:
        """A new sample VIN, with the North American check digit (valid in every market)."""
        vin = f"WP0ZZZY1ZTS{uuid.uuid4().int % 10**6:06d}"
        return vin[:8] + vin_check_digit(vin) + vin[9:]
