"""The activation's public service for other features (porsche_web/activation/contracts.py):
its value objects, what each query returns and leaves out, and that each is one statement."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from porsche_web import clock
from porsche_web.accounts.models import Account
from porsche_web.activation import contracts
from porsche_web.activation.contracts import LinkableOrder, ServicePeriod
from porsche_web.activation.models import CONFIRMED, DRAFT, Activation, Contract
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.orders.models import Order
from porsche_web.testing.helpers import sql_statements
from porsche_web.vehicles import services
from porsche_web.vehicles.models import LIMITED, Vehicle

TODAY = date(2027, 3, 1)
VIN = "WP0ZZZY1ZTS000901"
OTHER_VIN = "WP0ZZZY1ZTS000902"
CONFIRMED_AT = datetime(2027, 2, 1, 9, 30, tzinfo=UTC)


def account(email: str) -> Account:
    row = Account(
        email=email,
        given_name="Astrid",
        family_name="Exempel",
        country="se",
        market="se",
        language="sv",
        password_hash="not-a-hash",
    )
    db.session.add(row)
    db.session.flush()
    return row


def order(number: str, vin: str | None, model_id: str = "taycan", status: str = "ordered") -> Order:
    row = Order(
        order_number=number,
        market="se",
        partner_id="se-goteborg",
        given_name="Astrid",
        family_name="Exempel",
        email="astrid@example.com",
        language="sv",
        vin=vin,
        model_id=model_id,
        model_year=2026,
        planned_delivery=TODAY,
        status=status,
    )
    db.session.add(row)
    db.session.flush()
    return row


def activation(
    of: Order, by: Account, status: str = CONFIRMED, confirmed_at: datetime | None = CONFIRMED_AT
) -> Activation:
    row = Activation(
        order_id=of.id,
        account_id=by.id,
        status=status,
        confirmed_at=confirmed_at if status == CONFIRMED else None,
    )
    db.session.add(row)
    db.session.flush()
    return row


def contract(
    of: Activation,
    service_id: str,
    ends_on: date,
    kind: str = "connect",
    starts_on: date = TODAY - timedelta(days=30),
) -> Contract:
    row = Contract(
        activation_id=of.id,
        account_id=of.account_id,
        service_id=service_id,
        kind=kind,
        currency="SEK",
        starts_on=starts_on,
        ends_on=ends_on,
    )
    db.session.add(row)
    db.session.flush()
    return row


# -- the value objects -------------------------------------------------------------------------


def test_the_value_objects_are_frozen():
    period = ServicePeriod("nav_plus_v1", "connect", TODAY, TODAY)
    linkable = LinkableOrder("SE-1", VIN, "taycan", 2026, "se", 1, True, CONFIRMED_AT)
    for value, name in ((period, "ends_on"), (linkable, "vin")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, name, None)
    assert period == ServicePeriod("nav_plus_v1", "connect", TODAY, TODAY)  # compared by value
    assert hash(period) == hash(ServicePeriod("nav_plus_v1", "connect", TODAY, TODAY))


@pytest.mark.parametrize(
    ("confirmed", "vin", "ready"),
    [(True, VIN, True), (True, None, False), (True, "", False), (False, VIN, False)],
)
def test_an_order_is_ready_to_link_when_confirmed_with_a_vin(confirmed, vin, ready):
    linkable = LinkableOrder("SE-1", vin, "taycan", 2026, "se", 1, confirmed, None)
    assert linkable.ready_to_link is ready


# -- contracts_for_vin -------------------------------------------------------------------------


def test_contracts_for_vin_are_the_confirmed_ones_not_ended(app):
    with app.app_context():
        customer = account("astrid@example.com")
        confirmed = activation(order("SE-1", VIN), customer)
        first = contract(confirmed, "nav_plus_v1", TODAY)  # ends today: still active
        contract(confirmed, "rlu_v1", TODAY - timedelta(days=1))  # ended yesterday
        contract(confirmed, "charging_plan", TODAY + timedelta(days=9), kind="charging")
        draft = activation(order("SE-2", OTHER_VIN), customer, status=DRAFT)
        contract(draft, "nav_plus_v1", TODAY + timedelta(days=365))

        with sql_statements() as seen:
            periods = contracts.contracts_for_vin(VIN, TODAY)
        assert len(seen) == 1  # one query, however many contracts

        assert periods == [
            ServicePeriod("nav_plus_v1", "connect", first.starts_on, TODAY),
            ServicePeriod("charging_plan", "charging", first.starts_on, TODAY + timedelta(9)),
        ]
        assert all(isinstance(period, ServicePeriod) for period in periods)
        assert contracts.contracts_for_vin(OTHER_VIN, TODAY) == []  # a draft has no contracts
        assert contracts.contracts_for_vin("WP0ZZZY1ZTS999999", TODAY) == []
        # A day later the contract ending today is over.
        later = contracts.contracts_for_vin(VIN, TODAY + timedelta(days=1))
        assert [period.service_id for period in later] == ["charging_plan"]


def test_contracts_for_vin_follow_the_start_as_well_as_the_end(app):
    """A contract runs from its start (the car's delivery) to its end, both days included."""
    with app.app_context():
        confirmed = activation(order("SE-1", VIN), account("astrid@example.com"))
        row = contract(confirmed, "nav_plus_v1", TODAY + timedelta(days=30))
        row.starts_on = TODAY + timedelta(days=10)
        db.session.flush()
        for day, running in (
            (TODAY, False),
            (TODAY + timedelta(days=9), False),
            (TODAY + timedelta(days=10), True),  # the start day
            (TODAY + timedelta(days=30), True),  # the last day
            (TODAY + timedelta(days=31), False),
        ):
            found = [period.service_id for period in contracts.contracts_for_vin(VIN, day)]
            assert found == (["nav_plus_v1"] if running else []), day


def test_a_sold_car_ends_its_contracts_and_one_not_started_never_runs(app):
    """end_contracts_for_vin: a running contract ends yesterday; one that starts later ends
    the day before its start (like end_charging), never before it; an ended one stays."""
    with app.app_context():
        confirmed = activation(order("SE-1", VIN), account("astrid@example.com"))
        running = contract(confirmed, "nav_plus_v1", TODAY + timedelta(days=10))
        later = contract(confirmed, "pcs", TODAY + timedelta(days=400), kind="charging")
        later.starts_on = TODAY + timedelta(days=35)
        ended = contract(confirmed, "rlu_v1", TODAY - timedelta(days=5))
        db.session.flush()
        for _ in range(2):  # safe to run twice
            contracts.end_contracts_for_vin(VIN, TODAY)
            db.session.refresh(running)
            db.session.refresh(later)
            db.session.refresh(ended)
            assert running.ends_on == TODAY - timedelta(days=1)
            assert later.ends_on == later.starts_on - timedelta(days=1)
            assert ended.ends_on == TODAY - timedelta(days=5)
        for day in (TODAY, later.starts_on, TODAY + timedelta(days=400)):
            assert contracts.contracts_for_vin(VIN, day) == []
            assert contracts.charging_contract(confirmed.account_id, "SE-1", day) is None


def test_contracts_of_two_orders_of_the_same_car_are_all_there(app):
    """A car sold on: the next owner's activation adds its contracts to the car's (the first
    owner's order was delivered: a car is on order for one customer at a time)."""
    with app.app_context():
        first = activation(order("SE-1", VIN, status="delivered"), account("astrid@example.com"))
        contract(first, "nav_plus_v1", TODAY + timedelta(days=10))
        second = activation(order("SE-2", VIN), account("bertil@example.com"))
        contract(second, "rlu_v1", TODAY + timedelta(days=20))
        periods = contracts.contracts_for_vin(VIN, TODAY)
        assert [period.service_id for period in periods] == ["nav_plus_v1", "rlu_v1"]


# -- last_activation_for_vin -------------------------------------------------------------------


def test_the_last_activation_of_a_car_is_its_latest_confirmation(app):
    with app.app_context():
        assert contracts.last_activation_for_vin(VIN) is None
        later = CONFIRMED_AT + timedelta(days=3)
        activation(order("SE-1", VIN, status="delivered"), account("astrid@example.com"))
        delivered = order("SE-2", VIN, status="delivered")
        activation(delivered, account("bertil@example.com"), confirmed_at=later)
        activation(order("SE-3", VIN), account("cecilia@example.com"), status=DRAFT)
        with sql_statements() as seen:
            moment = contracts.last_activation_for_vin(VIN)
        assert len(seen) == 1
        assert moment == later
        assert moment.tzinfo is not None  # aware, also on SQLite
        assert contracts.last_activation_for_vin(OTHER_VIN) is None


# -- activated_orders and order_activated_by ---------------------------------------------------


def test_activated_orders_are_the_accounts_confirmed_ones_with_a_vin(app):
    with app.app_context():
        customer = account("astrid@example.com")
        other = account("bertil@example.com")
        activation(order("SE-2", OTHER_VIN), customer, confirmed_at=CONFIRMED_AT + timedelta(1))
        activation(order("SE-1", VIN, model_id="911"), customer)
        activation(order("SE-3", None), customer)  # no VIN yet
        activation(order("SE-4", "WP0ZZZY1ZTS000903"), customer, status=DRAFT)
        activation(order("SE-5", "WP0ZZZY1ZTS000904"), other)
        customer_id = customer.id

        with sql_statements() as seen:
            orders = contracts.activated_orders(customer_id)
        assert len(seen) == 1

        assert orders == [
            LinkableOrder("SE-1", VIN, "911", 2026, "se", customer_id, True, CONFIRMED_AT),
            LinkableOrder(
                "SE-2",
                OTHER_VIN,
                "taycan",
                2026,
                "se",
                customer_id,
                True,
                CONFIRMED_AT + timedelta(1),
            ),
        ]
        assert all(linkable.ready_to_link for linkable in orders)
        assert contracts.activated_orders(customer_id + 100) == []


def test_order_activated_by_is_only_the_accounts_own(app):
    with app.app_context():
        customer = account("astrid@example.com")
        other = account("bertil@example.com")
        activation(order("SE-1", VIN), customer)
        activation(order("SE-2", None), customer, status=DRAFT)
        activation(order("SE-3", OTHER_VIN), other)
        order("SE-4", "WP0ZZZY1ZTS000903")  # nobody activates it

        with sql_statements() as seen:
            own = contracts.order_activated_by(customer.id, " se-1 ")  # as find_order reads it
        assert len(seen) == 1
        assert own == LinkableOrder(
            "SE-1", VIN, "taycan", 2026, "se", customer.id, True, CONFIRMED_AT
        )

        draft = contracts.order_activated_by(customer.id, "SE-2")
        assert draft is not None and not draft.confirmed and draft.vin is None
        assert not draft.ready_to_link and draft.confirmed_at is None

        assert contracts.order_activated_by(customer.id, "SE-3") is None  # another's
        assert contracts.order_activated_by(customer.id, "SE-4") is None  # not activated
        assert contracts.order_activated_by(customer.id, "SE-404") is None  # unknown


# -- the car's services by its market's calendar -----------------------------------------------
# At 00:30 in Stockholm a contract that starts that day has started and one that ended the day
# before has ended, though it is still the day before in UTC (23:30 in winter, 22:30 in summer).

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize("day", [date(2027, 3, 1), date(2027, 7, 1)], ids=["winter", "summer"])
def test_at_half_past_midnight_in_stockholm_the_cars_services_are_that_days(app, day):
    moment = datetime(day.year, day.month, day.day, 0, 30, tzinfo=STOCKHOLM)
    with time_machine.travel(moment, tick=False), app.app_context():
        now = clock.now()
        assert now.date() == day - timedelta(days=1)  # still yesterday in UTC
        confirmed = activation(order("SE-1", VIN), account("astrid@example.com"))
        contract(confirmed, "nc_destsync_v1", day + timedelta(days=365), starts_on=day)  # today
        contract(confirmed, "onlinespeech_v1", day - timedelta(days=1))  # ended yesterday
        car = Vehicle(vin=VIN, model_id="taycan", model_year=2026, market="se", token_hash="x")
        db.session.add(car)
        db.session.flush()

        assert current_registry().today("se", now) == day
        assert services.vehicle_today(car, now) == day
        mode, shown = services.car_services(car, now)
        assert mode == LIMITED
        assert [service.id for service, _ in shown] == ["nc_destsync_v1"]
        assert [s.id for s, _ in services.activated_services(car, now)] == ["nc_destsync_v1"]
