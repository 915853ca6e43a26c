"""Benchmark: the hot paths against a big PostgreSQL database (issue #11 item 6).

    .venv/bin/python bench/scale.py [--scale 1 | 0.1 | tiny] [--url postgresql+psycopg://...]
                                    [--requests 200] [--rounds 5] [--explain] [--buffers]

Bulk-loads PostgreSQL (``INSERT … SELECT generate_series``, then ``VACUUM ANALYZE``) twice: a
small database at 10 000 orders and a big one at ``--scale`` × (1 000 000 orders, 300 000
Porsche IDs and as many sessions, 200 000 cars, 1 000 000 outbox rows; a fifth of the orders
activated with two contracts each). In-process through the Flask test client (no network, rate
limits off) it measures the p50 and p95 of:

* ``POST /api/v1/orders`` (the dealer API, a new order each time),
* ``invitations send-due`` (rounds of 1 000 due orders among the stale ones; orders/s and the
  number of statements),
* the outbox poll (a deliverer's claim of a batch and its release),
* the purge of idle and expired sessions that each login runs (``web_sessions`` by
  ``last_seen_at`` and ``created_at``),
* My Porsche, My vehicles, a car's page and the car's ``GET /api/pcm/v1/services``,
* ``GET /readyz`` (a load balancer's probe; it counts the outbox's rows by state).

**Fair to both sizes.** Both databases are loaded (and the bench customer, a dealer key and
claimable outbox rows added) before either is measured; then ``VACUUM ANALYZE`` of both, a wait
until no autovacuum worker runs and a ``CHECKPOINT``, so neither size is timed while the server
still writes the other's load. Each operation then runs in ``--rounds`` rounds in which the
sizes take turns (small, big, big, small, small, …), each with one untimed warm-up run;
``--requests`` timed runs per operation and size in all. Every timed run counts (no outlier is
dropped); send-due's p50/p95 are over its rounds.

It prints the EXPLAIN of every distinct statement those ran on the big database, marking each
sequential scan of a big table; ``--buffers`` adds ``EXPLAIN (ANALYZE, BUFFERS)`` of every
statement of one run at both sizes (in a transaction rolled back; shared buffers hit/read and
ms side by side), to tell a worse plan from a deeper B-tree. Without ``--url`` it starts a
throwaway server like the tests (``porsche_web.testing.postgres``); with ``--url`` (a server
where the user may ``CREATE DATABASE``) it creates ``bench_small`` and ``bench_big`` there and
drops them afterwards (``--keep`` leaves them, to look at plans). Compare figures from one
machine only; never part of the tests (``tests/foundation/test_bench_scale.py`` only checks
that ``--scale tiny`` runs).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.exc import DBAPIError, IntegrityError  # noqa: E402

from porsche_web import create_app  # noqa: E402
from porsche_web.extensions import db  # noqa: E402

FULL = {"orders": 1_000_000, "accounts": 300_000, "vehicles": 200_000, "outbox": 1_000_000}
SCALES = {"tiny": 0.002, "small": 0.01}
SMALL_ORDERS = 10_000
BIG_TABLES = (
    "orders",
    "accounts",
    "web_sessions",
    "vehicles",
    "vehicle_links",
    "outbox_messages",
    "activations",
    "contracts",
    "invitations",
)
PASSWORD = "a long and good bench password"
BENCH_EMAIL = "bench.customer@bench.example"
SEND_DUE_BATCH = 1000


# -- the data ----------------------------------------------------------------------------------


def sizes(orders: int) -> dict[str, int]:
    ratio = orders / FULL["orders"]
    return {name: max(int(count * ratio), 10) for name, count in FULL.items()}


LOAD = [
    # Porsche IDs, each with one server-side session: live ones (as with the purge scheduled),
    # one in 1 000 idle for two hours (what the purge at login removes).
    """INSERT INTO accounts (email, email_verified_at, given_name, family_name, country, market,
        language, phone_e164, phone_verified_at, password_hash, password_changed_at,
        security_code_failures, created_at)
       SELECT 'user' || g || '@bench.example', now(), 'Bench', 'User ' || g, 'se', 'se', 'sv',
        '+4670' || lpad(g::text, 7, '0'), now(), 'not-a-hash', now(), 0,
        now() - (g % 900) * interval '1 day'
       FROM generate_series(1, :accounts) g""",
    """INSERT INTO web_sessions (sid_hash, account_id, data, created_at, last_seen_at, user_agent)
       SELECT md5('sid' || g) || md5('sid2' || g), g, '{}'::json,
        now() - (g % 700) * interval '1 minute',
        now() - CASE WHEN g % 1000 = 0 THEN interval '2 hours' ELSE (g % 25) * interval '1 minute'
         END, 'bench'
       FROM generate_series(1, :accounts) g""",
    # Orders: mostly delivered; one in 12 still "ordered" (half of them stale: delivery passed,
    # invited already), one in 50 cancelled.
    """INSERT INTO orders (order_number, market, partner_id, given_name, family_name, email,
        language, vin, model_id, model_year, planned_delivery, status, created_at, updated_at)
       SELECT 'BN-' || lpad(g::text, 9, '0'), 'se', 'se-goteborg', 'Bench', 'User',
        'user' || (g % :accounts + 1) || '@bench.example', 'sv',
        'WP0ZZZY1ZB' || lpad(g::text, 7, '0'), 'taycan', 2026,
        CASE WHEN g % 24 = 0 THEN current_date + 20 + g % 300
             WHEN g % 12 = 0 THEN current_date - 15 - g % 700
             ELSE current_date - g % 1500 END,
        CASE WHEN g % 12 = 0 THEN 'ordered' WHEN g % 50 = 0 THEN 'cancelled'
             ELSE 'delivered' END,
        now() - (g % 1500) * interval '1 day', now() - (g % 1400) * interval '1 day'
       FROM generate_series(1, :orders) g""",
    """INSERT INTO invitations (order_id, token_hash, email, sent_at, expires_at, used_at)
       SELECT id, md5('inv' || id) || md5('inv2' || id), email,
        now() - interval '40 days', now() - interval '26 days',
        CASE WHEN id % 2 = 0 THEN now() - interval '39 days' END
       FROM orders WHERE status = 'ordered' AND planned_delivery < current_date""",
    """UPDATE orders SET invited_at = now() - interval '40 days'
       WHERE status = 'ordered' AND planned_delivery < current_date""",
    # A fifth of the delivered orders are activated with two contracts.
    """INSERT INTO activations (order_id, account_id, status, services, partner_consent,
        created_at, updated_at, confirmed_at, language)
       SELECT o.id, o.id % :accounts + 1, 'confirmed', '["nc_destsync_v1", "rlu_v1"]'::json,
        false, o.created_at, o.created_at, o.created_at + interval '1 day', 'sv'
       FROM orders o WHERE o.id % 5 = 0 AND o.status = 'delivered'""",
    """INSERT INTO contracts (activation_id, account_id, service_id, kind, included_months,
        currency, starts_on, ends_on, created_at)
       SELECT a.id, a.account_id, s.service_id, 'connect', 36, 'SEK',
        a.confirmed_at::date, a.confirmed_at::date + 1095, a.confirmed_at
       FROM activations a CROSS JOIN (VALUES ('nc_destsync_v1'), ('rlu_v1')) s(service_id)""",
    # Cars: those of activated orders, linked to the activating Porsche ID.
    """INSERT INTO vehicles (vin, model_id, model_year, market, token_hash, token_rotated_at,
        created_at)
       SELECT o.vin, o.model_id, o.model_year, o.market, md5('tok' || o.id) || md5('t2' || o.id),
        now(), now()
       FROM activations a JOIN orders o ON o.id = a.order_id
       ORDER BY a.id LIMIT :vehicles""",
    """INSERT INTO vehicle_links (vehicle_id, account_id, via, linked_at)
       SELECT v.id, a.account_id, 'order', now()
       FROM vehicles v JOIN orders o ON o.vin = v.vin JOIN activations a ON a.order_id = o.id""",
    # The outbox: mostly delivered and kept, some dead, some waiting for a retry later.
    """INSERT INTO outbox_messages (channel, to_address, market, language, subject, text_body,
        status, attempts, next_attempt_at, created_at, sent_at)
       SELECT CASE WHEN g % 10 = 0 THEN 'sms' ELSE 'email' END,
        'user' || g || '@bench.example', 'se', 'sv', 'Bench message ' || g,
        'Hello, this is bench message ' || g || '.',
        CASE WHEN g % 200 = 0 THEN 'dead' WHEN g % 199 = 0 THEN 'pending' ELSE 'sent' END,
        1, CASE WHEN g % 199 = 0 THEN now() + interval '1 hour' ELSE now() END,
        now() - (g % 30) * interval '1 day',
        CASE WHEN g % 200 <> 0 AND g % 199 <> 0 THEN now() - (g % 30) * interval '1 day' END
       FROM generate_series(1, :outbox) g""",
]


def load(app: Flask, counts: dict[str, int]) -> float:
    started = time.perf_counter()
    with app.app_context():
        with db.engine.begin() as connection:
            for statement in LOAD:
                connection.execute(text(statement), counts)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    return time.perf_counter() - started


def bench_customer(app: Flask) -> tuple[str, str]:
    """A Porsche ID with a known password and two activated, linked cars: (car id, token)."""
    from datetime import date, timedelta

    from porsche_web import clock
    from porsche_web.accounts import secrets_ as hashing
    from porsche_web.accounts.models import Account
    from porsche_web.activation.models import CONFIRMED, Activation, Contract
    from porsche_web.orders.models import Order
    from porsche_web.vehicles import services
    from porsche_web.vehicles.models import VehicleLink

    with app.app_context():
        now = clock.now()
        account = Account(
            email=BENCH_EMAIL,
            email_verified_at=now,
            given_name="Bench",
            family_name="Customer",
            country="se",
            market="se",
            language="sv",
            phone_e164="+46701740606",
            phone_verified_at=now,
            password_hash=hashing.hash_secret(PASSWORD),
        )
        db.session.add(account)
        db.session.flush()
        first = None
        for i in range(2):
            vin = f"WP0ZZZY1ZTS9{i:05d}"
            order = Order(
                order_number=f"BENCH-{i}",
                market="se",
                partner_id="se-goteborg",
                given_name="Bench",
                family_name="Customer",
                email=BENCH_EMAIL,
                language="sv",
                vin=vin,
                model_id="taycan",
                model_year=2026,
                planned_delivery=date.today() - timedelta(days=30),
                status="delivered",
            )
            db.session.add(order)
            db.session.flush()
            activation = Activation(
                order_id=order.id, account_id=account.id, status=CONFIRMED, confirmed_at=now
            )
            db.session.add(activation)
            db.session.flush()
            for service in ("nc_destsync_v1", "rlu_v1"):
                db.session.add(
                    Contract(
                        activation_id=activation.id,
                        account_id=account.id,
                        service_id=service,
                        currency="SEK",
                        starts_on=now.date(),
                        ends_on=now.date() + timedelta(days=1095),
                    )
                )
            vehicle, token = services.provision(vin, "taycan", 2026, "se")
            db.session.add(VehicleLink(vehicle_id=vehicle.id, account_id=account.id, via="order"))
            first = first or (str(vehicle.id), token)
        db.session.commit()
    assert first is not None
    return first


# -- measuring ---------------------------------------------------------------------------------


@dataclass
class Size:
    """One database (small or big) with its app, its operations and what they measured."""

    label: str
    counts: dict[str, int]
    app: Flask
    operations: dict[str, Callable[[], None]] = field(default_factory=dict)
    send_due: Callable[[], tuple[float, list]] = lambda: (0.0, [])
    plans: dict[str, list] = field(default_factory=dict)
    durations: dict[str, list[float]] = field(default_factory=dict)


@contextmanager
def recorded(app: Flask) -> Iterator[list[tuple[str, object, bool]]]:
    seen: list[tuple[str, object, bool]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append((statement, parameters, executemany))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def prepare(size: Size) -> None:
    """The bench customer (logged in), a dealer key, claimable outbox rows; the operations."""
    from porsche_web.accounts import sessions
    from porsche_web.notifications import deliver
    from porsche_web.orders import invitations
    from porsche_web.orders import services as orders
    from porsche_web.testing.helpers import post_form

    app = size.app
    vehicle_id, token = bench_customer(app)
    with app.app_context():
        _, key = orders.create_api_key("se", "se-goteborg")
        db.session.commit()
    browser = app.test_client()
    login = post_form(browser, "/se/sv/account/login", {"email": BENCH_EMAIL, "password": PASSWORD})
    assert login.status_code in (302, 303), login.status_code
    car = app.test_client()
    dealer = app.test_client()
    numbers = iter(range(10**6))
    car_headers = {"Authorization": f"Bearer {token}"}

    def dealer_post():
        number = next(numbers)
        response = dealer.post(
            "/api/v1/orders",
            headers={"Authorization": f"Bearer {key}"},
            json={
                "order_number": f"SE-B{number:07d}",
                "market": "se",
                "customer": {
                    "given_name": "Dana",
                    "family_name": "Dealer",
                    "email": f"dana{number}@example.com",
                    "language": "sv",
                },
                "vehicle": {
                    "model": "taycan",
                    "model_year": 2026,
                    "commission_number": f"B{number:07d}",
                },
                "planned_delivery": "2031-06-01",
            },
        )
        assert response.status_code == 201, response.get_data(as_text=True)

    def page(client, url: str) -> Callable[[], None]:
        headers = car_headers if client is car else {}

        def get():
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (url, response.status_code)

        return get

    def session_purge():
        with app.app_context():
            sessions.purge_expired()
            db.session.commit()
            db.session.remove()

    def outbox_poll():
        with app.app_context():
            worker = deliver.new_worker("email")
            deliver.claim("email", 50, worker)
            deliver.release(worker)
            db.session.remove()

    size.operations = {
        "dealer API POST": dealer_post,
        "outbox poll (claim 50, release)": outbox_poll,
        "session purge (at each login)": session_purge,
        "My Porsche": page(browser, "/se/sv/account/"),
        "My vehicles": page(browser, "/se/sv/account/vehicles"),
        "car page": page(browser, f"/se/sv/account/vehicles/{vehicle_id}"),
        "car GET /api/pcm/v1/services": page(car, "/api/pcm/v1/services"),
        "GET /readyz (outbox counts)": page(app.test_client(), "/readyz"),
    }
    with app.app_context():  # some claimable outbox rows for the poll
        db.session.execute(
            text(
                "INSERT INTO outbox_messages (channel, to_address, market, language, subject,"
                " text_body, status, attempts, next_attempt_at, created_at)"
                " SELECT 'email', 'due' || g || '@bench.example', 'se', 'sv', 's', 'b',"
                " 'pending', 0, now() - interval '1 minute', now()"
                " FROM generate_series(1, 100) g"
            )
        )
        db.session.commit()

    rounds = iter(range(10**6))

    def send_due() -> tuple[float, list]:
        """One round: SEND_DUE_BATCH orders become due among the stale ones; the seconds
        ``invitations send-due`` took to invite them, and its statements."""
        with app.app_context():
            db.session.execute(
                text(
                    "INSERT INTO orders (order_number, market, partner_id, given_name,"
                    " family_name, email, language, model_id, model_year, planned_delivery,"
                    " status, created_at, updated_at)"
                    " SELECT 'DUE-' || :r || '-' || g, 'se', 'se-goteborg', 'Due', 'Customer',"
                    " 'due' || g || '@example.com', 'sv', 'taycan', 2026, current_date + 5,"
                    " 'ordered', now(), now() FROM generate_series(1, :n) g"
                ),
                {"r": next(rounds), "n": SEND_DUE_BATCH},
            )
            db.session.commit()
        with recorded(app) as seen, app.app_context():
            started = time.perf_counter()
            count = invitations.send_due()
            db.session.commit()
            took = time.perf_counter() - started
            db.session.remove()
        assert count == SEND_DUE_BATCH, count
        return took, seen

    size.send_due = send_due


def _autocommit():
    return db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")


def settle(both: list[Size]) -> str:
    """After loading both databases and before measuring either: VACUUM ANALYZE (hint bits
    and visibility maps set, statistics current), wait until no autovacuum worker runs, then
    CHECKPOINT, so neither size is measured while the server still writes the other's load."""
    started = time.perf_counter()
    for size in both:
        with size.app.app_context(), _autocommit() as c:
            c.exec_driver_sql("VACUUM ANALYZE")
    app = both[0].app
    with app.app_context(), _autocommit() as c:
        deadline = time.monotonic() + 300
        while True:
            workers = c.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
            ).scalar()
            if not workers or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        try:
            c.exec_driver_sql("CHECKPOINT")
            checkpoint = "CHECKPOINT done"
        except DBAPIError:  # --url without the right to: say so
            checkpoint = "CHECKPOINT refused (not a superuser / pg_checkpoint)"
    idle = "autovacuum idle" if not workers else f"{workers} autovacuum workers still running"
    return f"VACUUM ANALYZE, {idle}, {checkpoint} in {time.perf_counter() - started:.1f} s"


