"""My services' business operations: what a contract's life looks like, renewal by a paid
extension, cancellation at the end of the term, the 14-day withdrawal of an extension, the
invoices, and the reminders before a period ends.

Flush, never commit (no ``request``): the views and the command decide the transaction. The
contracts themselves are read and moved only through ``porsche_web.activation.contracts``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from flask import current_app
from flask_babel import format_date, gettext
from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from porsche_web import clock
from porsche_web.accounts.models import Account
from porsche_web.accounts.services import account_url, email_account
from porsche_web.activation import contracts
from porsche_web.activation.checkout import add_months
from porsche_web.activation.contracts import ContractInfo
from porsche_web.audit import services as audit
from porsche_web.connect import catalogue
from porsche_web.connect.pricing import yearly_price
from porsche_web.extensions import db
from porsche_web.i18n import money
from porsche_web.markets.registry import MarketRegistry, current_registry
from porsche_web.notifications.services import in_language, url_context
from porsche_web.subscriptions.models import (
    ACTIVE,
    CANCELLED,
    CREDIT_NOTE,
    INVOICE,
    REMINDER_DAYS,
    WITHDRAWN,
    Cancellation,
    Extension,
    Invoice,
    InvoiceCounter,
    Reminder,
)

#: A renewal adds this many months.
EXTENSION_MONTHS = 12
#: The right of withdrawal of a paid extension (EU consumer law), in days from the purchase.
WITHDRAWAL_DAYS = 14
CENT = Decimal("0.01")


class SubscriptionError(Exception):
    """The operation is not possible for this contract now (``message`` says why)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- reading -----------------------------------------------------------------------------------


def market_today(info: ContractInfo, now: datetime) -> date:
    """The calendar day in the contract's market."""
    return current_registry().today(info.market, now)


def service_name(info: ContractInfo, registry: MarketRegistry | None = None) -> str:
    """What the customer calls the contract: the Connect service's or the charging plan's name."""
    if info.kind == contracts.CHARGING:
        registry = registry or current_registry()
        market = registry.get(info.market)
        offer = registry.charging_offer(market) if market else None
        plans = {plan.id: plan.name for plan in offer.plans} if offer else {}
        return str(plans.get(info.service_id, info.service_id))
    service = catalogue.get_service(info.service_id)
    return str(service.name) if service else info.service_id


def model_name(info: ContractInfo) -> str:
    model = catalogue.get_model(info.model_id)
    return str(model.name) if model else info.model_id


def renewal_price(info: ContractInfo, registry: MarketRegistry | None = None) -> Decimal | None:
    """The market's price of a year of this service for the car (its plugin's catalogue), None
    when the market does not sell it on its own."""
    if info.kind != contracts.CONNECT:
        return None
    registry = registry or current_registry()
    market = registry.get(info.market)
    if market is None:
        return None
    offer = registry.service_offers(market, info.model_id, info.model_year).get(info.service_id)
    return offer.price if offer else None


def _extensions(contract_id: int) -> list[Extension]:
    return list(
        db.session.execute(
            select(Extension).where(Extension.contract_id == contract_id).order_by(Extension.id)
        ).scalars()
    )


def _cancellation(contract_id: int) -> Cancellation | None:
    return db.session.execute(
        select(Cancellation).where(Cancellation.contract_id == contract_id)
    ).scalar_one_or_none()


@dataclass(frozen=True)
class Renewal:
    """What a renewal would add: the period and its price."""

    starts_on: date
    ends_on: date
    price: Decimal
    currency: str


