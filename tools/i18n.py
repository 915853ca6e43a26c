"""Translation catalogs of the core and of every market plugin.

    python tools/i18n.py extract   # write messages.pot for the core and each plugin
    python tools/i18n.py update    # extract, then merge into every .po (new languages: init)
    python tools/i18n.py compile   # .po → .mo (the setup runs this; .mo are never committed)
    python tools/i18n.py check     # fail on a missing, untranslated or fuzzy message, or on a
                                   # plugin message that redefines a core one

Catalogs: the core's in ``translations/<lang>/LC_MESSAGES/messages.po`` (languages: sv, en, de);
a plugin's in ``<package>/translations/<lang>/…`` for the languages of its markets.
"""

from __future__ import annotations

import argparse
import copy
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "lazy_gettext": None,
    "_l": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}
METHOD_MAP = [
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2"),
    ("**/templates/**.txt", "jinja2"),
]
CORE_LANGUAGES = ("sv", "en", "de")


@dataclass(frozen=True)
class Domain:
    name: str
    source: Path  # folder scanned for messages
    translations: Path  # folder with <lang>/LC_MESSAGES/messages.po
    languages: tuple[str, ...]


def domains() -> list[Domain]:
    found = [Domain("core", ROOT / "porsche_web", ROOT / "translations", CORE_LANGUAGES)]
    for setup_cfg in sorted(ROOT.glob("plugins/*/setup.cfg")):
        for package in sorted(
            p.parent for p in setup_cfg.parent.glob("porsche_market_*/__init__.py")
        ):
            translations = package / "translations"
            languages = (
                tuple(sorted(p.name for p in translations.iterdir() if p.is_dir()))
                if translations.is_dir()
                else ()
            )
            found.append(Domain(package.name, package, translations, languages))
    return found


def new_catalog(language: str | None = None) -> Catalog:
    return Catalog(
        locale=language,
        project="porsche_web",
        version="",
        copyright_holder="porsche_web",
        charset="utf-8",
    )


def extract(domain: Domain) -> Catalog:
    catalog = new_catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        str(domain.source),
        METHOD_MAP,
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(domain: Domain, language: str) -> Path:
    return domain.translations / language / "LC_MESSAGES" / "messages.po"


def read(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    path.write_bytes(buffer.getvalue())


def cmd_extract() -> int:
    for domain in domains():
        template = extract(domain)
        write(domain.translations / "messages.pot", template)
        print(f"{domain.name}: {len(template)} messages")
    return 0


def cmd_update() -> int:
    for domain in domains():
        template = extract(domain)
        write(domain.translations / "messages.pot", template)
        for language in domain.languages:
            path = po_path(domain, language)
            catalog = read(path, language) if path.exists() else new_catalog(language)
            catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
            catalog.fuzzy = False
            if language == "en":  # the source language: a message is its own translation
                for message in catalog:
                    if message.id and not message.string:
                        message.string = message.id
            write(path, catalog)
            print(f"{domain.name}/{language}: updated")
    return 0


def cmd_compile() -> int:
    for domain in domains():
        for language in domain.languages:
            path = po_path(domain, language)
            catalog = read(path, language)
            with path.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalog)
    return 0


def _untranslated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return not all(strings)


def hidden_from_extraction(domain: Domain) -> list[Path]:
    """Source files Babel would skip: it ignores folders whose name starts with ``_`` or ``.``."""
    skipped = []
    for path in domain.source.rglob("*"):
        relative = path.relative_to(domain.source)
        if path.suffix in {".py", ".html"} and any(
            part.startswith(("_", ".")) and part != "__pycache__" for part in relative.parts[:-1]
        ):
            skipped.append(relative)
    return skipped


def cmd_check() -> int:
    problems: list[str] = []
    core_ids: set = set()
    for domain in domains():
        problems += [
            f"{domain.name}: {path} is in a folder the extractor skips (rename the folder)"
            for path in hidden_from_extraction(domain)
        ]
        template = extract(domain)
        ids = {message.id for message in template if message.id}
        if domain.name == "core":
            core_ids = ids
        else:
            clash = ids & core_ids
            problems += [
                f"{domain.name}: redefines core message {i!r}" for i in sorted(clash, key=str)
            ]
            if not domain.languages:
                problems.append(f"{domain.name}: ships no catalog")
        for language in domain.languages:
            path = po_path(domain, language)
            if not path.exists():
                problems.append(f"{domain.name}/{language}: no catalog at {path.relative_to(ROOT)}")
                continue
            catalog = read(path, language)
            for message in template:
                if not message.id:
                    continue
                translated = catalog.get(message.id, context=message.context)
                where = f"{domain.name}/{language}: {message.id!r}"
                if translated is None:
                    problems.append(f"{where} is missing (run: python tools/i18n.py update)")
                elif translated.fuzzy:
                    problems.append(f"{where} is fuzzy")
                elif _untranslated(translated):
                    problems.append(f"{where} is not translated")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"i18n check: {len(problems)} problem(s)")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["extract", "update", "compile", "check"])
    args = parser.parse_args(argv)
    return {
        "extract": cmd_extract,
        "update": cmd_update,
        "compile": cmd_compile,
        "check": cmd_check,
    }[args.command]()


if __name__ == "__main__":
    sys.exit(main())