def interleaved(both: list[Size], rounds: int, per_round: int) -> None:
    """Each operation in rounds, the sizes taking turns (small, big, big, small, small, …:
    neither always goes first); one untimed warm-up run per size and round. Every timed run
    counts: nothing is dropped."""
    for name in both[0].operations:
        started = time.perf_counter()
        for size in both:
            size.durations[name] = []
        for r in range(rounds):
            for size in both if r % 2 == 0 else both[::-1]:
                run = size.operations[name]
                run()  # warm-up
                for _ in range(per_round):
                    began = time.perf_counter()
                    run()
                    size.durations[name].append((time.perf_counter() - began) * 1000)
        for size in both:  # the statements of one more run, for EXPLAIN
            with recorded(size.app) as seen:
                size.operations[name]()
            size.plans[name] = seen
        print(f"   {name}: {time.perf_counter() - started:.1f} s", flush=True)

    # send-due: a warm-up round per size, then the rounds taking turns as above.
    name = "invitations send-due"
    for size in both:
        _, size.plans[name] = size.send_due()
        size.durations[name] = []
        size.durations["send-due statements"] = []
    for r in range(rounds):
        for size in both if r % 2 == 0 else both[::-1]:
            took, seen = size.send_due()
            size.durations[name].append(took * 1000)
            size.durations["send-due statements"].append(len(seen))


