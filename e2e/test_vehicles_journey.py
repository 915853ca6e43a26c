"""The car after the activation, in Swedish and English: link it from the order, play the car
in the PCM simulator (offline restart, online restart with the limited set, Porsche ID login
with the security code and the full set), see it synced in My Porsche, send "unlock" with the
security code and watch the simulated car run it. axe on every customer page."""

from __future__ import annotations

import uuid

import pytest
from conftest import assert_accessible, import_order
from playwright.sync_api import Page, expect
from test_guided_activation_journey import PASSWORD, TEXT, activate

VEHICLE_TEXT = {
    "sv": {
        "my_porsche": "My Porsche",
        "my_vehicles": "Mina bilar",
        "link": "Koppla den här bilen",
        "linked": "Din bil är kopplad till ditt Porsche ID.",
        "not_fetched": "Ännu inte hämtade",
        "synced": "Aktuellt",
        "security_code": "Säkerhetskod (krävs för att låsa upp)",
        "unlock": "Lås upp",
        "waiting": "väntar på bilen",
        "done": "klart",
        "link_other": "Koppla en bil med VIN och parkopplingskod",
        "link_button": "Koppla bilen",
        "problem": "Det finns ett problem",
        "remove": "Ta bort bilen från ditt Porsche ID",
    },
    "en": {
        "my_porsche": "My Porsche",
        "my_vehicles": "My vehicles",
        "link": "Link this car",
        "linked": "Your car is linked to your Porsche ID.",
        "not_fetched": "Not yet fetched",
        "synced": "Up to date",
        "security_code": "Security code (needed to unlock)",
        "unlock": "Unlock",
        "waiting": "waiting for the car",
        "done": "done",
        "link_other": "Link a car with VIN and pairing code",
        "link_button": "Link car",
        "problem": "There is a problem",
        "remove": "Remove the car from your Porsche ID",
    },
}


def simulate(page: Page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_link_sync_and_unlock(open_context, cli_app, tmp_path, language):
    t, v = TEXT[language], VEHICLE_TEXT[language]
    vin = f"WP0ZZZY1ZTS{uuid.uuid4().int % 10**6:06d}"
    _, email = import_order(cli_app, tmp_path, language, "taycan", 2026, vin=vin)
    page = open_context(locale=t["locale"]).new_page()
    activate(page, t, assert_accessible, language, email, "taycan")

    # Link the car from the order (F13): one confirmation.
    page.locator(".account-nav").get_by_role("link", name=v["my_porsche"]).click()
    page.get_by_role("link", name=v["my_vehicles"]).click()
    page.wait_for_url("**/account/vehicles")
    assert_accessible(page)
    page.get_by_role("button", name=v["link"]).click()
    expect(page.locator("#flash")).to_contain_text(v["linked"])
    expect(page.locator("main")).to_contain_text(v["not_fetched"])  # F14
    assert_accessible(page)
    car_page = page.url

    # The car, another device: the simulator talks to the vehicle API like a PCM. QA's
    # browser is English here; the page is translated like every other.
    sim = open_context(locale="en-GB").new_page()
    sim.goto("/dev/pcm")
    assert_accessible(sim)
    sim.get_by_label("Demo car").select_option(vin)
    simulate(sim, "Use this car")
    simulate(sim, "Switch on")
    simulate(sim, "Restart (fetch services)")
    expect(sim.locator("#flash")).to_contain_text("fetched nothing new")
    expect(sim.locator("#sim-services")).to_contain_text("not fetched yet")
    simulate(sim, "Go online")
    simulate(sim, "Restart (fetch services)")
    expect(sim.locator("#sim-services")).to_contain_text("limited set")
    expect(sim.locator("#sim-services")).to_contain_text("Navigation Plus")
    expect(sim.locator("#sim-services")).not_to_contain_text("Remote")
    sim.get_by_label("E-mail address").fill(email)
    sim.get_by_label("Password").fill(PASSWORD)
    sim.get_by_label("Security code").fill("4711")
    simulate(sim, "Log in in the car")
    expect(sim.locator("#sim-login")).to_contain_text(email)
    expect(sim.locator("#sim-services")).to_contain_text("full set")

    # Back in My Porsche the car is synced; send "unlock" with the security code (F7).
    page.goto(car_page)
    expect(page.locator("main")).to_contain_text(v["synced"])
    page.get_by_label(v["security_code"]).fill("4711")
    page.get_by_role("button", name=v["unlock"], exact=True).click()
    expect(page.locator("#command-status")).to_contain_text(v["waiting"])
    assert_accessible(page)

    simulate(sim, "Run waiting commands")
    expect(sim.locator("#flash")).to_contain_text("unlock")
    # htmx polls the command status while a command is open.
    expect(page.locator("#command-status")).to_contain_text(v["done"], timeout=10000)
    assert_accessible(page)

    # The other pages of My vehicles: linking by pairing code (with its errors) and removing.
    page.get_by_role("link", name=v["remove"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(v["remove"])
    assert_accessible(page)
    page.goto(car_page.rsplit("/", 1)[0])
    page.get_by_role("link", name=v["link_other"]).click()
    page.get_by_role("button", name=v["link_button"]).click()
    expect(page.locator(".error-summary")).to_contain_text(v["problem"])
    assert_accessible(page)
