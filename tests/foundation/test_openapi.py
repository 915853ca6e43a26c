"""Both OpenAPI files are valid (openapi-spec-validator) and the APIs answer as they say
(schemathesis, bounded examples; issue #20, item 10).

``PORSCHE_WEB_FUZZ_EXAMPLES`` raises the number of examples per operation (default 12), e.g.
``PORSCHE_WEB_FUZZ_EXAMPLES=500 .venv/bin/pytest -m fuzz tests/foundation/test_openapi.py``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import schemathesis
import schemathesis.checks as checks
import yaml
from hypothesis import HealthCheck, Phase, settings
from openapi_spec_validator import validate

DOCS = Path(__file__).resolve().parents[2] / "docs"
SPECS = ["dealer-api.yaml", "vehicle-api.yaml", "charging-api.yaml", "data-pass-api.yaml"]
EXAMPLES = int(os.environ.get("PORSCHE_WEB_FUZZ_EXAMPLES", "12"))
VIN = "WP0ZZZY1ZTS000101"


@pytest.mark.parametrize("name", SPECS)
def test_the_openapi_file_is_valid(name):
    spec = yaml.safe_load((DOCS / name).read_text(encoding="utf-8"))
    assert spec["openapi"].startswith("3.1")
    validate(spec)


dealer_api = schemathesis.openapi.from_path(DOCS / "dealer-api.yaml")
vehicle_api = schemathesis.openapi.from_path(DOCS / "vehicle-api.yaml")
charging_api = schemathesis.openapi.from_path(DOCS / "charging-api.yaml")
data_pass_api = schemathesis.openapi.from_path(DOCS / "data-pass-api.yaml")

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": False, "PUBLIC_BASE_URL": "http://127.0.0.1:5000"}


def printed_secret(output: str) -> str:
    return re.findall(r"[A-Za-z0-9_\-]{32,}", output)[-1]


@pytest.fixture
def dealer_key(app, runner) -> str:
    result = runner.invoke(
        args=["orders", "create-key", "--market", "se", "--partner", "se-goteborg"]
    )
    assert result.exit_code == 0, result.output
    return printed_secret(result.output)


@pytest.fixture
def fulfilment_key(app, runner) -> str:
    result = runner.invoke(
        args=["charging", "create-key", "--market", "se", "--partner", "Kortfabriken AB"]
    )
    assert result.exit_code == 0, result.output
    return printed_secret(result.output)


@pytest.fixture
def data_pass_key(app, runner) -> str:
    result = runner.invoke(
        args=["datapass", "create-key", "--market", "se", "--provider", "Exempel Mobil AB"]
    )
    assert result.exit_code == 0, result.output
    return printed_secret(result.output)


@pytest.fixture
def car_token(app, runner) -> str:
    result = runner.invoke(
        args=[
            "vehicles",
            "provision",
            "--vin",
            VIN,
            "--model",
            "taycan",
            "--year",
            "2026",
            "--market",
            "se",
        ]
    )
    assert result.exit_code == 0, result.output
    return printed_secret(result.output)


def call(case, app, token: str, **kwargs):
    # in-process, also for the checks' own probes (e.g. the same request without credentials)
    case.operation.app = case.operation.schema.app = app
    return case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, **kwargs)


#: Checks that do not apply, with the reason.
NOT_APPLICABLE = {
    # The dealer API checks rules across fields that a schema cannot express (a model's model
    # years, the market's languages and Porsche Centres): a schema-valid order may be a 422.
    "POST /api/v1/orders": [checks.positive_data_acceptance],
    # A charging card's report: a schema-valid time may lie in the future (a 422), and a
    # schema-valid status may be no step from the card's (a 409).
    "POST /api/v1/charging-cards/{card_id}/status": [checks.positive_data_acceptance],
    # A milestone's schema-valid time may lie in the future (a 422).
    "PATCH /api/v1/orders/{order_number}": [checks.positive_data_acceptance],
}


@pytest.mark.fuzz
@dealer_api.parametrize()
@FUZZ_SETTINGS
def test_the_dealer_api_answers_as_documented(case, app, dealer_key):
    call(case, app, dealer_key, excluded_checks=excluded(case))


@pytest.mark.fuzz
@charging_api.parametrize()
@FUZZ_SETTINGS
def test_the_charging_card_api_answers_as_documented(case, app, fulfilment_key):
    call(case, app, fulfilment_key, excluded_checks=excluded(case))


@pytest.mark.fuzz
@data_pass_api.parametrize()
@FUZZ_SETTINGS
def test_the_data_pass_api_answers_as_documented(case, app, data_pass_key):
    call(case, app, data_pass_key, excluded_checks=excluded(case))


@pytest.mark.fuzz
@vehicle_api.parametrize()
@FUZZ_SETTINGS
def test_the_vehicle_api_answers_as_documented(case, app, car_token):
    call(case, app, car_token, excluded_checks=excluded(case))


def excluded(case) -> list:
    label = f"{case.operation.method.upper()} {case.operation.path}"
    skipped = list(NOT_APPLICABLE.get(label, []))
    if not_text(case.body):
        # Both APIs refuse NUL and lone surrogates in strings (documented in words; a JSON
        # Schema pattern cannot say "valid UTF-8"): such a "schema-valid" body is a 400.
        skipped.append(checks.positive_data_acceptance)
    return skipped


def not_text(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value)
    if isinstance(value, dict):
        return any(not_text(k) or not_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(not_text(v) for v in value)
    return False


# -- what schemathesis found (each fixed; kept as plain tests) -------------------------------

ORDER = {
    "order_number": "SE-100200",
    "market": "se",
    "customer": {
        "given_name": "Astrid",
        "family_name": "Exempel",
        "email": "astrid.exempel@example.com",
        "language": "sv",
    },
    "vehicle": {"model": "taycan", "model_year": 2026, "commission_number": "SE12345"},
    "planned_delivery": "2026-12-24",
}


@pytest.mark.parametrize("path", ["/api/v1/orders", "/api/pcm/v1/services"])
def test_a_json_405_names_the_allowed_methods(client, path):
    """schemathesis ``unsupported_method``: a 405 carries ``Allow`` (RFC 9110)."""
    response = client.open(path, method="TRACE")
    assert response.status_code == 405 and response.is_json
    assert response.headers.get("Allow")


@pytest.mark.parametrize("field", ["commission_number", "vin"])
def test_an_empty_vehicle_identifier_is_refused(client, dealer_key, field):
    """schemathesis ``negative_data_rejection``: ``""`` does not match the documented pattern."""
    vehicle = {"model": "taycan", "model_year": 2026, "vin": VIN, "commission_number": "SE12345"}
    order = {**ORDER, "vehicle": {**vehicle, field: ""}}  # the other one is given
    response = client.post(
        "/api/v1/orders", json=order, headers={"Authorization": f"Bearer {dealer_key}"}
    )
    assert response.status_code == 422


def test_a_non_numeric_command_id_is_the_documented_404(client, car_token):
    """schemathesis ``response_schema_conformance``: the vehicle API's 404 is its ``Error``."""
    response = client.post(
        "/api/pcm/v1/commands/abc/result",
        json={"status": "executed"},
        headers={"Authorization": f"Bearer {car_token}"},
    )
    assert response.status_code == 404
    assert response.json["error"] == "NOT_FOUND" and response.json["message"]