def figures(size: Size) -> dict[str, dict]:
    result = {}
    for name, durations in size.durations.items():
        if name == "send-due statements":
            continue
        result[name] = {"p50": statistics.median(durations), "p95": p(durations, 0.95)}
    due = size.durations["invitations send-due"]
    result["invitations send-due"].update(
        {
            "orders/s": SEND_DUE_BATCH * len(due) / (sum(due) / 1000),
            "statements": sum(size.durations["send-due statements"]) // len(due),
        }
    )
    return result


# -- EXPLAIN -----------------------------------------------------------------------------------

SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
EXPLAINED = ("SELECT", "UPDATE", "DELETE", "WITH")


def _explainable(statement: str, executemany: bool, kinds: tuple[str, ...]) -> bool:
    return not executemany and statement.lstrip().split(None, 1)[0].upper() in kinds


def explain(app: Flask, plans: dict[str, list]) -> list[str]:
    """Print the plan of every distinct statement; return the big tables scanned in full."""
    scans = []
    done: set[str] = set()
    with app.app_context(), db.engine.connect() as connection:
        for operation, seen in plans.items():
            for statement, parameters, executemany in seen:
                if statement in done or not _explainable(statement, executemany, EXPLAINED):
                    continue
                done.add(statement)
                transaction = connection.begin()
                try:
                    rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters).all()
                finally:
                    transaction.rollback()
                plan = "\n".join(_short(row[0]) for row in rows)
                big = [t for t in SEQ_SCAN.findall(plan) if t in BIG_TABLES]
                flag = f"  <-- SEQ SCAN of {', '.join(big)}" if big else ""
                scans += [(operation, t) for t in big]
                print(f"\n[{operation}]{flag}\n{' '.join(statement.split())[:400]}")
                print("    " + plan.replace("\n", "\n    "))
    return [f"{operation}: {table}" for operation, table in scans]


