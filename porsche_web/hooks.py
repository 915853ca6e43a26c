"""Internal hooks: how the core's own features contribute to each other.

A second pluggy project, separate from the market plugin contract (``porsche_web.markets``):
market plugins are third-party distributions found through entry points; the plugins of this
project are the core's own feature packages, listed in :data:`INTERNAL_PLUGINS` (like pytest's
``default_plugins`` or datasette's ``DEFAULT_PLUGINS``). A feature implements a hook in its
``hooks.py`` with :data:`core_hookimpl`, instead of appending to another feature's module-global
list at import time: ``accounts`` never imports the features built on it, and every point where
one feature calls into others is written down here and in ``docs/internal-hooks.md`` (a test
keeps the two in step).

Core code calls hooks only through the typed façade :class:`CoreHooks` (``current_hooks()``),
never through ``pm.hook.<name>``. The manager is built per application in ``create_app``.

Hooks are grouped by the part of the product that calls them:

* **My Porsche**: :func:`core_my_porsche_section`, :func:`core_my_porsche_next_step`.
* **Porsche ID life cycle**: :func:`core_session_keys_kept_at_login`,
  :func:`core_account_deleted`.
* **Privacy**: :func:`core_personal_data`, the declarations the privacy centre is built on,
  and :func:`core_personal_data_export`, the customer's rows for "Download my data".
* **Orders**: :func:`core_order_activated`, and :func:`core_activation_confirmed`, an order's
  activation the customer has just confirmed.
* **Vehicles**: :func:`core_vehicle_access`, who besides the main user may use a car, and
  :func:`core_vehicle_released`, a car that changes hands.
* **Delivery**: :func:`core_prepare_messages`.
* **Development**: :func:`core_demo_seed`.
"""

from __future__ import annotations

import enum
import importlib
import logging
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy
from flask import Flask, current_app, g
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

if TYPE_CHECKING:
    from porsche_web.accounts.models import Account
    from porsche_web.orders.models import Order

log = logging.getLogger("porsche_web.hooks")
T = TypeVar("T")

#: The pluggy project name of the internal hooks (the markets' is ``porsche_web``).
PROJECT_NAME = "porsche_web.core"

#: Every internal hook name starts with this.
HOOK_PREFIX = "core_"

#: Where the façade lives in ``app.extensions``.
EXTENSION_KEY = "porsche_web.core"

#: The core's feature modules that implement internal hooks, registered in this order.
INTERNAL_PLUGINS: tuple[str, ...] = (
    "porsche_web.accounts.hooks",
    "porsche_web.notifications.hooks",
    "porsche_web.audit.hooks",
    "porsche_web.orders.hooks",
    "porsche_web.activation.hooks",
    "porsche_web.vehicles.hooks",
    "porsche_web.charging.hooks",
    "porsche_web.tracking.hooks",
    "porsche_web.datapass.hooks",
    "porsche_web.people.hooks",
    "porsche_web.privacy.hooks",
    "porsche_web.staff.hooks",
    "porsche_web.subscriptions.hooks",
    "porsche_web.sale.hooks",
)

hookspec = pluggy.HookspecMarker(PROJECT_NAME)

#: Marks a feature's implementation of an internal hook.
core_hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


# -- Value objects -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeSection:
    """A section of the My Porsche start page, under "Your car and Porsche Connect".

    :param html: the rendered section: ``render_template`` of the feature's own template (escaped
        there; the page includes it as it is).
    :param order: where it goes: sections are shown by ascending ``order`` (the activation
        uses 100, the vehicles 200; leave gaps).
    """

    html: str
    order: int = 500

    def __post_init__(self) -> None:
        if not isinstance(self.html, str):
            raise TypeError(f"HomeSection.html must be a str, got {self.html!r:.60}")
        if not isinstance(self.order, int):
            raise TypeError(f"HomeSection.order must be an int, got {self.order!r}")


@dataclass(frozen=True)
class NextStep:
    """The one thing a customer should do next, offered at the top of My Porsche.

    :param text: what to do, for the customer ("Finish activating Porsche Connect for your
        Taycan"), already in their language.
    :param url: where it is done.
    :param urgency: the most urgent step (lowest number) of all features is the one shown: the
        activation uses 100, the phone 200, the e-mail address 250, linking the car 300.
    """

    text: str
    url: str
    urgency: int


