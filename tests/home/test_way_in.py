"""A way in (#19, item 4): the market home offers "Create your Porsche ID" and "I have an
invitation" (with what to do when the e-mail is missing, F20); My Porsche shows the one next
thing to do, the most urgent of all features (core_my_porsche_next_step)."""

from __future__ import annotations

import re

from porsche_web.testing.actions.activation import (
    activate,
    make_order,
    register,
    step_url,
    use_link,
)
from porsche_web.testing.actions.porsche_id import confirm, login
from porsche_web.testing.actions.porsche_id import register as register_porsche_id
from porsche_web.testing.actions.vehicles import link_car
from porsche_web.testing.helpers import post_form


def next_step(client) -> str:
    html = client.get("/se/sv/account/").get_data(as_text=True)
    section = html[html.index('id="next-step"') :]
    return section[: section.index("</section>")]


def test_the_market_home_offers_a_porsche_id_and_help_with_the_invitation(client):
    html = client.get("/se/sv/").get_data(as_text=True)
    assert 'href="/se/sv/account/register"' in html and "Skapa ditt Porsche ID" in html
    invitation = html[html.index('id="invitation"') :]
    invitation = invitation[: invitation.index("</section>")]
    assert "Jag har en inbjudan" in invitation
    assert "skräppost" in invitation and "Porsche Center" in invitation  # F20
    assert 'href="/se/sv/activate/new-link"' in invitation


def test_a_logged_in_customer_is_sent_to_my_porsche_from_the_home(app, client):
    register_porsche_id(client)
    confirm(client, app)
    login(client)
    html = client.get("/se/sv/").get_data(as_text=True)
    assert 'href="/se/sv/account/"' in html and 'id="invitation"' not in html


def test_the_next_step_is_to_verify_the_phone_of_a_new_porsche_id(app, client):
    register_porsche_id(client)
    confirm(client, app)
    login(client)
    step = next_step(client)
    assert 'href="/se/sv/account/phone"' in step and "Verifiera ditt telefonnummer" in step


def test_the_next_step_is_the_unfinished_activation_then_linking_the_car(app, client):
    use_link(client, make_order(app, "SE-200300"))
    register(client, "SE-200300")  # Porsche ID created in the activation; phone not verified
    step = next_step(client)
    assert re.search(r'href="/se/sv/activate/orders/SE-200300"', step), step
    assert "Slutför aktiveringen" in step  # before verifying the phone: the activation does it
    assert client.get(step_url("SE-200300", "phone")).status_code == 200


def test_after_the_activation_the_next_step_is_linking_the_car_then_nothing(app, client):
    activate(app, client, vin="WP0ZZZY1ZPS000001")
    step = next_step(client)
    assert 'href="/se/sv/account/vehicles"' in step and "Koppla ditt Porsche ID" in step
    link_car(client)
    # The Data Pass the customer took waits for the registration with the provider (F18).
    step = next_step(client)
    assert 'href="/se/sv/account/data-pass"' in step and "Registrera dig för ditt Data Pass" in step
    post_form(client, "/se/sv/account/data-pass/SE-200300/registered", {}, page="/se/sv/")
    step = next_step(client)
    assert "Inget väntar på dig just nu" in step
