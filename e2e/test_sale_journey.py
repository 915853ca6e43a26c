"""The car changes hands (issue #16, item 3), in every language of the market (Swedish and
English by default): the owner links and names the car and logs in in it, sells it ("I sold this
car", confirmed with the security code), loses it at once; the car is reset in the PCM simulator
and shows a pairing code; the buyer, with a new Porsche ID, links it with that code and sees
nothing of the previous owner, and books the Porsche Charging Service for the used car (issue
#13): a plan and the card to the buyer's address, without an activation of their own. axe on
every customer page."""

from __future__ import annotations

from pages import (
    SECURITY_CODE,
    ChargingPage,
    PcmSimulator,
    Person,
    VehiclesPage,
    sell_to_a_buyer,
)


def test_the_car_is_sold_and_the_buyer_links_it(visit, backoffice, outbox, market, lang):
    vin = market.new_vin()
    order = backoffice.order(lang, "taycan", 2026, vin=vin, delivery_in_days=0)
    seller = visit(lang)
    person = backoffice.activate(seller, order)
    car = VehiclesPage(seller).open_from_my_porsche().link_the_ordered_car()
    car.name_it("Saras bil")
    sim = PcmSimulator(visit("en", locale="en-GB").page).open()
    sim.use_car(vin)
    sim.press("Switch on")
    sim.press("Go online")
    sim.log_in(person.email, person.password, SECURITY_CODE)
    sim.expect_logged_in(person.email)

    # The seller sells it (gone at once, the old token refused), the car is reset and shows a
    # pairing code, and the buyer, with a new Porsche ID, links it with that code.
    bo = Person.new(market, "Bo", "Köpare")
    buyer = visit(lang)
    bought = sell_to_a_buyer(car, SECURITY_CODE, sim, buyer, bo, outbox, vin)
    bought.expect_nothing_of("Saras bil", person.email)

    # The buyer books the Charging Service for the used car (no activation of their own).
    plan = market.charging_plan("taycan")
    if plan is not None:
        charging = ChargingPage(buyer).open_from_my_porsche()
        charging.expect_car_by_vin(vin)
        charging.book(plan.name, "Begagnatvägen 2", market.partner.postal_code, market.partner.city)
        charging.expect_card("ordered")
        charging.expect_virtual_card()
