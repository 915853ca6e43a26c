"""Operations: probes, request ids and structured logs."""

from __future__ import annotations

import json
import logging

from porsche_web.logs import JsonFormatter


def test_healthz_answers_while_the_process_lives(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_is_ok_on_the_migrated_database(client):
    assert client.get("/readyz").json["status"] == "ok"


def test_every_response_has_a_request_id(client):
    first = client.get("/se/sv/").headers["X-Request-ID"]
    second = client.get("/se/sv/").headers["X-Request-ID"]
    assert len(first) >= 16 and first != second


def test_a_sane_incoming_request_id_is_kept_and_a_bad_one_replaced(client):
    assert (
        client.get("/healthz", headers={"X-Request-ID": "lb-1234567890"}).headers["X-Request-ID"]
        == "lb-1234567890"
    )
    replaced = client.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"]
    assert replaced != "<script>" and replaced.isalnum()


def test_access_log_lines_carry_the_route_and_the_request_id(client, caplog):
    caplog.set_level(logging.INFO, logger="porsche_web.access")
    response = client.get("/se/sv/support", headers={"X-Request-ID": "req-abcdef123"})
    record = next(r for r in caplog.records if r.name == "porsche_web.access")
    assert record.request_id == "req-abcdef123"
    assert (
        record.route == "/<code:country>/<code:lang>/support"
    )  # the rule, never a path with tokens
    assert record.status == response.status_code
    entry = json.loads(JsonFormatter().format(record))
    assert (
        entry["request_id"] == "req-abcdef123"
        and entry["status"] == 200
        and entry["level"] == "INFO"
    )


def test_api_paths_answer_json_errors(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404 and response.json["error"] == "NOT_FOUND"