#: A person's role for a car (:class:`VehicleAccess`).
MAIN_USER, SECONDARY_USER, NO_ROLE = "main", "secondary", "none"


@dataclass(frozen=True)
class VehicleAccess:
    """What a Porsche ID may do with a car at one moment.

    :param role: :data:`MAIN_USER` (everything, main-user-only functions included),
        :data:`SECONDARY_USER` (only the function groups in ``rights``) or :data:`NO_ROLE`.
    :param rights: the function groups a secondary user may use at that moment (time-boxed
        rights that ended are left out): ``lock``, ``climate``, ``position``, ``trips``
        (``porsche_web.vehicles.services.access.FUNCTION_GROUPS``). Empty for the other roles.
    """

    role: str
    rights: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.role not in (MAIN_USER, SECONDARY_USER, NO_ROLE):
            raise ValueError(f"VehicleAccess.role must be main, secondary or none: {self.role!r}")
        if not isinstance(self.rights, frozenset):
            raise TypeError("VehicleAccess.rights must be a frozenset")


class LegalBasis(enum.StrEnum):
    """Why the law allows keeping a piece of personal data (GDPR Art. 6(1))."""

    #: (a) the customer consented, and can withdraw at any time.
    CONSENT = "consent"
    #: (b) needed for the contract with the customer (the Porsche ID, the services).
    CONTRACT = "contract"
    #: (c) a legal obligation (e.g. proving a consent, Art. 7(1)).
    LEGAL_OBLIGATION = "legal_obligation"
    #: (f) a legitimate interest that outweighs the customer's (e.g. security logs).
    LEGITIMATE_INTERESTS = "legitimate_interests"

    @property
    def label(self) -> str:
        """The basis in the current language, for the privacy centre."""
        return str(_LEGAL_BASIS_LABELS[self])


_LEGAL_BASIS_LABELS = {
    LegalBasis.CONSENT: _l("Your consent"),
    LegalBasis.CONTRACT: _l("Needed for the services you use"),
    LegalBasis.LEGAL_OBLIGATION: _l("A legal obligation"),
    LegalBasis.LEGITIMATE_INTERESTS: _l("Our legitimate interest"),
}


class Processing(enum.StrEnum):
    """What a customer's personal data is processed for: the purposes the privacy centre shows
    one by one (issue #14), each with what we keep for it, why we may, who receives it and for
    how long."""

    #: The Porsche ID: signing in, its sessions, security and the customer's own requests.
    PORSCHE_ID = "porsche_id"
    #: Contacting the customer by e-mail and SMS (codes, notices).
    CONTACT = "contact"
    #: Orders, invitations, the guided activation and the order's way to delivery.
    ORDERS = "orders"
    #: Contracts, renewals, cancellations, invoices and the Charging Service's cards.
    CONTRACTS = "contracts"
    #: The car's connection: linking, the car's people, remote commands, changing hands.
    CAR = "car"
    #: The data exchange with the Porsche partner the customer chose (F27, by consent).
    PARTNER = "partner"
    #: The transfer to the Data Pass provider (by consent).
    DATA_PASS = "data_pass"  # noqa: S105  (a purpose, not a secret)

    @property
    def label(self) -> str:
        """The purpose in the current language, for the privacy centre."""
        return str(_PROCESSING_LABELS[self])


_PROCESSING_LABELS = {
    Processing.PORSCHE_ID: _l("Your Porsche ID"),
    Processing.CONTACT: _l("E-mails and SMS"),
    Processing.ORDERS: _l("Orders and activation"),
    Processing.CONTRACTS: _l("Contracts and invoices"),
    Processing.CAR: _l("Your car and Porsche Connect"),
    Processing.PARTNER: _l("Data exchange with your Porsche partner"),
    Processing.DATA_PASS: _l("Your Data Pass"),
}


