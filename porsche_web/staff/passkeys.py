"""Passkeys (WebAuthn, the ``webauthn`` package) as a staff member's second factor besides the
authenticator app (issue #12, item 1). A signed-in member adds passkeys; at sign-in, after the
password, a passkey of the member stands for the app's code. Each ceremony's challenge lives on
the member's staff session and is used once; every passkey sign-in spends a try of the
member's lockout first (:func:`porsche_web.staff.services.spend_try`), like a code.

The relying party is the host the console is served on (trusted hosts only, ``TRUSTED_HOSTS``):
the origin the browser signs must be that host's.
"""

from __future__ import annotations

import json
from typing import Any

import webauthn
from sqlalchemy import select, update
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from porsche_web import clock
from porsche_web.audit import services as audit
from porsche_web.extensions import db
from porsche_web.staff.models import StaffMember, StaffPasskey, StaffSession

RP_NAME = "My Porsche staff console"
MAX_PASSKEYS = 10


class PasskeyRefused(Exception):
    """The browser's answer does not verify (or no ceremony was under way)."""


def passkeys_of(member: StaffMember) -> list[StaffPasskey]:
    return list(
        db.session.execute(
            select(StaffPasskey).where(StaffPasskey.staff_id == member.id).order_by(StaffPasskey.id)
        ).scalars()
    )


def _take_challenge(session: StaffSession) -> bytes:
    """The ceremony's challenge, taken off the session at once: of two requests with the same
    challenge only one gets it."""
    db.session.refresh(session, ["webauthn_challenge"])
    challenge = session.webauthn_challenge
    if not challenge:
        raise PasskeyRefused()
    taken = db.session.execute(
        update(StaffSession)
        .where(StaffSession.id == session.id, StaffSession.webauthn_challenge == challenge)
        .values(webauthn_challenge=None)
        .returning(StaffSession.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if taken is None:
        raise PasskeyRefused()
    db.session.expire(session, ["webauthn_challenge"])
    return base64url_to_bytes(challenge)


def registration_options(member: StaffMember, session: StaffSession, rp_id: str) -> str:
    """The options (JSON) for ``navigator.credentials.create``; the challenge goes on the
    session."""
    options = webauthn.generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_name=member.email,
        user_id=f"staff:{member.id}".encode(),
        user_display_name=member.name,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id))
            for p in passkeys_of(member)
        ],
    )
    session.webauthn_challenge = bytes_to_base64url(options.challenge)
    db.session.flush()
    return webauthn.options_to_json(options)


def add_passkey(
    member: StaffMember,
    session: StaffSession,
    credential: dict[str, Any],
    name: str,
    rp_id: str,
    origin: str,
) -> StaffPasskey:
    """Verify the browser's new credential and keep its public key.

    :raises PasskeyRefused: no ceremony under way, or the answer does not verify.
    """
    challenge = _take_challenge(session)
    if len(passkeys_of(member)) >= MAX_PASSKEYS:
        raise PasskeyRefused()
    try:
        verified = webauthn.verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PasskeyRefused() from exc
    passkey = StaffPasskey(
        staff_id=member.id,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=bytes_to_base64url(verified.credential_public_key),
        sign_count=verified.sign_count,
        name=name,
    )
    db.session.add(passkey)
    db.session.flush()
    audit.record(
        f"staff:{member.id}", f"staff:{member.id}", "staff.passkey_added", details={"name": name}
    )
    return passkey


def authentication_options(member: StaffMember, session: StaffSession, rp_id: str) -> str | None:
    """The options (JSON) for ``navigator.credentials.get`` with the member's passkeys; None
    when the member has none."""
    keys = passkeys_of(member)
    if not keys:
        return None
    options = webauthn.generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=[
            PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id)) for p in keys
        ],
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    session.webauthn_challenge = bytes_to_base64url(options.challenge)
    db.session.flush()
    return webauthn.options_to_json(options)


def verify_passkey(
    member: StaffMember,
    session: StaffSession,
    credential: dict[str, Any],
    rp_id: str,
    origin: str,
) -> bool:
    """Whether ``credential`` is a valid assertion of one of the member's passkeys for the
    session's challenge (the challenge is used up either way)."""
    try:
        challenge = _take_challenge(session)
    except PasskeyRefused:
        return False
    raw_id = credential.get("rawId") or credential.get("id")
    if not isinstance(raw_id, str) or len(raw_id) > 400:
        return False
    passkey = db.session.execute(
        select(StaffPasskey).where(
            StaffPasskey.staff_id == member.id, StaffPasskey.credential_id == raw_id
        )
    ).scalar_one_or_none()
    if passkey is None:
        return False
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=base64url_to_bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError, AttributeError):
        return False
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = clock.now()
    return True


def parse_json(raw: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None
