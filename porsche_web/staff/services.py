"""The staff console's operations: creating and inviting staff, setting the password, enrolling
the authenticator, and the two steps of signing in with an atomic lockout.

Every wrong try is counted before the secret is compared, in one ``UPDATE … RETURNING`` that
only succeeds while the member is not locked: concurrent wrong tries cannot lose counts, and a
try during the lock is refused without comparing anything.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale, gettext
from sqlalchemy import func, select, update

from porsche_web import clock
from porsche_web.accounts import secrets_ as hashing
from porsche_web.audit import services as audit
from porsche_web.extensions import db
from porsche_web.markets.registry import current_registry
from porsche_web.notifications.services import enqueue_email, public_url
from porsche_web.staff import auth, totp
from porsche_web.staff.models import (
    ADMIN,
    CENTRE,
    SERVICE,
    StaffInvitation,
    StaffMember,
    StaffRecoveryCode,
)

#: Wrong passwords or codes in a row before the member is locked, and for how long.
MAX_TRIES = 5
LOCK_FOR = timedelta(minutes=15)
INVITATION_LIFETIME = timedelta(hours=72)
RECOVERY_CODES = 10


class StaffError(Exception):
    """An operation of the console is refused; ``str()`` is not shown (views choose a text)."""


class Locked(StaffError):
    def __init__(self, until: datetime) -> None:
        super().__init__("locked")
        self.until = until


class WrongCredentials(StaffError):
    pass


class BadScope(StaffError):
    """The markets or Porsche Centres do not fit the role; ``field`` is ``"markets"`` or
    ``"partners"``, ``problem`` one of ``"one_market"``, ``"unknown_market"``,
    ``"partners"``."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.field, self.problem = field, problem


def checked_scope(role: str, markets: list[str], partners: list[str]) -> tuple[list, list]:
    """The scope a member of ``role`` gets, or :class:`BadScope`: a Porsche Centre has one
    enabled market and one or more of that market's Porsche Centres; customer service one or
    more enabled markets and no Centres; an administrator neither (they see no customers)."""
    registry = current_registry()
    markets = sorted({m.strip().lower() for m in markets if m.strip()})
    partners = sorted({p.strip().lower() for p in partners if p.strip()})
    if role == ADMIN:
        return [], []
    if any(registry.get(code) is None for code in markets):
        raise BadScope("markets", "unknown_market")
    if role == SERVICE:
        if not markets:
            raise BadScope("markets", "unknown_market")
        return markets, []
    if role != CENTRE:
        raise StaffError("role")
    if len(markets) != 1:
        raise BadScope("markets", "one_market")
    market = registry.get(markets[0])
    assert market is not None
    known = {partner.id for partner in registry.partners(market)}
    if not partners or not set(partners) <= known:
        raise BadScope("partners", "partners")
    return markets, partners


def normalize_email(email: str) -> str:
    return email.strip().lower()


def member_by_id(member_id: int) -> StaffMember | None:
    return db.session.get(StaffMember, member_id)


def find_by_email(email: str) -> StaffMember | None:
    return db.session.execute(
        select(StaffMember).where(StaffMember.email == normalize_email(email))
    ).scalar_one_or_none()


def create_member(
    email: str,
    name: str,
    role: str,
    *,
    markets: list[str] | None = None,
    partners: list[str] | None = None,
    language: str = "en",
    invited_by: StaffMember | None = None,
) -> tuple[StaffMember, str]:
    """A new member and the token of their setup link (shown or sent once)."""
    member = StaffMember(
        email=normalize_email(email),
        name=name.strip(),
        role=role,
        markets=sorted(set(markets or [])),
        partners=sorted(set(partners or [])),
        language=language,
        invited_by=invited_by.id if invited_by else None,
    )
    db.session.add(member)
    db.session.flush()
    token = _new_invitation(member)
    audit.record(
        f"staff:{invited_by.id}" if invited_by else "system",
        f"staff:{member.id}",
        "staff.created",
        details=member.scope(),
    )
    return member, token


def _new_invitation(member: StaffMember) -> str:
    token, token_hash = hashing.new_token()
    db.session.add(
        StaffInvitation(
            staff_id=member.id,
            token_hash=token_hash,
            expires_at=clock.now() + INVITATION_LIFETIME,
        )
    )
    db.session.flush()
    return token


def setup_url(token: str) -> str:
    return public_url("staff.setup", token=token)


