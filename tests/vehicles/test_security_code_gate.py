"""The one security-code gate (F7) of the PCM login and the remote commands: when the car's
model needs the code, the refusals in their order, counting and the lock, and that both callers
go through it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts import services as accounts
from porsche_web.accounts.models import Account
from porsche_web.activation.contracts import ServicePeriod
from porsche_web.connect import catalogue
from porsche_web.extensions import db
from porsche_web.vehicles import services
from porsche_web.vehicles.models import Vehicle, VehicleLink
from porsche_web.vehicles.services import commands
from porsche_web.vehicles.services import security_code as gate

CODE = "4711"
PASSWORD = "a long and good password"
NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)


def add_account(email: str = "astrid@example.com", code: str | None = CODE) -> Account:
    account = Account(
        email=email,
        given_name="Astrid",
        family_name="Exempel",
        country="se",
        market="se",
        language="sv",
        password_hash=hashing.hash_secret(PASSWORD),
        security_code_hash=hashing.hash_secret(code) if code else None,
    )
    db.session.add(account)
    db.session.flush()
    return account


def add_car(model: str = "taycan", year: int = 2026, vin: str = "WP0ZZZY1ZTS000801") -> Vehicle:
    vehicle, _ = services.provision(vin, model, year, "se")
    return vehicle


@pytest.mark.parametrize(
    ("model", "year", "relevant", "needed"),
    [
        ("taycan", 2026, True, True),
        ("taycan", 2020, True, True),  # the Taycan has the code from its first year
        ("taycan", 2026, False, False),  # locking: never
        ("911", 2022, True, True),
        ("911", 2021, True, False),  # before the 911 had a security code
        ("718", 2024, True, False),  # the 718 has none
    ],
)
def test_the_code_is_needed_for_security_relevant_actions_on_models_with_one(
    app, model, year, relevant, needed
):
    with app.app_context():
        vehicle = add_car(model, year)
        assert services.needs_security_code(vehicle, relevant) is needed
        assert services.needs_security_code(vehicle) is services.needs_security_code(vehicle, True)


def test_the_gate_lets_everything_through_where_no_code_is_needed(app):
    with app.app_context():
        account = add_account(code=None)  # not even set
        car = add_car("718", 2024)
        taycan = add_car(vin="WP0ZZZY1ZTS000802")
        services.check_security_code(account, car, None)
        services.check_security_code(account, car, "0000")
        services.check_security_code(account, taycan, None, security_relevant=False)
        assert account.security_code_failures == 0


def test_the_gate_refuses_in_order_not_set_then_missing_then_wrong(app):
    with app.app_context():
        car = add_car()
        without = add_account("bertil@example.com", code=None)
        with pytest.raises(services.NoSecurityCode):
            services.check_security_code(without, car, CODE)  # not set comes first
        account = add_account()
        for missing in (None, ""):
            with pytest.raises(services.SecurityCodeNeeded):
                services.check_security_code(account, car, missing)
        assert account.security_code_failures == 0  # a missing code is not a wrong one
        with pytest.raises(services.WrongSecurityCode):
            services.check_security_code(account, car, "1234")
        assert account.security_code_failures == 1
        services.check_security_code(account, car, CODE)  # the right code passes …
        assert account.security_code_failures == 0  # … and forgives the wrong one


def test_five_wrong_codes_lock_the_gate(app):
    with app.app_context():
        car = add_car()
        account = add_account()
        for _ in range(4):
            with pytest.raises(services.WrongSecurityCode):
                services.check_security_code(account, car, "1234")
        with pytest.raises(accounts.SecurityCodeLocked):
            services.check_security_code(account, car, "1234")
        with pytest.raises(accounts.SecurityCodeLocked):  # now even the right code
            services.check_security_code(account, car, CODE)


def test_the_pcm_login_and_the_commands_go_through_the_one_gate(app, monkeypatch):
    calls: list[tuple[str, str | None, bool]] = []

    def recording_gate(account, vehicle, security_code, *, security_relevant=True) -> None:
        calls.append((vehicle.vin, security_code, security_relevant))
        raise services.WrongSecurityCode()

    monkeypatch.setattr(gate, "check_security_code", recording_gate)
    remote = catalogue.get_service("rlu_v1")
    period = ServicePeriod("rlu_v1", "connect", date(2027, 1, 1), date(2030, 1, 1))
    monkeypatch.setattr(commands, "activated_services", lambda vehicle, now: [(remote, period)])
    with app.app_context():
        account = add_account()
        car = add_car()
        db.session.add(VehicleLink(vehicle_id=car.id, account_id=account.id, via="order"))
        db.session.flush()
        db.session.refresh(car)

        with pytest.raises(services.WrongSecurityCode):
            services.pcm_login(car, account.email, PASSWORD, "1111", NOW)
        with pytest.raises(services.WrongSecurityCode):
            services.send_command(account, car, "unlock", "2222", NOW)
        with pytest.raises(services.WrongSecurityCode):
            services.send_command(account, car, "lock", None, NOW)
        assert car.pcm_account_id is None
    assert calls == [
        (car.vin, "1111", True),
        (car.vin, "2222", True),  # unlocking is security-relevant …
        (car.vin, None, False),  # … locking is not: the gate lets it through on its own
    ]
