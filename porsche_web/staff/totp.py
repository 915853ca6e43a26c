"""The staff's second factor: TOTP (RFC 6238, pyotp) with replay protection, its QR code for
enrolment (segno, an SVG data URI: no script, allowed by our CSP), and the secret encrypted at
rest (Fernet, key derived from ``SECRET_KEY``; rotating the key means enrolling again)."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app

from porsche_web import clock

ISSUER = "My Porsche staff"
#: Codes of the step before and after are accepted (clock drift), never one used already.
WINDOW = 1


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"].encode()
    key = hashlib.sha256(b"porsche_web.staff.totp:" + secret).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def new_secret() -> str:
    return pyotp.random_base32()


def seal(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def unseal(sealed: str) -> str | None:
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    return segno.make(uri, error="m").svg_data_uri(scale=4, border=2)


def matching_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step ``code`` belongs to (within :data:`WINDOW`), if it is later than
    ``last_step``; None for a wrong or replayed code."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(_now())
    for step in range(now - WINDOW, now + WINDOW + 1):
        if (last_step is None or step > last_step) and pyotp.utils.strings_equal(
            totp.generate_otp(step), code
        ):
            return step
    return None


def code_at(secret: str, moment: datetime | None = None) -> str:
    """The code of ``moment`` (tests and the e2e journey read it like an authenticator app)."""
    return pyotp.TOTP(secret).at(moment or _now())


def _now() -> datetime:
    return clock.now()
