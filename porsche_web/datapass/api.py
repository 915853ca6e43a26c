"""``POST /api/v1/data-pass/registrations``: a Data Pass provider confirms that the customer
registered (F18), with the provider's own key (``flask datapass create-key``); documented in
``docs/data-pass-api.yaml``."""

from __future__ import annotations

from flask import jsonify

from porsche_web.clock import now
from porsche_web.datapass import bp, services
from porsche_web.extensions import csrf, db
from porsche_web.jsonapi import ApiError, json_body, register, require_key
from porsche_web.ratelimit import limiter

register(bp)


def _key():
    return require_key(services.find_api_key, holder="Data Pass provider", realm="data-pass")


@bp.post("/api/v1/data-pass/registrations")
@csrf.exempt
@limiter.limit("120 per minute")
def confirm_registration():
    key = _key()
    payload = json_body()
    if not isinstance(payload, dict):
        raise ApiError(400, "The body must be a JSON object (Content-Type: application/json).")
    errors = dict.fromkeys(
        sorted(set(payload) - {"vin", "email"}), "is not a field of this request"
    )
    for field in ("vin", "email"):
        value = payload.get(field)
        if not isinstance(value, str) or not value.strip() or len(value) > 254:
            errors[field] = "is required (a non-empty text)"
    if errors:
        raise ApiError(422, "The request has errors.", code="REGISTRATION_INVALID", errors=errors)
    try:
        number, changed = services.confirm_by_provider(key, payload["vin"], payload["email"], now())
    except services.NoSuchDataPass:
        raise ApiError(
            404,
            "No customer accepted this provider's Data Pass terms for this VIN and e-mail address.",
            code="DATA_PASS_NOT_FOUND",
        ) from None
    db.session.commit()
    return jsonify({"order_number": number, "registered": True, "changed": changed})
