"""Translation catalogs of the core and of every market plugin.

    python tools/i18n.py extract   # write messages.pot for the core and each plugin
    python tools/i18n.py update    # extract, then merge into every .po (unchanged files are
                                   # not rewritten)
    python tools/i18n.py compile   # .po → .mo (the setup runs this; .mo are never committed)
    python tools/i18n.py check     # fail on a missing, untranslated or fuzzy message, a
                                   # python-format placeholder missing or added, a plural with
                                   # the wrong number of forms for the language, an HTML tag
                                   # that differs from the source, a message identical to
                                   # English longer than three words (translations/GLOSSARY.md
                                   # lists what may stay English), or a plugin message that
                                   # redefines a core one
    python tools/i18n.py init fr   # start the core's catalog of a new language
                                   # (translations/fr/LC_MESSAGES/messages.po); the language
                                   # ships once it is complete, passes the check and is compiled
    python tools/i18n.py init pt --plugin porsche-market-br
                                   # start a plugin's catalogs for a language (a language the
                                   # core does not ship: also its catalog of the core's messages)

``--plugin <distribution>`` limits extract, update, compile and check to that plugin.

Catalogs: the core's in ``translations/<lang>/LC_MESSAGES/messages.po`` (sv, en, de); a
plugin's own in ``<package>/translations/<lang>/LC_MESSAGES/messages.po`` for the languages of
its markets, and for a language the core does not ship also the core's messages in that
language, ``…/<lang>/LC_MESSAGES/core.po`` (see ``porsche_web/languages.py``).
"""

from __future__ import annotations

import argparse
import configparser
import copy
import importlib.util
import io
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser

ROOT = Path(__file__).resolve().parent.parent


