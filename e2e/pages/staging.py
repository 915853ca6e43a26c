"""What QA reaches beside the customer's browser, over HTTP only: the dev outbox viewer
(``/dev/outbox.json``: the e-mails and SMS the site sent), the dealer API (orders), the PCM
simulator (``/dev/pcm``: the car) and the development clock (``/dev/clock``: the site's time).
A staging site has the outbox viewer, the simulator and the clock switched on (``make run`` is
such a site)."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import APIRequestContext, Page, expect

from .base import assert_accessible
from .market import MarketFacts


class Outbox:
    """The dev outbox viewer's JSON: every queued message, newest first."""

    def __init__(self, api: APIRequestContext) -> None:
        self.api = api

    def messages(self, to: str) -> list[dict]:
        response = self.api.get("/dev/outbox.json")
        assert response.ok, (
            f"/dev/outbox.json answered {response.status}: the site needs the outbox viewer "
            "(PORSCHE_WEB_OUTBOX_VIEWER=true, on in `make run`)"
        )
        return [m for m in response.json()["messages"] if m["to"] == to]

    def link(self, to: str, part: str, containing: str = "") -> str | None:
        """The path of the newest link to ``to`` with ``part`` in it (in a message whose text
        has ``containing``, e.g. an order number), None if there is none."""
        for message in self.messages(to):
            if containing not in message["text"]:
                continue
            for link in message["links"]:
                if part in link:
                    return re.sub(r"^https?://[^/]+", "", link)
        return None

    def wait_for_link(self, to: str, part: str, containing: str = "", seconds: float = 0) -> str:
        """Like :meth:`link`, asking again for ``seconds`` (a job of the site sends it)."""
        deadline = time.monotonic() + seconds
        while True:
            found = self.link(to, part, containing)
            if found is not None:
                return found
            if time.monotonic() >= deadline:
                raise AssertionError(f"no {part} link to {to} in the outbox")
            time.sleep(1)

    def latest_code(self, to: str) -> str:
        """The newest six-digit SMS code sent to ``to``."""
        for message in self.messages(to):
            match = re.match(r"(\d{6}) ", message["text"])
            if match:
                return match.group(1)
        raise AssertionError(f"no code to {to} in the outbox")


@dataclass(frozen=True)
class Order:
    """An order as a dealer system sent it."""

    number: str
    email: str
    language: str
    model: str
    year: int
    vin: str | None


class DealerSystem:
    """A Porsche Centre's dealer system: ``POST /api/v1/orders`` with its API key."""

    def __init__(self, api: APIRequestContext, market: MarketFacts, key: str) -> None:
        self.api = api
        self.market = market
        self.key = key

    def send_order(
        self,
        language: str,
        model: str,
        year: int,
        vin: str | None = None,
        email: str | None = None,
        delivery_in_days: int = 10,
    ) -> Order:
        number = f"E2E-{uuid.uuid4().hex[:8].upper()}"
        email = email or f"buyer.{uuid.uuid4().hex[:10]}@example.com"
        delivery = date.today() + timedelta(days=delivery_in_days)
        order = {
            "order_number": number,
            "market": self.market.code,
            "partner_id": self.market.partner.id,
            "customer": {
                "given_name": "Sara",
                "family_name": "Prov",
                "email": email,
                "language": language,
            },
            "vehicle": {
                "model": model,
                "model_year": year,
                "commission_number": "E2E99887",
                **({"vin": vin} if vin else {}),
            },
            "planned_delivery": delivery.isoformat(),
        }
        response = self.api.post(
            "/api/v1/orders", data=order, headers={"Authorization": f"Bearer {self.key}"}
        )
        assert response.status == 201, (
            f"the dealer API answered {response.status}: {response.text()[:500]} "
            f"(is the dealer key one of market {self.market.code}?)"
        )
        return Order(number, email, language, model, year, vin)

    def report_milestone(self, number: str, status: str, days_ago: int) -> dict:
        """Track your Dream (F19): ``PATCH /api/v1/orders/<number>`` with a milestone."""
        moment = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago)
        response = self.api.patch(
            f"/api/v1/orders/{number}",
            data={"status": status, "timestamp": moment.isoformat()},
            headers={"Authorization": f"Bearer {self.key}"},
        )
        assert response.status == 200, f"{response.status}: {response.text()[:500]}"
        return response.json()


