"""Demo cars for ``make run`` and the PCM simulator (sample data: invented VINs)."""

from __future__ import annotations

from porsche_web.orders.demo import DEMO_ORDERS
from porsche_web.vehicles import services


def demo_vehicles() -> str:
    """The cars of the demo orders (their tokens are set when the simulator picks them)."""
    created = 0
    for sample in DEMO_ORDERS:
        vehicle = sample["vehicle"]
        if services.find_by_vin(vehicle["vin"]) is not None:
            continue
        services.provision(
            vehicle["vin"], vehicle["model"], vehicle["model_year"], sample["market"]
        )
        created += 1
    return f"{created} demo vehicle(s) created (sample data)"
