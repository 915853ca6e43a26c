"""The load-and-fault run (issue #20, SECURITY.md item 43): many customers at once on the
production setup, with the faults a real deployment meets, and the invariants that must hold.

Real parts only: a PostgreSQL server, Redis for the rate limits, gunicorn in production
configuration (argon2id at production cost), a real SMTP server (:class:`MailRecorder`), an
HTTP SMS gateway (:class:`SmsGateway`) and ``flask outbox deliver`` / ``flask invitations
send-due`` processes. The customers are HTTP clients (:class:`HttpClient`) that walk the shared
test actions, so the run follows the journey wherever the journey changes.

What happens, in order:

1. **Dealer orders, each posted twice at once** (two Porsche Centre systems retrying):
   every answer is 200 or 201, there is one order per number.
2. **Two ``invitations send-due`` at once**: one invitation per order.
3. **Delivery under faults**: the SMTP server goes down and comes back, the deliverer is
   killed with SIGKILL mid-batch and a new one started: every invitation arrives, each
   message under one Message-ID.
4. **The customers, all at once**, from two addresses (a Porsche Centre's Wi-Fi): open the
   link, create the Porsche ID, verify the phone by SMS code, answer every step.
5. **Confirmation with a killed worker**: every customer confirms at once while one gunicorn
   worker is killed with SIGKILL; whoever got no answer confirms again.
6. **Invariants**: no 5xx anywhere, every order activated exactly once with its contracts
   once, no activation half done, every outbox message sent and received.

``tests/foundation/test_load_and_faults.py`` runs it with a few customers in ``make test``;
``tools/loadfault.py --customers 50`` runs it bigger (see ``bench/README.md``).
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import urllib3

from porsche_web import clock
from porsche_web.testing.actions import activation as steps
from porsche_web.testing.helpers import csrf_token
from porsche_web.testing.http import HttpClient, HttpResponse
from porsche_web.testing.postgres import PostgresServer
from porsche_web.testing.recorders import MailRecorder, SmsGateway, wait_for
from porsche_web.testing.servers import GunicornServer, RedisServer, stop_process

HOST = "my.porsche.example"
PARTNER = "se-goteborg"
#: Two client addresses: half the customers sit on one Porsche Centre's Wi-Fi.
ADDRESSES = ("198.51.100.7", "203.0.113.9")


@dataclass
class Customer:
    index: int
    run_id: str

    @property
    def number(self) -> str:
        return f"SE-{self.run_id}{self.index:04d}"

    @property
    def email(self) -> str:
        return f"kund.{self.run_id}.{self.index}@example.com"

    @property
    def phone(self) -> str:
        return f"+467017{self.index:05d}"

    @property
    def local_phone(self) -> str:
        return f"07017{self.index:05d}"

    @property
    def address(self) -> str:
        return ADDRESSES[self.index % len(ADDRESSES)]


@dataclass
class Report:
    """What happened; :meth:`problems` lists every broken invariant (empty: all held)."""

    customers: int
    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    retried_confirmations: int = 0
    worker_killed: bool = False
    mails_received: int = 0
    duplicate_deliveries: int = 0
    broken: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def problems(self) -> list[str]:
        return self.server_errors + self.broken

    def summary(self) -> str:
        lines = [f"customers: {self.customers}"]
        lines += [f"phase {name}: {value:.1f} s" for name, value in self.seconds.items()]
        lines.append(f"answers: {dict(sorted(self.statuses.items()))}")
        lines.append(f"worker killed mid-confirm: {self.worker_killed}")
        lines.append(f"confirmations retried after the kill: {self.retried_confirmations}")
        lines.append(f"mails received: {self.mails_received}")
        lines.append(f"duplicate deliveries (same Message-ID): {self.duplicate_deliveries}")
        problems = self.problems()
        lines.append(f"problems: {len(problems)}")
        lines += [f"  - {problem}" for problem in problems]
        return "\n".join(lines)


class Recording(HttpClient):
    """A customer's browser that counts every answer and notes every 5xx."""

    def __init__(self, base_url: str, address: str, report: Report) -> None:
        super().__init__(base_url, host=HOST, address=address)
        self.report = report
        self.lock = threading.Lock()

    def open(self, method: str, path: str, **kwargs: Any) -> HttpResponse:
        response = super().open(method, path, **kwargs)
        with self.lock:
            self.report.statuses[response.status_code] += 1
            if response.status_code >= 500:
                self.report.server_errors.append(f"{method} {path}: {response.status_code}")
        return response


