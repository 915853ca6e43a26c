"""The Data Pass hand-off's operations: each Data Pass's state, marking it registered (by the
provider or the customer), the reminder after 7 days, the providers' keys. Explicit arguments,
no request; the callers commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from flask_babel import gettext
from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError

from porsche_web import apikeys
from porsche_web.accounts.models import Account
from porsche_web.accounts.services import account_url, email_account
from porsche_web.activation import contracts
from porsche_web.audit import services as audit
from porsche_web.connect import catalogue
from porsche_web.datapass.models import (
    BY_CUSTOMER,
    BY_PROVIDER,
    DataPassRegistration,
    ProviderApiKey,
)
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.notifications.services import in_language, url_context
from porsche_web.vehicles import services as vehicles

#: The reminder goes this long after the activation while the registration is not done.
REMINDER_AFTER = timedelta(days=7)


@dataclass(frozen=True)
class DataPass:
    """A Data Pass of the customer: the provider, its registration link (None when the plugin
    no longer names the provider) and whether the registration is done."""

    activation: contracts.DataPassActivation
    registration_url: str | None
    registered_at: datetime | None
    registered_via: str | None

    @property
    def waiting(self) -> bool:
        return self.registered_at is None


def _registration(order_number: str) -> DataPassRegistration | None:
    return db.session.execute(
        select(DataPassRegistration).where(DataPassRegistration.order_number == order_number)
    ).scalar_one_or_none()


def _url(item: contracts.DataPassActivation) -> str | None:
    registry = current_registry()
    market = registry.get(item.market)
    car = catalogue.model_year(item.model_id, item.model_year)
    if market is None or car is None or not car.data_pass_possible:
        return None
    providers = registry.data_pass_providers(market, item.model_id, item.model_year)
    found = next((p for p in providers if p.name == item.provider), None)
    return found.registration_url if found else None


def still_theirs(
    items: list[contracts.DataPassActivation], sold: set[str] | None = None
) -> list[contracts.DataPassActivation]:
    """``items`` without the Data Passes of cars that changed hands after the activation: the
    seller is neither asked to register nor reminded for a car that is no longer theirs.
    ``sold``: ``vehicles.orders_before_release`` of the customer's orders when the caller has
    it already."""
    if not items:
        return []
    sold = vehicles.orders_before_release(items) if sold is None else sold
    return [item for item in items if item.order_number not in sold]


def data_passes(
    account_id: int,
    items: list[contracts.DataPassActivation] | None = None,
    sold: set[str] | None = None,
) -> list[DataPass]:
    """The customer's Data Passes (one per activation with the Data Pass, of cars still
    theirs), oldest first. ``items``: the customer's activations with the Data Pass when the
    caller has them already (``contracts.activations_of_account(account_id).data_passes``);
    ``sold``: as for :func:`still_theirs`."""
    if items is None:
        items = contracts.data_pass_activations(account_id=account_id)
    items = still_theirs(items, sold)
    if not items:
        return []
    rows = {
        row.order_number: row
        for row in db.session.execute(
            select(DataPassRegistration).where(DataPassRegistration.account_id == account_id)
        ).scalars()
    }
    result = []
    for item in items:
        row = rows.get(item.order_number)
        result.append(
            DataPass(
                item,
                _url(item),
                row.registered_at if row else None,
                row.registered_via if row else None,
            )
        )
    return result


def _rowcount(statement: Any) -> int:
    """How many rows an UPDATE changed (the guard of a one-time step)."""
    return cast(CursorResult[Any], db.session.execute(statement)).rowcount


def _mark(item: contracts.DataPassActivation, via: str, now: datetime) -> bool:
    """Registered, once: the first who says it wins; returns whether this call changed it."""
    row = _registration(item.order_number)
    if row is None:
        try:
            with db.session.begin_nested():
                row = DataPassRegistration(
                    account_id=item.account_id,
                    order_number=item.order_number,
                    provider=item.provider,
                    created_at=now,
                )
                db.session.add(row)
                db.session.flush()
        except IntegrityError:
            row = _registration(item.order_number)
            assert row is not None
    moved = _rowcount(
        update(DataPassRegistration)
        .where(DataPassRegistration.id == row.id, DataPassRegistration.registered_at.is_(None))
        .values(registered_at=now, registered_via=via)
    )
    db.session.refresh(row)
    return moved == 1


def mark_by_customer(account_id: int, order_number: str, now: datetime) -> bool | None:
    """The customer says they registered. None: no Data Pass of theirs for this order."""
    found = still_theirs(
        contracts.data_pass_activations(account_id=account_id, order_number=order_number)
    )
    if not found:
        return None
    changed = _mark(found[0], BY_CUSTOMER, now)
    if changed:
        audit.record(
            f"account:{account_id}", f"order:{found[0].order_number}", "data_pass.registered"
        )
    return changed


class NoSuchDataPass(Exception):
    """No confirmed activation with this provider's Data Pass for the VIN and e-mail address."""


