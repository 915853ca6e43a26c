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
    PorscheIdPage,
    VehiclesPage,
    activate_order,
)


def test_the_car_is_sold_and_the_buyer_links_it(visit, backoffice, outbox, market, lang):
    vin = market.new_vin()
    order = backoffice.order(lang, "taycan", 2026, vin=vin, delivery_in_days=0)
    seller = visit(lang)
    person = Person.ordering(market, order.email)
    activate_order(
        seller,
        backoffice.invitation_link(order),
        order,
        person,
        lambda: backoffice.outbox.latest_code(person.e164),
    )
    car = VehiclesPage(seller).open_from_my_porsche().link_the_ordered_car()
    car.name_it("Saras bil")
    sim = PcmSimulator(visit("en", locale="en-GB").page).open()
    sim.use_car(vin)
    sim.press("Switch on")
    sim.press("Go online")
    sim.log_in(person.email, person.password, SECURITY_CODE)
    sim.expect_logged_in(person.email)

    # The seller sells it: it is gone from My vehicles at once, its page answers 404.
    vehicles = car.sell(SECURITY_CODE)
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
    buyer = visit(lang)
    bo = Person.new(market, "Bo", "Köpare")
    porsche_id = PorscheIdPage(buyer).open_from_the_start_page()
    porsche_id.register(bo)
    porsche_id.confirm_email(outbox.wait_for_link(bo.email, "/confirm-email/"))
    porsche_id.log_in(bo)
    bought = VehiclesPage(buyer).open_from_my_porsche().link_by_pairing_code(vin, code)
    bought.expect_nothing_of("Saras bil", person.email)

    # The buyer books the Charging Service for the used car (no activation of their own).
    plan = market.charging_plan("taycan")
    if plan is not None:
        charging = ChargingPage(buyer).open_from_my_porsche()
        charging.expect_car_by_vin(vin)
        charging.book(plan.name, "Begagnatvägen 2", market.partner.postal_code, market.partner.city)
        charging.expect_card("ordered")
        charging.expect_virtual_card()
