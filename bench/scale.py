"""Benchmark: the hot paths against a big PostgreSQL database (issue #11 item 6).

    .venv/bin/python bench/scale.py [--scale 1 | 0.1 | tiny] [--url postgresql+psycopg://...]
                                    [--requests 200] [--explain]

Bulk-loads PostgreSQL (``INSERT … SELECT generate_series``, then ``VACUUM ANALYZE``) twice: a
small database at 10 000 orders, then a big one at ``--scale`` × (1 000 000 orders, 300 000
Porsche IDs and as many sessions, 200 000 cars, 1 000 000 outbox rows; a fifth of the orders
activated with two contracts each). On both it measures, in-process through the Flask test
client (no network, rate limits off), the p50 and p95 of:

* ``POST /api/v1/orders`` (the dealer API, a new order each time),
* ``invitations send-due`` (rounds of 200 due orders among the stale ones; orders/s and the
  number of statements),
* the outbox poll (a deliverer's claim of a batch and its release),
* the purge of idle and expired sessions that each login runs (``web_sessions`` by
  ``last_seen_at`` and ``created_at``),
* My Porsche, My vehicles, a car's page and the car's ``GET /api/pcm/v1/services``,

and prints the EXPLAIN of every distinct statement those ran on the big database, marking each
sequential scan of a big table. Without ``--url`` it starts a throwaway server like the tests
(``porsche_web.testing.postgres``) and each size gets its own database; with ``--url`` (a
server where the user may ``CREATE DATABASE``) it creates ``bench_small`` and ``bench_big``
there and drops them afterwards. Compare figures from one machine only; never part of the
tests (``tests/foundation/test_bench_scale.py`` only checks that ``--scale tiny`` runs).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

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


@contextmanager
def recorded(app: Flask) -> Iterator[list[tuple[str, object]]]:
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def timed(run: Callable[[], object], times: int) -> list[float]:
    run()  # warm-up
    durations = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def measure(app: Flask, requests: int) -> tuple[dict[str, dict], dict[str, list]]:
    """The figures of one database, and the statements each operation ran (one run each)."""
    from porsche_web.accounts import sessions
    from porsche_web.notifications import deliver
    from porsche_web.orders import invitations
    from porsche_web.orders import services as orders
    from porsche_web.testing.helpers import post_form

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
        def get():
            response = client.get(url, **({"headers": car_headers} if client is car else {}))
            assert response.status_code == 200, (url, response.status_code)

        return get

    car_headers = {"Authorization": f"Bearer {token}"}

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

    operations: dict[str, Callable[[], None]] = {
        "dealer API POST": dealer_post,
        "outbox poll (claim 50, release)": outbox_poll,
        "session purge (at each login)": session_purge,
        "My Porsche": page(browser, "/se/sv/account/"),
        "My vehicles": page(browser, "/se/sv/account/vehicles"),
        "car page": page(browser, f"/se/sv/account/vehicles/{vehicle_id}"),
        "car GET /api/pcm/v1/services": page(car, "/api/pcm/v1/services"),
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
    figures: dict[str, dict] = {}
    plans: dict[str, list] = {}
    for name, run in operations.items():
        durations = timed(run, requests)
        with recorded(app) as seen:
            run()
        plans[name] = seen
        figures[name] = {"p50": statistics.median(durations), "p95": p(durations, 0.95)}

    # send-due: rounds of due orders among the stale ones already invited.
    rounds, elapsed, statements = 3, 0.0, 0
    for round_number in range(rounds + 1):
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
                {"r": round_number, "n": SEND_DUE_BATCH},
            )
            db.session.commit()
        with recorded(app) as seen, app.app_context():
            started = time.perf_counter()
            count = invitations.send_due()
            db.session.commit()
            took = time.perf_counter() - started
            db.session.remove()
        assert count == SEND_DUE_BATCH, count
        if round_number:  # the first round warms up
            elapsed += took
            statements += len(seen)
        else:
            plans["invitations send-due"] = seen
    figures["invitations send-due"] = {
        "p50": elapsed / rounds * 1000,
        "p95": elapsed / rounds * 1000,
        "orders/s": SEND_DUE_BATCH * rounds / elapsed,
        "statements": statements // rounds,
    }
    return figures, plans


# -- EXPLAIN -----------------------------------------------------------------------------------

SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def explain(app: Flask, plans: dict[str, list]) -> list[str]:
    """Print the plan of every distinct statement; return the big tables scanned in full."""
    scans = []
    done: set[str] = set()
    with app.app_context(), db.engine.connect() as connection:
        for operation, seen in plans.items():
            for statement, parameters in seen:
                first = statement.lstrip().split(None, 1)[0].upper()
                if statement in done or first not in ("SELECT", "UPDATE", "DELETE", "WITH"):
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


def _short(line: str, width: int = 300) -> str:
    return line if len(line) <= width else line[:width] + " …"


# -- the databases -----------------------------------------------------------------------------


@contextmanager
def databases(url: str | None) -> Iterator[Callable[[str], str]]:
    """``make(name)`` gives the URI of a new, empty database."""
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
        else:
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
    parser.add_argument("--requests", type=int, default=200, help="timed runs per operation")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN on the small one too")
    args = parser.parse_args(argv)
    scale = SCALES.get(args.scale) or float(args.scale)
    big = sizes(int(FULL["orders"] * scale))
    small = sizes(min(SMALL_ORDERS, max(big["orders"] // 4, 200)))

    results = {}
    with databases(args.url) as make:
        for label, counts in (("small", small), ("big", big)):
            app = app_on(make(f"bench_{label}"))
            seconds = load(app, counts)
            print(f"\n== {label}: {counts} loaded in {seconds:.1f} s", flush=True)
            figures, plans = measure(app, args.requests)
            results[label] = (counts, figures)
            if label == "big" or args.explain:
                print(f"\n== EXPLAIN ({label})")
                scans = explain(app, plans)
                results[label + " scans"] = scans
            with app.app_context():
                db.engine.dispose()

    (small_counts, small_figures), (big_counts, big_figures) = results["small"], results["big"]
    print(
        f"\n== p95 in ms, in-process, {small_counts['orders']:,} vs {big_counts['orders']:,} orders"
    )
    print(
        f"{'operation':34} {'p50 small':>10} {'p95 small':>10} {'p50 big':>10} {'p95 big':>10}"
        f" {'ratio':>6}"
    )
    for name, small_row in small_figures.items():
        big_row = big_figures[name]
        ratio = big_row["p95"] / small_row["p95"] if small_row["p95"] else float("nan")
        print(
            f"{name:34} {small_row['p50']:10.2f} {small_row['p95']:10.2f} {big_row['p50']:10.2f}"
            f" {big_row['p95']:10.2f} {ratio:6.2f}"
        )
    for label, figures in (("small", small_figures), ("big", big_figures)):
        due = figures["invitations send-due"]
        print(
            f"send-due ({label}): {due['orders/s']:.0f} orders/s, "
            f"{due['statements']} statements per {SEND_DUE_BATCH} due orders"
        )
    scans = results.get("big scans", [])
    print("sequential scans of big tables:", ", ".join(scans) if scans else "none")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
