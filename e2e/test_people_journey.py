"""The car's people (issue #16) in every language of the market (Swedish and English by
default): the main user invites a secondary user by e-mail; the invitee creates a Porsche ID,
sets their own security code, accepts and confirms the SMS code sent to the number the main
user gave; the main user activates them and grants "lock and unlock" until a time a few minutes
ahead; the secondary user logs in in the car (PCM simulator), sees the right's set and unlocks
from My Porsche. Then the right ends: the site's time moves past its end (the development clock,
``/dev/clock``), and the secondary user's page, the main user's page and the car's set say so.
Then the car is sold: the secondary user loses it at once, and the buyer links it with the
pairing code of the reset car and sees nobody of the previous owner's. axe on every page."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from pages import (
    SECURITY_CODE,
    PcmSimulator,
    Person,
    PorscheIdPage,
    VehiclesPage,
    sell_to_a_buyer,
)
from pages.people import CarInvitationPage, CarPeoplePage, site_time

OWN_CODE = "4829"
#: The right ends this many minutes after it is granted (whole minutes: the form's unit), and
#: the site's clock then moves this far, well inside the sessions' 30 idle minutes.
RIGHT_MINUTES = 12
CLOCK_FORWARD_MINUTES = 15


def test_a_secondary_user_with_a_time_boxed_unlock_right(
    visit, backoffice, market, lang, site_clock
):
    vin = market.new_vin()
    order = backoffice.order(lang, "taycan", 2026, vin=vin, delivery_in_days=0)
    main = visit(lang)
    with main.without_axe():  # the activation's and the car's own journeys check these
        sara = backoffice.activate(main, order)
        car = VehiclesPage(main).open_from_my_porsche().link_the_ordered_car()

    # The main user invites Bo (the form's errors first).
    people = CarPeoplePage(main).open_from_the_car()
    people.invite_without_answers()
    bo = Person.new(market, "Bo", "Exempel")
    people.invite(bo)

    # Bo creates a Porsche ID, sets his own security code and accepts.
    second = visit(lang)
    porsche_id = PorscheIdPage(second).open_from_the_start_page()
    with second.without_axe():
        porsche_id.register(bo)
        porsche_id.confirm_email(backoffice.outbox.wait_for_link(bo.email, "/confirm-email/"))
        my_porsche = porsche_id.log_in(bo)
        my_porsche.set_security_code(OWN_CODE)
    invitation = CarInvitationPage(second).open(
        backoffice.outbox.wait_for_link(bo.email, "/car-invitation/")
    )
    shared = invitation.accept()
    shared.confirm(backoffice.outbox.latest_code(bo.e164))

    # The main user activates Bo with the car's security code and grants locking and unlocking
    # for a few minutes (by the site's clock, in the market's time).
    zone = ZoneInfo(market.market.timezone)
    until = (site_clock.now().astimezone(zone) + timedelta(minutes=RIGHT_MINUTES)).replace(
        second=0, microsecond=0
    )
    people.page.reload()
    person = people.open_person(bo)
    person.activate(SECURITY_CODE)
    person.allow_until("Lock and unlock", until)
    shown = site_time(main, until)
    person.expect_right("Lock and unlock", shown)
    person.look_at_removing_and_keep()

    # Bo finds the car on My Porsche and sees his right and its end; he could leave.
    shared.open_from_my_porsche(f"{market.model_name('taycan')} (2026)")
    shared.expect_right("Lock and unlock", shown)
    shared.look_at_leaving_and_stay()

    # Bo logs in in the car and gets the unlock service.
    sim = PcmSimulator(visit("en", locale="en-GB").page).open()
    sim.use_car(vin)
    sim.press("Switch on")
    sim.press("Go online")
    sim.log_in(bo.email, bo.password, OWN_CODE)
    sim.expect_logged_in(bo.email)
    sim.expect_says("secondary user")
    sim.expect_services("full set")
    sim.expect_services("Remote Lock and Unlock")

    # Bo unlocks from My Porsche with his own code; the car runs it.
    shared.unlock(OWN_CODE)
    sim.press("Run waiting commands")
    sim.expect_says("unlock")

    # The right ends: the site's time moves past its end.
    site_clock.forward(CLOCK_FORWARD_MINUTES)
    shared.open()
    shared.expect_right_ended("Lock and unlock", shown)
    shared.expect_no_remote_functions()
    person.page.reload()
    person.expect_right_ended("Lock and unlock", shown)
    # The car's next start fetches the set without the unlock service; Bo stays logged in.
    sim.press("Restart (fetch services)")
    sim.expect_logged_in(bo.email)
    sim.expect_services("Remote Lock and Unlock", present=False)

    # Then Sara sells the car: Bo loses it at once; the buyer links it with the pairing code of
    # the reset car and sees nobody of Sara's.
    car.open()
    buyer_visit = visit(lang)
    cecilia = Person.new(market, "Cecilia", "Köpare")
    bought = sell_to_a_buyer(car, SECURITY_CODE, sim, buyer_visit, cecilia, backoffice.outbox, vin)
    shared.expect_gone()
    bought.expect_nothing_of(bo.email, sara.email)
    CarPeoplePage(buyer_visit).open_from_the_car().expect_nothing_of(
        f"{bo.given_name} {bo.family_name}", bo.email
    )
