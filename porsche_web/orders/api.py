"""The dealer API: ``POST /api/v1/orders`` (documented in ``docs/dealer-api.yaml``)."""

from __future__ import annotations

from flask import jsonify, request

from porsche_web.extensions import csrf, db
from porsche_web.jsonapi import ApiError, json_body, register
from porsche_web.orders import bp, services
from porsche_web.ratelimit import limiter

register(bp)


def _key_from_header() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    return key.strip() if scheme.lower() == "bearer" else ""


@bp.post("/api/v1/orders")
@csrf.exempt
@limiter.limit("120 per minute")
def post_order():
    key = services.find_api_key(_key_from_header())
    if key is None:
        raise ApiError(
            401,
            "A valid dealer API key is required (Authorization: Bearer <key>).",
            headers={"WWW-Authenticate": 'Bearer realm="dealer-api"'},
        )
    payload = json_body()
    if payload is None:
        raise ApiError(400, "The body must be a JSON object (Content-Type: application/json).")
    try:
        data = services.validate_order(payload, default_partner=key.partner_id)
        order, created = services.save_order(data, market=key.market)
    except services.OrderInvalid as exc:
        db.session.rollback()
        raise ApiError(
            422, "The order has errors.", code="ORDER_INVALID", errors=exc.errors
        ) from exc
    except services.WrongMarket:
        db.session.rollback()
        raise ApiError(403, "This key may only write orders of its own market.") from None
    db.session.commit()
    response = jsonify(
        {
            "order_number": order.order_number,
            "market": order.market,
            "status": order.status,
            "created": created,
        }
    )
    response.status_code = 201 if created else 200
    return response
