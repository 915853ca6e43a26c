"""The fulfilment partner's API: ``POST /api/v1/charging-cards/<id>/status`` (documented in
``docs/charging-api.yaml``). Its key is a fulfilment partner's for one market (``flask charging
create-key --market``), not a Porsche Centre's; only its SHA-256 is stored. A card of another
market is answered like an unknown card."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import jsonify

from porsche_web.charging import bp, services
from porsche_web.charging.models import STATUSES
from porsche_web.clock import now
from porsche_web.extensions import csrf, db
from porsche_web.jsonapi import ApiError, json_body, register, require_key
from porsche_web.ratelimit import limiter

register(bp)


def _key():
    return require_key(services.find_api_key, holder="fulfilment partner", realm="charging-cards")


def _moment(value) -> datetime:
    """The report's ``at`` (ISO 8601 with an offset), default now; never in the future."""
    if value is None:
        return now()
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ApiError(
            422,
            "The request has errors.",
            code="CARD_STATUS_INVALID",
            errors={"at": "is not an ISO 8601 date and time with an offset"},
        )
    moment = moment.astimezone(UTC)
    if moment > now():
        raise ApiError(
            422,
            "The request has errors.",
            code="CARD_STATUS_INVALID",
            errors={"at": "is in the future"},
        )
    return moment


@bp.post("/api/v1/charging-cards/<id:card_id>/status")
@csrf.exempt
@limiter.limit("120 per minute")
def card_status(card_id: int):
    key = _key()
    payload = json_body()
    if not isinstance(payload, dict):
        raise ApiError(400, "The body must be a JSON object (Content-Type: application/json).")
    errors = dict.fromkeys(
        sorted(set(payload) - {"status", "at"}), "is not a field of this request"
    )
    status = payload.get("status")
    if status not in STATUSES:
        errors["status"] = "must be one of " + ", ".join(STATUSES)
    if errors:
        raise ApiError(422, "The request has errors.", code="CARD_STATUS_INVALID", errors=errors)
    moment = _moment(payload.get("at"))
    card = services.card_for_key(key, card_id)
    if card is None:  # unknown, or of another market than the key's: the same answer
        raise ApiError(404, "There is no charging card with this id.", code="CARD_NOT_FOUND")
    try:
        changed = services.change_status(card, status, moment, f"fulfilment_key:{key.id}")
    except services.InvalidTransition as exc:
        db.session.rollback()
        if exc.current == services.VOIDED:
            message = "The card is voided: its Charging Service was cancelled."
            code = "CARD_VOIDED"
        elif exc.allowed is None:
            message = f"The card is {exc.current}; its status no longer changes."
            code = "INVALID_TRANSITION"
        else:
            message = (
                f"A card that is {exc.current} cannot become {exc.wanted}; "
                f"the next status is {exc.allowed}."
            )
            code = "INVALID_TRANSITION"
        raise ApiError(409, message, code=code) from None
    db.session.commit()
    return jsonify({"id": card.id, "status": card.status, "changed": changed})
