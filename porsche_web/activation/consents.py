"""The customer's consents, for other features (the privacy centre, "Your next steps").

Public functions of the activation feature: other features read consents as
:class:`ConsentRecord` value objects and change them only through :func:`withdraw` and
:func:`grant_again`; they never touch the ``consents`` table.

A consent is never edited: withdrawing sets its ``withdrawn_at`` (and how), giving it again adds
a new row under the text's current version. The history stays (F27; GDPR Art. 7(1) asks us to
prove a consent). Both tell the recipient (the Porsche partner or the Data Pass provider) by
e-mail when it has an address (the outbox), because the recipient is the one who stops or
resumes using the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, cast

from flask_babel import gettext
from sqlalchemy import CursorResult, select, update

from porsche_web import clock
from porsche_web.accounts.models import Account
from porsche_web.activation.models import (
    DATA_PASS_CONSENT,
    PARTNER_CONSENT,
    Activation,
    Consent,
)
from porsche_web.audit import services as audit
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.markets.types import DataPassProvider, Partner
from porsche_web.notifications.services import enqueue_email, in_language
from porsche_web.orders.models import Order

#: The version of our text on the data exchange with the partner (F27).
PARTNER_CONSENT_VERSION = "PartnerDataExchange/1.0"


class Channel(StrEnum):
    """Where a consent was given or withdrawn."""

    ACTIVATION = "activation"
    NEXT_STEPS = "next_steps"
    PRIVACY_CENTRE = "privacy_centre"
    #: Withdrawn by customer service at the customer's request (F27: "by e-mail").
    CUSTOMER_SERVICE = "customer_service"


@dataclass(frozen=True)
class ConsentRecord:
    """One consent as the customer sees it."""

    id: int
    kind: str
    #: Who receives the data: the Data Pass provider's or the partner's name.
    recipient: str
    version: str
    #: The market's privacy policy in force when it was given (None: before it was recorded).
    policy_version: str | None
    language: str
    channel: str
    given_at: datetime
    withdrawn_at: datetime | None
    withdrawn_via: str | None
    order_number: str | None
    #: False when the same consent was given again later (the newer row is the live one).
    latest: bool
    #: Whether it can be given again today (the provider or partner still exists).
    renewable: bool

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


@dataclass(frozen=True)
class _Context:
    consent: Consent
    order: Order | None


def _partner(market_code: str, partner_id: str) -> Partner | None:
    registry = current_registry()
    market = registry.get(market_code)
    if market is None:
        return None
    return next((p for p in registry.partners(market) if p.id == partner_id), None)


def _provider(order: Order | None, name: str) -> DataPassProvider | None:
    if order is None:
        return None
    registry = current_registry()
    market = registry.get(order.market)
    if market is None:
        return None
    providers = registry.data_pass_providers(market, order.model_id, order.model_year)
    return next((p for p in providers if p.name == name), None)


def _rows(account: Account) -> list[_Context]:
    rows = db.session.execute(
        select(Consent, Order)
        .outerjoin(Activation, Activation.id == Consent.activation_id)
        .outerjoin(Order, Order.id == Activation.order_id)
        .where(Consent.account_id == account.id)
        .order_by(Consent.given_at.desc(), Consent.id.desc())
    ).all()
    return [_Context(consent, order) for consent, order in rows]


def _record(context: _Context, latest: bool) -> ConsentRecord:
    consent, order = context.consent, context.order
    market = order.market if order is not None else ""
    if consent.kind == PARTNER_CONSENT:
        partner = _partner(market, consent.subject)
        recipient = partner.name if partner else consent.subject
        renewable = partner is not None
    else:
        recipient = consent.subject
        renewable = _provider(order, consent.subject) is not None
    return ConsentRecord(
        id=consent.id,
        kind=consent.kind,
        recipient=recipient,
        version=consent.version,
        policy_version=consent.policy_version,
        language=consent.language,
        channel=consent.channel,
        given_at=consent.given_at,
        withdrawn_at=consent.withdrawn_at,
        withdrawn_via=consent.withdrawn_via,
        order_number=order.order_number if order is not None else None,
        latest=latest,
        renewable=renewable and latest,
    )


def consents_of(account: Account) -> list[ConsentRecord]:
    """Every consent ``account`` gave, newest first, withdrawn ones included."""
    seen: set[tuple[str, str, int | None]] = set()
    records = []
    for context in _rows(account):
        key = (context.consent.kind, context.consent.subject, context.consent.activation_id)
        records.append(_record(context, latest=key not in seen))
        seen.add(key)
    return records


def _own(account: Account, consent_id: int) -> _Context | None:
    return next((c for c in _rows(account) if c.consent.id == consent_id), None)


def owner_id(consent_id: int) -> int | None:
    """The account id of a consent's customer (None when there is no such consent), for the
    security event when someone else asks for it (``audit.access.not_found``)."""
    return db.session.execute(
        select(Consent.account_id).where(Consent.id == consent_id)
    ).scalar_one_or_none()


def record_of(account: Account, consent_id: int) -> ConsentRecord | None:
    """One of ``account``'s consents; None when it is not theirs (or does not exist)."""
    return next((r for r in consents_of(account) if r.id == consent_id), None)


