"""Screenshots of the key pages at a phone's 375 px and a desktop's 1280 px, kept as test
artifacts (#19) in ``<output>/screenshots/`` (``tox -e e2e``: ``e2e/artifacts/screenshots``),
whether the run passes or not: what the design looks like, for review. Each page is also
checked to fit its width (no sideways scrolling) and, at 1280 px, with axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from pages import Person, VehiclesPage, activate_order, assert_accessible
from playwright.sync_api import Page

WIDTHS = {"phone": (375, 812), "desktop": (1280, 900)}


@pytest.fixture(scope="session")
def screenshots(pytestconfig: pytest.Config) -> Path:
    folder = Path(pytestconfig.getoption("output") or "test-results") / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(page: Page, folder: Path, name: str) -> None:
    """The page at both widths, full length: ``<name>-375.png`` and ``<name>-1280.png``."""
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (page.url, width, scroll)
        if width > 1000:
            assert_accessible(page)
        path = folder / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5000, path


@pytest.mark.parametrize(
    "locale, site",
    [("sv-SE", "/se/sv"), ("en-GB", "/se/en"), ("de-DE", "/de/de")],
    ids=["sv", "en", "de"],
)
def test_public_pages(open_context, market, screenshots, locale, site):
    page = open_context(locale=locale).new_page()
    prefix = site.strip("/").replace("/", "-")  # se-sv
    nowhere, _name = market.country_without_market("en")  # a country without a site
    for name, path in [
        ("chooser", "/"),
        ("no-site", f"/{nowhere}/"),
        ("start", f"{site}/"),
        ("store-taycan", f"{site}/store?model=taycan&year=2026"),
        ("support", f"{site}/support"),
        ("privacy", f"{site}/privacy"),
        ("new-link", f"{site}/activate/new-link"),
        ("login", f"{site}/account/login"),
        ("register", f"{site}/account/register"),
    ]:
        page.goto(path)
        shoot(page, screenshots, f"{prefix}-{name}")


def test_the_customers_pages(visit, backoffice, market, screenshots, lang):
    """Every page of the guided activation (each step once, check your answers included),
    "Your next steps", My Porsche, My vehicles and the car, in every language of the market
    (``--market de`` takes them in German)."""
    order = backoffice.order(lang, "taycan", 2026, vin=market.new_vin(), delivery_in_days=0)
    customer = visit(lang)
    page = customer.page
    person = Person.ordering(market, order.email)
    prefix = f"{market.code}-{lang}"
    shot: set[str] = set()

    def at_every_step() -> None:
        customer_check()
        step = page.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        step = "start" if any(c.isdigit() for c in step) else step  # the order's own page
        if step not in shot:  # the first time on each step (changing an answer comes back)
            shot.add(step)
            shoot(page, screenshots, f"{prefix}-activation-{step}")

    customer_check = customer.check
    customer.check = at_every_step
    activate_order(
        customer,
        backoffice.invitation_link(order),
        order,
        person,
        lambda: backoffice.outbox.latest_code(person.e164),
    )
    customer.check = customer_check
    assert {"services", "check"} <= shot, shot
    shoot(page, screenshots, f"{prefix}-next-steps")
    page.goto(customer.path("account/"))
    shoot(page, screenshots, f"{prefix}-my-porsche")
    vehicles = VehiclesPage(customer).open_from_my_porsche()
    shoot(page, screenshots, f"{prefix}-my-vehicles")
    vehicles.link_the_ordered_car()
    shoot(page, screenshots, f"{prefix}-car")
