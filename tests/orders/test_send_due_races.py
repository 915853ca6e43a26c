"""``invitations send-due`` one run at a time, and one open invitation link per order kept by
the database (issue #20, item 19): on SQLite (a lock row with a lease) and on PostgreSQL (an
advisory lock)."""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask_migrate import upgrade
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from porsche_web import clock
from porsche_web.extensions import db
from porsche_web.orders import cli, invitations, runlock, services
from porsche_web.orders.models import Invitation, Order, RunLock
from porsche_web.testing.helpers import outbox

DUE = 3


def make_orders(app, count: int = DUE) -> list[str]:
    numbers = [f"SE-7000{n}" for n in range(count)]
    with app.app_context():
        for number in numbers:
            raw = {
                "order_number": number,
                "market": "se",
                "partner_id": "se-goteborg",
                "customer": {
                    "given_name": "Astrid",
                    "family_name": "Exempel",
                    "email": f"{number.lower()}@example.com",
                    "language": "sv",
                },
                "vehicle": {"model": "taycan", "model_year": 2026, "commission_number": "SE12345"},
                "planned_delivery": (clock.now().date() + timedelta(days=5)).isoformat(),
            }
            services.save_order(services.validate_order(raw))
        db.session.commit()
    return numbers


def open_links(app) -> dict[str, int]:
    """Open (neither used nor voided) invitation links per order number."""
    with app.app_context():
        rows = db.session.execute(
            select(Order.order_number, func.count(Invitation.id))
            .join(Invitation, Invitation.order_id == Order.id)
            .where(Invitation.used_at.is_(None), Invitation.voided_at.is_(None))
            .group_by(Order.order_number)
        ).all()
    return dict(rows)


def in_threads(target, count: int = 2) -> list:
    results: list = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(target())
        except BaseException as exc:  # pragma: no cover - shown in the assertion
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return results


# -- one run at a time ------------------------------------------------------------------------


@pytest.mark.postgres
def test_two_send_due_runs_at_once_invite_each_order_once(app, monkeypatch):
    """Both runs start together; without the lock both would read the same due orders (the
    barrier waits until both did) and invite each twice."""
    numbers = make_orders(app)
    barrier = threading.Barrier(2)
    inside = {"now": 0, "most": 0}
    guard = threading.Lock()
    real_due_orders = invitations.due_orders

    def due_orders(now):
        with guard:
            inside["now"] += 1
            inside["most"] = max(inside["most"], inside["now"])
        found = real_due_orders(now)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(3)  # the other run, if it got this far, has read them too
        return found

    real_send_due = invitations.send_due

    def send_due(now=None):
        try:
            return real_send_due(now)
        finally:
            with guard:
                inside["now"] -= 1

    monkeypatch.setattr(invitations, "due_orders", due_orders)
    monkeypatch.setattr(invitations, "send_due", send_due)

    def run():
        with app.app_context():
            try:
                return cli.send_due_once()
            finally:
                db.session.remove()

    results = in_threads(run)
    assert inside["most"] == 1, "two runs were under way at once"
    assert sum(r or 0 for r in results) == DUE, results
    assert open_links(app) == dict.fromkeys(numbers, 1)
    assert sorted(m.to_address for m in outbox(app, "email")) == sorted(
        f"{n.lower()}@example.com" for n in numbers
    )


def test_send_due_says_so_and_does_nothing_while_another_run_holds_the_lock(app, runner):
    make_orders(app, 1)
    held, done = threading.Event(), threading.Event()

    def other_run() -> None:
        with app.app_context():
            with runlock.single_run(cli.SEND_DUE_LOCK) as alone:
                assert alone
                held.set()
                done.wait(30)
            db.session.rollback()
            db.session.remove()

    thread = threading.Thread(target=other_run)
    thread.start()
    try:
        assert held.wait(30)
        output = runner.invoke(args=["invitations", "send-due"]).output
    finally:
        done.set()
        thread.join(30)
    assert "Another send-due run is under way; nothing was done." in output
    assert outbox(app, "email") == []
    assert "1 invitation(s) queued" in runner.invoke(args=["invitations", "send-due"]).output


