"""``PATCH /api/v1/orders/<number>``: a milestone of Track your Dream from the dealer system of
the order's Porsche Centre (documented in ``docs/dealer-api.yaml``). The key acts only for its
own Centre's orders, as for ``POST /api/v1/orders``."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import jsonify

from porsche_web.audit import services as audit
from porsche_web.clock import now
from porsche_web.extensions import csrf, db
from porsche_web.jsonapi import ApiError, json_body, register, require_key
from porsche_web.markets.registry import current_registry
from porsche_web.orders import lookup
from porsche_web.orders import services as orders
from porsche_web.ratelimit import limiter
from porsche_web.tracking import bp, services

register(bp)


def _key():
    return require_key(orders.find_api_key, holder="dealer API", realm="dealer-api")


def _invalid(errors: dict[str, str]) -> ApiError:
    return ApiError(422, "The milestone has errors.", code="MILESTONE_INVALID", errors=errors)


@bp.patch("/api/v1/orders/<number>")
@csrf.exempt
@limiter.limit("120 per minute")
def patch_order(number: str):
    key = _key()
    payload = json_body()
    if not isinstance(payload, dict):
        raise ApiError(400, "The body must be a JSON object (Content-Type: application/json).")
    errors = dict.fromkeys(
        sorted(set(payload) - {"status", "timestamp"}), "is not a field of this request"
    )
    status = payload.get("status")
    if status not in services.MILESTONES:
        errors["status"] = "must be one of " + ", ".join(services.MILESTONES)
    raw = payload.get("timestamp")
    moment = None
    if isinstance(raw, str):
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            moment = None
    if moment is None or moment.tzinfo is None:
        errors["timestamp"] = "must be an ISO 8601 date and time with an offset"
    elif moment.astimezone(UTC) > now():
        errors["timestamp"] = "is in the future"
    if errors:
        raise _invalid(errors)
    assert moment is not None
    scope = lookup.Scope(frozenset({key.market}), frozenset({key.partner_id}))
    if lookup.order_in_scope(scope, number[:40]) is None:
        raise ApiError(
            404,
            "The key's Porsche Centre has no order with this number.",
            code="ORDER_NOT_FOUND",
        )
    order = orders.find_order(number[:40])
    assert order is not None
    market = current_registry().get(order.market)
    if market is None or not current_registry().track_your_dream(market):
        raise ApiError(
            409,
            f"Track your Dream is not offered in market {order.market}.",
            code="TRACKING_NOT_OFFERED",
        )
    result = services.record(order, status, moment.astimezone(UTC), now())
    if result.changed:
        audit.record(
            f"dealer_key:{key.id}",
            f"order:{order.order_number}",
            "dealer_api.milestone",
            details={"milestone": status},
        )
    db.session.commit()
    return jsonify(
        {
            "order_number": order.order_number,
            "status": status,
            "timestamp": result.happened_at.astimezone(UTC).isoformat(),
            "changed": result.changed,
            "current": result.furthest,
        }
    )