def invite(
    admin: StaffMember,
    email: str,
    name: str,
    role: str,
    *,
    markets: list[str] | None = None,
    partners: list[str] | None = None,
    language: str = "en",
) -> StaffMember:
    """An administrator invites a member: the member gets the setup link by e-mail."""
    if admin.role != ADMIN:
        raise StaffError("only administrators invite")
    markets, partners = checked_scope(role, markets or [], partners or [])
    if find_by_email(email) is not None:
        raise StaffError("exists")
    member, token = create_member(
        email,
        name,
        role,
        markets=markets,
        partners=partners,
        language=language,
        invited_by=admin,
    )
    with force_locale(member.language):
        enqueue_email(
            to=member.email,
            market="",
            language=member.language,
            subject=gettext("You are invited to the My Porsche staff console"),
            paragraphs=[
                gettext(
                    "%(admin)s has invited you to the My Porsche staff console. Set your "
                    "password and your authenticator app within 72 hours with this link; it "
                    "works once.",
                    admin=admin.name,
                )
            ],
            link=(gettext("Set up your access"), setup_url(token)),
            reason=gettext("You receive this e-mail because you work with My Porsche."),
        )
    return member


def invitation_for(token: str) -> StaffInvitation | None:
    if not token or len(token) > 100:
        return None
    invitation = db.session.execute(
        select(StaffInvitation).where(StaffInvitation.token_hash == hashing.hash_token(token))
    ).scalar_one_or_none()
    if invitation is None or invitation.used_at is not None:
        return None
    if invitation.expires_at <= clock.now():
        return None
    return invitation


def accept_invitation(token: str, password: str) -> StaffMember | None:
    """Set the member's password with the setup link (once); the authenticator comes next."""
    invitation = invitation_for(token)
    if invitation is None:
        return None
    used = db.session.execute(
        update(StaffInvitation)
        .where(StaffInvitation.id == invitation.id, StaffInvitation.used_at.is_(None))
        .values(used_at=clock.now())
        .returning(StaffInvitation.id)
    ).scalar_one_or_none()
    if used is None:  # the same link submitted twice at once: the first one wins
        return None
    member = db.session.get(StaffMember, invitation.staff_id)
    assert member is not None
    member.password_hash = hashing.hash_secret(password)
    member.totp_secret, member.enrolled_at, member.totp_last_step = None, None, None
    audit.record(f"staff:{member.id}", f"staff:{member.id}", "staff.password_set")
    db.session.flush()
    return member


