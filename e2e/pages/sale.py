"""The car changes hands (issue #16, item 3): the seller's "I sold this car", the workshop's
reset of the PCM, and the buyer linking it with the pairing code the car then shows. Used by the
sale journey and by the people journey (a car with a secondary user is sold)."""

from __future__ import annotations

from .base import Person, Visit
from .porsche_id import PorscheIdPage
from .staging import Outbox, PcmSimulator
from .vehicles import CarPage, VehiclesPage


def sell_to_a_buyer(
    car: CarPage,
    security_code: str,
    sim: PcmSimulator,
    buyer_visit: Visit,
    buyer: Person,
    outbox: Outbox,
    vin: str,
) -> CarPage:
    """The seller sells ``car`` (online in ``sim``): it leaves My vehicles at once, its page
    answers 404 and the car's old token is refused; the car is reset to its factory settings
    and shows a pairing code; ``buyer`` creates a Porsche ID in ``buyer_visit`` and links the
    car with VIN and code. Returns the buyer's page of the car."""
    vehicles = car.sell(security_code)
    vehicles.expect_no_car(vin)
    car.expect_gone()
    # The car's old token no longer works.
    sim.press("Restart (fetch services)")
    sim.expect_says("401")

    # The car is reset to its factory settings (a new token, nobody logged in) and shows a
    # pairing code for the buyer.
    sim.press("Reset (factory settings)")
    sim.expect_says("reset")
    code = sim.pairing_code()

    # The buyer: a new Porsche ID, then the car by VIN and pairing code.
    porsche_id = PorscheIdPage(buyer_visit).open_from_the_start_page()
    porsche_id.register(buyer)
    porsche_id.confirm_email(outbox.wait_for_link(buyer.email, "/confirm-email/"))
    porsche_id.log_in(buyer)
    return VehiclesPage(buyer_visit).open_from_my_porsche().link_by_pairing_code(vin, code)
