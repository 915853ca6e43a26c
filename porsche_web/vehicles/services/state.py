"""What the staff console may know of a car (issue #12, item 2): whether it is linked, whether
its main user is logged in in the PCM, and whether the car has fetched its services since the
last activation (F14). Nothing of another customer but that the car is linked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from porsche_web.vehicles.services.credentials import find_by_vin
from porsche_web.vehicles.services.pcm import last_activation


@dataclass(frozen=True)
class CarState:
    vin: str
    #: The Porsche ID the car is linked to (its main user), None when nobody.
    main_user_id: int | None
    linked_at: datetime | None
    #: The main user is logged in in the PCM (the car shows the full set, F15).
    main_user_in_car: bool
    services_fetched_at: datetime | None
    #: ``full`` or ``limited`` (F14, F15), None before the first fetch.
    services_fetched_mode: str | None
    last_activation_at: datetime | None

    @property
    def in_sync(self) -> bool:
        """The car has fetched its services since they were last activated."""
        if self.last_activation_at is None:
            return self.services_fetched_at is not None
        return (
            self.services_fetched_at is not None
            and self.services_fetched_at >= self.last_activation_at
        )


def car_state(vin: str) -> CarState | None:
    """The state of the car with ``vin``; None when the system knows no such car yet."""
    vehicle = find_by_vin(vin)
    if vehicle is None:
        return None
    link = vehicle.link
    return CarState(
        vin=vehicle.vin,
        main_user_id=link.account_id if link else None,
        linked_at=link.linked_at if link else None,
        main_user_in_car=link is not None and vehicle.pcm_account_id == link.account_id,
        services_fetched_at=vehicle.services_fetched_at,
        services_fetched_mode=vehicle.services_fetched_mode,
        last_activation_at=last_activation(vehicle),
    )
