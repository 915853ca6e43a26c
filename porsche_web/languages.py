"""Site languages, decided in one place: what is installed and complete.

A language is a **site language** when a compiled catalog of the core's messages is installed
for it:

- the core's own catalogs, ``translations/<lang>/LC_MESSAGES/messages.mo`` (sv, en, de);
- a market plugin's catalog of the core's messages for a language the core does not ship,
  ``<package>/translations/<lang>/LC_MESSAGES/core.mo`` (``pt`` from a Brazil plugin), when it
  translates every message of the core. An incomplete one is reported, never served.

A plugin's own messages stay in ``<package>/translations/<lang>/LC_MESSAGES/messages.po``.

Read by the application (:func:`porsche_web.markets.registry.init_app` sets ``LANGUAGES``),
``flask markets list`` and ``markets check`` (the registry's ``language_catalogs``, also
:func:`porsche_web.i18n.language_completeness`), ``tools/i18n.py`` and the tests. It needs
Babel only, so the i18n tool loads it without Flask.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.core import get_global
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

#: File name (without suffix) of the core's catalogs and of a plugin's own messages.
MESSAGES_DOMAIN = "messages"
#: File name (without suffix) of a plugin's catalog of the core's messages.
CORE_DOMAIN = "core"
#: Swedish is the reference language of the core (listed first); English is the source language.
REFERENCE_LANGUAGE = "sv"
SOURCE_LANGUAGE = "en"
#: File name (without suffix) of a plugin's overrides of core messages for one of its markets:
#: ``<package>/translations/<lang>/LC_MESSAGES/market-<cc>.po`` (``market-ch`` for Switzerland).
OVERRIDES_PREFIX = "market-"
#: ``provider`` of the core's own catalogs.
CORE_PROVIDER = "core"
#: The languages the core always ships (the i18n check keeps them complete at every commit):
#: served as soon as they are compiled. Every other language, the core's or a plugin's, is
#: served only when its catalog translates every message of the core (a language waiting for
#: its translators is never half-served).
BASE_LANGUAGES = ("sv", "en", "de")
#: The staff console speaks only these (#15: the languages its users need), whatever else the
#: customer sites ship: Porsche Centre and customer-service staff read Swedish, English or
#: German, and a new message of the console is translated for them alone.
STAFF_LANGUAGES = BASE_LANGUAGES

PACKAGE_DIR = Path(__file__).resolve().parent

#: A language as the site names it: ISO 639-1, with the ISO 15924 script where the language is
#: written in more than one (``zh_Hans`` for China, ``zh_Hant`` for Hong Kong and Taiwan,
#: ``sr_Latn`` for Bosnia and Herzegovina). It names the catalog folder and the market's
#: languages; the address of a site carries only the language (:func:`url_code`).
LANGUAGE_TAG = re.compile(r"[a-z]{2}(?:_[A-Z][a-z]{3})?")
#: The longest language the database keeps (``zh_Hant``): columns ``String(LANGUAGE_LENGTH)``.
LANGUAGE_LENGTH = 7


def url_code(language: str) -> str:
    """The language's part of a site's address: ``/hk/zh/`` for ``zh_Hant``, ``/se/sv/`` for
    ``sv``. A market serves at most one language per code (checked by ``Market``), so the
    market and the code together name the language again (``Market.site_language``)."""
    return language.split("_", 1)[0]


def bcp47(language: str) -> str:
    """The language as HTML's ``lang``/``hreflang`` write it: ``zh-Hant`` for ``zh_Hant``."""
    return language.replace("_", "-")


def catalog_locales(locale: str) -> list[str]:
    """Where the catalogs of ``locale`` are looked for, most specific first: gettext's own
    fallback drops the script with the territory (``zh_Hant_HK`` → ``zh``), so the language
    with its script comes second (``zh_Hant_HK``, ``zh_Hant``)."""
    parts = locale.split("_")
    found = [locale]
    if len(parts) >= 2 and len(parts[1]) == 4:
        found.append(f"{parts[0]}_{parts[1]}")
    return found


def _language_range(tag: str) -> tuple[str, str | None, str | None] | None:
    """An ``Accept-Language`` value as (language, script, region): ``zh-Hant-TW`` → ``("zh",
    "Hant", "TW")``, ``pt-BR`` → ``("pt", None, "BR")``; None for ``*`` and what is no
    language tag (variants and extensions are passed over)."""
    subtags = tag.strip().replace("_", "-").split("-")
    language = subtags[0].lower()
    if not (2 <= len(language) <= 3 and language.isascii() and language.isalpha()):
        return None
    script = region = None
    for subtag in subtags[1:]:
        if (
            script is None
            and region is None
            and len(subtag) == 4
            and subtag.isascii()
            and subtag.isalpha()
        ):
            script = subtag.title()
        elif region is None and len(subtag) == 2 and subtag.isascii() and subtag.isalpha():
            region = subtag.upper()
        else:
            break
    return language, script, region