BUFFERS = re.compile(r"(hit|read|dirtied|written)=(\d+)")
EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")


def analyzed(app: Flask, seen: list) -> list[tuple[str, dict[str, int], float, str]]:
    """EXPLAIN (ANALYZE, BUFFERS) of each statement of one run, in a transaction rolled back:
    (statement, the top node's shared buffers, execution ms, the plan)."""
    result = []
    kinds = (*EXPLAINED, "INSERT")
    with app.app_context(), db.engine.connect() as connection:
        for statement, parameters, executemany in seen:
            if not _explainable(statement, executemany, kinds):
                continue
            transaction = connection.begin()
            try:
                rows = _analyze(connection, statement, parameters)
            finally:
                transaction.rollback()
            if rows is None:
                continue
            lines = [row[0] for row in rows]
            tree = lines[: next((i for i, s in enumerate(lines) if s.startswith("Planning")), None)]
            top = next((s for s in tree if "Buffers: shared" in s), "")
            shared = {k: int(v) for k, v in BUFFERS.findall(top.split("temp")[0])}
            ms = next((float(m[1]) for s in lines if (m := EXECUTION.search(s))), 0.0)
            result.append((statement, shared, ms, "\n".join(_short(s) for s in lines)))
    return result


def _analyze(connection, statement: str, parameters) -> list | None:
    """EXPLAIN (ANALYZE, BUFFERS); an INSERT of a row that the run already inserted (unique
    key) is tried again with its numbered strings changed in their last character."""
    for attempt in range(2):
        savepoint = connection.begin_nested()
        try:
            rows = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            return rows.all()
        except IntegrityError:
            savepoint.rollback()
            if attempt or not isinstance(parameters, dict):
                return None
            parameters = {
                k: v[:-1] + "~" if isinstance(v, str) and any(c.isdigit() for c in v) else v
                for k, v in parameters.items()
            }
    return None


