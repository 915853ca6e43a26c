"""The dealer API: ``POST /api/v1/orders`` and ``POST /api/v1/orders/<number>/invitation``
(documented in ``docs/dealer-api.yaml``).

A key acts only for its own Porsche Centre: it creates and updates that Centre's orders and
no others (issue #20, item 1). The API has no operation that reads an order.
"""

from __future__ import annotations

import logging

from flask import jsonify, request

from porsche_web.audit import services as audit
from porsche_web.extensions import csrf, db
from porsche_web.jsonapi import ApiError, json_body, register, require_key
from porsche_web.orders import bp, lookup, services
from porsche_web.ratelimit import limiter
from porsche_web.validators import is_email

register(bp)

security_log = logging.getLogger("porsche_web.security")


def _key():
    return require_key(services.find_api_key, holder="dealer API", realm="dealer-api")


@bp.post("/api/v1/orders")
@csrf.exempt
@limiter.limit("120 per minute")
def post_order():
    key = _key()
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


@bp.post("/api/v1/orders/<number>/invitation")
@csrf.exempt
@limiter.limit("60 per minute")
def resend_invitation(number: str):
    """A new invitation link for one of the key's Centre's orders (the older ones stop working),
    to a corrected e-mail address if the body gives one (issue #12, item 4)."""
    key = _key()
    payload = json_body() if request.content_length else {}
    if not isinstance(payload, dict):
        raise ApiError(400, "The body must be a JSON object (Content-Type: application/json).")
    email = payload.get("email")
    unknown = sorted(set(payload) - {"email"})
    errors = dict.fromkeys(unknown, "is not a field of this request")
    if email is not None and (not isinstance(email, str) or not is_email(email.strip())):
        errors["email"] = "is not an e-mail address"
    if errors:
        raise ApiError(422, "The request has errors.", code="ORDER_INVALID", errors=errors)
    scope = lookup.Scope(frozenset({key.market}), frozenset({key.partner_id}))
    existing = lookup.order_in_scope(scope, number[:40])
    if existing is None:
        raise ApiError(
            404,
            "The key's Porsche Centre has no order with this number.",
            code="ORDER_NOT_FOUND",
        )
    address = email.strip().lower() if email else None
    if address and address != existing.email.lower() and services.activated(existing.order_number):
        raise ApiError(
            409,
            "The customer has activated this order: its e-mail address no longer changes "
            "through the dealer API (ask Porsche Connect support).",
            code="ORDER_ACTIVATED",
            errors={"email": "cannot change once the customer has activated the order"},
        )
    result = lookup.resend_invitation(scope, existing.order_number, address)
    assert result is not None
    order, sent = result
    if sent:
        audit.record(
            f"dealer_key:{key.id}",
            f"order:{order.order_number}",
            "dealer_api.invitation_resent",
            details={"email_changed": order.email != existing.email},
        )
    db.session.commit()
    response = jsonify({"order_number": order.order_number, "email": order.email, "sent": sent})
    response.status_code = 202
    return response
