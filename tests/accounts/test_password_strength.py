"""Breached and weak passwords are refused with a message naming why (issue #20, item 13):
a kept estimator (zxcvbn, pinned) and the offline list of the 30 000 most common passwords."""

from __future__ import annotations

import gzip

import pytest

from porsche_web.accounts import password_strength as strength
from porsche_web.testing.helpers import post_form

ASTRID = ["astrid@example.com", "Astrid", "Exempel"]


@pytest.mark.parametrize(
    "password, reason",
    [
        ("password1234", strength.COMMON),  # our own list
        ("1qaz2wsx3edc", strength.COMMON),  # the ranked list
        ("P@ssw0rd2024!", strength.COMMON_WITH_ADDITIONS),
        ("iloveyou2024!", strength.COMMON_WITH_ADDITIONS),
        ("Sommar2024!!", strength.COMMON_WITH_ADDITIONS),
        ("astridexempel1", strength.PERSONAL),
        ("Exempel-2024-Astrid!", strength.PERSONAL),
        ("aaaaaaaaaaaaaaaa", strength.PATTERN),
        ("ghjkghjkghjkghjk", strength.PATTERN),
        ("19891989198919", strength.PATTERN),
    ],
)
def test_a_weak_password_is_refused_with_its_reason(password, reason):
    assert strength.weakness(password, ASTRID) == reason


@pytest.mark.parametrize(
    "password",
    [
        "a long and good password",
        "correct horse battery staple",
        "astrid loves long walks by the sea",
        "Tr0ub4dor&3 plus a few more",
        "ö" * 4 + " snö på taket i januari",
        "x7#Lq9!vR2@m",
        "a" + "b7Kq" * 60,  # 241 characters: estimated on its first 72, quickly
    ],
)
def test_a_strong_password_passes(password):
    assert strength.weakness(password, ASTRID) is None


def test_the_shipped_list_is_large_and_small_on_disk():
    assert len(strength.ranked_passwords()) >= 30000
    assert strength.RANKED_LIST.stat().st_size < 200_000
    with gzip.open(strength.RANKED_LIST, "rt", encoding="utf-8") as lines:
        assert "MIT License" in "".join(next(lines) for _ in range(6))


REGISTRATION = {
    "given_name": "Astrid",
    "family_name": "Exempel",
    "email": "astrid@example.com",
    "phone": "070-174 06 06",
    "country": "se",
    "language": "sv",
}


@pytest.mark.parametrize(
    "password, message",
    [
        ("P@ssw0rd2024!", "vanligt lösenord med några tecken tillagda eller utbytta"),
        ("astridexempel1", "ditt namn eller din e-postadress"),
        ("ghjkghjkghjkghjk", "tangentbordsrad"),
        ("password1234", "för vanligt"),
    ],
)
def test_registration_names_the_reason_in_swedish(client, password, message):
    response = post_form(client, "/se/sv/account/register", {**REGISTRATION, "password": password})
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_registration_names_the_reason_in_english_and_german(client):
    data = {**REGISTRATION, "password": "P@ssw0rd2024!", "country": "de", "language": "de"}
    english = post_form(client, "/se/en/account/register", {**data, "language": "en"})
    assert "a common password with a few characters added" in english.get_data(as_text=True)
    german = post_form(client, "/de/de/account/register", data)
    assert german.status_code == 422
    assert "häufiges Passwort" in german.get_data(as_text=True)
