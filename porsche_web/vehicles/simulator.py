"""The PCM simulator at ``/dev/pcm`` (development and QA only, ``PCM_SIMULATOR``).

It plays a car: pick a demo car, switch it on and online or offline, restart it (it fetches its
services), show a pairing code, log a Porsche ID in with the security code, and run the remote
commands waiting for it. It talks to the vehicle API over HTTP with the car's own token, like a
real car: picking a car gives it a new token (only hashes are stored, so the simulator cannot
learn the old one), kept in the simulator's server-side session.
"""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from sqlalchemy import select

from porsche_web import clock
from porsche_web.accounts.auth import no_store
from porsche_web.extensions import db
from porsche_web.vehicles import bp, services
from porsche_web.vehicles.models import Vehicle
from porsche_web.vehicles.pcm_client import PcmClient

STATE = "pcm_simulator"
ACTIONS = (
    "select",
    "power",
    "online",
    "restart",
    "pairing",
    "login",
    "logout",
    "commands",
    "reset",
)


@bp.before_request
def _only_when_enabled():
    if request.path.startswith("/dev/pcm") and not current_app.config["PCM_SIMULATOR"]:
        abort(404)


def _client(state: dict[str, Any]) -> PcmClient:
    transport = current_app.extensions.get("pcm_transport")  # tests: the Flask test client
    base = request.host_url
    if transport is not None:
        return PcmClient(base, state["token"], transport)
    return PcmClient(base, state["token"])


def _state() -> dict[str, Any]:
    return dict(session.get(STATE) or {})


@bp.get("/dev/pcm")
def simulator():
    state = _state()
    cars = list(db.session.execute(select(Vehicle).order_by(Vehicle.vin)).scalars())
    return no_store(
        current_app.make_response(
            render_template("vehicles/simulator.html", cars=cars, state=state)
        )
    )


@bp.post("/dev/pcm")
def simulate():
    action = request.form.get("action")
    if action not in ACTIONS:
        abort(400)
    state = _state()
    if action == "select":
        vehicle = services.find_by_vin(request.form.get("vin", ""))
        if vehicle is None:
            abort(400)
        token = services.rotate_token(vehicle, clock.now())
        db.session.commit()
        state = {"vin": vehicle.vin, "token": token, "power": False, "online": False}
        message = gettext("Car chosen; it has a new token. Switch it on.")
    elif "token" not in state:
        abort(400)
    elif action == "reset":
        state, message = _reset(state["vin"])
    elif action == "power":
        state["power"] = not state.get("power")
        if not state["power"]:
            state["online"] = False
        message = gettext("The car is on.") if state["power"] else gettext("The car is off.")
    elif action == "online":
        state["online"] = state.get("power", False) and not state.get("online")
        message = (
            gettext("The car is online.") if state["online"] else gettext("The car is offline.")
        )
    elif not state.get("online"):
        message = gettext("The car is offline: it cannot reach My Porsche.")
        if action == "restart":
            message = gettext("Restarted while offline: the car fetched nothing new.")
    else:
        message = _online_action(action, state)
    session[STATE] = state
    flash(message, "info")
    return redirect(url_for("vehicles.simulator"), 303)


def _reset(vin: str) -> tuple[dict[str, Any], str]:
    """Factory reset, as a workshop does after a sale: the car is set up again with a new token
    (the old one stops working), forgets the Porsche ID logged in, comes back on and online and
    shows a new pairing code for its next main user."""
    vehicle = services.find_by_vin(vin)
    if vehicle is None:
        abort(400)
    token = services.rotate_token(vehicle, clock.now())
    db.session.commit()  # hold no database transaction while the API (another request) works
    state: dict[str, Any] = {"vin": vehicle.vin, "token": token, "power": True, "online": True}
    client = _client(state)
    client.logout()  # the login in the car is gone (nothing to do if nobody was logged in)
    status, body = client.pairing_code()
    if status != 201:
        return state, _api_problem(status, body)
    state["pairing_code"] = body["pairing_code"]
    return state, gettext(
        "The car is reset: it has a new token, nobody is logged in, and it shows a new "
        "pairing code."
    )


def _online_action(action: str, state: dict[str, Any]) -> str:
    """Do ``action`` through the vehicle API; returns what the simulator says about it."""
    db.session.commit()  # hold no database transaction while the API (another request) works
    client = _client(state)
    if action == "restart":
        return _fetch(client, state, gettext("Restarted: the car fetched its services."))
    if action == "pairing":
        status, body = client.pairing_code()
        if status != 201:
            return _api_problem(status, body)
        state["pairing_code"] = body["pairing_code"]
        return gettext("The PCM shows a pairing code.")
    if action == "login":
        status, body = client.login(
            request.form.get("email", ""),
            request.form.get("password", ""),
            request.form.get("security_code") or None,
        )
        if status != 200:
            return _api_problem(status, body)
        state["porsche_id"] = body["porsche_id"]
        fetched = gettext("Logged in; the car fetched all its services.")
        message = _fetch(client, state, fetched)
        if message == fetched and state.get("role") == "secondary":
            message = gettext(
                "Logged in as a secondary user; the car fetched the services this Porsche ID "
                "may use."
            )
        return message
    if action == "logout":
        client.logout()
        state.pop("porsche_id", None)
        return _fetch(client, state, gettext("Logged out; the car shows the limited set."))
    status, body = client.commands()  # "commands": run what waits
    if status != 200:
        return _api_problem(status, body)
    done = []
    for command in body["commands"]:
        client.result(command["id"], "executed")
        done.append(command["kind"])
    state["executed"] = done
    if not done:
        return gettext("No commands were waiting.")
    return gettext("Ran the waiting commands: %(kinds)s", kinds=", ".join(done))


def _fetch(client: PcmClient, state: dict[str, Any], message: str) -> str:
    status, body = client.services()
    if status != 200:
        return _api_problem(status, body)
    state["mode"] = body["mode"]
    state["role"] = body.get("role")
    state["services"] = [service["name"] for service in body["services"]]
    return message


def _api_problem(status: int, body: Any) -> str:
    code = body.get("error") if isinstance(body, dict) else None
    return gettext("The vehicle API answered %(status)s %(code)s.", status=status, code=code or "")
