"""The privacy policy's versions for a signed-in customer (F26): a version that came into force
after the customer joined is shown with what changed, until they acknowledge it, once."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from porsche_web import clock
from porsche_web.accounts.models import Account
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.markets.types import Market, PrivacyPolicy
from porsche_web.privacy.models import PolicyAcknowledgement


def news_for(account: Account, market: Market) -> PrivacyPolicy | None:
    """The policy in force in ``market`` when it changed since ``account`` joined and the
    customer has not acknowledged it yet; otherwise None."""
    policy = current_registry().privacy_policy(market)
    joined = clock.today(market.timezone, account.created_at)
    if not policy.earlier or policy.valid_from <= joined:
        return None
    if policy.valid_from > clock.today(market.timezone):
        return None  # announced, not in force yet
    acknowledged = db.session.execute(
        select(PolicyAcknowledgement.id).where(
            PolicyAcknowledgement.account_id == account.id,
            PolicyAcknowledgement.market == market.code,
            PolicyAcknowledgement.version == policy.version,
        )
    ).first()
    return None if acknowledged else policy


def acknowledge(account: Account, market: Market, version: str) -> bool:
    """Record that ``account`` read ``version`` (only the version in force; once). Commits.
    False when ``version`` is not the one in force (a stale page)."""
    if current_registry().privacy_policy(market).version != version:
        return False
    db.session.add(
        PolicyAcknowledgement(account_id=account.id, market=market.code, version=version)
    )
    try:
        db.session.commit()
    except IntegrityError:  # acknowledged already (twice, or from two tabs): that is fine
        db.session.rollback()
    return True


def forget_account(account: Account) -> None:
    db.session.execute(
        delete(PolicyAcknowledgement).where(PolicyAcknowledgement.account_id == account.id)
    )
