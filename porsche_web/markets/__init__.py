"""The market plugin contract: the only module a market plugin needs to import.

.. code-block:: python

    from porsche_web.markets import Market, SupportContact, hookimpl

    @hookimpl
    def porsche_markets():
        return [Market(code="se", languages=("sv", "en"), default_language="sv",
                       currency="SEK", timezone="Europe/Stockholm")]
"""

import pluggy

from porsche_web.markets.constants import ENTRY_POINT_GROUP, HOOK_PREFIX, PROJECT_NAME
from porsche_web.markets.types import (
    ADDRESS_FIELDS,
    CONTRACTS_END,
    CONTRACTS_TRANSFER,
    MAX_CARD_DELIVERY_DAYS,
    AddressFormat,
    ChargingOffer,
    ChargingPlan,
    DataPassProvider,
    Market,
    MarketDataError,
    OwnerChange,
    Partner,
    PrivacyPolicy,
    ServiceOffer,
    SmsBackend,
    StaffSupport,
    SupervisoryAuthority,
    SupportContact,
    Vat,
)

#: Marks a market plugin's hook implementations.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

__all__ = [
    "ADDRESS_FIELDS",
    "CONTRACTS_END",
    "CONTRACTS_TRANSFER",
    "ENTRY_POINT_GROUP",
    "MAX_CARD_DELIVERY_DAYS",
    "AddressFormat",
    "ChargingOffer",
    "ChargingPlan",
    "DataPassProvider",
    "OwnerChange",
    "Vat",
    "Partner",
    "PrivacyPolicy",
    "ServiceOffer",
    "SmsBackend",
    "StaffSupport",
    "HOOK_PREFIX",
    "PROJECT_NAME",
    "Market",
    "MarketDataError",
    "SupervisoryAuthority",
    "SupportContact",
    "hookimpl",
]
