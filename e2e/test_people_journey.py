"""The car's people (issue #16) in every language of the market (Swedish and English by
default): the main user invites a secondary user by e-mail; the invitee creates a Porsche ID,
sets their own security code, accepts and confirms the SMS code sent to the number the main
user gave; the main user activates them and grants "lock and unlock" until a time; the secondary
user logs in in the car (PCM simulator), sees the right's set and unlocks from My Porsche. The
right's end is shown in the site's format (the server has no clock to move: its expiry is
tested with the Flask client, tests/people/test_people_rights.py). axe on every page."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pages import SECURITY_CODE, PcmSimulator, Person, PorscheIdPage, VehiclesPage, activate_order
from pages.people import CarInvitationPage, CarPeoplePage, site_time

OWN_CODE = "4829"


def test_a_secondary_user_with_a_time_boxed_unlock_right(visit, backoffice, market, lang):
    vin = market.new_vin()
    order = backoffice.order(lang, "taycan", 2026, vin=vin, delivery_in_days=0)
    main = visit(lang)
    sara = Person.ordering(market, order.email)
    with main.without_axe():  # the activation's and the car's own journeys check these
        activate_order(
            main,
            backoffice.invitation_link(order),
            order,
            sara,
            lambda: backoffice.outbox.latest_code(sara.e164),
        )
        VehiclesPage(main).open_from_my_porsche().link_the_ordered_car()

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
    # until eight in the evening three days from now.
    zone = ZoneInfo(market.market.timezone)
    until = (datetime.now(zone) + timedelta(days=3)).replace(
        hour=20, minute=0, second=0, microsecond=0
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
