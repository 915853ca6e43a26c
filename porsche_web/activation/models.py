"""The guided activation: the customer's activation of an order, invoice recipients, contracts
and consents. The order itself belongs to ``porsche_web.orders``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from porsche_web import clock
from porsche_web.dbtypes import UTCDateTime
from porsche_web.extensions import db
from porsche_web.languages import LANGUAGE_LENGTH
from porsche_web.orders.models import Order

#: Activation statuses: being filled in, or confirmed (contracts exist).
DRAFT, CONFIRMED = "draft", "confirmed"
#: Kinds of invoice recipient (F8).
PRIVATE, COMPANY = "private", "company"
#: Kinds of consent the activation records.
DATA_PASS_CONSENT, PARTNER_CONSENT = "data_pass", "partner_data_exchange"


class BillingAddress(db.Model):
    """An invoice recipient of a Porsche ID: a private person or a company (F8)."""

    __tablename__ = "billing_addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default=PRIVATE)
    name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200))
    vat_number: Mapped[str | None] = mapped_column(String(30))
    street: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(12))
    city: Mapped[str] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(100))
    #: ISO 3166-1 alpha-2, lower case: the market's country.
    country: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    def snapshot(self) -> dict[str, str | None]:
        """The address as it was when an activation was confirmed (kept with the activation)."""
        return {
            "kind": self.kind,
            "name": self.name,
            "company": self.company,
            "vat_number": self.vat_number,
            "street": self.street,
            "postal_code": self.postal_code,
            "city": self.city,
            "region": self.region,
            "country": self.country,
        }


class Activation(db.Model):
    """The guided activation of one order by one Porsche ID: the customer's answers while it is
    a draft, then the confirmed checkout (contracts and consents point here)."""

    __tablename__ = "activations"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=DRAFT)
    #: Service ids chosen in the services step (None: not answered yet).
    services: Mapped[list[str] | None] = mapped_column(JSON)
    data_pass_provider: Mapped[str | None] = mapped_column(String(200))
    data_pass_terms_version: Mapped[str | None] = mapped_column(String(100))
    data_pass_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    charging_plan: Mapped[str | None] = mapped_column(String(64))
    charging_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    partner_id: Mapped[str | None] = mapped_column(String(64))
    partner_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    partner_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    billing_address_id: Mapped[int | None] = mapped_column(ForeignKey("billing_addresses.id"))
    #: The invoice recipient as confirmed (later edits of the address do not change it).
    invoice_recipient: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    privacy_policy_version: Mapped[str | None] = mapped_column(String(100))
    language: Mapped[str | None] = mapped_column(String(LANGUAGE_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[Order] = relationship()
    billing_address: Mapped[BillingAddress | None] = relationship()
    contracts: Mapped[list[Contract]] = relationship(
        back_populates="activation", order_by="Contract.id"
    )
    consents: Mapped[list[Consent]] = relationship(
        back_populates="activation", order_by="Consent.id"
    )

    @property
    def confirmed(self) -> bool:
        return self.status == CONFIRMED


class Contract(db.Model):
    """A Porsche Connect service (or the Charging Service) of a customer for a car.

    A contract belongs to the Porsche ID (``account_id``) and the car. Most come from an
    activation (``activation_id``; the car is its order's). One booked without an activation of
    the customer's (the Charging Service of a used car linked with its pairing code) has no
    ``activation_id`` and names the car itself: ``vin``, ``market``, ``model_id``,
    ``model_year`` and the ``invoice_recipient`` confirmed with it; these columns are empty for
    a contract of an activation.
    """

    __tablename__ = "contracts"
    __table_args__ = (UniqueConstraint("activation_id", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    activation_id: Mapped[int | None] = mapped_column(ForeignKey("activations.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    #: A catalogue service id, or a charging plan id for ``kind == "charging"``.
    service_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(12), default="connect")
    included_months: Mapped[int] = mapped_column(Integer, default=0)
    #: Yearly price after the included period (charging: the monthly fee), market currency.
    price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    #: The car of a contract without an activation (else None: the car is the order's).
    vin: Mapped[str | None] = mapped_column(String(17), index=True)
    market: Mapped[str | None] = mapped_column(String(2))
    model_id: Mapped[str | None] = mapped_column(String(40))
    model_year: Mapped[int | None] = mapped_column(Integer)
    #: The invoice recipient confirmed with a contract without an activation (F8).
    invoice_recipient: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    activation: Mapped[Activation | None] = relationship(back_populates="contracts")


class Consent(db.Model):
    """A consent the customer gave (Data Pass terms F9, data exchange with the partner F27):
    what, which version, when, in which language; withdrawn_at once withdrawn."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    activation_id: Mapped[int | None] = mapped_column(ForeignKey("activations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    #: Who the data goes to: the provider's name or the partner's id.
    subject: Mapped[str] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(LANGUAGE_LENGTH))
    given_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The market's privacy policy in force when it was given (F26).
    policy_version: Mapped[str | None] = mapped_column(String(100))
    #: Where it was given: "activation", "privacy_centre" (``consents.Channel``).
    channel: Mapped[str] = mapped_column(String(20), default="activation")
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Where it was withdrawn: "next_steps", "privacy_centre".
    withdrawn_via: Mapped[str | None] = mapped_column(String(20))

    activation: Mapped[Activation | None] = relationship(back_populates="consents")
