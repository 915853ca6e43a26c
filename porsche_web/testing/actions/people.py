"""The car's people actions (issue #16): the main user invites, the invitee accepts and
confirms the SMS code, the main user activates them and sets their rights."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from porsche_web.testing.helpers import outbox, post_form

SMS_CODE = re.compile(r"\b(\d{6})\b")
INVITEE = {"name": "Bo Exempel", "email": "bo@example.com", "phone": "070-123 45 67"}
INVITEE_PHONE = "+46701234567"


def people_url(vehicle_id: int, site="/se/sv") -> str:
    return f"{site}/account/vehicles/{vehicle_id}/people"


def shared_url(person_id: int, site="/se/sv") -> str:
    return f"{site}/account/shared-cars/{person_id}"


def invite(client: FlaskClient, vehicle_id: int, site="/se/sv", **person):
    """The main user sends an invitation from the car's people page."""
    return post_form(client, people_url(vehicle_id, site), {**INVITEE, **person})


def invitation_path(app: Flask, email: str = INVITEE["email"]) -> str:
    """The path of the newest invitation link sent to ``email``."""
    message = [m for m in outbox(app, "email") if m.to_address == email][-1]
    link = next(
        link
        for link in re.findall(r"https?://\S+", message.text_body)
        if "/car-invitation/" in link
    )
    return link.removeprefix(app.config["PUBLIC_BASE_URL"].rstrip("/"))


def accept(app: Flask, client: FlaskClient, email: str = INVITEE["email"]) -> int:
    """The logged-in invitee accepts; returns the id of their place on the car."""
    response = post_form(client, invitation_path(app, email), {})
    assert response.status_code == 303, response.status_code
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def sms_code(app: Flask, to: str = INVITEE_PHONE) -> str:
    message = [m for m in outbox(app, "sms") if m.to_address == to][-1]
    return SMS_CODE.search(message.text_body).group(1)


def confirm(client: FlaskClient, person_id: int, code: str, site="/se/sv"):
    return post_form(
        client,
        f"{shared_url(person_id, site)}/confirm",
        {"code": code},
        page=shared_url(person_id, site),
    )


def activate(client: FlaskClient, vehicle_id: int, person_id: int, security_code="", site="/se/sv"):
    page = f"{people_url(vehicle_id, site)}/{person_id}"
    return post_form(client, f"{page}/activate", {"security_code": security_code}, page=page)


def set_rights(client: FlaskClient, vehicle_id: int, person_id: int, rights: dict, site="/se/sv"):
    """``rights``: function group → None or a local ``YYYY-MM-DDTHH:MM``."""
    data: dict[str, str] = {}
    for function, until in rights.items():
        data[function] = "y"
        if until:
            data[f"{function}_until"] = until
    return post_form(client, f"{people_url(vehicle_id, site)}/{person_id}", data)
