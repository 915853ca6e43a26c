"""The guided activation: the customer's answers, the invoice recipient and the confirmation.

Business operations only (flush, never commit; no ``request``): the views decide the
transaction. :func:`confirm` is the checkout: contracts, consents and the confirmation e-mail
in the caller's one transaction, guarded so that a second confirmation (double click, back
button, a second tab, a second server) changes nothing.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import format_date, gettext
from sqlalchemy import Exists, delete, select, update
from sqlalchemy.exc import IntegrityError
from stdnum import get_cc_module
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as StdnumError

from porsche_web import clock
from porsche_web.accounts.models import Account
from porsche_web.accounts.services import account_url, email_account
from porsche_web.activation.consents import PARTNER_CONSENT_VERSION, Channel
from porsche_web.activation.models import (
    COMPANY,
    CONFIRMED,
    DATA_PASS_CONSENT,
    DRAFT,
    PARTNER_CONSENT,
    Activation,
    BillingAddress,
    Consent,
    Contract,
)
from porsche_web.audit import services as audit
from porsche_web.connect import catalogue
from porsche_web.connect.catalogue import ModelYear
from porsche_web.connect.services import store_listing
from porsche_web.extensions import db
from porsche_web.hooks import ActivationConfirmed, current_hooks
from porsche_web.markets.registry import MarketRegistry
from porsche_web.markets.types import (
    ChargingPlan,
    DataPassProvider,
    Market,
    Partner,
    ServiceOffer,
)
from porsche_web.notifications.services import in_language
from porsche_web.orders.models import Order

#: Version of our own text for the consent to data exchange with the Porsche partner (F27).
#: A service without an included period runs for this many months, then renews.
FIRST_TERM_MONTHS = 12


class ActivationError(Exception):
    """The operation is not possible in this state."""


class ClaimedByOther(ActivationError):
    """The order is being (or was) activated with another Porsche ID."""


# -- dates -------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def first_term_end(starts_on: date, included_months: int | None) -> date:
    """The end of a contract's first term: its included period, or :data:`FIRST_TERM_MONTHS`
    when nothing is included."""
    return add_months(starts_on, included_months or FIRST_TERM_MONTHS)


def start_date(order: Order, market: Market, now: datetime) -> date:
    """Services start on the planned delivery, or today (market time) for a car already here."""
    today = clock.today(market.timezone, now)
    return max(today, order.planned_delivery)


def included_until(offer: ServiceOffer, starts: date) -> date:
    """The end of a service's included period (its start when nothing is included): the day
    from which a paid service costs money."""
    return add_months(starts, offer.included_months)


# -- company numbers (python-stdnum) -----------------------------------------------------------

#: The kinds of business number python-stdnum checks, tried in this order per country.
_NUMBER_KINDS = ("vat", "orgnr", "mva", "uid", "abn", "ein", "uscc")
_LOOSE_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9 ./-]{1,28}[A-Z0-9]$")


def company_number(country: str, raw: str) -> str | None:
    """The VAT or organisation number ``raw`` normalised for ``country``, or None if invalid.

    Where python-stdnum knows the country's numbers (SE: VAT number or organisation number,
    DE: USt-IdNr., …) their check digits are verified; elsewhere a plausible shape is enough.
    """
    value = (raw or "").strip().upper()
    if not value or len(value) > 30:
        return None
    modules = [(k, m) for k in _NUMBER_KINDS if (m := get_cc_module(country, k)) is not None]
    if not modules:
        return value if _LOOSE_NUMBER.match(value) else None
    for kind, module in modules:
        try:
            number = module.validate(value)
        except StdnumError:
            continue
        if (
            kind == "vat"
            and (country in eu_vat.MEMBER_STATES or country == "gb")
            and not number[:2].isalpha()
        ):
            number = ("EL" if country == "gr" else country.upper()) + number  # EU form
        return module.format(number) if hasattr(module, "format") and kind != "vat" else number
    return None


# -- claiming the order ------------------------------------------------------------------------


def activation_exists(order_id: Any) -> Exists:
    """SQL: an activation of the order ``order_id`` (a value or a column) exists."""
    return select(Activation.id).where(Activation.order_id == order_id).exists()


def activation_for(order: Order) -> Activation | None:
    return db.session.execute(
        select(Activation).where(Activation.order_id == order.id)
    ).scalar_one_or_none()


def claim(order: Order, account: Account, now: datetime) -> Activation:
    """The activation of ``order`` by ``account``, created on first use.

    :raises ClaimedByOther: another Porsche ID activates this order.
    """
    activation = activation_for(order)
    if activation is None:
        try:
            with db.session.begin_nested():
                activation = Activation(
                    order_id=order.id,
                    account_id=account.id,
                    partner_id=order.partner_id,
                    created_at=now,
                    updated_at=now,
                )
                db.session.add(activation)
        except IntegrityError:  # a second tab claimed it at the same moment
            activation = activation_for(order)
        else:
            audit.record(
                f"account:{account.id}", f"order:{order.order_number}", "activation.started"
            )
    if activation is None or activation.account_id != account.id:
        raise ClaimedByOther()
    return activation


def activations_of(account: Account) -> list[Activation]:
    return list(
        db.session.execute(
            select(Activation)
            .where(Activation.account_id == account.id)
            .order_by(Activation.created_at.desc())
        ).scalars()
    )


# -- the answers -------------------------------------------------------------------------------


def _editable(activation: Activation, now: datetime) -> None:
    if activation.status != DRAFT:
        raise ActivationError("the activation is confirmed")
    activation.updated_at = now


def choose_services(activation: Activation, service_ids: list[str], now: datetime) -> None:
    _editable(activation, now)
    activation.services = sorted(set(service_ids))


def decide_data_pass(
    activation: Activation, provider: DataPassProvider | None, now: datetime
) -> None:
    """``provider``: the customer accepted its terms (F9); None: no Data Pass for now."""
    _editable(activation, now)
    activation.data_pass_provider = provider.name if provider else None
    activation.data_pass_terms_version = provider.terms_version if provider else None
    activation.data_pass_decided_at = now


def choose_charging(activation: Activation, plan: ChargingPlan | None, now: datetime) -> None:
    _editable(activation, now)
    activation.charging_plan = plan.id if plan else None
    activation.charging_decided_at = now


def choose_partner(activation: Activation, partner: Partner, consent: bool, now: datetime) -> None:
    _editable(activation, now)
    activation.partner_id = partner.id
    activation.partner_consent = consent
    activation.partner_decided_at = now


@dataclass(frozen=True)
class AddressData:
    kind: str
    name: str
    company: str | None
    vat_number: str | None
    street: str
    postal_code: str
    city: str
    region: str | None
    country: str


def addresses_of(account: Account) -> list[BillingAddress]:
    return list(
        db.session.execute(
            select(BillingAddress)
            .where(BillingAddress.account_id == account.id)
            .order_by(BillingAddress.id)
        ).scalars()
    )


def address_of(account: Account, address_id: int | None) -> BillingAddress | None:
    """The account's own address with this id; None for anyone else's."""
    if address_id is None:
        return None
    address = db.session.get(BillingAddress, address_id)
    return address if address is not None and address.account_id == account.id else None


def save_address(
    account: Account, data: AddressData, now: datetime, address: BillingAddress | None = None
) -> BillingAddress:
    """Add an invoice address (or change ``address``). Submitting the same new address twice
    gives one address."""
    values = {
        "kind": data.kind,
        "name": data.name,
        "company": data.company if data.kind == COMPANY else None,
        "vat_number": data.vat_number if data.kind == COMPANY else None,
        "street": data.street,
        "postal_code": data.postal_code,
        "city": data.city,
        "region": data.region,
        "country": data.country,
    }
    if address is None:
        same = next(
            (a for a in addresses_of(account) if a.snapshot() == values),
            None,
        )
        if same is not None:
            return same
        address = BillingAddress(account_id=account.id, created_at=now)
        db.session.add(address)
    for key, value in values.items():
        setattr(address, key, value)
    address.updated_at = now
    db.session.flush()
    return address


def choose_address(activation: Activation, address: BillingAddress, now: datetime) -> None:
    _editable(activation, now)
    activation.billing_address_id = address.id


# -- the checkout ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """What the customer chose, with the market's current terms (for check-your-answers and
    the checkout)."""

    services: tuple  # StoreEntry of the chosen, available services
    data_pass: DataPassProvider | None
    charging: ChargingPlan | None
    partner: Partner | None


def current_choice(
    activation: Activation, registry: MarketRegistry, market: Market, car: ModelYear
) -> Choice:
    listing = store_listing(registry, market, car)
    chosen = set(activation.services or ())
    services = tuple(entry for entry in listing.available if entry.service.id in chosen)
    provider = next(
        (p for p in listing.data_pass_providers if p.name == activation.data_pass_provider), None
    )
    plan = None
    if listing.charging is not None and activation.charging_plan:
        plan = next((p for p in listing.charging.plans if p.id == activation.charging_plan), None)
    partner = next((p for p in registry.partners(market) if p.id == activation.partner_id), None)
    return Choice(services, provider, plan, partner)


def confirm(
    activation: Activation,
    account: Account,
    *,
    registry: MarketRegistry,
    market: Market,
    language: str,
    now: datetime,
) -> bool:
    """The checkout: contracts with start and end dates, consents with version, time and
    language, the confirmation e-mail and an audit event, all in the caller's transaction.

    :returns: False when the activation was already confirmed (nothing changes).
    """
    order = activation.order
    car = catalogue.model_year(order.model_id, order.model_year)
    # The guard: only one transaction can move the row from draft to confirmed.
    moved = db.session.execute(
        update(Activation)
        .where(Activation.id == activation.id, Activation.status == DRAFT)
        .values(status=CONFIRMED, confirmed_at=now, updated_at=now)
    )
    if moved.rowcount != 1:
        return False
    db.session.refresh(activation)
    choice = current_choice(activation, registry, market, car)
    starts = start_date(order, market, now)
    contracts: list[Contract] = []
    for entry in choice.services:
        offer = entry.offer
        contracts.append(
            Contract(
                activation_id=activation.id,
                account_id=account.id,
                service_id=entry.service.id,
                kind="connect",
                included_months=offer.included_months,
                price=offer.price,
                currency=market.currency,
                starts_on=starts,
                ends_on=first_term_end(starts, offer.included_months),
                created_at=now,
            )
        )
    if choice.charging is not None:
        offer = registry.charging_offer(market)
        plan = choice.charging
        contracts.append(
            Contract(
                activation_id=activation.id,
                account_id=account.id,
                service_id=plan.id,
                kind="charging",
                included_months=plan.included_months,
                price=plan.monthly_fee,
                currency=offer.currency,
                starts_on=starts,
                ends_on=first_term_end(starts, plan.included_months),
                created_at=now,
            )
        )
    db.session.add_all(contracts)
    consents = []
    if choice.data_pass is not None:
        consents.append((DATA_PASS_CONSENT, choice.data_pass.name, choice.data_pass.terms_version))
    if activation.partner_consent and choice.partner is not None:
        consents.append((PARTNER_CONSENT, choice.partner.id, PARTNER_CONSENT_VERSION))
    for kind, subject, version in consents:
        db.session.add(
            Consent(
                account_id=account.id,
                activation_id=activation.id,
                kind=kind,
                subject=subject,
                version=version,
                language=language,
                given_at=now,
                channel=str(Channel.ACTIVATION),
                policy_version=registry.privacy_policy(market).version,
            )
        )
    address = address_of(account, activation.billing_address_id)
    activation.invoice_recipient = address.snapshot() if address else None
    activation.privacy_policy_version = registry.privacy_policy(market).version
    activation.language = language
    db.session.flush()
    _confirmation_email(activation, account, contracts, starts, registry, market)
    charging = next((contract for contract in contracts if contract.kind == "charging"), None)
    current_hooks().activation_confirmed(
        ActivationConfirmed(
            account_id=account.id,
            order_number=order.order_number,
            market=order.market,
            charging_contract_id=charging.id if charging else None,
            charging_plan_id=charging.service_id if charging else None,
            invoice_recipient=activation.invoice_recipient,
            at=now,
        )
    )
    audit.record(
        f"account:{account.id}",
        f"order:{order.order_number}",
        "activation.confirmed",
        details={
            "services": [entry.service.id for entry in choice.services],
            "charging": choice.charging.id if choice.charging else None,
            "data_pass": choice.data_pass is not None,
            "partner_consent": activation.partner_consent,
        },
    )
    return True


def contract_name(contract: Contract, registry: MarketRegistry, market: Market):
    """What the customer calls the contract: the service's or the charging plan's name."""
    if contract.kind == "charging":
        offer = registry.charging_offer(market)
        plans = {plan.id: plan.name for plan in offer.plans} if offer else {}
        return plans.get(contract.service_id, contract.service_id)
    service = catalogue.get_service(contract.service_id)
    return service.name if service else contract.service_id


def _confirmation_email(
    activation: Activation,
    account: Account,
    contracts: list[Contract],
    starts: date,
    registry: MarketRegistry,
    market: Market,
) -> None:
    order = activation.order
    model = catalogue.get_model(order.model_id)
    with in_language(order.market, account.language):
        lines = [
            gettext(
                "Your Porsche Connect services for your %(model)s (order %(number)s) are "
                "activated. They start on %(date)s.",
                model=model.name if model else order.model_id,
                number=order.order_number,
                date=format_date(starts, "long"),
            )
        ]
        lines += [
            gettext(
                "%(service)s: until %(date)s",
                service=contract_name(contract, registry, market),
                date=format_date(contract.ends_on, "long"),
            )
            for contract in contracts
        ]
        lines.append(
            gettext(
                "Next, link your Porsche ID to your car. After the next start of the car, "
                "while it is online, the services appear in its PCM."
            )
        )
        email_account(
            account,
            subject=gettext("Your Porsche Connect services are activated"),
            paragraphs=lines,
            link=(
                gettext("Your next steps"),
                account_url(account, "activation.next_steps", number=order.order_number),
            ),
        )


def forget_account(account: Account) -> None:
    """A deleted Porsche ID takes its activations, contracts, consents and addresses along; the
    orders stay (they belong to the dealer system) and can be activated again."""
    for model in (Contract, Consent):
        db.session.execute(delete(model).where(model.account_id == account.id))
    db.session.execute(delete(Activation).where(Activation.account_id == account.id))
    db.session.execute(delete(BillingAddress).where(BillingAddress.account_id == account.id))
