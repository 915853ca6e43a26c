"""``tools/i18n.py`` on a small repository built in the test: a plugin's catalogs of a language
the core does not ship, ``--plugin`` touching that plugin only, no rewrite for a new date; and
each rule of the check (issue #15): missing, fuzzy, placeholders, plural forms, HTML tags,
the same as English, the glossary."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["i18n_tool"] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("i18n_tool", None)


def plugin(root: Path, code: str, source: str) -> Path:
    folder = root / "plugins" / f"porsche-market-{code}"
    package = folder / f"porsche_market_{code}"
    package.mkdir(parents=True)
    (folder / "setup.cfg").write_text(f"[metadata]\nname = porsche-market-{code}\n")
    (package / "__init__.py").write_text("")
    (package / "plugin.py").write_text(source)
    return package / "translations"


@pytest.fixture
def repo(tmp_path: Path, tool) -> Path:
    """A core with two messages (sv, en) and two plugins: br (no catalog yet) and xx (en)."""
    (tmp_path / "porsche_web").mkdir()
    write_glossary(tmp_path)
    (tmp_path / "porsche_web" / "views.py").write_text('_("Hello")\n_("Goodbye")\n')
    for language in ("sv", "en"):
        path = tmp_path / "translations" / language / "LC_MESSAGES" / "messages.po"
        tool.write(path, tool.new_catalog(language))
    plugin(tmp_path, "br", '_l("Opening hours")\n')
    xx = plugin(tmp_path, "xx", '_l("Closed on Sundays")\n')
    tool.write(xx / "en" / "LC_MESSAGES" / "messages.po", tool.new_catalog("en"))
    assert tool.main(["update"], root=tmp_path) == 0
    return tmp_path


def write_glossary(root: Path, *, same_as_english: tuple[str, ...] = ()) -> None:
    allowed = "".join(f"- `{message}` — allowed\n" for message in same_as_english)
    (root / "translations").mkdir(exist_ok=True)
    (root / "translations" / "GLOSSARY.md").write_text(
        "# Glossary\n\n## Never translated\n\n- `Porsche ID` — the account\n"
        "- `My Porsche` — the pages\n\n## May stay English\n\n" + allowed
    )


def translate(path: Path, language: str, **strings: str) -> None:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    for message in catalog:
        if message.id in strings:
            message.string = strings[message.id]
    with path.open("wb") as handle:
        write_po(handle, catalog)


def snapshot(root: Path) -> dict[Path, bytes]:
    return {
        path: path.read_bytes()
        for path in root.rglob("*")
        if path.suffix in (".po", ".pot") and "porsche_market_br" not in path.parts
    }


def test_init_starts_a_plugins_catalogs_and_its_copy_of_the_core(tool, repo):
    assert tool.main(["init", "pt", "--plugin", "porsche-market-br"], root=repo) == 0
    folder = repo / "plugins/porsche-market-br/porsche_market_br/translations/pt/LC_MESSAGES"
    with (folder / "core.po").open("rb") as handle:
        assert {m.id for m in read_po(handle) if m.id} == {"Hello", "Goodbye"}
    with (folder / "messages.po").open("rb") as handle:
        assert {m.id for m in read_po(handle) if m.id} == {"Opening hours"}
    # a language the core ships: the plugin's own messages only
    assert tool.main(["init", "sv", "--plugin", "porsche_market_br"], root=repo) == 0
    assert not (folder.parent.parent / "sv" / "LC_MESSAGES" / "core.po").exists()


def test_update_of_one_plugin_touches_that_plugin_only(tool, repo):
    tool.main(["init", "pt", "--plugin", "porsche-market-br"], root=repo)
    (repo / "porsche_web" / "views.py").write_text('_("Hello")\n_("Goodbye")\n_("Welcome")\n')
    before = snapshot(repo)
    assert tool.main(["update", "--plugin", "porsche-market-br"], root=repo) == 0
    assert snapshot(repo) == before  # neither the core nor plugin xx
    core_copy = repo / "plugins/porsche-market-br/porsche_market_br/translations/pt/LC_MESSAGES"
    with (core_copy / "core.po").open("rb") as handle:
        assert "Welcome" in {m.id for m in read_po(handle)}


def test_update_rewrites_no_file_whose_only_change_is_a_date(tool, repo):
    core_sv = repo / "translations" / "sv" / "LC_MESSAGES" / "messages.po"
    old = core_sv.read_text().replace("POT-Creation-Date: 20", "POT-Creation-Date: 19")
    core_sv.write_text(old)
    assert tool.main(["update"], root=repo) == 0
    assert core_sv.read_text() == old


def test_update_with_an_unknown_plugin_names_the_known_ones(tool, repo):
    with pytest.raises(SystemExit, match="porsche-market-br, porsche-market-xx"):
        tool.main(["update", "--plugin", "porsche-market-zz"], root=repo)


def test_check_names_what_a_plugins_copy_of_the_core_lacks(tool, repo, capsys):
    tool.main(["init", "pt", "--plugin", "porsche-market-br"], root=repo)
    folder = repo / "plugins/porsche-market-br/porsche_market_br/translations"
    translate(folder / "pt/LC_MESSAGES/core.po", "pt", Hello="Olá")
    translate(folder / "pt/LC_MESSAGES/messages.po", "pt", **{"Opening hours": "Horário"})
    assert tool.main(["check", "--plugin", "porsche-market-br"], root=repo) == 1
    errors = capsys.readouterr().err
    assert "porsche_market_br (core messages)/pt: 'Goodbye' is not translated" in errors
    assert "'Hello'" not in errors and "'Opening hours'" not in errors
    translate(folder / "pt/LC_MESSAGES/core.po", "pt", Goodbye="Tchau")
    assert tool.main(["check", "--plugin", "porsche-market-br"], root=repo) == 0


def test_check_refuses_a_plugin_copy_of_a_language_the_core_ships(tool, repo, capsys):
    copy = repo / "plugins/porsche-market-xx/porsche_market_xx/translations/en/LC_MESSAGES"
    tool.write(copy / "core.po", tool.new_catalog("en"))
    assert tool.main(["check", "--plugin", "porsche-market-xx"], root=repo) == 1
    assert "the core ships en itself" in capsys.readouterr().err


def test_messages_inside_a_cached_part_are_extracted(tool, repo):
    """``{% cache %}`` (porsche_web.fragments) wraps whole pages' parts: their messages must not
    drop out of the catalogs (they did once, silently, when the extractor could not read the
    tag)."""
    templates = repo / "porsche_web" / "templates"
    templates.mkdir()
    (templates / "page.html").write_text(
        '{% cache "part", model %}<p>{{ _("Inside the part") }}</p>{% endcache %}\n'
    )
    assert tool.main(["extract"], root=repo) == 0
    with (repo / "translations" / "messages.pot").open("rb") as handle:
        ids = {message.id for message in read_po(handle)}
    assert "Inside the part" in ids


def test_a_template_the_extractor_cannot_read_fails_the_run(tool, repo):
    templates = repo / "porsche_web" / "templates"
    templates.mkdir()
    (templates / "broken.html").write_text('{% unknown_tag %}{{ _("Lost") }}\n')
    with pytest.raises(Exception, match="unknown_tag"):
        tool.main(["extract"], root=repo)


# -- the rules of the check (issue #15) ---------------------------------------------------------

CORE_SOURCE = """\
_("Hello %(name)s, your car is ready")
ngettext("%(num)d car", "%(num)d cars", count)
_("Read <a href=\\"%(url)s\\">the terms</a> first")
_("Log in to My Porsche")
_("Choose the services you want")
"""
GREETING = "Hello %(name)s, your car is ready"
TERMS = 'Read <a href="%(url)s">the terms</a> first'
LOGIN = "Log in to My Porsche"
SERVICES = "Choose the services you want"
CAR = "%(num)d car"

SWEDISH = {
    GREETING: "Hej %(name)s, din bil är klar",
    CAR: ("%(num)d bil", "%(num)d bilar"),
    TERMS: 'Läs <a href="%(url)s">villkoren</a> först',
    LOGIN: "Logga in på My Porsche",
    SERVICES: "Välj de tjänster du vill ha",
}
POLISH_CAR = ("%(num)d samochód", "%(num)d samochody", "%(num)d samochodów")


@pytest.fixture
def rules(tmp_path: Path, tool) -> Path:
    """A core with five messages, complete in sv and en: the check passes."""
    (tmp_path / "porsche_web").mkdir()
    (tmp_path / "porsche_web" / "views.py").write_text(CORE_SOURCE)
    write_glossary(tmp_path)
    for language in ("sv", "en"):
        path = tmp_path / "translations" / language / "LC_MESSAGES" / "messages.po"
        tool.write(path, tool.new_catalog(language))
    assert tool.main(["update"], root=tmp_path) == 0
    fill(tmp_path, "sv", SWEDISH)
    fill(tmp_path, "en", {CAR: ("%(num)d car", "%(num)d cars")})
    return tmp_path


def fill(root: Path, language: str, strings: dict, fuzzy: frozenset[str] = frozenset()) -> None:
    path = root / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in strings:
            message.string = strings[key]
        if key in fuzzy:
            message.flags.add("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog)


def check(tool, root: Path, capsys) -> tuple[int, str]:
    status = tool.main(["check"], root=root)
    return status, capsys.readouterr().err


def test_a_complete_catalog_passes(tool, rules, capsys):
    assert check(tool, rules, capsys) == (0, "")


def test_a_missing_message_fails(tool, rules, capsys):
    (rules / "porsche_web" / "views.py").write_text(CORE_SOURCE + '_("A new message")\n')
    status, errors = check(tool, rules, capsys)
    assert status == 1
    assert "core/sv: 'A new message' is missing (run: python tools/i18n.py update)" in errors


def test_a_fuzzy_message_fails(tool, rules, capsys):
    fill(rules, "sv", {}, fuzzy=frozenset({SERVICES}))
    status, errors = check(tool, rules, capsys)
    assert (status, errors.strip()) == (1, f"core/sv: {SERVICES!r} is fuzzy")


@pytest.mark.parametrize(
    "translation, problem",
    [
        ("Hej, din bil är klar", "placeholder %(name) missing"),
        ("Hej %(namn)s, din bil är klar", "placeholder %(name) missing"),
        ("Hej %(name)s, din bil %(vin)s är klar", "placeholder %(vin) added"),
        ("Hej %s, din bil är klar", "placeholder #1:s added"),
    ],
)
def test_a_placeholder_missing_or_added_fails(tool, rules, capsys, translation, problem):
    fill(rules, "sv", {GREETING: translation})
    status, errors = check(tool, rules, capsys)
    assert status == 1
    assert f"core/sv: {GREETING!r}: {problem}" in errors


def test_a_placeholder_added_to_a_message_without_any_fails(tool, rules, capsys):
    fill(rules, "sv", {SERVICES: "Välj tjänsterna för %(car)s"})
    status, errors = check(tool, rules, capsys)
    assert f"core/sv: {SERVICES!r}: placeholder %(car)s added" in errors


def test_a_plural_form_may_spell_the_number_but_not_lose_it_everywhere(tool, rules, capsys):
    fill(rules, "sv", {CAR: ("en bil", "%(num)d bilar")})
    assert check(tool, rules, capsys)[0] == 0
    fill(rules, "sv", {CAR: ("en bil", "flera bilar")})
    status, errors = check(tool, rules, capsys)
    assert f"core/sv: ('{CAR}', '%(num)d cars'): placeholder %(num) missing from every form" in (
        errors
    )


def test_a_plural_with_the_wrong_number_of_forms_for_the_language_fails(tool, rules, capsys):
    """Polish has three plural forms (Babel's CLDR rules); two are not enough."""
    path = rules / "translations" / "pl" / "LC_MESSAGES" / "messages.po"
    tool.write(path, tool.new_catalog("pl"))
    assert tool.main(["update"], root=rules) == 0
    polish = {
        GREETING: "Cześć %(name)s, twój samochód jest gotowy",
        TERMS: 'Przeczytaj najpierw <a href="%(url)s">warunki</a>',
        LOGIN: "Zaloguj się do My Porsche",
        SERVICES: "Wybierz usługi, których chcesz",
        CAR: ("%(num)d samochód", "%(num)d samochody"),
    }
    fill(rules, "pl", polish)
    status, errors = check(tool, rules, capsys)
    assert status == 1
    assert "has 2 plural form(s); pl has 3 (Babel's plural rules)" in errors
    fill(rules, "pl", {CAR: POLISH_CAR})
    assert check(tool, rules, capsys) == (0, "")


def test_a_catalog_header_with_the_wrong_plural_forms_fails(tool, rules, capsys):
    path = rules / "translations" / "sv" / "LC_MESSAGES" / "messages.po"
    text = path.read_text().replace("nplurals=2; plural=(n != 1)", "nplurals=1; plural=0")
    path.write_text(text)
    status, errors = check(tool, rules, capsys)
    assert "core/sv: the header says 1 plural form(s); sv has 2" in errors


@pytest.mark.parametrize(
    "translation, problem",
    [
        ('Läs <a href="%(url)s">villkoren först', "HTML tags ['<a href>'] differ"),
        ('Läs <b><a href="%(url)s">villkoren</a></b> först', "HTML tags ['</a>', '</b>'"),
        ('Läs <a title="x" href="%(url)s">villkoren</a> först', "['</a>', '<a href title>']"),
    ],
)
def test_an_html_tag_that_differs_from_the_source_fails(tool, rules, capsys, translation, problem):
    fill(rules, "sv", {TERMS: translation})
    status, errors = check(tool, rules, capsys)
    assert status == 1
    assert problem in errors


def test_html_tags_may_move_with_the_word_order(tool, rules, capsys):
    fill(rules, "sv", {TERMS: 'Läs först <a href="%(url)s">villkoren</a>'})
    assert check(tool, rules, capsys) == (0, "")


def test_a_message_left_in_english_longer_than_three_words_fails(tool, rules, capsys):
    fill(rules, "sv", {SERVICES: SERVICES})
    status, errors = check(tool, rules, capsys)
    assert status == 1
    assert f"core/sv: {SERVICES!r}: is the same as English (5 words;" in errors


def test_the_never_translated_terms_of_the_glossary_do_not_count(tool, rules, capsys):
    # "Log in to My Porsche": three words once the glossary's term is taken out
    fill(rules, "sv", {LOGIN: LOGIN})
    assert check(tool, rules, capsys) == (0, "")
    (rules / "translations" / "GLOSSARY.md").write_text(
        "# Glossary\n\n## Never translated\n\n- `PCM`\n"
    )
    status, errors = check(tool, rules, capsys)
    assert f"core/sv: {LOGIN!r}: is the same as English (5 words;" in errors


def test_the_glossary_may_let_a_whole_message_stay_english(tool, rules, capsys):
    fill(rules, "sv", {SERVICES: SERVICES})
    write_glossary(rules, same_as_english=(SERVICES,))
    assert check(tool, rules, capsys) == (0, "")


def test_english_is_the_source_and_may_be_itself(tool, rules, capsys):
    fill(rules, "en", {SERVICES: SERVICES, GREETING: GREETING})
    assert check(tool, rules, capsys) == (0, "")


def test_the_check_needs_the_glossary(tool, rules, capsys):
    (rules / "translations" / "GLOSSARY.md").unlink()
    status, errors = check(tool, rules, capsys)
    assert status == 1 and "translations/GLOSSARY.md is missing" in errors


def test_the_projects_glossary_lists_the_never_translated_terms(tool):
    glossary = tool.Glossary.read(ROOT / "translations" / "GLOSSARY.md")
    for term in ("Porsche ID", "My Porsche", "Porsche Connect", "PCM", "Data Pass"):
        assert term in glossary.never_translated
    text = (ROOT / "translations" / "GLOSSARY.md").read_text()
    for language in ("fr", "pl", "ja", "el", "nb"):
        assert f"#### {language} — " in text  # a table waiting for its translators
    assert "| security code | säkerhetskod | Sicherheitscode |" in text


# -- a plugin's overrides of core messages for one market --------------------------------------


def override(repo: Path, strings: dict[str, str]) -> Path:
    folder = repo / "plugins/porsche-market-xx/porsche_market_xx/translations/en/LC_MESSAGES"
    catalog = Catalog(locale="en")
    for msgid, text in strings.items():
        catalog.add(msgid, text)
    with (folder / "market-xx.po").open("wb") as handle:
        write_po(handle, catalog)
    return folder / "market-xx.po"


def test_overrides_are_checked_against_the_core_and_left_alone_by_update(tool, repo, capsys):
    path = override(repo, {"Hello": "Kia ora"})
    before = path.read_bytes()
    assert tool.main(["update"], root=repo) == 0
    assert path.read_bytes() == before  # no other core message is added
    assert tool.main(["check", "--plugin", "porsche-market-xx"], root=repo) == 0
    assert tool.main(["compile", "--plugin", "porsche-market-xx"], root=repo) == 0
    assert path.with_suffix(".mo").is_file()
    override(repo, {"Hello": "Kia ora", "Haere mai": "Welcome"})
    assert tool.main(["check", "--plugin", "porsche-market-xx"], root=repo) == 1
    assert (
        "porsche_market_xx (overrides for xx)/en: overrides 'Haere mai', which the core does "
        "not have" in capsys.readouterr().err
    )


def test_overrides_follow_the_rules_of_the_check(tool, repo, capsys):
    override(repo, {"Hello": "Kia ora %(name)s"})
    assert tool.main(["check", "--plugin", "porsche-market-xx"], root=repo) == 1
    assert "'Hello': placeholder %(name)s added" in capsys.readouterr().err


def test_init_starts_the_cores_catalog_of_a_new_language(tool, rules, capsys):
    assert tool.main(["init", "pl"], root=rules) == 0
    path = rules / "translations" / "pl" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="pl")
    assert {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id} == set(SWEDISH)
    assert catalog.num_plurals == 3
    # untranslated, so the check fails (and the language does not ship) until it is filled
    status, errors = check(tool, rules, capsys)
    assert status == 1 and f"core/pl: {SERVICES!r} is not translated" in errors
    with pytest.raises(SystemExit, match="exists already"):
        tool.main(["init", "pl"], root=rules)


def test_init_takes_a_script_where_the_language_has_more_than_one(tool, rules):
    assert tool.main(["init", "zh_Hant"], root=rules) == 0
    path = rules / "translations" / "zh_Hant" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        assert read_po(handle, locale="zh_Hant").num_plurals == 1


@pytest.mark.parametrize("language", ["PL", "pol", "zh-Hant", "zh_hant", "xx", "xx_Latn"])
def test_init_refuses_what_is_not_a_language_tag_babel_knows(tool, rules, language):
    with pytest.raises(SystemExit):
        tool.main(["init", language], root=rules)
    assert not (rules / "translations" / language).exists()
