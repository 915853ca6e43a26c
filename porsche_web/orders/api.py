"""The dealer API: ``POST /api/v1/orders`` (documented in ``docs/dealer-api.yaml``).

A key acts only for its own Porsche Centre: it creates and updates that Centre's orders and
no others (issue #20, item 1). The API has no operation that reads an order.
"""

from __future__ import annotations

import logging

from flask import jsonify, request

from porsche_web.extensions import csrf, db
from porsche_web.jsonapi import ApiError, json_body, register
from porsche_web.orders import bp, services
from porsche_web.ratelimit import limiter

register(bp)

security_log = logging.getLogger("porsche_web.security")


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
        order, created = services.save_order(data, key=key)
    except services.OrderInvalid as exc:
        db.session.rollback()
        raise ApiError(
            422, "The order has errors.", code="ORDER_INVALID", errors=exc.errors
        ) from exc
    except services.NotYourCentre as exc:
        db.session.rollback()
        security_log.warning(
            "security event %s",
            "dealer_api.other_centre",
            extra={"event": "dealer_api.other_centre", "key_id": key.id, "existing": exc.existing},
        )
        if exc.existing:
            raise ApiError(
                403,
                "This order number belongs to an order of another Porsche Centre; a key writes "
                "only its own Centre's orders.",
                code="ORDER_OF_ANOTHER_CENTRE",
            ) from None
        raise ApiError(
            403,
            f"This key writes only orders of its own Porsche Centre ({key.partner_id}, market "
            f"{key.market}); leave partner_id out or null for it.",
            code="WRONG_CENTRE",
        ) from None
    except services.OrderActivated as exc:
        db.session.rollback()
        raise ApiError(
            409,
            "The customer has activated this order: its VIN and its customer's name and e-mail "
            "address no longer change through the dealer API (ask Porsche Connect support).",
            code="ORDER_ACTIVATED",
            errors=exc.errors,
        ) from exc
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