def _load_languages() -> ModuleType:
    """``porsche_web/languages.py`` (Babel only), without importing the ``porsche_web``
    package and Flask: the i18n check runs with Babel and Jinja alone."""
    name = "_porsche_web_languages"
    spec = importlib.util.spec_from_file_location(name, ROOT / "porsche_web" / "languages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


languages_module = _load_languages()
MESSAGES = languages_module.MESSAGES_DOMAIN
CORE = languages_module.CORE_DOMAIN
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


class _CacheTag(Extension):
    """The templates' ``{% cache … %}…{% endcache %}`` (``porsche_web.fragments``) as the
    extractor needs it: the part's messages are read like any others. (The real tag needs Flask;
    the i18n check runs with Babel and Jinja alone.)"""

    tags = {"cache"}

    def parse(self, parser: Parser) -> list[nodes.Node]:
        next(parser.stream)
        parser.parse_expression()
        while parser.stream.skip_if("comma"):
            parser.parse_expression()
        return parser.parse_statements(("name:endcache",), drop_needle=True)


sys.modules["_porsche_web_i18n_tags"] = sys.modules[__name__]
_JINJA = {
    # A template the extractor cannot read fails the run instead of losing its messages.
    "silent": "false",
    "extensions": "_porsche_web_i18n_tags._CacheTag",
}
OPTIONS_MAP = {"**/templates/**.html": _JINJA, "**/templates/**.txt": _JINJA}


@dataclass(frozen=True)
class Domain:
    """A set of catalogs made from one template: the core's, a plugin's own messages, or a
    plugin's catalogs of the core's messages (``file`` "core")."""

    name: str
    source: Path  # folder scanned for messages
    translations: Path  # folder with <lang>/LC_MESSAGES/<file>.po
    languages: tuple[str, ...]
    file: str = MESSAGES  # catalog file name without suffix
    distribution: str | None = None  # the plugin's distribution; None for the core
    #: a plugin's overrides of core messages for one market (``market-<cc>.po``): only the
    #: messages it overrides, never filled from the template
    overrides: bool = False

    @property
    def of_core_messages(self) -> bool:
        """Whether the template is the core's (the core's catalogs, or a plugin's copy)."""
        return self.distribution is None or self.file == CORE


def distribution_name(setup_cfg: Path) -> str:
    parser = configparser.ConfigParser()
    parser.read(setup_cfg)
    return parser.get("metadata", "name", fallback=setup_cfg.parent.name)


def core_languages(root: Path = ROOT) -> tuple[str, ...]:
    return languages_module.catalog_languages(root / "translations", MESSAGES, ".po")


def domains(root: Path = ROOT) -> list[Domain]:
    core_dir = root / "translations"
    found = [Domain("core", root / "porsche_web", core_dir, core_languages(root))]
    for setup_cfg in sorted(root.glob("plugins/*/setup.cfg")):
        distribution = distribution_name(setup_cfg)
        for package in sorted(
            p.parent for p in setup_cfg.parent.glob("porsche_market_*/__init__.py")
        ):
            translations = package / "translations"
            languages = (
                tuple(sorted(p.name for p in translations.iterdir() if p.is_dir()))
                if translations.is_dir()
                else ()
            )
            found.append(
                Domain(package.name, package, translations, languages, distribution=distribution)
            )
            by_market: dict[str, list[str]] = {}
            for market, language, _path in languages_module.override_catalogs(translations):
                by_market.setdefault(market, []).append(language)
            found += [
                Domain(
                    f"{package.name} (overrides for {market})",
                    root / "porsche_web",
                    translations,
                    tuple(sorted(market_languages)),
                    file=languages_module.overrides_domain(market),
                    distribution=distribution,
                    overrides=True,
                )
                for market, market_languages in sorted(by_market.items())
            ]
            copies = languages_module.catalog_languages(translations, CORE, ".po")
            if copies:
                found.append(
                    Domain(
                        f"{package.name} (core messages)",
                        root / "porsche_web",
                        translations,
                        copies,
                        file=CORE,
                        distribution=distribution,
                    )
                )
    return found


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def select(found: list[Domain], plugin: str | None) -> list[Domain]:
    """Every domain, or only those of the plugin distribution ``plugin`` (its name as in its
    setup.cfg; the package or folder name are accepted too)."""
    if plugin is None:
        return found
    wanted = _normalised(plugin)
    chosen = [
        domain
        for domain in found
        if domain.distribution is not None
        and wanted
        in {
            _normalised(domain.distribution),
            _normalised(domain.translations.parent.name),
            _normalised(domain.translations.parent.parent.name),
        }
    ]
    if not chosen:
        known = sorted({d.distribution for d in found if d.distribution is not None})
        raise SystemExit(f"no plugin {plugin!r} under plugins/ (known: {', '.join(known)})")
    return chosen


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
        options_map=OPTIONS_MAP,
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(domain: Domain, language: str) -> Path:
    return languages_module.catalog_path(domain.translations, language, domain.file)


def read(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


#: Header lines that change on every run (extraction time), ignored when comparing.
VOLATILE = re.compile(rb'^"(POT-Creation-Date|PO-Revision-Date|Generated-By): .*$', re.M)


def write(path: Path, catalog: Catalog) -> bool:
    """Write ``catalog`` unless the file says the same but for its dates; True if written."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)
    content = buffer.getvalue()
    if path.exists() and VOLATILE.sub(b"", path.read_bytes()) == VOLATILE.sub(b"", content):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


class Templates:
    """Extracted templates, once per source folder and run (plugins' core catalogs share the
    core's)."""

    def __init__(self) -> None:
        self._found: dict[Path, Catalog] = {}

    def __call__(self, domain: Domain) -> Catalog:
        if domain.source not in self._found:
            self._found[domain.source] = extract(domain)
        return self._found[domain.source]


def cmd_extract(chosen: list[Domain]) -> int:
    templates = Templates()
    for domain in chosen:
        if domain.file == CORE or domain.overrides:  # their template is the core's
            continue
        template = templates(domain)
        write(domain.translations / "messages.pot", template)
        print(f"{domain.name}: {len(template)} messages")
    return 0


def merge(domain: Domain, language: str, template: Catalog) -> bool:
    """Merge ``template`` into the domain's catalog for ``language`` (made if missing)."""
    path = po_path(domain, language)
    catalog = read(path, language) if path.exists() else new_catalog(language)
    catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
    catalog.fuzzy = False
    if language == languages_module.SOURCE_LANGUAGE:  # a message is its own translation
        for message in catalog:
            if message.id and not message.string:
                message.string = message.id
    return write(path, catalog)


def cmd_update(chosen: list[Domain]) -> int:
    templates = Templates()
    for domain in chosen:
        if domain.overrides:  # only what the market team chose to override: left as it is
            continue
        template = templates(domain)
        if domain.file != CORE:
            write(domain.translations / "messages.pot", template)
        for language in domain.languages:
            state = "updated" if merge(domain, language, template) else "unchanged"
            print(f"{domain.name}/{language}: {state}")
    return 0


def cmd_init_core(language: str, root: Path = ROOT) -> int:
    """Start the core's catalog for ``language`` (every message, none translated yet)."""
    core = next(domain for domain in domains(root) if domain.distribution is None)
    path = po_path(core, language)
    if path.exists():
        raise SystemExit(f"{path.relative_to(root)} exists already (update merges new messages)")
    merge(core, language, Templates()(core))
    print(f"core/{language}: {path.relative_to(root)}")
    return 0


def cmd_init(chosen: list[Domain], language: str, root: Path = ROOT) -> int:
    """Start the catalogs of a plugin for ``language``: its own messages, and for a language the
    core does not ship also the core's messages (``core.po``)."""
    own = [domain for domain in chosen if domain.file == MESSAGES]
    if len(own) != 1 or not own[0].distribution:
        raise SystemExit("init needs --plugin <distribution>")
    plugin = own[0]
    templates = Templates()
    merge(plugin, language, templates(plugin))
    print(f"{plugin.name}/{language}: {po_path(plugin, language).relative_to(root)}")
    if language not in core_languages(root):
        copy_of_core = Domain(
            f"{plugin.name} (core messages)",
            root / "porsche_web",
            plugin.translations,
            (language,),
            file=CORE,
            distribution=plugin.distribution,
        )
        merge(copy_of_core, language, templates(copy_of_core))
        print(
            f"{copy_of_core.name}/{language}: {po_path(copy_of_core, language).relative_to(root)}"
        )
    return 0


def cmd_compile(chosen: list[Domain]) -> int:
    for domain in chosen:
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


#: A python-format placeholder: ``%(name)s``, ``%s``, ``%5.2f`` (``%%`` is a literal percent).
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"
    r"(?P<type>[diouxXeEfFgGcrsa%])"
)
#: A named placeholder (what a translation may add by mistake to a message without any).
NAMED_PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
HTML_TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
ATTRIBUTE = re.compile(r"([\w:-]+)\s*=")
#: The placeholder Flask-Babel's ``ngettext`` fills with the count: a plural form may spell
#: the number out instead ("ett fordon").
COUNT = "num"
#: How many words a message may have and still be the same as English without the glossary.
SAME_AS_ENGLISH_WORDS = 3
GLOSSARY = Path("translations") / "GLOSSARY.md"


def placeholders(text: str) -> Counter[str]:
    """The python-format placeholders of ``text``: ``name`` for ``%(name)s``, the conversion
    for a positional one (``%s`` → ``"#1:s"``, counted in order); ``%%`` is left out."""
    found: Counter[str] = Counter()
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match["type"] == "%":
            continue
        if match["name"] is not None:
            found[f"%({match['name']})"] += 1
        else:
            position += 1
            found[f"#{position}:{match['type']}"] += 1
    return found


def html_tags(text: str) -> Counter[str]:
    """The HTML tags of ``text`` as ``<a href>``/``</a>`` (names and attribute names; the
    attributes' values may be translated), counted: word order may move them."""
    found: Counter[str] = Counter()
    for closing, name, attributes in HTML_TAG.findall(text):
        names = " ".join(sorted(a.lower() for a in ATTRIBUTE.findall(attributes)))
        found[f"<{closing}{name.lower()}{' ' + names if names else ''}>"] += 1
    return found


@dataclass(frozen=True)
class Glossary:
    """What ``translations/GLOSSARY.md`` allows: the terms that are never translated (section
    "Never translated") and whole messages that may stay English (section "May stay English"),
    each a bullet starting with the term in backquotes."""

    never_translated: tuple[str, ...]
    same_as_english: frozenset[str]

    @classmethod
    def read(cls, path: Path) -> Glossary:
        sections: dict[str, list[str]] = {}
        current = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("## "):
                current = line[3:].strip().lower()
                continue
            item = re.match(r"\s*[-*]\s+`([^`]+)`", line)
            if item:
                sections.setdefault(current, []).append(item[1])
        terms = next((v for k, v in sections.items() if k.startswith("never translated")), [])
        same = next((v for k, v in sections.items() if k.startswith("may stay english")), [])
        # the longest first, so that "Porsche Connect Store" goes before "Porsche Connect"
        return cls(tuple(sorted(terms, key=len, reverse=True)), frozenset(same))

    def words(self, text: str) -> list[str]:
        """The words of ``text`` a translator would translate: without the never-translated
        terms, placeholders, HTML tags, addresses and numbers."""
        text = HTML_TAG.sub(" ", PLACEHOLDER.sub(" ", text))
        text = re.sub(r"\S+@\S+|https?://\S+", " ", text)
        for term in self.never_translated:
            text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", " ", text)
        return re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text)


def _forms(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, tuple | list) else (str(value or ""),)


def message_problems(
    source: Message, translated: Message, language: str, glossary: Glossary
) -> list[str]:
    """What is wrong with a translated (present, not fuzzy, filled) message, one text each."""
    found = []
    ids = _forms(source.id)
    forms = _forms(translated.string)
    if source.pluralizable:
        wanted = get_plural(language).num_plurals
        if len(forms) != wanted:
            found.append(
                f"has {len(forms)} plural form(s); {language} has {wanted} (Babel's plural rules)"
            )
    python_format = "python-format" in source.flags or any(placeholders(i) for i in ids)
    expected = sum((placeholders(i) for i in ids), Counter())
    for index, form in enumerate(forms):
        label = f"form {index}: " if source.pluralizable else ""
        if python_format:
            have = placeholders(form)
            missing = set(expected) - set(have)
            if source.pluralizable:
                missing.discard(f"%({COUNT})")
            added = set(have) - set(expected)
            if missing:
                found.append(f"{label}placeholder {', '.join(sorted(missing))} missing")
            if added:
                found.append(f"{label}placeholder {', '.join(sorted(added))} added")
        elif NAMED_PLACEHOLDER.search(form):
            found.append(f"{label}placeholder {NAMED_PLACEHOLDER.search(form)[0]} added")
        source_text = ids[min(index, len(ids) - 1)]
        if html_tags(form) != html_tags(source_text):
            found.append(
                f"{label}HTML tags {sorted(html_tags(form).elements())} differ from the "
                f"source's {sorted(html_tags(source_text).elements())}"
            )
        if (
            language != languages_module.SOURCE_LANGUAGE
            and form in ids
            and form not in glossary.same_as_english
            and len(glossary.words(form)) > SAME_AS_ENGLISH_WORDS
        ):
            found.append(
                f"{label}is the same as English ({len(glossary.words(form))} words; "
                f"translate it, or list it under 'May stay English' in {GLOSSARY})"
            )
    if source.pluralizable and python_format:
        counted = f"%({COUNT})" in expected
        if counted and not any(f"%({COUNT})" in placeholders(form) for form in forms):
            found.append(f"placeholder %({COUNT}) missing from every form")
    return found


def read_glossary(root: Path, problems: list[str]) -> Glossary:
    path = root / GLOSSARY
    if not path.is_file():
        problems.append(f"{GLOSSARY} is missing (the never-translated terms)")
        return Glossary((), frozenset())
    glossary = Glossary.read(path)
    if not glossary.never_translated:
        problems.append(f"{GLOSSARY}: no terms under '## Never translated'")
    return glossary


def override_problems(
    domain: Domain, template: Catalog, glossary: Glossary, root: Path
) -> list[str]:
    """A plugin's overrides of core messages for one market: each must be a message of the
    core, translated, not fuzzy, and pass the rules of :func:`message_problems`."""
    problems = []
    for language in domain.languages:
        path = po_path(domain, language)
        catalog = read(path, language)
        where = f"{domain.name}/{language}"
        for message in catalog:
            if not message.id:
                continue
            source = template.get(message.id, context=message.context)
            msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
            if source is None:
                problems.append(
                    f"{where}: overrides {msgid!r}, which the core does not have "
                    f"({path.relative_to(root)})"
                )
            elif message.fuzzy:
                problems.append(f"{where}: {msgid!r} is fuzzy")
            elif _untranslated(message):
                problems.append(f"{where}: {msgid!r} is not translated")
            else:
                problems += [
                    f"{where}: {msgid!r}: {problem}"
                    for problem in message_problems(source, message, language, glossary)
                ]
    return problems


def cmd_check(chosen: list[Domain], root: Path = ROOT) -> int:
    problems: list[str] = []
    glossary = read_glossary(root, problems)
    templates = Templates()
    core = next(domain for domain in domains(root) if domain.distribution is None)
    core_ids = {message.id for message in templates(core) if message.id}
    shipped = core_languages(root)
    for domain in chosen:
        if domain.overrides:
            problems += override_problems(domain, templates(domain), glossary, root)
            continue
        if domain.file != CORE:
            problems += [
                f"{domain.name}: {path} is in a folder the extractor skips (rename the folder)"
                for path in hidden_from_extraction(domain)
            ]
        template = templates(domain)
        if not domain.of_core_messages:
            ids = {message.id for message in template if message.id}
            clash = ids & core_ids
            problems += [
                f"{domain.name}: redefines core message {i!r}" for i in sorted(clash, key=str)
            ]
            if not domain.languages:
                problems.append(f"{domain.name}: ships no catalog")
        for language in domain.languages:
            path = po_path(domain, language)
            if domain.file == CORE and language in shipped:
                problems.append(
                    f"{domain.name}/{language}: the core ships {language} itself; remove "
                    f"{path.relative_to(root)}"
                )
                continue
            if not path.exists():
                problems.append(f"{domain.name}/{language}: no catalog at {path.relative_to(root)}")
                continue
            catalog = read(path, language)
            wanted = get_plural(language).num_plurals
            if catalog.num_plurals != wanted:
                problems.append(
                    f"{domain.name}/{language}: the header says {catalog.num_plurals} plural "
                    f"form(s); {language} has {wanted} (Plural-Forms: "
                    f"{get_plural(language).plural_forms})"
                )
            for message in template:
                if not message.id:
                    continue
                translated = catalog.get(message.id, context=message.context)
                where = f"{domain.name}/{language}: {message.id!r}"
                update = "python tools/i18n.py update" + (
                    f" --plugin {domain.distribution}" if domain.distribution else ""
                )
                if translated is None:
                    problems.append(f"{where} is missing (run: {update})")
                elif translated.fuzzy:
                    problems.append(f"{where} is fuzzy")
                elif _untranslated(translated):
                    filled = [form for form in _forms(translated.string) if form]
                    if message.pluralizable and filled:  # Babel pads the forms it lacks
                        wanted = get_plural(language).num_plurals
                        problems.append(
                            f"{where} has {len(filled)} plural form(s); {language} has {wanted} "
                            "(Babel's plural rules)"
                        )
                    else:
                        problems.append(f"{where} is not translated")
                else:
                    problems += [
                        f"{where}: {problem}"
                        for problem in message_problems(message, translated, language, glossary)
                    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"i18n check: {len(problems)} problem(s)")
    return 1 if problems else 0


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["extract", "update", "compile", "check", "init"])
    parser.add_argument(
        "language",
        nargs="?",
        help="init: the language to start (ISO 639-1, with an ISO 15924 script: zh_Hant)",
    )
    parser.add_argument(
        "--plugin", metavar="DISTRIBUTION", help="only this plugin (porsche-market-br)"
    )
    args = parser.parse_args(argv)
    chosen = select(domains(root), args.plugin)
    if args.command == "init":
        if not args.language or not languages_module.LANGUAGE_TAG.fullmatch(args.language):
            parser.error(
                "init needs a language code of two lower-case letters (pt), with a script "
                "where the language is written in more than one (zh_Hans, sr_Latn)"
            )
        try:
            Locale.parse(args.language)
        except (ValueError, UnknownLocaleError):
            parser.error(f"{args.language} is not a locale Babel knows (CLDR)")
        if args.plugin is None:
            return cmd_init_core(args.language, root)
        return cmd_init(chosen, args.language, root)
    if args.language:
        parser.error(f"{args.command} takes no language")
    if args.command == "check":
        return cmd_check(chosen, root)
    return {"extract": cmd_extract, "update": cmd_update, "compile": cmd_compile}[args.command](
        chosen
    )


if __name__ == "__main__":
    sys.exit(main())
