"""What the privacy centre shows: the personal data we keep, grouped for reading."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from porsche_web.hooks import LegalBasis, current_hooks

#: The order of the legal bases on the page: what the customer decides comes first.
BASIS_ORDER = (
    LegalBasis.CONSENT,
    LegalBasis.CONTRACT,
    LegalBasis.LEGAL_OBLIGATION,
    LegalBasis.LEGITIMATE_INTERESTS,
)


@dataclass(frozen=True)
class KeptData:
    """One kind of data we keep, as the customer reads it."""

    purpose: Any
    retention: Any
    recipients: tuple[Any, ...]


@dataclass(frozen=True)
class Basis:
    """The data kept under one legal basis."""

    basis: LegalBasis
    items: tuple[KeptData, ...]

    @property
    def label(self) -> str:
        return self.basis.label


def data_we_keep() -> list[Basis]:
    """Every feature's declaration about customers (``core_personal_data``), by legal basis."""
    declarations = [d for d in current_hooks().personal_data() if d.concerns == "customers"]
    groups = []
    for basis in BASIS_ORDER:
        items = tuple(
            KeptData(d.purpose, d.retention, d.recipients)
            for d in declarations
            if d.legal_basis is basis
        )
        if items:
            groups.append(Basis(basis, items))
    return groups