def _spend_try(member: StaffMember) -> int | None:
    """Count one try before anything is compared; None while the member is locked."""
    now = clock.now()
    tries = db.session.execute(
        update(StaffMember)
        .where(
            StaffMember.id == member.id,
            StaffMember.active.is_(True),
            (StaffMember.locked_until.is_(None)) | (StaffMember.locked_until <= now),
        )
        .values(failed_tries=StaffMember.failed_tries + 1)
        .returning(StaffMember.failed_tries)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if tries is not None and tries >= MAX_TRIES:
        db.session.execute(
            update(StaffMember)
            .where(StaffMember.id == member.id)
            .values(locked_until=now + LOCK_FOR, failed_tries=0)
            .execution_options(synchronize_session=False)
        )
        audit.record("system", f"staff:{member.id}", "staff.locked")
    db.session.commit()
    return tries


def _tries_ok(member: StaffMember) -> None:
    db.session.execute(
        update(StaffMember)
        .where(StaffMember.id == member.id)
        .values(failed_tries=0)
        .execution_options(synchronize_session=False)
    )


def _locked_until(member: StaffMember) -> datetime:
    db.session.refresh(member)
    return member.locked_until or clock.now() + LOCK_FOR


def check_password(email: str, password: str) -> StaffMember:
    """The first step of signing in. Raises :class:`WrongCredentials` (unknown address or wrong
    password: the same answer) or :class:`Locked`."""
    member = find_by_email(email)
    if member is None or member.password_hash is None or not member.active:
        hashing.verify_secret(None, password)  # the same work as for a member
        raise WrongCredentials()
    tries = _spend_try(member)
    if tries is None or tries >= MAX_TRIES:
        raise Locked(_locked_until(member))
    if not hashing.verify_secret(member.password_hash, password):
        audit.record("system", f"staff:{member.id}", "staff.sign_in_failed")
        db.session.commit()
        raise WrongCredentials()
    return member


def check_second_factor(member: StaffMember, code: str) -> bool:
    """The second step: a TOTP code (never one used already) or an unused recovery code.
    Raises :class:`Locked`."""
    tries = _spend_try(member)
    if tries is None or tries >= MAX_TRIES:
        raise Locked(_locked_until(member))
    if _totp_ok(member, code) or _recovery_ok(member, code):
        _tries_ok(member)
        audit.record(f"staff:{member.id}", f"staff:{member.id}", "staff.signed_in")
        db.session.commit()
        return True
    audit.record("system", f"staff:{member.id}", "staff.second_factor_failed")
    db.session.commit()
    return False


def check_passkey(member: StaffMember, verify: Callable[[], bool]) -> bool:
    """The second step with a passkey: a try is spent first, like a code; ``verify`` checks the
    browser's assertion. Raises :class:`Locked`."""
    tries = _spend_try(member)
    if tries is None or tries >= MAX_TRIES:
        raise Locked(_locked_until(member))
    if verify():
        _tries_ok(member)
        audit.record(
            f"staff:{member.id}", f"staff:{member.id}", "staff.signed_in", details={"by": "passkey"}
        )
        db.session.commit()
        return True
    audit.record("system", f"staff:{member.id}", "staff.second_factor_failed")
    db.session.commit()
    return False


def _totp_ok(member: StaffMember, code: str) -> bool:
    secret = totp.unseal(member.totp_secret) if member.totp_secret else None
    if secret is None:
        return False
    step = totp.matching_step(secret, code, member.totp_last_step)
    if step is None:
        return False
    # Atomic: two requests with the same code cannot both move the step forward.
    moved = db.session.execute(
        update(StaffMember)
        .where(
            StaffMember.id == member.id,
            (StaffMember.totp_last_step.is_(None)) | (StaffMember.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .returning(StaffMember.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    return moved is not None


def _normalized_recovery(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _recovery_ok(member: StaffMember, code: str) -> bool:
    cleaned = _normalized_recovery(code)
    if len(cleaned) != 10:
        return False
    used = db.session.execute(
        update(StaffRecoveryCode)
        .where(
            StaffRecoveryCode.staff_id == member.id,
            StaffRecoveryCode.code_hash == hashing.hash_token(cleaned),
            StaffRecoveryCode.used_at.is_(None),
        )
        .values(used_at=clock.now())
        .returning(StaffRecoveryCode.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if used is not None:
        audit.record(f"staff:{member.id}", f"staff:{member.id}", "staff.recovery_code_used")
    return used is not None


def start_enrolment(member: StaffMember) -> str:
    """A new authenticator secret for ``member`` (not in force until confirmed)."""
    secret = totp.new_secret()
    member.totp_secret, member.enrolled_at, member.totp_last_step = totp.seal(secret), None, None
    db.session.flush()
    return secret


def pending_secret(member: StaffMember) -> str | None:
    if member.totp_secret is None or member.enrolled_at is not None:
        return None
    return totp.unseal(member.totp_secret)


@dataclass(frozen=True)
class Enrolled:
    recovery_codes: list[str]


def confirm_enrolment(member: StaffMember, code: str) -> Enrolled | None:
    """The first code from the app puts the authenticator in force; the recovery codes are
    made now and shown once."""
    secret = pending_secret(member)
    if secret is None:
        return None
    step = totp.matching_step(secret, code, None)
    if step is None:
        return None
    member.enrolled_at, member.totp_last_step = clock.now(), step
    db.session.query(StaffRecoveryCode).filter_by(staff_id=member.id).delete()
    codes = []
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    for _ in range(RECOVERY_CODES):
        code_ = "".join(secrets.choice(alphabet) for _ in range(10))
        codes.append(f"{code_[:5]}-{code_[5:]}")
        db.session.add(StaffRecoveryCode(staff_id=member.id, code_hash=hashing.hash_token(code_)))
    audit.record(f"staff:{member.id}", f"staff:{member.id}", "staff.enrolled")
    db.session.flush()
    return Enrolled(codes)


def remove_access(admin: StaffMember, member_id: int, reason: str) -> bool | None:
    """An administrator ends a member's access (someone who left): the member can no longer
    sign in, their sessions end and an unused setup link stops working. Audited with the
    reason.

    :returns: None for an unknown member or the administrator themself; False when the access
        was removed already (a second submit); True when removed now.
    """
    member = db.session.get(StaffMember, member_id)
    if admin.role != ADMIN or member is None or member.id == admin.id:
        return None
    removed = db.session.execute(
        update(StaffMember)
        .where(StaffMember.id == member.id, StaffMember.active.is_(True))
        .values(active=False)
        .returning(StaffMember.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if removed is None:
        return False
    auth.end_all(member)
    db.session.execute(
        update(StaffInvitation)
        .where(StaffInvitation.staff_id == member.id, StaffInvitation.used_at.is_(None))
        .values(used_at=clock.now())
    )
    audit.record(
        f"staff:{admin.id}",
        f"staff:{member.id}",
        "staff.access_removed",
        details={"reason": reason},
    )
    db.session.refresh(member)
    return True


def members() -> list[StaffMember]:
    return list(
        db.session.execute(select(StaffMember).order_by(func.lower(StaffMember.name))).scalars()
    )