def buffers(both: list[Size]) -> None:
    """Per operation and statement: shared buffers hit/read and execution time at each size."""
    small, big = both
    for name in small.plans:
        rows = {size.label: analyzed(size.app, size.plans[name]) for size in both}
        print(f"\n[{name}]  shared buffers hit/read and ms: small | big")
        totals = {label: [0, 0, 0.0] for label in rows}
        for i, (statement, shared, ms, plan) in enumerate(rows["small"]):
            other = rows["big"][i] if i < len(rows["big"]) else ("", {}, 0.0, "")
            for label, (_, b, t) in (("small", (statement, shared, ms)), ("big", other[:3])):
                totals[label][0] += b.get("hit", 0)
                totals[label][1] += b.get("read", 0)
                totals[label][2] += t
            print(
                f"  {shared.get('hit', 0):6d}/{shared.get('read', 0):<5d} {ms:7.3f} |"
                f" {other[1].get('hit', 0):6d}/{other[1].get('read', 0):<5d} {other[2]:7.3f}"
                f"  {' '.join(statement.split())[:90]}"
            )
            for label, text_ in (("small", plan), ("big", other[3])):
                print(f"      -- {label}\n        " + text_.replace("\n", "\n        "))
        (sh, sr, st), (bh, br, bt) = totals["small"], totals["big"]
        print(f"  {sh:6d}/{sr:<5d} {st:7.3f} | {bh:6d}/{br:<5d} {bt:7.3f}  (total)")