def withdraw(account: Account, consent_id: int, via: Channel) -> bool | None:
    """Withdraw one of ``account``'s consents (F27: at any time), inside the caller's
    transaction. True when withdrawn now, False when it already was (submitting twice is
    harmless), None when it is not the customer's."""
    context = _own(account, consent_id)
    if context is None:
        return None
    consent = context.consent
    if consent.withdrawn_at is not None:
        return False
    # Withdrawn once even when two requests race (two tabs, a double submit): the first UPDATE
    # wins, the other changes no row and tells nobody.
    now = clock.now()
    moved = db.session.execute(
        update(Consent)
        .where(Consent.id == consent.id, Consent.withdrawn_at.is_(None))
        .values(withdrawn_at=now, withdrawn_via=str(via))
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(consent)
    if cast(CursorResult[Any], moved).rowcount != 1:
        return False
    audit.record(
        f"account:{account.id}",
        f"account:{account.id}",
        "consent.withdrawn",
        details={"kind": consent.kind, "subject": consent.subject, "version": consent.version},
    )
    _tell_partner(context, account, given=False)
    db.session.flush()
    return True


def grant_again(account: Account, consent_id: int, via: Channel) -> ConsentRecord | None:
    """Give a withdrawn consent again, under the text's current version: a new row, the old
    one stays in the history. Returns the live consent (the existing one when it is given
    already: submitting twice adds nothing); None when it is not the customer's or can no
    longer be given (the provider or partner is gone)."""
    context = _own(account, consent_id)
    if context is None:
        return None
    old, order = context.consent, context.order
    # Two requests at once (two tabs, a double submit) give it once: a write that changes
    # nothing locks the withdrawn consent (the row lock on PostgreSQL, the write lock on
    # SQLite), so the second waits for the first and then finds the live one.
    db.session.execute(
        update(Consent).where(Consent.id == old.id).values(id=Consent.id),
        execution_options={"synchronize_session": False},
    )
    live = db.session.execute(
        select(Consent).where(
            Consent.account_id == account.id,
            Consent.kind == old.kind,
            Consent.subject == old.subject,
            Consent.activation_id == old.activation_id,
            Consent.withdrawn_at.is_(None),
        )
    ).scalar_one_or_none()
    if live is not None:
        return record_of(account, live.id)
    if old.kind == DATA_PASS_CONSENT:
        provider = _provider(order, old.subject)
        if provider is None:
            return None
        version = provider.terms_version
    else:
        if order is None or _partner(order.market, old.subject) is None:
            return None
        version = PARTNER_CONSENT_VERSION
    registry = current_registry()
    market = registry.get(order.market) if order is not None else None
    consent = Consent(
        policy_version=registry.privacy_policy(market).version if market else None,
        account_id=account.id,
        activation_id=old.activation_id,
        kind=old.kind,
        subject=old.subject,
        version=version,
        language=account.language,
        channel=str(via),
        given_at=clock.now(),
    )
    db.session.add(consent)
    db.session.flush()
    audit.record(
        f"account:{account.id}",
        f"account:{account.id}",
        "consent.given",
        details={"kind": consent.kind, "subject": consent.subject, "version": version},
    )
    _tell_partner(_Context(consent, order), account, given=True)
    return record_of(account, consent.id)


def terms_of(account: Account, consent_id: int) -> DataPassProvider | None:
    """The Data Pass provider whose current terms a renewed consent accepts (None for a
    partner consent, or when the provider is gone)."""
    context = _own(account, consent_id)
    if context is None or context.consent.kind != DATA_PASS_CONSENT:
        return None
    return _provider(context.order, context.consent.subject)


def _tell_partner(context: _Context, account: Account, given: bool) -> None:
    """The recipient stops (or resumes) using the data: the partner, or the Data Pass provider,
    learns it by e-mail when it has an address, in the market's language, with the order so it
    finds the customer."""
    consent, order = context.consent, context.order
    if order is None:
        return
    market = current_registry().get(order.market)
    if market is None:
        return
    recipient: Partner | DataPassProvider | None
    if consent.kind == PARTNER_CONSENT:
        recipient = _partner(order.market, consent.subject)
    else:
        recipient = _provider(order, consent.subject)
    if recipient is None or not recipient.email:
        return
    language = market.languages[0]
    name = f"{account.given_name} {account.family_name}"
    with in_language(market.code, language):
        if given:
            subject = gettext("Consent given again: order %(number)s", number=order.order_number)
            text = gettext(
                "%(name)s has given again the consent to pass their data to you (order "
                "%(number)s, text version %(version)s).",
                name=name,
                number=order.order_number,
                version=consent.version,
            )
        else:
            subject = gettext("Consent withdrawn: order %(number)s", number=order.order_number)
            text = gettext(
                "%(name)s has withdrawn the consent to pass their data to you (order "
                "%(number)s). Please stop using the data we passed to you for this consent "
                "from now on.",
                name=name,
                number=order.order_number,
            )
        enqueue_email(
            to=recipient.email,
            market=market.code,
            language=language,
            subject=subject,
            paragraphs=[text],
            greeting=gettext("Hello %(name)s,", name=recipient.name),
            reason=gettext("You receive this e-mail as a recipient of data from Porsche."),
        )