def _lookup_order(language: str, script: str | None, region: str | None) -> list[str]:
    """Where a language range is looked for among the site languages, most specific first:
    the language with its script (written, or CLDR's likely one: ``zh-TW`` → ``zh_Hant``,
    ``zh`` → ``zh_Hans``), then the language alone (``pt-BR`` → ``pt``)."""
    if script is None:
        likely = get_global("likely_subtags")
        found = (region and likely.get(f"{language}_{region}")) or likely.get(language) or ""
        parts = found.split("_")
        script = parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None
    return [f"{language}_{script}", language] if script else [language]


def accepted_values(accepted: Iterable[tuple[str, float]]) -> list[str]:
    """The ``Accept-Language`` values the browser accepts, best quality first (the header's
    order among equals); refused ones (``q=0``) left out."""
    pairs = [(value, quality) for value, quality in accepted if quality > 0]
    return [value for value, _quality in sorted(pairs, key=lambda pair: -pair[1])]


def negotiate(accepted: Iterable[tuple[str, float]], offered: Sequence[str]) -> str | None:
    """The language of ``offered`` that best fits the browser's ``Accept-Language``
    (``request.accept_languages``: (value, quality) pairs); None when none fits (the caller
    takes its default).

    The values are tried best quality first (in the header's order among equals), each as
    RFC 4647's lookup does: the language with its script, then the language alone, so a
    regional value falls back to its language before a value of lower quality is tried
    (``pt-BR, en;q=0.5`` → ``pt`` where ``pt`` ships). A refused language (``q=0``) is never
    chosen, not even as a fallback: ``pt`` refuses ``pt``, ``zh`` both Chinese scripts,
    ``zh-Hant`` only Traditional Chinese. ``*`` and values that are no language are passed over.
    """
    by_key = {language.lower(): language for language in offered}
    wanted: list[tuple[float, list[str]]] = []
    refused: set[str] = set()
    for value, quality in accepted:
        parsed = _language_range(value)
        if parsed is None:
            continue
        language, script, region = parsed
        if quality > 0:
            wanted.append((quality, _lookup_order(language, script, region)))
        elif region is None:
            refused.update(
                key
                for key in by_key
                if url_code(key) == language
                and (script is None or key == f"{language}_{script}".lower())
            )
    wanted.sort(key=lambda item: -item[0])  # stable: the header's order among equals
    for _quality, keys in wanted:
        for key in keys:
            if key.lower() in by_key and key.lower() not in refused:
                return by_key[key.lower()]
    return None


#: A message of a catalog: (context, msgid; the singular of a plural message).
MessageKey = tuple[str | None, str]


def core_translations_dir() -> Path:
    """The core catalogs: compiled into the package in a wheel, ``translations/`` in a checkout."""
    packaged = PACKAGE_DIR / "translations"
    if packaged.is_dir():
        return packaged
    return PACKAGE_DIR.parent / "translations"


def catalog_path(translations: Path, language: str, domain: str, suffix: str = ".po") -> Path:
    """``<translations>/<language>/LC_MESSAGES/<domain><suffix>``."""
    return translations / language / "LC_MESSAGES" / f"{domain}{suffix}"


def catalog_languages(translations: Path, domain: str, suffix: str = ".mo") -> tuple[str, ...]:
    """The languages with a ``<domain><suffix>`` catalog under ``translations``, sorted."""
    if not translations.is_dir():
        return ()
    return tuple(
        sorted(
            folder.name
            for folder in translations.iterdir()
            if catalog_path(translations, folder.name, domain, suffix).is_file()
        )
    )


def plugin_catalog_dirs(packages: Iterable[tuple[str, Path | None]]) -> list[tuple[str, Path]]:
    """(distribution, ``translations/``) of each plugin package that ships catalogs, by path
    (a distribution with several entry points in one package is listed once)."""
    found: dict[Path, str] = {}
    for distribution, package_dir in packages:
        translations = package_dir / "translations" if package_dir else None
        if translations is not None and translations.is_dir():
            found.setdefault(translations, distribution)
    return [(found[path], path) for path in sorted(found)]


def overrides_domain(market: str) -> str:
    """The catalog file name (without suffix) of a plugin's overrides for ``market``."""
    return f"{OVERRIDES_PREFIX}{market}"


def override_catalogs(translations: Path, suffix: str = ".po") -> list[tuple[str, str, Path]]:
    """(market code, language, path) of every override catalog under a plugin's
    ``translations/`` folder, sorted."""
    if not translations.is_dir():
        return []
    found = []
    for path in sorted(translations.glob(f"*/LC_MESSAGES/{OVERRIDES_PREFIX}*{suffix}")):
        market = path.name[len(OVERRIDES_PREFIX) : -len(suffix)]
        found.append((market, path.parent.parent.name, path))
    return found