def _short(line: str, width: int = 300) -> str:
    return line if len(line) <= width else line[:width] + " …"


# -- the databases -----------------------------------------------------------------------------


@contextmanager
def databases(url: str | None, keep: bool = False) -> Iterator[Callable[[str], str]]:
    """``make(name)`` gives the URI of a new, empty database (kept afterwards with ``keep``
    and ``--url``, to look at its plans)."""
    made: list[str] = []
    server = None
    if url is None:
        from porsche_web.testing.postgres import PostgresServer

        server = PostgresServer().start()
        base = server.uri()
    else:
        base = url

    def make(name: str) -> str:
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        made.append(name)
        return make_url(base).set(database=name).render_as_string(hide_password=False)

    try:
        yield make
    finally:
        if server is not None:
            server.stop()
        elif not keep:
            admin = create_engine(base, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                for name in made:
                    connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


def app_on(uri: str) -> Flask:
    app = create_app(
        {
            "ENVIRONMENT": "testing",
            "SQLALCHEMY_DATABASE_URI": uri,
            "RATELIMIT_ENABLED": False,
            "LOG_LEVEL": "ERROR",
            "PASSWORD_HASH_PROFILE": "fast",
        }
    )
    with app.app_context():
        upgrade()
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="1", help="factor of the full size, or tiny/small")
    parser.add_argument("--url", help="a PostgreSQL server URL (default: start a throwaway one)")
    parser.add_argument(
        "--requests", type=int, default=200, help="timed runs per operation and size, in all"
    )
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument(
        "--keep", action="store_true", help="with --url: keep bench_small and bench_big"
    )
    parser.add_argument("--explain", action="store_true", help="EXPLAIN on the small one too")
    parser.add_argument(
        "--buffers",
        action="store_true",
        help="EXPLAIN (ANALYZE, BUFFERS) of every statement at both sizes (rolled back)",
    )
    args = parser.parse_args(argv)
    scale = SCALES.get(args.scale) or float(args.scale)
    big = sizes(int(FULL["orders"] * scale))
    small = sizes(min(SMALL_ORDERS, max(big["orders"] // 4, 200)))
    rounds = max(args.rounds, 1)
    per_round = max(args.requests // rounds, 1)

    with databases(args.url, args.keep) as make:
        both = []
        for label, counts in (("small", small), ("big", big)):
            app = app_on(make(f"bench_{label}"))
            seconds = load(app, counts)
            print(f"\n== {label}: {counts} loaded in {seconds:.1f} s", flush=True)
            both.append(Size(label, counts, app))
        for size in both:
            prepare(size)
        print(f"\n== settled: {settle(both)}", flush=True)
        print(
            f"\n== measuring: {rounds} rounds x {per_round} timed runs per operation and size,"
            " sizes taking turns, a warm-up run each",
            flush=True,
        )
        interleaved(both, rounds, per_round)
        scans: dict[str, list[str]] = {}
        for size in both:
            if size.label == "big" or args.explain:
                print(f"\n== EXPLAIN ({size.label})")
                scans[size.label] = explain(size.app, size.plans)
        if args.buffers:
            print("\n== EXPLAIN (ANALYZE, BUFFERS), small vs big")
            buffers(both)
        small_figures, big_figures = figures(both[0]), figures(both[1])
        for size in both:
            with size.app.app_context():
                db.engine.dispose()

    print(f"\n== p95 in ms, in-process, {small['orders']:,} vs {big['orders']:,} orders")
    print(
        f"{'operation':34} {'p50 small':>10} {'p95 small':>10} {'p50 big':>10} {'p95 big':>10}"
        f" {'ratio':>6} {'p50 ratio':>9}"
    )
    for name, small_row in small_figures.items():
        big_row = big_figures[name]
        ratio = big_row["p95"] / small_row["p95"] if small_row["p95"] else float("nan")
        median = big_row["p50"] / small_row["p50"] if small_row["p50"] else float("nan")
        print(
            f"{name:34} {small_row['p50']:10.2f} {small_row['p95']:10.2f} {big_row['p50']:10.2f}"
            f" {big_row['p95']:10.2f} {ratio:6.2f} {median:9.2f}"
        )
    for label, figures_ in (("small", small_figures), ("big", big_figures)):
        due = figures_["invitations send-due"]
        print(
            f"send-due ({label}): {due['orders/s']:.0f} orders/s, "
            f"{due['statements']} statements per {SEND_DUE_BATCH} due orders"
        )
    found = scans.get("big", [])
    print("sequential scans of big tables:", ", ".join(found) if found else "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
