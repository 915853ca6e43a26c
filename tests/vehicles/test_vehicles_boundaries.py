"""The vehicles feature's boundaries: it reads the activation only through
``porsche_web.activation.contracts`` (never its models), and its services package keeps one
public API for ``from porsche_web.vehicles import services``."""

from __future__ import annotations

from pathlib import Path

import pytest

import porsche_web.vehicles
from porsche_web.testing.helpers import imported_modules
from porsche_web.vehicles import errors, services

VEHICLES = Path(porsche_web.vehicles.__file__).parent
FORBIDDEN = "porsche_web.activation.models"


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from porsche_web.activation.models import Order", True),
        ("from porsche_web.activation import models", True),
        ("import porsche_web.activation.models as m", True),
        ("from porsche_web.activation import contracts", False),
        ("from porsche_web.activation.services import now_utc", False),
    ],
)
def test_the_import_check_sees_every_spelling(source, found):
    assert (FORBIDDEN in imported_modules(source)) is found


def test_vehicles_imports_no_activation_models():
    files = sorted(VEHICLES.rglob("*.py"))
    assert VEHICLES / "services" / "linking.py" in files  # the package is searched too
    offenders = [
        str(path.relative_to(VEHICLES))
        for path in files
        if FORBIDDEN in imported_modules(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_services_package_exports_its_public_api():
    assert len(services.__all__) == len(set(services.__all__))
    missing = [name for name in services.__all__ if not hasattr(services, name)]
    assert missing == []
    # The refusals are the ones of vehicles/errors.py, not copies.
    for name in errors.__all__:
        if name != "Message":
            assert getattr(services, name) is getattr(errors, name)
    assert issubclass(services.PairingFailed, services.VehicleError)
