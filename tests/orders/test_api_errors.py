"""Both JSON APIs answer every error as {error, message}, declared once (porsche_web.jsonapi)."""

from __future__ import annotations

import pytest

from porsche_web.jsonapi import ApiError

APIS = ["/api/v1/orders", "/api/pcm/v1/services"]


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/pcm/v1/nothing", "/api/x"])
def test_an_unknown_api_path_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.is_json
    assert response.json["error"] == "NOT_FOUND" and response.json["message"]


@pytest.mark.parametrize("path", APIS)
def test_a_wrong_method_is_a_json_405_with_allow(client, path):
    response = client.delete(path)
    assert response.status_code == 405 and response.json["error"] == "METHOD_NOT_ALLOWED"
    assert response.headers["Allow"]


def test_the_dealer_api_without_a_key_is_a_challenged_401(client):
    response = client.post("/api/v1/orders", json={})
    assert response.status_code == 401 and response.json["error"] == "UNAUTHORIZED"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="dealer-api"'


def test_the_vehicle_api_without_a_token_is_a_challenged_401(client):
    response = client.get("/api/pcm/v1/services")
    assert response.status_code == 401 and response.json["error"] == "UNAUTHORIZED"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="vehicle-api"'


def test_a_rate_limited_api_call_says_when_to_come_back(make_app):
    app = make_app({"RATELIMIT_ENABLED": True})
    client = app.test_client()
    statuses = [client.post("/api/v1/orders", json={}).status_code for _ in range(121)]
    assert statuses[:120] == [401] * 120
    last = client.post("/api/v1/orders", json={})
    assert last.status_code == 429 and last.json["error"] == "TOO_MANY_REQUESTS"
    assert 1 <= int(last.headers["Retry-After"]) <= 60


def test_an_api_error_carries_its_status_code_fields_and_headers(app):
    with app.test_request_context():
        response = ApiError(
            422, "The order has errors.", code="ORDER_INVALID", errors={"vin": "wrong"}
        ).response()
        assert response.status_code == 422
        assert response.json == {
            "error": "ORDER_INVALID",
            "message": "The order has errors.",
            "errors": {"vin": "wrong"},
        }
        default = ApiError(404, "No such thing.").response()
        assert default.json["error"] == "NOT_FOUND"
