"""Porsche ID journeys in every language of the market (Swedish and English by default):
register, confirm the e-mail (link from the outbox), verify the phone (code from the outbox),
set the security code, log out, log in; five wrong codes; a forgotten password. axe on every
step; registration also without JavaScript."""

from __future__ import annotations

import pytest
from pages import Person, PorscheIdPage


def register_and_log_in(customer, outbox, person: Person):
    porsche_id = PorscheIdPage(customer).open_from_the_start_page()
    porsche_id.register(person)
    porsche_id.confirm_email(outbox.wait_for_link(person.email, "/confirm-email/"))
    my_porsche = porsche_id.log_in(person)
    my_porsche.check()
    return my_porsche


@pytest.mark.variants("javascript", [(True,), (True,), (False,)], ids=["js", "js", "no-js"])
def test_register_confirm_verify_set_code_log_out_and_in(visit, outbox, market, lang, javascript):
    customer = visit(lang, javascript=javascript)
    anna = Person.new(market)

    my_porsche = register_and_log_in(customer, outbox, anna)
    phone = my_porsche.start_phone_verification(anna)
    phone.verify(lambda: outbox.latest_code(anna.e164))
    my_porsche.set_security_code("4829")
    porsche_id = my_porsche.log_out()
    porsche_id.open_from_the_header().log_in(anna)


def test_five_wrong_codes_void_the_code(visit, outbox, market, lang):
    customer = visit(lang)
    anna = Person.new(market)
    with customer.without_axe():
        my_porsche = register_and_log_in(customer, outbox, anna)
        phone = my_porsche.start_phone_verification(anna)
    code = outbox.latest_code(anna.e164)
    wrong = "000000" if code != "000000" else "111111"
    for attempt in range(1, 6):
        phone.enter_wrong(wrong, attempt)
        phone.check()
    phone.enter(code)
    phone.expect_problem()


def test_forgotten_password(visit, outbox, market, lang):
    customer = visit(lang)
    anna = Person.new(market)
    with customer.without_axe():
        my_porsche = register_and_log_in(customer, outbox, anna)
        porsche_id = my_porsche.log_out().open_from_the_header()
    porsche_id.forgot_password(anna)
    porsche_id.reset_password(
        outbox.wait_for_link(anna.email, "/reset-password/"), "a brand new long secret"
    )
    porsche_id.log_in(anna, "a brand new long secret")


def test_a_common_password_is_refused_with_its_reason(visit, market, lang):
    """Issue #20, item 13: a common password with a few characters added is named as such."""
    customer = visit(lang)
    porsche_id = PorscheIdPage(customer).open_from_the_start_page()
    porsche_id.register_with_a_weak_password(
        Person.new(market),
        "P@ssw0rd2024!",
        "This password is a common password with a few characters added or swapped, which is "
        "easy to guess. Choose another one.",
    )


def test_an_sms_code_typed_with_a_hyphen_verifies_the_phone(visit, outbox, market, lang):
    """Issue #20, item 14: ``123-456`` is the code ``123456``."""
    customer = visit(lang)
    anna = Person.new(market)
    with customer.without_axe():
        my_porsche = register_and_log_in(customer, outbox, anna)
    phone = my_porsche.start_phone_verification(anna)
    phone.verify(lambda: outbox.latest_code(anna.e164), separator="-")