class PcmSimulator:
    """``/dev/pcm``: plays the car, talking to the vehicle API like a PCM. The simulator's
    page is translated like every other; QA's browser here is English."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self) -> PcmSimulator:
        response = self.page.goto("/dev/pcm")
        assert response is not None and response.ok, (
            "/dev/pcm is not there: the site needs the PCM simulator "
            "(PORSCHE_WEB_PCM_SIMULATOR=true, on in `make run`)"
        )
        assert_accessible(self.page)
        return self

    def press(self, button: str) -> None:
        self.page.get_by_role("button", name=button, exact=True).click()

    def use_car(self, vin: str) -> None:
        self.page.get_by_label("Demo car").select_option(vin)
        self.press("Use this car")

    def log_in(self, email: str, password: str, security_code: str) -> None:
        self.page.get_by_label("E-mail address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_label("Security code").fill(security_code)
        self.press("Log in in the car")

    def expect_says(self, text: str) -> None:
        expect(self.page.locator("#flash")).to_contain_text(text)

    def expect_services(self, text: str, present: bool = True) -> None:
        services = self.page.locator("#sim-services")
        if present:
            expect(services).to_contain_text(text)
        else:
            expect(services).not_to_contain_text(text)

    def pairing_code(self) -> str:
        """The code the PCM shows (after "Show a pairing code")."""
        code = self.page.locator("#sim-pairing")
        expect(code).to_have_text(re.compile(r"^\d{8}$"))
        return code.inner_text().strip()

    def expect_logged_in(self, email: str) -> None:
        expect(self.page.locator("#sim-login")).to_contain_text(email)


class SiteClock:
    """``/dev/clock``: moves the site's time forward (a right, a code, a waiting period ends)
    and back to the real time. QA's browser here is English, like the PCM simulator's."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def open(self) -> SiteClock:
        response = self.page.goto("/dev/clock")
        assert response is not None and response.ok, (
            "/dev/clock is not there: the site needs the development clock "
            "(PORSCHE_WEB_DEV_CLOCK=true, on in `make run`)"
        )
        assert_accessible(self.page)
        return self

    def now(self) -> datetime:
        """The site's time now (aware, UTC)."""
        response = self.page.request.get("/dev/clock.json")
        assert response.ok, f"/dev/clock.json answered {response.status}"
        return datetime.fromisoformat(response.json()["now"])

    def moved(self) -> bool:
        response = self.page.request.get("/dev/clock.json")
        return response.ok and response.json()["offset_seconds"] > 0

    def forward(self, minutes: int) -> None:
        """Moves the site's time ``minutes`` forward."""
        self.open()
        self.page.get_by_label("How far").fill(str(minutes))
        self.page.get_by_label("minutes", exact=True).check()
        self.page.get_by_role("button", name="Move the clock forward").click()
        expect(self.page.locator("#flash")).to_contain_text("moved forward")
        assert_accessible(self.page)

    def back_to_real_time(self) -> None:
        self.open()
        if self.moved():
            self.page.get_by_role("button", name="Back to the real time").click()
            expect(self.page.locator("#flash")).to_contain_text("real time again")
            assert not self.moved()


class CardPartner:
    """The fulfilment partner that makes and sends the charging cards:
    ``POST /api/v1/charging-cards/<id>/status`` with its own key (docs/charging-api.yaml)."""

    def __init__(self, api: APIRequestContext, key: str) -> None:
        self.api = api
        self.key = key

    def report(self, card_id: int, status: str) -> dict:
        response = self.api.post(
            f"/api/v1/charging-cards/{card_id}/status",
            data={"status": status},
            headers={"Authorization": f"Bearer {self.key}"},
        )
        assert response.status == 200, f"{response.status}: {response.text()}"
        return response.json()

    def report_refused(self, card_id: int, status: str) -> dict:
        response = self.api.post(
            f"/api/v1/charging-cards/{card_id}/status",
            data={"status": status},
            headers={"Authorization": f"Bearer {self.key}"},
        )
        assert response.status == 409, f"{response.status}: {response.text()}"
        return response.json()


class DataPassProvider:
    """The Data Pass provider's system: ``POST /api/v1/data-pass/registrations`` with its own
    key (docs/data-pass-api.yaml) once the customer has registered on its website (F18)."""

    def __init__(self, api: APIRequestContext, key: str) -> None:
        self.api = api
        self.key = key

    def confirm(self, vin: str, email: str) -> dict:
        response = self.api.post(
            "/api/v1/data-pass/registrations",
            data={"vin": vin, "email": email},
            headers={"Authorization": f"Bearer {self.key}"},
        )
        assert response.status == 200, f"{response.status}: {response.text()[:500]}"
        return response.json()