@dataclass(frozen=True)
class LanguageCatalog:
    """One installed catalog of the core's messages and how complete it is.

    :param language: ISO 639-1 code (``"pt"``).
    :param provider: ``"core"``, or the distribution of the plugin that ships the catalog.
    :param path: the catalog Flask-Babel loads (``.mo``), or its ``.po`` when not compiled.
    :param compiled: whether the ``.mo`` exists (only a compiled catalog is served).
    :param total: how many messages the core has.
    :param missing: the core's messages without a translation in this catalog (msgids, sorted).
    """

    language: str
    provider: str
    path: Path
    compiled: bool
    total: int
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return self.compiled and not self.missing

    @property
    def translated(self) -> int:
        return self.total - len(self.missing)

    def __str__(self) -> str:
        state = (
            "complete" if self.complete else "not compiled" if not self.compiled else "incomplete"
        )
        return (
            f"{self.language} ({self.provider}): {self.translated} of {self.total} core "
            f"messages, {state}"
        )


@functools.lru_cache(maxsize=256)
def _translated(path: Path, mtime_ns: int, size: int) -> frozenset[MessageKey]:
    """The messages of a catalog that have a translation (cached until the file changes)."""
    with path.open("rb") as handle:
        catalog = read_mo(handle) if path.suffix == ".mo" else read_po(handle)
    keys = set()
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if not message.id or message.fuzzy or not all(strings):
            continue
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        keys.add((message.context, msgid))
    return frozenset(keys)


def translated_messages(path: Path) -> frozenset[MessageKey]:
    """The translated messages of the catalog at ``path`` (``.mo`` or ``.po``)."""
    stat = path.stat()
    return _translated(path, stat.st_mtime_ns, stat.st_size)


def core_messages(core_dir: Path) -> frozenset[MessageKey]:
    """Every message of the core: those of its compiled catalogs (English, the source language,
    translates each message as itself, so the union is the whole template)."""
    found: set[MessageKey] = set()
    for language in catalog_languages(core_dir, MESSAGES_DOMAIN):
        found |= translated_messages(catalog_path(core_dir, language, MESSAGES_DOMAIN, ".mo"))
    return frozenset(found)


def _catalog(
    language: str, provider: str, translations: Path, domain: str, core: frozenset[MessageKey]
) -> LanguageCatalog:
    compiled = catalog_path(translations, language, domain, ".mo")
    path = compiled if compiled.is_file() else catalog_path(translations, language, domain)
    missing = core - translated_messages(path)
    return LanguageCatalog(
        language=language,
        provider=provider,
        path=path,
        compiled=compiled.is_file(),
        total=len(core),
        missing=tuple(sorted(msgid for _context, msgid in missing)),
    )


def language_completeness(
    core_dir: Path, plugin_dirs: Iterable[tuple[str, Path]] = ()
) -> list[LanguageCatalog]:
    """Every installed catalog of the core's messages: the core's, then the plugins'.

    :param core_dir: the core's translations (:func:`core_translations_dir`).
    :param plugin_dirs: (distribution, ``translations/`` folder) of each market plugin.

    A plugin catalog for a language the core ships itself is not listed: the core's wins.
    """
    core = core_messages(core_dir)
    core_languages = catalog_languages(core_dir, MESSAGES_DOMAIN)
    catalogs = [
        _catalog(language, CORE_PROVIDER, core_dir, MESSAGES_DOMAIN, core)
        for language in core_languages
    ]
    seen: set[Path] = set()
    for provider, translations in plugin_dirs:
        if translations in seen:
            continue
        seen.add(translations)
        languages = set(catalog_languages(translations, CORE_DOMAIN, ".po"))
        languages |= set(catalog_languages(translations, CORE_DOMAIN, ".mo"))
        catalogs += [
            _catalog(language, provider, translations, CORE_DOMAIN, core)
            for language in sorted(languages - set(core_languages))
        ]
    return catalogs


def site_languages(catalogs: Iterable[LanguageCatalog]) -> tuple[str, ...]:
    """The languages the site can be served in (the languages that *ship*): the core's base
    languages (:data:`BASE_LANGUAGES`, compiled), every other language of the core whose
    catalog is complete and compiled, and every language a plugin ships a complete, compiled
    catalog of the core's messages for. The reference language first, then the core's others,
    then the plugins', each alphabetically."""
    core, added = set(), set()
    for catalog in catalogs:
        if catalog.provider == CORE_PROVIDER and (
            catalog.complete or (catalog.compiled and catalog.language in BASE_LANGUAGES)
        ):
            core.add(catalog.language)
        elif catalog.provider != CORE_PROVIDER and catalog.complete:
            added.add(catalog.language)
    first = [REFERENCE_LANGUAGE] if REFERENCE_LANGUAGE in core else []
    return (*first, *sorted(core - set(first)), *sorted(added - core))


def restrict(available: Sequence[str], configured: Sequence[str] | None) -> tuple[str, ...]:
    """``configured`` (the ``LANGUAGES`` setting, in its order) limited to ``available``;
    every available language when nothing is configured."""
    if not configured:
        return tuple(available)
    return tuple(language for language in configured if language in available)
