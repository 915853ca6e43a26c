"""Hashing of every secret the accounts keep: argon2id for what a person types, SHA-256 for
256-bit random tokens (they need no slow hash)."""

from __future__ import annotations

import hashlib
import secrets
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_app_context

#: The argon2id hashers by ``PASSWORD_HASH_PROFILE`` (the config refuses other names).
#: "standard": t=3, m=64 MiB, p=4 (argon2-cffi's RFC 9106 low-memory profile), above the OWASP
#: minimum (t=2, m=19 MiB, p=1). "fast": argon2id at its minimum cost (t=1, m=8 KiB, p=1), still
#: a real hash and a real verification, for test suites only (refused outside ENVIRONMENT=testing).
HASHERS = {
    "standard": PasswordHasher(),
    "fast": PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
}


def current_hasher() -> PasswordHasher:
    """The hasher of the current app's ``PASSWORD_HASH_PROFILE`` ("standard" outside an app)."""
    if not has_app_context():
        return HASHERS["standard"]
    return HASHERS[current_app.config.get("PASSWORD_HASH_PROFILE", "standard")]


def __getattr__(name: str) -> PasswordHasher:
    # ``HASHER`` is read at call time (``HASHER.check_needs_rehash``): the current app's hasher.
    if name == "HASHER":
        return current_hasher()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


PASSWORD_MIN = 12
PASSWORD_MAX = 256
BLOCKLIST = Path(__file__).with_name("common_passwords.txt")


def hash_secret(value: str) -> str:
    return current_hasher().hash(value)


def verify_secret(hashed: str | None, value: str) -> bool:
    """True when ``value`` matches ``hashed``; a missing hash still costs one verification."""
    hasher = current_hasher()
    try:
        return hasher.verify(hashed or _dummy_hash(hasher), value) and hashed is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash(secrets.token_urlsafe(16))


def new_token() -> tuple[str, str]:
    """A 256-bit url-safe token and the SHA-256 we store instead of it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_sms_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


@cache
def common_passwords() -> frozenset[str]:
    lines = BLOCKLIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def is_common_password(password: str) -> bool:
    return password.lower() in common_passwords()


def is_trivial_security_code(code: str) -> bool:
    """0000, 1111, 1234, 9876, 1212 and the like (SECURITY.md: trivial codes refused)."""
    digits = [int(c) for c in code]
    steps = {b - a for a, b in zip(digits, digits[1:], strict=False)}
    if len(steps) == 1 and steps <= {-1, 0, 1}:
        return True
    return code[:2] == code[2:] or code in {"1004", "2000", "1010", "6969", "2580", "0852"}
