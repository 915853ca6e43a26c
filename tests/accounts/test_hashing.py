"""Hashing of passwords and codes: argon2id at production cost, and at minimal cost in tests."""

from __future__ import annotations

import pytest

from porsche_web.accounts import secrets_ as hashing


def argon2_parameters(hashed: str) -> dict[str, int]:
    return {k: int(v) for k, v in (p.split("=") for p in hashed.split("$")[3].split(","))}


def test_tests_hash_with_argon2id_at_minimal_cost_and_really_verify(app):
    with app.app_context():
        hashed = hashing.hash_secret("a long walk by the sea")
        assert hashed.startswith("$argon2id$")
        assert argon2_parameters(hashed) == {"m": 8, "t": 1, "p": 1}
        assert hashing.verify_secret(hashed, "a long walk by the sea")
        assert not hashing.verify_secret(hashed, "a long walk by the lake")
        assert not hashing.verify_secret(None, "a long walk by the sea")
        assert not hashing.HASHER.check_needs_rehash(hashed)


@pytest.mark.real_hashing
def test_the_real_hashing_marker_gives_the_production_cost(app):
    with app.app_context():
        hashed = hashing.hash_secret("a long walk by the sea")
        assert argon2_parameters(hashed) == {"m": 64 * 1024, "t": 3, "p": 4}
        assert hashing.verify_secret(hashed, "a long walk by the sea")
        # A cheap hash that reached a real deployment would be replaced at the next log-in.
        assert hashing.HASHER.check_needs_rehash(hashing.HASHERS["fast"].hash("x"))


def test_outside_an_application_the_production_cost_applies():
    assert hashing.current_hasher() is hashing.HASHERS["standard"]
    assert argon2_parameters(hashing.hash_secret("x"))["m"] >= 19 * 1024