class Deployment:
    """PostgreSQL, Redis, the SMTP server, the SMS gateway, gunicorn and the deliverer."""

    def __init__(self, workers: int = 2) -> None:
        self.workers = workers
        self.started: list[Any] = []
        self.deliverer: subprocess.Popen | None = None

    def __enter__(self) -> Deployment:
        try:
            self._start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _start(self) -> None:
        self.postgres = PostgresServer().start()
        self.started.append(self.postgres)
        self.redis = RedisServer().start()
        self.started.append(self.redis)
        self.mail = MailRecorder().start()
        self.started.append(self.mail)
        self.sms = SmsGateway().start()
        self.started.append(self.sms)
        self.env = {
            "PORSCHE_WEB_ENVIRONMENT": "production",
            "PORSCHE_WEB_SECRET_KEY": secrets.token_urlsafe(40),
            "PORSCHE_WEB_TRUSTED_HOSTS": f'["127.0.0.1", "{HOST}"]',
            "PORSCHE_WEB_PUBLIC_BASE_URL": f"https://{HOST}",
            "PORSCHE_WEB_SQLALCHEMY_DATABASE_URI": self.postgres.create_database("loadfault"),
            "PORSCHE_WEB_RATELIMIT_STORAGE_URI": self.redis.url,
            "PORSCHE_WEB_TRUSTED_PROXIES": "1",
            "PORSCHE_WEB_SMTP_HOST": "127.0.0.1",
            "PORSCHE_WEB_SMTP_PORT": str(self.mail.port),
            "PORSCHE_WEB_SMTP_TIMEOUT": "5",
            "PORSCHE_WEB_SMS_BACKEND": "http",
            "PORSCHE_WEB_SMS_HTTP_URL": self.sms.url,
            "PORSCHE_WEB_OUTBOX_POLL_SECONDS": "0.1",
            "PORSCHE_WEB_OUTBOX_RETRY_SECONDS": "0.5",
            "PORSCHE_WEB_OUTBOX_MAX_PAUSE_SECONDS": "1",
            "PORSCHE_WEB_OUTBOX_LEASE_SECONDS": "3",
            "PORSCHE_WEB_OUTBOX_MAX_ATTEMPTS": "50",
            "PORSCHE_WEB_LOG_LEVEL": "WARNING",
        }
        self.flask("db", "upgrade")
        output = self.flask("orders", "create-key", "--market", "se", "--partner", PARTNER)
        self.dealer_key = output.strip().splitlines()[-1]
        self.web = GunicornServer(self.env, workers=self.workers).start()
        self.started.append(self.web)
        self.start_deliverer()

    def __exit__(self, *exc_info: object) -> None:
        if self.deliverer is not None:
            stop_process(self.deliverer, timeout=15)
        for part in reversed(self.started):
            part.stop()

    def _process_env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("PORSCHE_WEB_", "FLASK"))}
        return {**base, **self.env}

    def flask(self, *args: str) -> str:
        flask = str(Path(sys.executable).with_name("flask"))
        done = subprocess.run(
            [flask, "--app", "porsche_web", *args],
            env=self._process_env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def flask_process(self, *args: str) -> subprocess.Popen:
        flask = str(Path(sys.executable).with_name("flask"))
        return subprocess.Popen(
            [flask, "--app", "porsche_web", *args],
            env=self._process_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def start_deliverer(self) -> None:
        self.deliverer = self.flask_process("outbox", "deliver")

    def kill_deliverer(self) -> None:
        assert self.deliverer is not None
        self.deliverer.send_signal(signal.SIGKILL)
        self.deliverer.wait(10)

    def worker_pids(self) -> list[int]:
        assert self.web.process is not None
        children = Path(f"/proc/{self.web.process.pid}/task/{self.web.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def sql(self, statement: str) -> list[tuple]:
        """Rows of one read-only statement on the deployment's database."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.env["PORSCHE_WEB_SQLALCHEMY_DATABASE_URI"])
        try:
            with engine.connect() as connection:
                return [tuple(row) for row in connection.execute(text(statement))]
        finally:
            engine.dispose()


def _order(customer: Customer) -> dict[str, Any]:
    return {
        "order_number": customer.number,
        "market": "se",
        "partner_id": PARTNER,
        "customer": {
            "given_name": "Astrid",
            "family_name": f"Kund {customer.index}",
            "email": customer.email,
            "phone": customer.phone,
            "language": "sv",
        },
        "vehicle": {"model": "taycan", "model_year": 2026, "commission_number": "SE12345"},
        "planned_delivery": (clock.now().date() + timedelta(days=10)).isoformat(),
    }


def _timed(report: Report, name: str, work: Callable[[], Any]) -> Any:
    started = time.monotonic()
    try:
        return work()
    finally:
        report.seconds[name] = time.monotonic() - started


def _post_orders(deployment: Deployment, customers: list[Customer], report: Report) -> None:
    def post(customer: Customer) -> int:
        client = Recording(deployment.web.url, customer.address, report)
        headers = {"Authorization": f"Bearer {deployment.dealer_key}"}
        return client.post("/api/v1/orders", json=_order(customer), headers=headers).status_code

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(post, [c for c in customers for _ in range(2)]))
    wrong = Counter(a for a in answers if a not in (200, 201))
    if wrong:
        report.broken.append(f"dealer POSTs answered {dict(wrong)} (expected 200 or 201)")
    created = Counter(answers)[201]
    if created != len(customers):
        report.broken.append(f"{created} orders created for {len(customers)} numbers")


def _send_invitations(deployment: Deployment, report: Report) -> None:
    runs = [deployment.flask_process("invitations", "send-due") for _ in range(2)]
    for run in runs:
        output, _ = run.communicate(timeout=300)
        if run.returncode:
            report.broken.append(f"invitations send-due failed: {output.strip()[-300:]}")


def _deliver_under_faults(deployment: Deployment, customers: list[Customer], report: Report):
    mail = deployment.mail
    # The SMTP server is down while the deliverer starts on the invitations …
    mail.stop()
    time.sleep(1.5)
    mail.start()
    # … and the deliverer dies mid-batch once some mail has gone out.
    wait_for(lambda: len(mail.messages) >= 1, timeout=60, what="the first invitation")
    deployment.kill_deliverer()
    deployment.start_deliverer()
    wait_for(
        lambda: all(mail.to(c.email) for c in customers),
        timeout=120,
        what="an invitation for every customer",
    )


LINK = re.compile(r"https://[^\s]+/activate/([A-Za-z0-9_-]{43})")


def _walk(deployment: Deployment, customer: Customer, report: Report) -> Recording:
    client = Recording(deployment.web.url, customer.address, report)
    invitations = deployment.mail.to(customer.email)
    if len(invitations) != 1:
        report.broken.append(f"{customer.number}: {len(invitations)} invitation e-mails")
    token = LINK.findall(MailRecorder.text(invitations[-1]))[-1]
    steps.use_link(client, token)

    def read_sms() -> str:
        wait_for(lambda: deployment.sms.to(customer.phone), timeout=60, what="the SMS code")
        return deployment.sms.to(customer.phone)[-1]

    steps.walk_to_check(
        None,
        client,
        customer.number,
        read_sms=read_sms,
        email=customer.email,
        phone=customer.local_phone,
        family_name=f"Kund {customer.index}",
    )
    return client


def _confirm_with_a_killed_worker(
    deployment: Deployment, clients: list[tuple[Customer, Recording]], report: Report
) -> None:
    barrier = threading.Barrier(len(clients) + 1)
    failed: list[tuple[Customer, Recording, str]] = []

    def confirm(pair: tuple[Customer, Recording]) -> None:
        customer, client = pair
        token = csrf_token(client, steps.step_url(customer.number, "check"))
        barrier.wait()
        try:
            response = client.post(
                steps.step_url(customer.number, "check"), data={"csrf_token": token}
            )
        except urllib3.exceptions.HTTPError:
            failed.append((customer, client, token))  # the worker died under it: no answer
            return
        if response.status_code != 303:
            report.broken.append(f"{customer.number}: confirm answered {response.status_code}")

    threads = [threading.Thread(target=confirm, args=(pair,)) for pair in clients]
    for thread in threads:
        thread.start()
    barrier.wait()
    time.sleep(0.05)
    pids = deployment.worker_pids()
    if pids:
        os.kill(pids[0], signal.SIGKILL)
        report.worker_killed = True
    for thread in threads:
        thread.join(120)
    # Whoever got no answer sends the same form again, as a browser's reload does (safe to submit
    # twice). The page cannot be fetched anew: the confirmation may have been saved before the
    # worker died, and the check page of a confirmed activation leads on to its end.
    time.sleep(1)
    for customer, client, token in failed:
        report.retried_confirmations += 1
        response = client.post(steps.step_url(customer.number, "check"), data={"csrf_token": token})
        if response.status_code != 303:
            report.broken.append(
                f"{customer.number}: confirming again answered {response.status_code}"
            )


def _check_invariants(deployment: Deployment, customers: list[Customer], report: Report) -> None:
    numbers = ", ".join(f"'{c.number}'" for c in customers)  # our own numbers
    confirmed = dict(
        deployment.sql(
            "SELECT o.order_number, a.status FROM orders o "
            "LEFT JOIN activations a ON a.order_id = o.id "
            f"WHERE o.order_number IN ({numbers})"  # noqa: S608
        )
    )
    not_activated = sorted(n for n, status in confirmed.items() if status != "confirmed")
    if len(confirmed) != len(customers) or not_activated:
        report.broken.append(f"orders not activated: {not_activated or 'orders missing'}")
    activations = deployment.sql(
        "SELECT a.status, count(c.id) FROM activations a "
        "LEFT JOIN contracts c ON c.activation_id = a.id GROUP BY a.id, a.status"
    )
    statuses = Counter(status for status, _ in activations)
    if statuses != Counter({"confirmed": len(customers)}):
        report.broken.append(f"activations by status: {dict(statuses)}")
    contract_counts = Counter(count for _, count in activations)
    if len(contract_counts) != 1 or 0 in contract_counts:
        report.broken.append(f"contracts per activation: {dict(contract_counts)}")
    duplicates = deployment.sql(
        "SELECT activation_id, service_id, count(*) FROM contracts "
        "GROUP BY activation_id, service_id HAVING count(*) > 1"
    )
    if duplicates:
        report.broken.append(f"a service contracted twice: {duplicates[:3]}")
    invitations = deployment.sql(
        "SELECT o.order_number, count(i.id) FROM orders o JOIN invitations i ON i.order_id = o.id "
        "GROUP BY o.order_number HAVING count(i.id) <> 1"
    )
    if invitations:
        report.broken.append(f"orders invited more or less than once: {invitations[:3]}")
    # Every message the outbox holds is sent and arrived, each under its own Message-ID.
    wait_for(
        lambda: (
            not deployment.sql(
                "SELECT id FROM outbox_messages WHERE status <> 'sent' AND channel = 'email'"
            )
        ),
        timeout=120,
        what="every e-mail sent",
    )
    rows = deployment.sql("SELECT id FROM outbox_messages WHERE channel = 'email'")
    received = Counter(deployment.mail.message_ids())
    report.mails_received = sum(received.values())
    report.duplicate_deliveries = sum(n - 1 for n in received.values())
    missing = [row for (row,) in rows if not any(f"<outbox-{row}@" in m for m in received)]
    if missing:
        report.broken.append(f"e-mails sent but never received: {missing[:5]}")
    # At least once, and again only under the same Message-ID, only for what was in flight
    # when the deliverer died.
    if report.duplicate_deliveries > 1:
        report.broken.append(f"{report.duplicate_deliveries} e-mails delivered twice")


def run(customers: int = 5, workers: int = 2) -> Report:
    """The whole run on a fresh deployment; returns the report (see :meth:`Report.problems`)."""
    report = Report(customers=customers)
    run_id = f"{secrets.randbelow(90) + 10}"
    people = [Customer(index, run_id) for index in range(1, customers + 1)]
    with Deployment(workers=workers) as deployment:
        _timed(report, "orders", lambda: _post_orders(deployment, people, report))
        _timed(report, "send-due", lambda: _send_invitations(deployment, report))
        _timed(report, "delivery", lambda: _deliver_under_faults(deployment, people, report))

        def walk_all() -> list[tuple[Customer, Recording]]:
            with ThreadPoolExecutor(max_workers=min(customers, 50)) as pool:
                clients = list(pool.map(lambda c: _walk(deployment, c, report), people))
            return list(zip(people, clients, strict=True))

        clients = _timed(report, "customers", walk_all)
        _timed(
            report, "confirm", lambda: _confirm_with_a_killed_worker(deployment, clients, report)
        )
        _timed(report, "invariants", lambda: _check_invariants(deployment, people, report))
    return report
