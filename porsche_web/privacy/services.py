"""What the privacy centre shows: the personal data we keep, purpose by purpose."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from porsche_web.hooks import LegalBasis, Processing, current_hooks


@dataclass(frozen=True)
class KeptData:
    """One kind of data we keep, as the customer reads it."""

    purpose: Any
    basis: LegalBasis
    retention: Any
    recipients: tuple[Any, ...]


@dataclass(frozen=True)
class Purpose:
    """The data kept for one purpose (:class:`Processing`), what the customer decides first."""

    processing: Processing
    items: tuple[KeptData, ...]

    @property
    def label(self) -> str:
        return self.processing.label


#: Within a purpose: what the customer decides (consent) first.
BASIS_ORDER = (
    LegalBasis.CONSENT,
    LegalBasis.CONTRACT,
    LegalBasis.LEGAL_OBLIGATION,
    LegalBasis.LEGITIMATE_INTERESTS,
)


def data_we_keep() -> list[Purpose]:
    """Every feature's declaration about customers (``core_personal_data``), purpose by
    purpose in :class:`Processing`'s order (every purpose is declared; a test checks it)."""
    # sorted once (a stable sort: declarations of one basis keep the features' order)
    declarations = sorted(
        (d for d in current_hooks().personal_data() if d.concerns == "customers"),
        key=lambda d: BASIS_ORDER.index(d.legal_basis),
    )
    groups = []
    for processing in Processing:
        items = tuple(
            KeptData(d.purpose, d.legal_basis, d.retention, d.recipients)
            for d in declarations
            if d.processing is processing
        )
        if items:
            groups.append(Purpose(processing, items))
    return groups