def test_the_lock_row_has_a_lease_and_only_its_holder_releases_it(app):
    """The SQLite lock (its functions work on PostgreSQL too): a run that crashed blocks the
    next ones for one lease at most."""
    lease = timedelta(minutes=15)
    start = datetime(2027, 3, 1, 9, tzinfo=UTC)
    with app.app_context():
        with time_machine.travel(start, tick=False):
            assert runlock.take_row("job", "a" * 32, lease)
            assert not runlock.take_row("job", "b" * 32, lease)  # a runs (or crashed)
        with time_machine.travel(start + lease - timedelta(seconds=1), tick=False):
            assert not runlock.take_row("job", "b" * 32, lease)
        with time_machine.travel(start + lease, tick=False):
            assert runlock.take_row("job", "b" * 32, lease)  # a's lease ran out
            runlock.release_row("job", "a" * 32)  # a comes back late: b's lock stays
            assert not runlock.take_row("job", "c" * 32, lease)
            runlock.release_row("job", "b" * 32)
            assert db.session.execute(select(func.count()).select_from(RunLock)).scalar() == 0
            assert runlock.take_row("job", "c" * 32, lease)


def test_a_run_that_fails_releases_its_lock(app):
    with app.app_context():
        with pytest.raises(RuntimeError), runlock.single_run("job") as held:
            assert held
            raise RuntimeError("the run failed")
        db.session.rollback()
        with runlock.single_run("job") as held:
            assert held
        db.session.rollback()


# -- one open link per order, in the database ----------------------------------------------------


def test_the_database_refuses_a_second_open_link(app):
    make_orders(app, 1)
    now = clock.now()
    with app.app_context():
        order_id = db.session.execute(select(Order.id)).scalar_one()

        def link(name: str, **moments):
            return insert(Invitation).values(
                order_id=order_id,
                token_hash=name * 64,
                email="a@example.com",
                sent_at=now,
                expires_at=now + timedelta(days=14),
                **moments,
            )

        db.session.execute(link("u", used_at=now))  # used and voided links may be many
        db.session.execute(link("v", voided_at=now))
        db.session.execute(link("o"))
        db.session.commit()
        with pytest.raises(IntegrityError):
            db.session.execute(link("p"))
        db.session.rollback()


@pytest.mark.postgres
def test_two_senders_at_once_leave_one_open_link(app):
    """The self-service new link and a run (or two runs past the lock's lease) for the same
    order at the same moment: the database keeps one open link, and each link sent has its
    one e-mail."""
    (number,) = make_orders(app, 1)
    barrier = threading.Barrier(2)

    def send():
        with app.test_request_context():
            order = services.find_order(number)
            assert order.invitations == []
            barrier.wait(5)
            try:
                invitation = invitations.send_invitation(order)
                db.session.commit()
                return invitation is not None
            finally:
                db.session.remove()

    results = in_threads(send)
    assert True in results
    assert open_links(app) == {number: 1}
    with app.app_context():
        sent = db.session.execute(select(func.count(Invitation.id))).scalar_one()
    assert len(outbox(app, "email")) == sent == results.count(True)


def test_the_migration_voids_the_older_of_two_open_links(make_app, fresh_database_uri):
    app = make_app({"SQLALCHEMY_DATABASE_URI": fresh_database_uri})
    sent = datetime(2026, 11, 1, 9, tzinfo=UTC)
    with app.app_context():
        upgrade(revision="c4d2e3f5a6b7")
        orders = db.Table("orders", db.MetaData(), autoload_with=db.engine)
        links = db.Table("invitations", db.MetaData(), autoload_with=db.engine)
        with db.engine.begin() as connection:
            connection.execute(
                orders.insert().values(
                    id=1,
                    order_number="SE-1",
                    market="se",
                    partner_id="se-goteborg",
                    given_name="A",
                    family_name="B",
                    email="a@example.com",
                    language="sv",
                    model_id="taycan",
                    model_year=2026,
                    planned_delivery=sent.date(),
                    status="ordered",
                    created_at=sent,
                    updated_at=sent,
                )
            )
            for n in range(3):
                connection.execute(
                    links.insert().values(
                        id=n + 1,
                        order_id=1,
                        token_hash=str(n) * 64,
                        email="a@example.com",
                        sent_at=sent + timedelta(hours=n),
                        expires_at=sent + timedelta(days=14),
                    )
                )
        upgrade()
        rows = db.session.execute(select(Invitation).order_by(Invitation.id)).scalars().all()
        assert [row.voided_at for row in rows] == [
            sent + timedelta(hours=1),
            sent + timedelta(hours=2),
            None,
        ]
        db.session.remove()
        db.engine.dispose()
