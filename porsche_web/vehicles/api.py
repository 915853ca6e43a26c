"""The vehicle API the car's PCM calls: ``/api/pcm/v1/`` (documented in
``docs/vehicle-api.yaml``).

Every request carries the car's own token (``Authorization: Bearer <token>``); a car can only
ever read or change its own data. Answers and errors are JSON; error codes follow the real
service's vocabulary (``UNAUTHORIZED``, ``TOO_MANY_ATTEMPTS``, ``LOCKED_60_MINUTES`` …).
"""

from __future__ import annotations

from typing import Any

from flask import g, jsonify, request

from porsche_web import clock
from porsche_web.accounts import services as accounts
from porsche_web.extensions import csrf, db
from porsche_web.jsonapi import ApiError, bearer_token, json_body, register
from porsche_web.ratelimit import limiter
from porsche_web.vehicles import bp, services
from porsche_web.vehicles.models import EXECUTED, FAILED, Vehicle

PREFIX = "/api/pcm/v1"
register(bp)


#: Only the car's own token is challenged (not a Porsche ID login in the car).
CAR_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="vehicle-api"'}


def _vehicle_key() -> str:
    """Rate limits count per car (per token), not per address."""
    token = bearer_token()
    return f"car:{token[:16]}" if token else f"ip:{request.remote_addr}"


def _json_object() -> dict[str, Any] | None:
    payload = json_body()
    return payload if isinstance(payload, dict) else None


def _storable(text: str) -> bool:
    """No NUL (PostgreSQL refuses it in text) and no lone surrogates (not UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


@bp.before_request
def _authenticate_car():
    if not request.path.startswith(PREFIX + "/"):
        return None
    vehicle = services.find_by_token(bearer_token())
    if vehicle is None:
        raise ApiError(401, "A valid vehicle token is required.", headers=CAR_CHALLENGE)
    g.vehicle = vehicle
    return None


def _car() -> Vehicle:
    return g.vehicle


def _service_json(service, contract) -> dict[str, Any]:
    return {
        "id": service.id,
        "name": str(service.name),
        "remote": service.remote,
        "until": contract.ends_on.isoformat(),
    }


@bp.get(f"{PREFIX}/services")
@limiter.limit("60 per minute", key_func=_vehicle_key)
def services_now():
    """The services the car shows now: full when its main user is logged in, filtered by their
    rights for a secondary user, else limited."""
    vehicle = _car()
    now = clock.now()
    mode, rows = services.car_services(vehicle, now)
    role = services.access_of_id(vehicle.pcm_account_id, vehicle, now).role
    db.session.commit()
    return jsonify(
        {
            "vin": vehicle.vin,
            "mode": mode,
            "logged_in": vehicle.pcm_account_id is not None,
            "role": role,
            "services": [_service_json(service, contract) for service, contract in rows],
            "fetched_at": vehicle.services_fetched_at.isoformat(),
        }
    )


@bp.post(f"{PREFIX}/pairing-code")
@csrf.exempt
@limiter.limit("10 per hour", key_func=_vehicle_key)
def pairing_code():
    vehicle = _car()
    code, expires = services.issue_pairing_code(vehicle, clock.now())
    db.session.commit()
    return jsonify({"pairing_code": code, "expires_at": expires.isoformat()}), 201


@bp.post(f"{PREFIX}/login")
@csrf.exempt
@limiter.limit("20 per hour", key_func=_vehicle_key)
def login():
    vehicle = _car()
    body = _json_object()
    if body is None:
        raise ApiError(400, "The body must be a JSON object.", code="BAD_REQUEST")
    email, password, code = body.get("email"), body.get("password"), body.get("security_code")
    if not isinstance(email, str) or not isinstance(password, str) or not email or not password:
        raise ApiError(400, "email and password are required strings.", code="BAD_REQUEST")
    if code is not None and not isinstance(code, str):
        raise ApiError(400, "security_code must be a string of 4 digits.", code="BAD_REQUEST")
    if not all(_storable(text) for text in (email, password, code or "")):
        raise ApiError(400, "The strings must be valid UTF-8 without NUL.", code="BAD_REQUEST")
    try:
        account = services.pcm_login(vehicle, email, password[:256], code, clock.now())
    except accounts.LoginThrottled as exc:
        db.session.rollback()  # nothing was counted
        raise ApiError(
            429,
            f"Too many wrong passwords; try again in {exc.wait_seconds} seconds.",
            code="TOO_MANY_ATTEMPTS",
            headers={"Retry-After": str(exc.wait_seconds)},
        ) from None
    except accounts.LoginFailed:
        db.session.commit()  # the failed-login counter is kept
        raise ApiError(
            401, "The e-mail address or password is not right.", code="INVALID_CREDENTIALS"
        ) from None
    except accounts.SecurityCodeLocked as exc:
        db.session.commit()
        raise ApiError(
            423,
            f"Too many wrong codes; locked until {exc.until.isoformat()}.",
            code="LOCKED_60_MINUTES",
        ) from None
    except services.NotLinked:
        db.session.rollback()
        raise ApiError(
            403,
            "This Porsche ID is neither the main user nor a secondary user of this car.",
            code="NOT_MAIN_USER",
        ) from None
    except services.SecurityCodeNeeded:
        db.session.rollback()
        raise ApiError(
            428, "This car needs the security code.", code="SECURITY_CODE_REQUIRED"
        ) from None
    except services.NoSecurityCode:
        db.session.rollback()
        raise ApiError(
            428,
            "This car needs a security code; set one in My Porsche first.",
            code="SECURITY_CODE_NOT_SET",
        ) from None
    except services.WrongSecurityCode:
        db.session.commit()  # the wrong-code counter is kept
        raise ApiError(403, "The security code is not right.", code="INCORRECT_PIN") from None
    db.session.commit()
    return jsonify({"logged_in": True, "porsche_id": account.email})


@bp.post(f"{PREFIX}/logout")
@csrf.exempt
@limiter.limit("60 per hour", key_func=_vehicle_key)
def logout():
    services.pcm_logout(_car())
    db.session.commit()
    return jsonify({"logged_in": False})


@bp.get(f"{PREFIX}/commands")
@limiter.limit("120 per minute", key_func=_vehicle_key)
def commands():
    rows = services.commands_for_car(_car(), clock.now())
    db.session.commit()
    return jsonify(
        {
            "commands": [
                {"id": row.id, "kind": row.kind, "created_at": row.created_at.isoformat()}
                for row in rows
            ]
        }
    )


@bp.post(f"{PREFIX}/commands/<id:command_id>/result")
@csrf.exempt
@limiter.limit("120 per minute", key_func=_vehicle_key)
def command_result(command_id: int):
    body = _json_object()
    if body is None or body.get("status") not in (EXECUTED, FAILED):
        raise ApiError(400, 'status must be "executed" or "failed".', code="BAD_REQUEST")
    message = body.get("message")
    if message is not None and (
        not isinstance(message, str) or len(message) > 200 or not _storable(message)
    ):
        raise ApiError(
            400, "message must be a string of at most 200 characters.", code="BAD_REQUEST"
        )
    row = services.command_result(
        _car(), command_id, body["status"] == EXECUTED, message, clock.now()
    )
    db.session.commit()  # commands that ran out of time are marked expired either way
    if row is None:
        raise ApiError(404, "No such command for this car.", code="NOT_FOUND")
    return jsonify({"id": row.id, "status": row.status})
