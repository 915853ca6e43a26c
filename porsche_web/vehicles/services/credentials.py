"""Cars and their credentials: provisioning with the car's own API token (only its hash is
kept), token rotation, finding a car by VIN or token, and its model year. Flush, never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from porsche_web.accounts import secrets_ as hashing
from porsche_web.audit import services as audit
from porsche_web.connect import catalogue
from porsche_web.connect.catalogue import ModelYear
from porsche_web.extensions import db
from porsche_web.validators import normalize_vin, valid_vin
from porsche_web.vehicles.models import Vehicle


def find_by_vin(vin: str) -> Vehicle | None:
    return db.session.execute(select(Vehicle).where(Vehicle.vin == vin)).scalar_one_or_none()


def find_by_token(token: str) -> Vehicle | None:
    if not token or len(token) > 100:
        return None
    return db.session.execute(
        select(Vehicle).where(Vehicle.token_hash == hashing.hash_token(token))
    ).scalar_one_or_none()


def provision(vin: str, model_id: str, model_year: int, market: str) -> tuple[Vehicle, str]:
    """A car enters the system with its own API token (returned once, only its hash is kept).

    :raises ValueError: an invalid VIN, model, model year, or a VIN already known.
    """
    vin = normalize_vin(vin)
    if not valid_vin(vin, market):
        raise ValueError(f"{vin!r} is not a valid VIN for market {market!r}")
    if catalogue.model_year(model_id, model_year) is None:
        raise ValueError(f"{model_id!r} {model_year} is not a model year with Porsche Connect")
    if find_by_vin(vin) is not None:
        raise ValueError(f"{vin} is already known; rotate its token instead")
    token, token_hash = hashing.new_token()
    vehicle = Vehicle(
        vin=vin, model_id=model_id, model_year=model_year, market=market, token_hash=token_hash
    )
    db.session.add(vehicle)
    db.session.flush()
    audit.record("system", f"vehicle:{vin}", "vehicle.provisioned")
    return vehicle, token


def rotate_token(vehicle: Vehicle, now: datetime) -> str:
    """A new API token for the car; the old one stops working at once."""
    token, vehicle.token_hash = hashing.new_token()
    vehicle.token_rotated_at = now
    audit.record("system", f"vehicle:{vehicle.vin}", "vehicle.token_rotated")
    db.session.flush()
    return token


def model_year(vehicle: Vehicle) -> ModelYear:
    """The car's model in its model year (every provisioned car has one in the catalogue).

    :raises LookupError: the catalogue no longer knows the car's model year.
    """
    found = catalogue.model_year(vehicle.model_id, vehicle.model_year)
    if found is None:
        raise LookupError(f"{vehicle.model_id!r} {vehicle.model_year} is not in the catalogue")
    return found
