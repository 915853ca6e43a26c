"""Sorting names the way readers of a language expect (country lists, the country chooser).

The Unicode Collation Algorithm with its default table (pyuca, pure Python) is right for German
and English: Ägypten sorts with A and Österreich with O, not after Zypern as code points would
have them. The Nordic languages put their own letters after Z; those few rules are tailored here
(CLDR's tailorings): Swedish and Finnish å < ä < ö (æ as ä, ø as ö), Danish and Norwegian
æ < ø < å (ä as æ, ö as ø). PyICU would bring every tailoring but has no wheels to install.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from pyuca import Collator

#: The letters a language sorts after z, in their order, and the letters it sorts as one of them.
_AFTER_Z: dict[str, tuple[str, dict[str, str]]] = {
    "sv": ("åäö", {"æ": "ä", "ø": "ö"}),
    "fi": ("åäö", {"æ": "ä", "ø": "ö"}),
    "da": ("æøå", {"ä": "æ", "ö": "ø"}),
    "nb": ("æøå", {"ä": "æ", "ö": "ø"}),
    "nn": ("æøå", {"ä": "æ", "ö": "ø"}),
    "no": ("æøå", {"ä": "æ", "ö": "ø"}),
}


@functools.cache
def _collator() -> Collator:
    return Collator()  # reads the default table once per process (about 0.2 s)


@functools.lru_cache(maxsize=4096)
def _primaries(char: str) -> tuple[int, ...]:
    """The primary weights of one character (the part of its UCA key before the first 0)."""
    key = _collator().sort_key(char)
    end = key.index(0) if 0 in key else len(key)
    return tuple(key[:end])


def sort_key(language: str) -> Callable[[str], tuple]:
    """A key function that sorts strings for readers of ``language`` (``sv``, ``de_DE``)."""
    base = language.replace("-", "_").split("_")[0].lower()
    tailoring = _AFTER_Z.get(base)
    collator = _collator()
    if tailoring is None:
        return collator.sort_key
    letters, same_as = tailoring
    after_z = max(_primaries("z")) + 1

    def key(text: str) -> tuple:
        primaries: list[int] = []
        for char in text:
            lower = char.lower()
            lower = same_as.get(lower, lower)
            if lower in letters:
                primaries.append(after_z + letters.index(lower))
            else:
                primaries.extend(_primaries(char))
        # Ties (case, accents) are broken by the untailored key.
        return (tuple(primaries), collator.sort_key(text))

    return key


def sorted_names(items, language: str, name: Callable = lambda item: item) -> list:
    """``items`` sorted by ``name(item)`` for readers of ``language``."""
    key = sort_key(language)
    return sorted(items, key=lambda item: key(name(item)))
