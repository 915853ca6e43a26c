"""How guessable a new password is (SECURITY.md, ASVS 6.2.4/6.2.12; issue #20, item 13).

Three checks, all offline, first match wins, each with its own reason:

1. ``common``: the password is on our list (``common_passwords.txt``) or on the 30 000 most
   common leaked passwords shipped with the package (``common_passwords_ranked.txt.gz``).
2. ``common_with_additions``: it is such a password with digits or symbols around it and
   look-alike characters (``P@ssw0rd2024!`` is ``password`` + ``2024!``).
3. zxcvbn (a kept estimator, pinned) rates it below :data:`MIN_SCORE`; the reason names what
   made it weak: ``personal`` (your name or e-mail address), ``pattern`` (keyboard rows,
   sequences, repetitions, dates) or ``guessable``.

No composition rules: a long sentence of ordinary words passes.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from zxcvbn import zxcvbn

from porsche_web.accounts import secrets_ as hashing

RANKED_LIST = Path(__file__).with_name("common_passwords_ranked.txt.gz")

#: zxcvbn's scale: 3 is "safely unguessable" (at least 10^8 guesses), 4 very unguessable.
MIN_SCORE = 3
#: zxcvbn is quadratic in the length; what follows the first 72 characters only adds strength.
ESTIMATE_CHARS = 72

COMMON = "common"
COMMON_WITH_ADDITIONS = "common_with_additions"
PERSONAL = "personal"
PATTERN = "pattern"
GUESSABLE = "guessable"

LOOK_ALIKES = str.maketrans(
    {"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "|": "i", "3": "e", "$": "s", "5": "s",
     "7": "t", "+": "t"}
)  # fmt: skip
EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@cache
def ranked_passwords() -> frozenset[str]:
    with gzip.open(RANKED_LIST, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip() and line[0] != "#")


def _on_a_list(word: str) -> bool:
    return word in hashing.common_passwords() or word in ranked_passwords()


def _bases(lower: str) -> set[str]:
    base = EDGES.sub("", lower)
    return {word for word in (base, base.translate(LOOK_ALIKES), lower.translate(LOOK_ALIKES))
            if len(word) >= 4}  # fmt: skip


def _personal(inputs: Iterable[str | None]) -> list[str]:
    words = []
    for value in inputs:
        if not value:
            continue
        value = value.lower()
        words.append(value)
        words += [part for part in re.split(r"[@._+\-\s]", value) if len(part) >= 3]
    return words


def weakness(password: str, personal: Iterable[str | None] = ()) -> str | None:
    """Why ``password`` is too easy to guess, or None. ``personal``: the person's name and
    e-mail address (a password made of them is refused)."""
    lower = password.lower()
    if _on_a_list(lower):
        return COMMON
    if any(_on_a_list(base) for base in _bases(lower)):
        return COMMON_WITH_ADDITIONS
    inputs = _personal(personal)
    rest = lower
    for word in sorted(inputs, key=len, reverse=True):
        rest = rest.replace(word, "")
    if rest != lower and len(re.sub(r"[\W\d_]", "", rest)) < 4:
        return PERSONAL
    result = zxcvbn(password[:ESTIMATE_CHARS], user_inputs=inputs)
    if result["score"] >= MIN_SCORE:
        return None
    matches = [m for m in result["sequence"] if m["pattern"] != "bruteforce"]
    if not matches:
        return GUESSABLE
    weakest = max(matches, key=lambda m: len(m["token"]))
    if weakest["pattern"] == "dictionary":
        if weakest.get("dictionary_name") == "user_inputs":
            return PERSONAL
        if weakest.get("dictionary_name") == "passwords":
            return COMMON_WITH_ADDITIONS
        return GUESSABLE
    if weakest["pattern"] in ("spatial", "repeat", "sequence", "date", "regex"):
        return PATTERN
    return GUESSABLE