@dataclass(frozen=True)
class PersonalData:
    """The personal data one table keeps about a customer, and why (for the privacy centre).

    Texts are shown to customers: ``lazy_gettext`` strings of the core catalog.

    :param table: the table's name (``Model.__tablename__``).
    :param columns: the columns that hold personal data or tie a row to a person (ids of the
        Porsche ID included); a test fails when a column that looks personal is left out.
    :param purpose: what the data is used for, in a sentence.
    :param legal_basis: why it may be kept.
    :param retention: how long it is kept, in a sentence (what the code does, not a wish).
    :param recipients: who else receives it, if anyone (processors and third parties).
    :param concerns: whose data it is: ``"customers"`` (shown in the privacy centre and in the
        customer's data export) or ``"staff"`` (the console's own people; declared, not shown
        to customers).
    :param processing: the purpose it serves (:class:`Processing`), under which the privacy
        centre lists it; required for customers' data. A table that serves two purposes on
        different legal bases (the activation's partner consent, its Data Pass provider) is
        declared once per purpose, each with its own columns.
    """

    table: str
    columns: tuple[str, ...]
    purpose: Any
    legal_basis: LegalBasis
    retention: Any
    recipients: tuple[Any, ...] = ()
    concerns: str = "customers"
    processing: Processing | None = None

    def __post_init__(self) -> None:
        if not self.table or not isinstance(self.table, str):
            raise ValueError("PersonalData.table must name a table")
        if (
            not isinstance(self.columns, tuple)
            or not self.columns
            or not all(isinstance(c, str) and c for c in self.columns)
            or len(set(self.columns)) != len(self.columns)
        ):
            raise ValueError(f"{self.table}: columns must be a tuple of distinct column names")
        if not isinstance(self.legal_basis, LegalBasis):
            raise ValueError(f"{self.table}: legal_basis must be a LegalBasis")
        if self.purpose is None or self.retention is None:
            raise ValueError(f"{self.table}: purpose and retention are required")
        if not isinstance(self.recipients, tuple):
            raise ValueError(f"{self.table}: recipients must be a tuple")
        if self.concerns not in ("customers", "staff"):
            raise ValueError(f"{self.table}: concerns must be 'customers' or 'staff'")
        if self.concerns == "customers" and not isinstance(self.processing, Processing):
            raise ValueError(f"{self.table}: customers' data needs its processing (a Processing)")


