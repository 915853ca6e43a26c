"""``tools/i18n.py`` on a small repository built in the test: a plugin's catalogs of a language
the core does not ship, ``--plugin`` touching that plugin only, no rewrite for a new date."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
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
    (tmp_path / "porsche_web" / "views.py").write_text('_("Hello")\n_("Goodbye")\n')
    for language in ("sv", "en"):
        path = tmp_path / "translations" / language / "LC_MESSAGES" / "messages.po"
        tool.write(path, tool.new_catalog(language))
    plugin(tmp_path, "br", '_l("Opening hours")\n')
    xx = plugin(tmp_path, "xx", '_l("Closed on Sundays")\n')
    tool.write(xx / "en" / "LC_MESSAGES" / "messages.po", tool.new_catalog("en"))
    assert tool.main(["update"], root=tmp_path) == 0
    return tmp_path


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