def renewal_for(info: ContractInfo, today: date) -> Renewal:
    """The extension this contract can have now.

    :raises SubscriptionError: not renewable (charging, not sold, ended, cancelled, or a paid
        year waits for its start already).
    """
    if info.kind != contracts.CONNECT:
        raise SubscriptionError(gettext("This service is managed with the charging service."))
    price = renewal_price(info)
    if price is None:
        raise SubscriptionError(gettext("This service cannot be renewed on its own."))
    if info.ends_on < today:
        raise SubscriptionError(gettext("This service has ended."))
    if _cancellation(info.id) is not None:
        raise SubscriptionError(gettext("You have cancelled this service."))
    if any(e.status == ACTIVE and e.starts_on > today for e in _extensions(info.id)):
        raise SubscriptionError(
            gettext("You have renewed this service already; the new year has not started yet.")
        )
    return Renewal(
        starts_on=info.ends_on + timedelta(days=1),
        ends_on=add_months(info.ends_on, EXTENSION_MONTHS),
        price=price,
        currency=info.currency,
    )


def withdrawable(extension: Extension, today: date) -> bool:
    """Whether the 14-day right of withdrawal still holds for the extension."""
    bought = clock.as_utc(extension.created_at).date()
    return extension.status == ACTIVE and today <= bought + timedelta(days=WITHDRAWAL_DAYS)


def withdrawal_deadline(extension: Extension) -> date:
    return clock.as_utc(extension.created_at).date() + timedelta(days=WITHDRAWAL_DAYS)


@dataclass
class ServiceLine:
    """One contract on "My services" with everything the page says about it."""

    info: ContractInfo
    name: str
    ended: bool
    cancellation: Cancellation | None
    renewal: Renewal | None
    not_renewable: str | None
    extensions: list[tuple[Extension, bool]] = field(default_factory=list)


@dataclass
class CarServices:
    """The contracts of one car (one order, or a car linked without one: ``order_number``
    None)."""

    order_number: str | None
    vin: str | None
    model: str
    model_year: int
    lines: list[ServiceLine] = field(default_factory=list)


def overview(account_id: int, now: datetime) -> list[CarServices]:
    """Every contract of the Porsche ID, per car, with what can be done with it."""
    cars: dict[str, CarServices] = {}
    for info in contracts.contracts_of_account(account_id):
        today = market_today(info, now)
        car = cars.setdefault(
            info.order_number or f"VIN {info.vin}",
            CarServices(info.order_number, info.vin, model_name(info), info.model_year),
        )
        renewal, reason = None, None
        try:
            renewal = renewal_for(info, today)
        except SubscriptionError as refusal:
            reason = refusal.message
        car.lines.append(
            ServiceLine(
                info=info,
                name=service_name(info),
                ended=info.ends_on < today,
                cancellation=_cancellation(info.id),
                renewal=renewal,
                not_renewable=reason,
                extensions=[(e, withdrawable(e, today)) for e in _extensions(info.id)],
            )
        )
    return list(cars.values())


# -- invoices ----------------------------------------------------------------------------------


def _insert(model: Any) -> Any:
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


def next_invoice_number(market: str) -> int:
    """The market's next invoice number. The counter row stays locked until the caller's
    transaction ends, so numbers follow without gaps, also under concurrency."""
    db.session.execute(
        _insert(InvoiceCounter).values(market=market, last_number=0).on_conflict_do_nothing(),
        execution_options={"synchronize_session": False},
    )
    return db.session.execute(
        update(InvoiceCounter)
        .where(InvoiceCounter.market == market)
        .values(last_number=InvoiceCounter.last_number + 1)
        .returning(InvoiceCounter.last_number),
        execution_options={"synchronize_session": False},
    ).scalar_one()


def _issue(
    info: ContractInfo,
    account: Account,
    *,
    kind: str,
    amount: Decimal,
    period: tuple[date, date],
    now: datetime,
    refers_to: int | None = None,
) -> Invoice:
    market = current_registry().get(info.market)
    vat = current_registry().vat(market) if market is not None else None
    invoice = Invoice(
        market=info.market,
        vat_rate=vat.rate if vat else None,
        vat_included=vat.prices_include_vat if vat else None,
        number=next_invoice_number(info.market),
        kind=kind,
        account_id=account.id,
        recipient=info.invoice_recipient,
        language=account.language,
        service_id=info.service_id,
        order_number=info.order_number,
        vin=info.vin,
        period_start=period[0],
        period_end=period[1],
        amount=amount,
        currency=info.currency,
        refers_to_id=refers_to,
        issued_at=now,
    )
    db.session.add(invoice)
    db.session.flush()
    return invoice


