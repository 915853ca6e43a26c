"""The steps of the guided activation, and which of them a car needs.

The plan is computed from the order's car and market (the core catalogue and the market
plugins) and from what the customer has answered so far. Views use it for the "Step n of m"
progress, for the order of the steps and to send a customer who skips ahead back to the first
step that is not done (the server enforces the order; the pages only show it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from porsche_web.connect.catalogue import ModelYear
from porsche_web.markets.registry import MarketRegistry
from porsche_web.markets.types import Market

#: Every step in its order: id (also the last part of its URL) and title.
STEP_TITLES: dict[str, Any] = {
    "porsche-id": _l("Your Porsche ID"),
    "phone": _l("Verify your phone number"),
    "security-code": _l("Security code for your car"),
    "services": _l("Porsche Connect services"),
    "data-pass": _l("Data Pass"),
    "charging": _l("Porsche Charging Service"),
    "partner": _l("Your Porsche partner"),
    "invoice": _l("Invoice recipient"),
    "check": _l("Check your answers"),
}


@dataclass(frozen=True)
class Step:
    id: str
    title: Any
    done: bool


@dataclass(frozen=True)
class Plan:
    """The steps this car needs, in order."""

    steps: tuple[Step, ...]

    def __contains__(self, step_id: str) -> bool:
        return any(step.id == step_id for step in self.steps)

    def number(self, step_id: str) -> int:
        """1-based position of ``step_id`` (for "Step n of m")."""
        return next(i for i, step in enumerate(self.steps, 1) if step.id == step_id)

    @property
    def total(self) -> int:
        return len(self.steps)

    def first_open(self) -> Step | None:
        """The first step that is not done (``check`` is never done before confirming)."""
        return next((step for step in self.steps if not step.done), None)

    def blocking(self, step_id: str) -> Step | None:
        """The first earlier step that is not done: ``step_id`` may not be shown before it."""
        for step in self.steps:
            if step.id == step_id:
                return None
            if not step.done:
                return step
        return None

    def before(self, step_id: str) -> Step | None:
        """The step before ``step_id`` (the Back link), None for the first."""
        index = self.number(step_id) - 1
        return self.steps[index - 1] if index > 0 else None


def data_pass_offered(registry: MarketRegistry, market: Market, car: ModelYear) -> bool:
    return car.data_pass_possible and bool(
        registry.data_pass_providers(market, car.model.id, car.year)
    )


def charging_offered(registry: MarketRegistry, market: Market, car: ModelYear) -> bool:
    return car.model.is_electrified and registry.charging_offer(market) is not None


def plan(
    registry: MarketRegistry, market: Market, car: ModelYear, account: Any, activation: Any
) -> Plan:
    """The steps for ``car`` in ``market``; ``account``/``activation`` are None before login."""
    has = activation is not None
    done = {
        "porsche-id": account is not None and has,
        "phone": account is not None and account.phone_verified,
        "security-code": account is not None and account.security_code_set,
        "services": has and activation.services is not None,
        "data-pass": has and activation.data_pass_decided_at is not None,
        "charging": has and activation.charging_decided_at is not None,
        "partner": has and activation.partner_decided_at is not None,
        "invoice": has and activation.billing_address_id is not None,
        "check": has and activation.confirmed,
    }
    needed = {
        "security-code": car.needs_security_code,
        "data-pass": data_pass_offered(registry, market, car),
        "charging": charging_offered(registry, market, car),
    }
    return Plan(
        tuple(
            Step(step_id, title, done[step_id])
            for step_id, title in STEP_TITLES.items()
            if needed.get(step_id, True)
        )
    )