def confirm_by_provider(key: ProviderApiKey, vin: str, email: str, now: datetime) -> tuple:
    """The provider confirms the registration of the car (VIN) of the Porsche ID (e-mail
    address): only Data Passes of the key's provider and market, of a car still the
    customer's.

    :returns: ``(order_number, changed)``.
    :raises NoSuchDataPass: nothing matches.
    """
    vin = vin.strip().upper()
    email = email.strip().lower()
    for item in still_theirs(contracts.data_pass_activations(vin=vin)):
        if (item.market, item.provider) != (key.market, key.provider):
            continue
        account = db.session.get(Account, item.account_id)
        if account is None or account.email.lower() != email:
            continue
        changed = _mark(item, BY_PROVIDER, now)
        if changed:
            audit.record(
                f"data_pass_key:{key.id}", f"order:{item.order_number}", "data_pass.registered"
            )
        return item.order_number, changed
    raise NoSuchDataPass(vin)


def send_reminders(now: datetime) -> int:
    """E-mails a reminder for each Data Pass still waiting 7 days after its activation, once:
    the reminder is claimed by a row (unique per order) before the e-mail is queued, so a
    second run, even at the same time, sends nothing more. Returns how many were sent."""
    sent = 0
    due = contracts.data_pass_activations(confirmed_before=now - REMINDER_AFTER)
    for item in still_theirs(due):
        row = _registration(item.order_number)
        if row is not None and (row.registered_at or row.reminder_sent_at):
            continue
        try:
            with db.session.begin_nested():
                if row is None:
                    row = DataPassRegistration(
                        account_id=item.account_id,
                        order_number=item.order_number,
                        provider=item.provider,
                        created_at=now,
                        reminder_sent_at=now,
                    )
                    db.session.add(row)
                    db.session.flush()
                else:
                    claimed = _rowcount(
                        update(DataPassRegistration)
                        .where(
                            DataPassRegistration.id == row.id,
                            DataPassRegistration.reminder_sent_at.is_(None),
                            DataPassRegistration.registered_at.is_(None),
                        )
                        .values(reminder_sent_at=now)
                    )
                    if claimed != 1:
                        continue
        except IntegrityError:
            continue  # another run claimed it
        account = db.session.get(Account, item.account_id)
        if account is None:
            continue
        _remind(account, item)
        sent += 1
    return sent


def _remind(account: Account, item: contracts.DataPassActivation) -> None:
    url = _url(item)
    with url_context(), in_language(item.market, account.language):
        paragraphs = [
            gettext(
                "You accepted the Data Pass terms of %(provider)s for your car (order "
                "%(number)s) a week ago, but the registration with %(provider)s is not done yet. "
                "The Data Pass starts once you register on its website.",
                provider=item.provider,
                number=item.order_number,
            )
        ]
        if url:
            paragraphs.append(gettext("Register here: %(url)s", url=url))
        paragraphs.append(
            gettext(
                "Already registered? Say so on the page of your Data Pass and we stop reminding "
                "you."
            )
        )
        email_account(
            account,
            subject=gettext("Your Data Pass is waiting for your registration"),
            paragraphs=paragraphs,
            link=(gettext("Your Data Pass"), account_url(account, "datapass.overview")),
        )


# -- the providers' keys -----------------------------------------------------------------------


def create_api_key(market: str, provider: str) -> tuple[ProviderApiKey, str]:
    """A new key for a Data Pass provider of a market; returned once, only a hash is kept."""
    registry = current_registry()
    if registry.get(market) is None:
        raise ValueError(f"{market!r} is not a market of this site")
    provider = provider.strip()
    if not provider or len(provider) > 200:
        raise ValueError("the provider's name must have 1 to 200 characters")
    return apikeys.issue(ProviderApiKey, "pdp_", market=market, provider=provider)


def find_api_key(key: str) -> ProviderApiKey | None:
    return apikeys.find(ProviderApiKey, key)


def forget_account(account_id: int) -> None:
    db.session.execute(
        delete(DataPassRegistration).where(DataPassRegistration.account_id == account_id)
    )