def invoices_of(account_id: int) -> list[Invoice]:
    return list(
        db.session.execute(
            select(Invoice).where(Invoice.account_id == account_id).order_by(Invoice.id)
        ).scalars()
    )


def own_invoice(account_id: int, invoice_id: int) -> Invoice | None:
    invoice = db.session.get(Invoice, invoice_id)
    return invoice if invoice is not None and invoice.account_id == account_id else None


def invoice_owner(invoice_id: int) -> int | None:
    return db.session.execute(
        select(Invoice.account_id).where(Invoice.id == invoice_id)
    ).scalar_one_or_none()


def extension_owner(extension_id: int) -> int | None:
    return db.session.execute(
        select(Extension.account_id).where(Extension.id == extension_id)
    ).scalar_one_or_none()


@dataclass(frozen=True)
class VatBreakdown:
    """An invoice's amounts with its VAT: ``net`` + ``vat`` == ``total``; ``rate`` in per
    cent."""

    net: Decimal
    rate: Decimal
    vat: Decimal
    total: Decimal


_CENT = Decimal("0.01")


def invoice_vat(invoice: Invoice) -> VatBreakdown | None:
    """The invoice's net amount, VAT and total at the rate stored when it was issued (the
    market's ``porsche_vat``), rounded to the cent; None for an invoice of a market that
    declared no VAT (it says only that prices include VAT)."""
    if invoice.vat_rate is None:
        return None
    rate, amount = Decimal(invoice.vat_rate), Decimal(invoice.amount)
    if invoice.vat_included is False:
        vat = (amount * rate / 100).quantize(_CENT, ROUND_HALF_UP)
        return VatBreakdown(net=amount, rate=rate, vat=vat, total=amount + vat)
    vat = (amount * rate / (100 + rate)).quantize(_CENT, ROUND_HALF_UP)
    return VatBreakdown(net=amount - vat, rate=rate, vat=vat, total=amount)


def invoice_vat_note(invoice: Invoice) -> str | None:
    """The sentence of an invoice without a VAT breakdown (its market declared no rate: the
    plugins' prices include VAT); None when :func:`invoice_vat` gives the breakdown."""
    if invoice.vat_rate is not None:
        return None
    return gettext("All prices include VAT.")


# -- renewal -----------------------------------------------------------------------------------


