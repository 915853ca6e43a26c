"""Demo orders for ``make run`` (sample data: invented customers, numbers and VINs)."""

from __future__ import annotations

from datetime import timedelta

from porsche_web import clock
from porsche_web.orders import services

#: Sample orders; the delivery dates are relative to today so the invitations are due.
DEMO_ORDERS = (
    {
        "order_number": "DEMO-SE-0001",
        "market": "se",
        "partner_id": "se-goteborg",
        "customer": {
            "given_name": "Astrid",
            "family_name": "Exempel",
            "email": "astrid.exempel@example.com",
            "phone": "+46701740606",
            "language": "sv",
        },
        "vehicle": {
            "model": "taycan",
            "model_year": 2026,
            "commission_number": "SE12345",
            "vin": "WP0ZZZY1ZTS000001",
        },
        "days_to_delivery": 10,
    },
    {
        "order_number": "DEMO-SE-0002",
        "market": "se",
        "partner_id": "se-malmo",
        "customer": {
            "given_name": "Oskar",
            "family_name": "Prov",
            "email": "oskar.prov@example.com",
            "language": "en",
        },
        "vehicle": {
            "model": "718",
            "model_year": 2025,
            "commission_number": "SE67890",
            "vin": "WP0ZZZ98ZSS000002",
        },
        "days_to_delivery": 30,
    },
    {
        "order_number": "DEMO-DE-0001",
        "market": "de",
        "partner_id": "de-stuttgart",
        "customer": {
            "given_name": "Erika",
            "family_name": "Muster",
            "email": "erika.muster@example.com",
            "language": "de",
        },
        "vehicle": {
            "model": "cayenne",
            "model_year": 2026,
            "commission_number": "DE24680",
            "vin": "WP1ZZZ9YZTD000003",
        },
        "days_to_delivery": 14,
    },
)


def demo_orders() -> str:
    """Sample orders (created once; a second run leaves them as they are)."""
    today = clock.now().date()
    created = 0
    for sample in DEMO_ORDERS:
        if services.find_order(sample["order_number"]) is not None:
            continue
        raw = {key: value for key, value in sample.items() if key != "days_to_delivery"}
        raw["planned_delivery"] = (today + timedelta(days=sample["days_to_delivery"])).isoformat()
        services.save_order(services.validate_order(raw))
        created += 1
    return f"{created} demo order(s) created (sample data); run `invitations send-due` to invite"