def export_rows(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """ORM rows as JSON-ready dicts for :func:`core_personal_data_export`: every column but
    the ``*_hash`` ones (secrets) and binary ones (files), dates and times in ISO 8601, amounts
    as text."""
    exported = []
    for row in rows:
        item: dict[str, Any] = {}
        for column in row.__table__.columns:
            if column.key.endswith("_hash"):
                continue
            value = getattr(row, column.key)
            if isinstance(value, bytes):  # files (the archive itself) are not data about you
                continue
            if isinstance(value, datetime | date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = str(value)
            item[column.key] = value
        exported.append(item)
    return exported


def once_per_page(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)``, asked once per request: the My Porsche hooks of one page (its
    sections and its next step) read what they share once (a customer's activated orders, data
    passes, activations) and pass it on. Only for reads while a page is rendered: nothing is
    written between the hooks of a page, and the answers go with the request."""
    answers = g.setdefault("_once_per_page", {})
    key = (function, args)
    if key not in answers:
        answers[key] = function(*args)
    return answers[key]


def _section_context() -> dict[str, Any]:
    """What every section's template sees besides its own values: the environment's globals
    and the context processors' values (the same for every template of a request)."""
    from flask import current_app

    context: dict[str, Any] = dict(current_app.jinja_env.globals)
    current_app.update_template_context(context)
    return context


def render_section(template_name: str, **context: Any) -> str:
    """``render_template(template_name, **context)`` for a My Porsche section: the same HTML,
    with the globals and the context processors' values (``g``, ``request``,
    ``current_user``, ``csrf_token`` ...) gathered once per page for all the sections, not
    once per section, and the compiled template taken from Jinja's cache."""
    from flask import current_app

    template = current_app.jinja_env.get_template(template_name)
    variables = {**once_per_page(_section_context), **context}
    # what ``template.render`` does, without copying the globals into each new context
    try:
        return template.environment.concat(
            template.root_render_func(template.new_context(variables, shared=True))
        )
    except Exception:
        return template.environment.handle_exception()


def account_rows(model: Any, account: Account) -> list[dict[str, Any]]:
    """:func:`export_rows` of every row of ``model`` whose ``account_id`` is ``account``'s, in
    the order they were made."""
    from sqlalchemy import select

    from porsche_web.extensions import db

    query = select(model).where(model.account_id == account.id).order_by(model.id)
    return export_rows(db.session.execute(query).scalars())


#: Texts several features' declarations share.
@dataclass(frozen=True)
class AuditSubject:
    """Something of a customer's that audit events name as their subject
    (:func:`core_audit_subjects`): ``"order:SE-200300"``, ``"vehicle:<VIN>"``, ….

    :param subject: the audit subject, as the feature records it.
    :param since: only the events from this moment on (a car: since the customer linked it, so
        that a former owner's events stay out); None for every event.
    """

    subject: str
    since: datetime | None = None


@dataclass(frozen=True)
class VehicleReleased:
    """A car that has just changed hands (:func:`core_vehicle_released`).

    :param vehicle_id: ``vehicles.id`` of the car.
    :param vin: its VIN.
    :param market: the car's market code.
    :param reason: why: ``"sold"`` (the main user sold it), ``"staff"`` (a Porsche Centre or
        customer service released it for a buyer) or ``"removed"`` (the main user removed it
        from their Porsche ID; the contracts stay).
    :param previous_account_id: the main user until now (None: the car had none).
    :param contracts: the market's rule for the car's contracts, ``"end"`` or ``"transfer"``.
    :param at: the moment of the release.
    """

    vehicle_id: int
    vin: str
    market: str
    reason: str
    previous_account_id: int | None
    contracts: str
    at: datetime


@dataclass(frozen=True)
class ActivationConfirmed:
    """An activation the customer has just confirmed (:func:`core_activation_confirmed`).

    :param account_id: the Porsche ID that confirmed it.
    :param order_number: the activated order.
    :param market: the order's market code.
    :param charging_contract_id: ``contracts.id`` of the Charging Service booked during the
        activation, None when none was booked.
    :param charging_plan_id: that contract's plan id, None when none was booked.
    :param invoice_recipient: the confirmed invoice recipient (F8: ``name``, ``street``,
        ``postal_code``, ``city``, ``region``, ``country``, ...), None when there is none.
    :param at: the moment of the confirmation.
    """

    account_id: int
    order_number: str
    market: str
    charging_contract_id: int | None
    charging_plan_id: str | None
    invoice_recipient: dict[str, Any] | None
    at: datetime


UNTIL_ACCOUNT_DELETED = _l("Until you delete your Porsche ID.")
DELIVERY_SERVICES = _l("Our e-mail and SMS delivery services")


# -- My Porsche --------------------------------------------------------------------------------


@hookspec
def core_my_porsche_section(account: Account) -> HomeSection | None:
    """A section of the customer's My Porsche start page (``accounts.home``).

    Called on every request of the start page, for every feature, with the logged-in customer
    (a request context is active: ``render_template``, ``url_for``, ``session`` and ``g.market``
    work). The sections are shown under "Your car and Porsche Connect" by ascending
    :attr:`HomeSection.order`. Keep it to a few queries; the page must stay fast.

    :param account: the logged-in Porsche ID.
    :returns: the section, or ``None`` to show nothing for this customer.

    .. versionadded:: 0.3
    """


@hookspec
def core_my_porsche_next_step(account: Account) -> NextStep | None:
    """The next thing this feature wants the customer to do, if any (My Porsche shows the one
    most urgent of all features' answers, so a customer always has one way on).

    Called on every request of the start page, like :func:`core_my_porsche_section`, in a
    request context. Keep it to a query or two.

    :param account: the logged-in Porsche ID.
    :returns: a :class:`NextStep`, or ``None`` when the feature has nothing open.

    .. versionadded:: 0.4
    """


# -- Porsche ID life cycle ---------------------------------------------------------------------


@hookspec
def core_session_keys_kept_at_login() -> list[str]:
    """Session keys that survive logging in.

    Logging in clears the session and gives it a new id; the keys named here are copied over
    (called at each login). Only for state the customer brought before logging in, such as the
    order of a used invitation link, so the activation goes on afterwards. Never credentials or
    anything that grants access.

    :returns: the session keys of this feature (an empty list for none).

    .. versionadded:: 0.3
    """


@hookspec
def core_account_deleted(account: Account) -> None:
    """A Porsche ID is being deleted: delete (or detach) this feature's data of it.

    Called by ``delete_account`` inside its transaction, after the goodbye e-mail is queued and
    the deletion audited, before the account's own tokens, sessions and row are deleted. Delete
    with SQL and flush at most: never commit or roll back (the caller decides). A row that
    references ``accounts.id`` and is left behind makes the deletion fail. Implementations run
    in pluggy's order (the last registered first); none may depend on another.

    :param account: the Porsche ID being deleted (still in the database).
    :returns: nothing.

    .. versionadded:: 0.3
    """


# -- Privacy -----------------------------------------------------------------------------------


@hookspec
def core_personal_data() -> list[PersonalData]:
    """The personal data this feature keeps: table, columns, purpose, legal basis, recipients
    and retention (for the privacy centre and the records of processing).

    Called when the privacy pages or their test need the list; the answer must be a constant.
    Every table with a column that holds personal data, or ties a row to a Porsche ID, is
    declared by the feature that owns the table; a test fails for a column that looks personal
    (e-mail, phone, name, address, VIN, IP, user agent, account id …) and is not declared.

    :returns: one declaration per table of this feature that holds personal data.

    .. versionadded:: 0.3
    """


@hookspec
def core_personal_data_export(account: Account) -> dict[str, list[dict[str, Any]]]:
    """Every row of this feature's declared tables that belongs to ``account``, for the
    customer's data export ("Download my data", GDPR Art. 15 and 20).

    Called by the export job in an application context, never during a request. One key per
    table this feature declares in :func:`core_personal_data` (an empty list when the customer
    has no row there); a test fails when a declared table is missing. Build the rows with
    :func:`export_rows`: it turns dates, times and amounts into text and leaves out every
    ``*_hash`` column (secrets are never exported). Only this customer's rows: never another
    customer's, not even in a shared row's details.

    :param account: the Porsche ID whose data is exported.
    :returns: ``{table name: [row, …]}``.

    .. versionadded:: 0.4
    """


@hookspec
def core_audit_subjects(account: Account) -> list[AuditSubject]:
    """The audit subjects of this feature that concern ``account``: its orders, contracts,
    cards, cars…, so that the customer's data export holds the audit events about them ("audit
    events about them", issue #14), not only those the customer did.

    Called by the audit log's :func:`core_personal_data_export`, in the export job. The events
    of another Porsche ID (another customer's actions) are left out by the audit log.

    :param account: the Porsche ID whose data is exported.
    :returns: the subjects (an empty list for none).

    .. versionadded:: 0.5
    """


# -- Orders ------------------------------------------------------------------------------------


@hookspec
def core_order_activated(order: Order) -> bool | None:
    """Whether the customer has activated ``order``: then the dealer systems no longer change
    its car (VIN) and owner (name, e-mail address); only the staff side may.

    Called by ``orders.services.save_order`` when an update from a dealer system would change
    one of them, and by ``orders.lookup.correct_vin`` (the staff console's correction of the
    VIN). Read only; one query at most.

    :param order: the existing order the update is for.
    :returns: True when this feature holds the order as activated; False or None otherwise.

    .. versionadded:: 0.4
    """


@hookspec
def core_activation_confirmed(confirmed: ActivationConfirmed) -> None:
    """The customer has just confirmed an order's activation: start what follows from it.

    Called by ``activation.checkout.confirm`` inside the checkout's transaction, after the
    contracts are written and flushed, once per activation (a second confirmation changes
    nothing and calls nothing). Add rows and flush at most; never commit or roll back.

    :param confirmed: the activation (:class:`ActivationConfirmed`).
    :returns: nothing.

    .. versionadded:: 0.5
    """


# -- Vehicles -----------------------------------------------------------------------------------


@hookspec(firstresult=True)
def core_vehicle_access(account: Account, vehicle: Any, now: datetime) -> VehicleAccess | None:
    """What ``account`` may do with ``vehicle`` when it is not the car's main user.

    Called by ``porsche_web.vehicles.services.access_of`` (the PCM login, the services the car
    shows, remote commands from My Porsche and their hand-over to the car) only for a Porsche ID
    that is not the car's main user. Read only; a query or two. The first answer that is not
    ``None`` wins.

    :param account: the Porsche ID asking (logged in on My Porsche or in the car).
    :param vehicle: the car (``porsche_web.vehicles.models.Vehicle``).
    :param now: the moment to judge time-boxed rights at (``porsche_web.clock.now()``).
    :returns: a :class:`VehicleAccess` with the role :data:`SECONDARY_USER` and the rights
        valid at ``now``, or ``None`` when this feature gives the account no access.

    .. versionadded:: 0.5
    """


@hookspec
def core_vehicle_released(release: VehicleReleased) -> None:
    """A car changes hands: drop this feature's data tied to the car and its people.

    Called by ``vehicles.services.release`` (for ``sale.services`` and the main user's "Remove
    the car") inside the release's transaction, after the car's main user link is gone: every
    user loses access at once, so remove (or anonymise, where the law makes us keep it) every
    row that ties the car to a person or that a buyer could see: logins in the car, open
    commands, names, secondary users and their rights, sync history. End the contracts when
    ``release.contracts`` is ``"end"``. Change rows with SQL and flush at most; never commit or
    roll back. Must be safe to run twice for the same car. Implementations run in pluggy's
    order; none may depend on another.

    :param release: the car and the rule of its market (:class:`VehicleReleased`).
    :returns: nothing.

    .. versionadded:: 0.5
    """


# -- Delivery -----------------------------------------------------------------------------------


@hookspec
def core_prepare_messages() -> int | None:
    """Turn the feature's deferred requests into outbox messages, before a delivery round.

    Called by the outbox deliverer in an application context before each round of its e-mail
    lane (and by the development outbox viewer). For work that must not happen in the request
    that asked for it, such as looking up whether an address has a Porsche ID (issue #20,
    item 6). Add rows and flush at most; the caller commits. Claim work atomically: two
    deliverers may call at the same time.

    :returns: how many requests were handled, or ``None`` for none.

    .. versionadded:: 0.4
    """


# -- Development --------------------------------------------------------------------------------


@hookspec
def core_demo_seed() -> str | None:
    """Add this feature's demo data (``flask --app porsche_web demo seed``, run by ``make run``).

    Called in an application context; add rows to ``db.session`` and flush at most (the command
    commits once after every feature seeded). Must be safe to run again: look up before insert,
    so a second run duplicates nothing. Sample data only, never real customers. Implementations
    run in pluggy's order (the last registered first); none may depend on another's rows.

    :returns: a one-line summary of what was done (shown by the command), or ``None``.

    .. versionadded:: 0.3
    """


# -- The manager and its typed façade ----------------------------------------------------------


class CoreHooks:
    """The typed façade: one method per hook, so core code never spells ``pm.hook.<name>``."""

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm

    def my_porsche_sections(self, account: Account) -> list[Markup]:
        """The My Porsche sections for ``account``, in their order."""
        sections = [s for s in self.pm.hook.core_my_porsche_section(account=account) if s]
        for section in sections:
            if not isinstance(section, HomeSection):
                raise TypeError(f"core_my_porsche_section returned {section!r:.80}")
        sections.sort(key=lambda s: s.order)  # stable: equal orders keep pluggy's order
        return [Markup(section.html) for section in sections]  # noqa: S704  (rendered templates)

    def my_porsche_next_step(self, account: Account) -> NextStep | None:
        """The most urgent next step of all features for ``account`` (None: nothing open)."""
        steps = [s for s in self.pm.hook.core_my_porsche_next_step(account=account) if s]
        for step in steps:
            if not isinstance(step, NextStep):
                raise TypeError(f"core_my_porsche_next_step returned {step!r:.80}")
        return min(steps, key=lambda s: s.urgency, default=None)

    def session_keys_kept_at_login(self) -> frozenset[str]:
        """Every feature's session keys that survive logging in."""
        keys: set[str] = set()
        for answer in self.pm.hook.core_session_keys_kept_at_login():
            if isinstance(answer, str) or not all(isinstance(k, str) for k in answer):
                raise TypeError(f"core_session_keys_kept_at_login returned {answer!r:.80}")
            keys.update(answer)
        return frozenset(keys)

    def account_deleted(self, account: Account) -> None:
        """Let every feature delete its data of ``account`` (inside the caller's transaction)."""
        self.pm.hook.core_account_deleted(account=account)

    def personal_data(self) -> list[PersonalData]:
        """Every feature's declarations, by table name."""
        declarations: list[PersonalData] = []
        for answer in self.pm.hook.core_personal_data():
            if not all(isinstance(d, PersonalData) for d in answer):
                raise TypeError(f"core_personal_data returned {answer!r:.80}")
            declarations.extend(answer)
        return sorted(declarations, key=lambda d: d.table)

    def personal_data_export(self, account: Account) -> dict[str, list[dict[str, Any]]]:
        """Every feature's rows of ``account``, by table name."""
        tables: dict[str, list[dict[str, Any]]] = {}
        for answer in self.pm.hook.core_personal_data_export(account=account):
            if not isinstance(answer, dict):
                raise TypeError(f"core_personal_data_export returned {answer!r:.80}")
            for table, rows in answer.items():
                if table in tables:
                    raise TypeError(f"core_personal_data_export: {table} exported twice")
                tables[table] = list(rows)
        return dict(sorted(tables.items()))

    def audit_subjects(self, account: Account) -> list[AuditSubject]:
        """Every feature's audit subjects of ``account``."""
        subjects: list[AuditSubject] = []
        for answer in self.pm.hook.core_audit_subjects(account=account):
            if not all(isinstance(s, AuditSubject) for s in answer):
                raise TypeError(f"core_audit_subjects returned {answer!r:.80}")
            subjects.extend(answer)
        return subjects

    def order_activated(self, order: Order) -> bool:
        """Whether any feature holds ``order`` as activated by its customer."""
        return any(self.pm.hook.core_order_activated(order=order))

    def activation_confirmed(self, confirmed: ActivationConfirmed) -> None:
        """Let every feature start what follows from a confirmed activation (caller's
        transaction)."""
        self.pm.hook.core_activation_confirmed(confirmed=confirmed)

    def vehicle_access(self, account: Account, vehicle: Any, now: datetime) -> VehicleAccess | None:
        """A feature's access of ``account`` (not the main user) to ``vehicle``, or None."""
        answer = self.pm.hook.core_vehicle_access(account=account, vehicle=vehicle, now=now)
        if answer is not None and not isinstance(answer, VehicleAccess):
            raise TypeError(f"core_vehicle_access returned {answer!r:.80}")
        return answer

    def vehicle_released(self, release: VehicleReleased) -> None:
        """Let every feature drop its data of a car that changes hands (caller's transaction)."""
        self.pm.hook.core_vehicle_released(release=release)

    def prepare_messages(self) -> int:
        """Let every feature queue the messages of its deferred requests; how many it handled."""
        return sum(answer or 0 for answer in self.pm.hook.core_prepare_messages())

    def demo_seed(self) -> list[str]:
        """Seed every feature's demo data; the summaries of what was done."""
        return [summary for summary in self.pm.hook.core_demo_seed() if summary]


def build_core_hooks(plugins: Iterable[object] = (), *, trace: bool = False) -> CoreHooks:
    """The manager with the specs, :data:`INTERNAL_PLUGINS`, then ``plugins``.

    Unlike market plugins, a faulty internal plugin is a bug of the core: an implementation
    without a spec (usually a typo) or with wrong argument names stops the start-up.

    :param plugins: plugin objects registered after the internal ones (tests).
    :param trace: log every hook call at DEBUG level.
    :raises pluggy.PluginValidationError: an implementation that matches no specification.
    """
    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(sys.modules[__name__])
    for module_name in INTERNAL_PLUGINS:
        pm.register(importlib.import_module(module_name), name=module_name)
    for plugin in plugins:
        pm.register(plugin)
    pm.check_pending()
    if trace:
        pm.trace.root.setwriter(lambda message: log.debug("hook %s", message.rstrip()))
        pm.enable_tracing()
    return CoreHooks(pm)


def init_app(app: Flask, plugins: Iterable[object] = ()) -> CoreHooks:
    """Build the internal hooks of ``app`` (``create_app``, after the blueprints)."""
    hooks = build_core_hooks(plugins, trace=app.config["TRACE_HOOKS"])
    app.extensions[EXTENSION_KEY] = hooks
    return hooks


def current_hooks() -> CoreHooks:
    """The internal hooks of the current application."""
    return current_app.extensions[EXTENSION_KEY]