def renew(
    account: Account, info: ContractInfo, request_key: str, now: datetime
) -> tuple[Extension, bool]:
    """Extend the contract by a year at the market's price, with the customer's express
    consent; an invoice to the checkout's recipient and a confirmation e-mail.

    :returns: the extension and True, or the one this form made already and False (a second
        submit).
    :raises SubscriptionError: not renewable now.
    """
    done = db.session.execute(
        select(Extension).where(Extension.request_key == request_key)
    ).scalar_one_or_none()
    if done is not None:
        if done.account_id != account.id:
            raise SubscriptionError(gettext("This form has expired. Please start again."))
        return done, False
    ends_on = contracts.lock_contract(info.id)
    if ends_on is None:
        raise SubscriptionError(gettext("This service has ended."))
    info = contracts.contract_of_account(account.id, info.id) or info
    renewal = renewal_for(info, market_today(info, now))
    extension = Extension(
        contract_id=info.id,
        account_id=account.id,
        request_key=request_key,
        starts_on=renewal.starts_on,
        ends_on=renewal.ends_on,
        previous_end=info.ends_on,
        price=renewal.price,
        currency=renewal.currency,
        status=ACTIVE,
        consent_at=now,
        created_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(extension)
            db.session.flush()
    except IntegrityError:  # the same form, submitted at the same moment
        done = db.session.execute(
            select(Extension).where(Extension.request_key == request_key)
        ).scalar_one()
        return done, False
    invoice = _issue(
        info,
        account,
        kind=INVOICE,
        amount=renewal.price,
        period=(renewal.starts_on, renewal.ends_on),
        now=now,
    )
    extension.invoice_id = invoice.id
    contracts.set_contract_end(info.id, renewal.ends_on)
    db.session.flush()
    with in_language(account.market, account.language), url_context():
        email_account(
            account,
            subject=gettext("Your service is renewed"),
            paragraphs=[
                gettext(
                    "%(service)s for your %(model)s is renewed from %(start)s until %(end)s.",
                    service=service_name(info),
                    model=model_name(info),
                    start=format_date(renewal.starts_on, "long"),
                    end=format_date(renewal.ends_on, "long"),
                ),
                gettext(
                    "Price: %(price)s. Invoice %(number)s goes to your invoice recipient.",
                    price=yearly_price(renewal.price, renewal.currency),
                    number=invoice.display_number,
                ),
                gettext(
                    "You may withdraw from this purchase within 14 days, until %(date)s.",
                    date=format_date(withdrawal_deadline(extension), "long"),
                ),
            ],
            link=(gettext("My services"), account_url(account, "subscriptions.overview")),
        )
    audit.record(
        f"account:{account.id}",
        f"contract:{info.id}",
        "contract.renewed",
        details={"until": renewal.ends_on.isoformat(), "invoice": invoice.display_number},
    )
    return extension, True


# -- cancellation and withdrawal ---------------------------------------------------------------


def cancel(account: Account, info: ContractInfo, now: datetime) -> tuple[Cancellation, bool]:
    """Cancel at the end of the term: the service stays until the end of the period running
    now, then it is gone. A paid year that has not started yet is dropped and refunded on a
    credit note. Confirmation e-mail.

    :returns: the cancellation and True, or the existing one and False (nothing changes).
    :raises SubscriptionError: ended, or a charging contract.
    """
    existing = _cancellation(info.id)
    if existing is not None:
        return existing, False
    if info.kind != contracts.CONNECT:
        raise SubscriptionError(gettext("This service is managed with the charging service."))
    contracts.lock_contract(info.id)
    existing = _cancellation(info.id)
    if existing is not None:
        return existing, False
    info = contracts.contract_of_account(account.id, info.id) or info
    today = market_today(info, now)
    if info.ends_on < today:
        raise SubscriptionError(gettext("This service has ended."))
    ends_on = info.ends_on
    for extension in _extensions(info.id):
        if extension.status == ACTIVE and extension.starts_on > today:
            _refund(account, info, extension, extension.price, now)
            extension.status, extension.ended_at = CANCELLED, now
            ends_on = min(ends_on, extension.previous_end)
    cancellation = Cancellation(
        contract_id=info.id, account_id=account.id, ends_on=ends_on, created_at=now
    )
    try:
        with db.session.begin_nested():
            db.session.add(cancellation)
            db.session.flush()
    except IntegrityError:
        return _cancellation(info.id), False  # type: ignore[return-value]
    contracts.set_contract_end(info.id, ends_on)
    with in_language(account.market, account.language), url_context():
        email_account(
            account,
            subject=gettext("Your service is cancelled"),
            paragraphs=[
                gettext(
                    "You cancelled %(service)s for your %(model)s. It stays on until "
                    "%(date)s, then it ends.",
                    service=service_name(info),
                    model=model_name(info),
                    date=format_date(ends_on, "long"),
                )
            ],
            link=(gettext("My services"), account_url(account, "subscriptions.overview")),
        )
    audit.record(
        f"account:{account.id}",
        f"contract:{info.id}",
        "contract.cancelled",
        details={"ends_on": ends_on.isoformat()},
    )
    return cancellation, True


def _refund(
    account: Account, info: ContractInfo, extension: Extension, amount: Decimal, now: datetime
) -> Invoice:
    note = _issue(
        info,
        account,
        kind=CREDIT_NOTE,
        amount=amount,
        period=(extension.starts_on, extension.ends_on),
        now=now,
        refers_to=extension.invoice_id,
    )
    extension.credit_note_id = note.id
    return note


def refund_for(extension: Extension, today: date) -> tuple[date, Decimal]:
    """A withdrawal's new last day of the contract and the amount refunded: all of it before
    the extension starts; after, it ends yesterday and the days used are paid."""
    new_end = max(extension.previous_end, today - timedelta(days=1))
    total = (extension.ends_on - extension.starts_on).days + 1
    used = max(0, (new_end - extension.starts_on).days + 1)
    refund = (extension.price * (total - used) / total).quantize(CENT, ROUND_HALF_UP)
    return new_end, refund


def withdraw(account: Account, extension_id: int, now: datetime) -> tuple[Extension, bool] | None:
    """The 14-day right of withdrawal of a paid extension: it ends now (the car loses the
    service today, or never gets the new year), the refund is on a credit note, confirmation
    e-mail.

    :returns: None for an extension that is not the Porsche ID's; the extension and True, or
        False when it was withdrawn already (nothing changes).
    :raises SubscriptionError: the 14 days are over, or a later year must be withdrawn first.
    """
    extension = db.session.get(Extension, extension_id)
    if extension is None or extension.account_id != account.id:
        return None
    contracts.lock_contract(extension.contract_id)
    db.session.refresh(extension)
    if extension.status == WITHDRAWN:
        return extension, False
    info = contracts.contract_of_account(account.id, extension.contract_id)
    if info is None:
        return None
    today = market_today(info, now)
    if not withdrawable(extension, today):
        raise SubscriptionError(gettext("The 14 days to withdraw from this purchase are over."))
    later = [e for e in _extensions(info.id) if e.id > extension.id and e.status == ACTIVE]
    if later:
        raise SubscriptionError(gettext("Withdraw from the later renewal first."))
    new_end, refund = refund_for(extension, today)
    moved = cast(
        CursorResult[Any],
        db.session.execute(
            update(Extension)
            .where(Extension.id == extension.id, Extension.status == ACTIVE)
            .values(status=WITHDRAWN, ended_at=now)
        ),
    )
    if moved.rowcount != 1:
        return extension, False
    db.session.refresh(extension)
    note = _refund(account, info, extension, refund, now)
    contracts.set_contract_end(info.id, new_end)
    cancellation = _cancellation(info.id)
    if cancellation is not None:
        cancellation.ends_on = min(cancellation.ends_on, new_end)
    with in_language(account.market, account.language), url_context():
        if extension.starts_on > today:
            ending = gettext(
                "The service ends on %(date)s as before.", date=format_date(new_end, "long")
            )
        else:
            ending = gettext("The service ends today.")
        email_account(
            account,
            subject=gettext("You have withdrawn from your renewal"),
            paragraphs=[
                gettext(
                    "You withdrew from the renewal of %(service)s for your %(model)s.",
                    service=service_name(info),
                    model=model_name(info),
                ),
                ending,
                gettext(
                    "We refund %(amount)s (credit note %(number)s).",
                    amount=money(refund, extension.currency, exact=True),
                    number=note.display_number,
                ),
            ],
            link=(gettext("My services"), account_url(account, "subscriptions.overview")),
        )
    audit.record(
        f"account:{account.id}",
        f"contract:{info.id}",
        "contract.withdrawn",
        details={"ends_on": new_end.isoformat(), "credit_note": note.display_number},
    )
    return extension, True


# -- reminders ---------------------------------------------------------------------------------


def send_reminders(now: datetime) -> int:
    """Queue the reminders due: 30 and 7 days before a Connect contract's current period ends
    (not for cancelled ones), and before a charging plan's included period ends (not for one
    ended early: cancelled with its card, or the car sold). One per contract, kind and end
    date, however often and however many times at once this runs (an insert that does nothing
    on conflict decides).

    :returns: how many reminders were queued.
    """
    sent = 0
    first = now.date() - timedelta(days=1)
    last = now.date() + timedelta(days=max(REMINDER_DAYS) + 1)
    for info in contracts.contracts_ending_between(first, last):
        if info.kind == contracts.CHARGING:
            if not info.runs_its_first_term:
                continue
        elif info.kind != contracts.CONNECT or _cancellation(info.id) is not None:
            continue
        today = market_today(info, now)
        left = (info.ends_on - today).days
        due = [days for days in REMINDER_DAYS if 0 <= left <= days]
        if not due:
            continue
        days = min(due)
        claimed = db.session.execute(
            _insert(Reminder)
            .values(
                contract_id=info.id,
                account_id=info.account_id,
                days=days,
                period_end=info.ends_on,
                sent_at=now,
            )
            .on_conflict_do_nothing()
            .returning(Reminder.id),
            execution_options={"synchronize_session": False},
        ).scalar_one_or_none()
        if claimed is None:
            continue
        account = db.session.get(Account, info.account_id)
        if account is None:
            continue
        _reminder_email(account, info, today)
        sent += 1
    db.session.flush()
    return sent


def _reminder_email(account: Account, info: ContractInfo, today: date) -> None:
    with in_language(account.market, account.language), url_context():
        price = renewal_price(info)
        paragraphs = [
            gettext(
                "%(service)s for your %(model)s ends on %(date)s.",
                service=service_name(info),
                model=model_name(info),
                date=format_date(info.ends_on, "long"),
            )
        ]
        link = (gettext("My services"), account_url(account, "subscriptions.overview"))
        if info.kind == contracts.CHARGING:
            paragraphs.append(gettext("The Porsche Charging Service is managed on its own page."))
            if "charging.overview" in current_app.view_functions:
                link = (
                    gettext("Your Porsche Charging Service"),
                    account_url(account, "charging.overview"),
                )
        elif price is not None:
            paragraphs.append(
                gettext(
                    "You can renew it for a year in My services: %(price)s.",
                    price=yearly_price(price, info.currency),
                )
            )
        else:
            paragraphs.append(gettext("This service cannot be renewed on its own."))
        email_account(
            account,
            subject=gettext("Your service ends soon"),
            paragraphs=paragraphs,
            link=link,
        )


# -- deletion ----------------------------------------------------------------------------------


def forget_account(account: Account) -> None:
    """A deleted Porsche ID: reminders, cancellations and extensions go; invoices are kept for
    bookkeeping but anonymised (no Porsche ID, no recipient, no VIN)."""
    for model in (Reminder, Cancellation, Extension):
        db.session.execute(delete(model).where(model.account_id == account.id))
    db.session.execute(
        update(Invoice)
        .where(Invoice.account_id == account.id)
        .values(account_id=None, recipient=None, vin=None, order_number=None),
        execution_options={"synchronize_session": False},
    )


# -- for the views -----------------------------------------------------------------------------


def renewal_made(account_id: int, request_key: str | None) -> bool:
    """Whether this check-your-answers form made an extension of the Porsche ID already."""
    if not request_key:
        return False
    owner = db.session.execute(
        select(Extension.account_id).where(Extension.request_key == request_key)
    ).scalar_one_or_none()
    return owner == account_id


def extension_of(account_id: int, extension_id: int) -> tuple[Extension, ContractInfo] | None:
    """The Porsche ID's extension with its contract, None for anyone else's."""
    extension = db.session.get(Extension, extension_id)
    if extension is None or extension.account_id != account_id:
        return None
    info = contracts.contract_of_account(account_id, extension.contract_id)
    return (extension, info) if info is not None else None


def pending_extension(info: ContractInfo, now: datetime) -> Extension | None:
    """A paid year of the contract that has not started yet (a cancellation drops it)."""
    today = market_today(info, now)
    return next(
        (e for e in _extensions(info.id) if e.status == ACTIVE and e.starts_on > today), None
    )


def invoice_service_name(invoice: Invoice) -> str:
    service = catalogue.get_service(invoice.service_id)
    return str(service.name) if service else invoice.service_id
