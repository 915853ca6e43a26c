"""Demo data: one sample customer for ``make run`` (credentials in the README)."""

from __future__ import annotations

from sqlalchemy import select

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.models import Account
from porsche_web.extensions import db

DEMO_EMAIL = "demo.customer@example.com"
DEMO_PASSWORD = "demo porsche 911 carrera"  # noqa: S105  (sample data, in the README)


def demo_customer() -> str:
    """A Swedish sample customer with confirmed e-mail and verified (sample) phone number."""
    if db.session.execute(select(Account).where(Account.email == DEMO_EMAIL)).scalar():
        return f"demo customer {DEMO_EMAIL} exists"
    now = clock.now()
    db.session.add(
        Account(
            email=DEMO_EMAIL,
            email_verified_at=now,
            given_name="Demo",
            family_name="Kund",
            country="se",
            market="se",
            language="sv",
            phone_e164="+46701740605",  # sample number from the Swedish range for fiction
            phone_verified_at=now,
            password_hash=hashing.hash_secret(DEMO_PASSWORD),
        )
    )
    return f"demo customer {DEMO_EMAIL} created (sample data)"
