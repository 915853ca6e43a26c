"""Registration and the confirmation of the e-mail address."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.accounts.models import Account
from porsche_web.accounts.services.common import (
    account_url,
    audit,
    email_account,
    find_by_email,
    normalize_email,
    security_event,
)
from porsche_web.accounts.services.link_requests import request_link
from porsche_web.accounts.services.tokens import (
    CONFIRM_EMAIL,
    consume_token,
    issue_token,
    token_account,
)
from porsche_web.extensions import db
from porsche_web.notifications.services import in_language


@dataclass
class Registration:
    email: str
    password: str
    given_name: str
    family_name: str
    country: str
    language: str
    phone_e164: str
    market: str
    #: The address is already proven (the customer came through an invitation link sent to it):
    #: no confirmation link is sent.
    email_verified: bool = False


def register(data: Registration) -> Account | None:
    """Create the account and send the confirmation link.

    For an address that already has a Porsche ID nothing is created and its owner is told by
    e-mail instead; the caller answers both cases the same way. That includes an address
    registered by a concurrent request since we looked (the database's unique address decides):
    simultaneous registrations of one new address create one Porsche ID, never an error.
    """
    password_hash = hashing.hash_secret(data.password)  # the same cost in both cases
    existing = find_by_email(data.email)
    if existing is not None:
        _tell_existing(existing)
        return None
    account = Account(
        email=normalize_email(data.email),
        given_name=data.given_name.strip(),
        family_name=data.family_name.strip(),
        country=data.country,
        market=data.market,
        language=data.language,
        phone_e164=data.phone_e164,
        password_hash=password_hash,
        email_verified_at=clock.now() if data.email_verified else None,
    )
    try:
        with db.session.begin_nested():  # a savepoint: a unique violation leaves the rest
            db.session.add(account)
    except IntegrityError:
        existing = find_by_email(data.email)
        if existing is None:  # pragma: no cover - the violation was not of the address
            raise
        _tell_existing(existing)
        return None
    if not data.email_verified:
        send_confirmation(account)
    audit(account, "account.created")
    security_event("account.created", account)
    return account


def _tell_existing(existing: Account) -> None:
    """Someone registered an address that has a Porsche ID: its owner is told by e-mail."""
    with in_language(existing.market, existing.language):
        email_account(
            existing,
            subject=gettext("Someone tried to create a Porsche ID with your address"),
            paragraphs=[
                gettext(
                    "Someone tried to create a new Porsche ID with this e-mail address. "
                    "You already have one, so nothing was changed."
                ),
                gettext("If it was you, log in or reset your password instead."),
            ],
            link=(
                gettext("Reset your password"),
                account_url(existing, "accounts.forgot_password"),
            ),
        )
    security_event("registration.duplicate", existing)


def send_confirmation(account: Account) -> None:
    token = issue_token(account, CONFIRM_EMAIL)
    with in_language(account.market, account.language):
        email_account(
            account,
            subject=gettext("Confirm your e-mail address for My Porsche"),
            paragraphs=[
                gettext("Welcome to My Porsche. Confirm that this is your e-mail address."),
                gettext("The link works once and for 3 days."),
            ],
            link=(
                gettext("Confirm your e-mail address"),
                account_url(account, "accounts.confirm_email", token=token),
            ),
        )


def resend_confirmation(email: str) -> None:
    """Ask for a new confirmation link: the same work for every address; the deliverer sends
    it when the address has an unconfirmed Porsche ID (:mod:`.link_requests`)."""
    request_link(CONFIRM_EMAIL, email)


def confirm_email(token: str) -> Account:
    row = consume_token(token, CONFIRM_EMAIL)
    account = token_account(row)
    if account.email_verified_at is None:
        account.email_verified_at = clock.now()
    audit(account, "email.confirmed")
    security_event("email.confirmed", account)
    return account
