"""The car after the activation, in every language of the market (Swedish and English by
default): link it from the order, play the car in the PCM simulator (offline restart, online
restart with the limited set, Porsche ID login with the security code and the full set), see it
synced in My Porsche, send "unlock" with the security code and watch the simulated car run it.
axe on every customer page."""

from __future__ import annotations

from pages import SECURITY_CODE, PcmSimulator, VehiclesPage


def test_link_sync_and_unlock(visit, backoffice, market, lang):
    vin = market.new_vin()
    order = backoffice.order(lang, "taycan", 2026, vin=vin, delivery_in_days=0)
    customer = visit(lang)
    person = backoffice.activate(customer, order)

    # Link the car from the order (F13): one confirmation.
    vehicles = VehiclesPage(customer).open_from_my_porsche()
    car = vehicles.link_the_ordered_car()
    car.expect_services_not_fetched()  # F14

    # The car, another device: the simulator talks to the vehicle API like a PCM.
    sim = PcmSimulator(visit("en", locale="en-GB").page).open()
    sim.use_car(vin)
    sim.press("Switch on")
    sim.press("Restart (fetch services)")
    sim.expect_says("fetched nothing new")
    sim.expect_services("not fetched yet")
    sim.press("Go online")
    sim.press("Restart (fetch services)")
    sim.expect_services("limited set")
    sim.expect_services("Navigation Plus")
    sim.expect_services("Remote", present=False)
    sim.log_in(person.email, person.password, SECURITY_CODE)
    sim.expect_logged_in(person.email)
    sim.expect_services("full set")

    # Back in My Porsche the car is synced; send "unlock" with the security code (F7).
    car.open()
    car.expect_synced()
    car.unlock(SECURITY_CODE)
    sim.press("Run waiting commands")
    sim.expect_says("unlock")
    car.expect_command_done()

    # The other pages of My vehicles: linking by pairing code (with its errors) and removing.
    car.open_remove()
    car.back_to_my_vehicles().link_by_pairing_code_without_answers()
