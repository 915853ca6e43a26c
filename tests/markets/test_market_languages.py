"""Languages from plugins (issue #18): a market plugin ships the core's messages in a language
the core does not ship, and its market is served in it with no core change; the core's tests
keep passing with such a 46th market installed (Kenya in Swahili: Brazil's Portuguese ships
with the core now)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from porsche_web.config import ConfigError
from porsche_web.languages import (
    CORE_DOMAIN,
    catalog_path,
    language_completeness,
    site_languages,
)
from porsche_web.markets.registry import current_registry
from porsche_web.testing.helpers import html_lang
from porsche_web.testing.markets import (
    BRAZIL_HOURS_PT,
    SWAHILI,
    FakeDistribution,
    build_brazil_distribution,
    build_kenya_distribution,
    country_without_market,
)

ROOT = Path(__file__).resolve().parents[2]


def installed(
    distribution: FakeDistribution, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeDistribution]:
    """``distribution`` installed for one test: on ``sys.path``, its modules forgotten after."""
    monkeypatch.syspath_prepend(str(distribution.path))
    try:
        yield distribution
    finally:
        for module in distribution.modules:
            sys.modules.pop(module, None)


@pytest.fixture(autouse=True)
def core_without_portuguese(core_shipping):
    """These tests are about a language the core does not ship and a plugin does: the core
    ships its base languages only (its own Portuguese, finished since, is left out)."""
    return core_shipping("sv", "en", "de")


@pytest.fixture
def brazil(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDistribution]:
    """``porsche-market-br`` installed for this test: Brazil in Portuguese and English."""
    yield from installed(build_brazil_distribution(tmp_path / "site-packages"), monkeypatch)


@pytest.fixture
def brazil_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeDistribution]:
    """The same, but its Portuguese catalog of the core's messages misses one message."""
    distribution = build_brazil_distribution(tmp_path / "site-packages", complete=False)
    yield from installed(distribution, monkeypatch)


def test_a_market_is_served_in_the_language_its_plugin_ships(make_app, brazil):
    app = make_app()
    assert "pt" in app.config["LANGUAGES"]
    client = app.test_client()
    assert client.get("/br/").headers["Location"].endswith("/br/pt/")
    privacy = client.get("/br/pt/privacy")
    assert privacy.status_code == 200
    page = privacy.get_data(as_text=True)
    assert html_lang(page) == "pt-BR"
    assert "Privacidade" in page and "Pular para o conteúdo principal" in page
    support = client.get("/br/pt/support").get_data(as_text=True)
    assert "Atendimento ao cliente em Brasil" in support  # core message, CLDR country name
    assert BRAZIL_HOURS_PT in support  # the plugin's own message
    english = client.get("/br/en/privacy").get_data(as_text=True)
    assert "Skip to main content" in english and "Privacidade" not in english
    # … and every other site is as before
    assert "Hoppa till huvudinnehållet" in client.get("/se/sv/privacy").get_data(as_text=True)
    assert client.get("/se/pt/privacy").status_code == 404


def test_pages_outside_the_country_sites_offer_the_new_language(make_app, brazil):
    client = make_app().test_client()
    page = client.get("/", headers={"Accept-Language": "pt-BR,pt;q=0.9"}).get_data(as_text=True)
    assert html_lang(page) == "pt"
    # a regional value falls back to the plugin's language before a value of lower quality
    page = client.get("/", headers={"Accept-Language": "pt-BR, en;q=0.5"}).get_data(as_text=True)
    assert html_lang(page) == "pt"


def test_markets_list_names_the_language_and_the_plugin_that_ships_it(make_app, brazil):
    result = make_app().test_cli_runner().invoke(args=["markets", "list"])
    assert result.exit_code == 0
    languages = next(line for line in result.output.splitlines() if line.startswith("languages:"))
    assert languages.startswith("languages: sv, de, en, ")  # and every core language that ships
    # the plugins' languages follow the core's (a market installed beside may add its own)
    assert "pt (porsche-market-br)" in languages.removeprefix("languages: ").split(", ")
    line = next(line for line in result.output.splitlines() if line.startswith("br "))
    assert "pt,en" in line and "porsche-market-br 0.1.0" in line
    assert "switched off" not in result.output


def test_markets_check_reports_each_languages_completeness(make_app, brazil):
    app = make_app()
    result = app.test_cli_runner().invoke(args=["markets", "check"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        markets = len(current_registry().all())
        total = current_registry().language_catalogs[0].total
    assert f"language pt (porsche-market-br): {total} of {total} core messages, complete" in (
        result.output
    )
    assert f"language sv (core): {total} of {total}" in result.output
    assert f"{markets} market(s), no problems" in result.output


def test_an_incomplete_catalog_is_not_served_and_the_market_keeps_english(
    make_app, brazil_incomplete
):
    app = make_app()
    assert "pt" not in app.config["LANGUAGES"]
    client = app.test_client()
    # pt is Brazil's official language: its addresses lead to the default language meanwhile
    assert client.get("/br/pt/support?x=1").headers["Location"].endswith("/br/en/support?x=1")
    assert client.get("/br/").headers["Location"].endswith("/br/en/")
    assert client.get("/br/en/support").status_code == 200
    listing = app.test_cli_runner().invoke(args=["markets", "list"])
    assert "switched off" not in listing.output
    waiting = next(line for line in listing.output.splitlines() if line.startswith("language pt"))
    assert waiting.startswith("language pt: official in br, pt, not served: ")
    assert "no complete catalog for pt: porsche-market-br translates" in waiting
    check = app.test_cli_runner().invoke(args=["markets", "check", "br"])
    assert check.exit_code == 1
    assert (
        "porsche-market-br (entry point br): market br: translations.pt.core: 1 of the core's"
    ) in check.output
    assert "python tools/i18n.py update --plugin porsche-market-br" in check.output


def test_language_completeness_names_what_is_missing(brazil_incomplete, core_without_portuguese):
    translations = brazil_incomplete.translations
    catalogs = language_completeness(core_without_portuguese, [("porsche-market-br", translations)])
    portuguese = next(c for c in catalogs if c.language == "pt")
    assert portuguese.provider == "porsche-market-br" and portuguese.compiled
    assert len(portuguese.missing) == 1 and not portuguese.complete
    assert "pt" not in site_languages(catalogs)


def test_an_uncompiled_catalog_is_not_served(brazil, core_without_portuguese):
    catalog_path(brazil.translations, "pt", CORE_DOMAIN, ".mo").unlink()
    catalogs = language_completeness(
        core_without_portuguese, [("porsche-market-br", brazil.translations)]
    )
    portuguese = next(c for c in catalogs if c.language == "pt")
    assert not portuguese.compiled and not portuguese.missing
    assert "pt" not in site_languages(catalogs)


def test_the_languages_setting_limits_the_site_languages(make_app, brazil):
    app = make_app({"LANGUAGES": ["sv", "en", "de"]})
    assert app.config["LANGUAGES"] == ["sv", "en", "de"]
    client = app.test_client()
    assert client.get("/br/pt/").headers["Location"].endswith("/br/en/")
    listing = app.test_cli_runner().invoke(args=["markets", "list"])
    assert "pt is not one of the configured LANGUAGES" in listing.output


def test_an_app_without_the_plugin_knows_nothing_of_its_language(make_app, make_core_app, brazil):
    with_brazil = make_app()
    assert with_brazil.test_client().get("/br/pt/privacy").status_code == 200
    core = make_core_app()
    assert (
        core.config["LANGUAGES"][:3] == ["sv", "de", "en"] and "pt" not in core.config["LANGUAGES"]
    )
    page = core.test_client().get("/", headers={"Accept-Language": "pt"}).get_data(as_text=True)
    assert html_lang(page) == "en"


def test_the_example_country_without_a_market_follows_the_installed_markets(make_app, brazil):
    app = make_app()
    with app.app_context():
        registry = current_registry()
        assert registry.get("br") is not None
        code = country_without_market(registry)
        assert registry.get(code) is None
    page = app.test_client().get(f"/se/en/support?country={code}").get_data(as_text=True)
    assert "There is no Porsche Connect customer service for" in page


# The core's tests run again with the new market installed: every folder whose tests look at the
# markets, the sites, their languages and the pages built from them (not a hand-picked list of
# files: a count or a country example added later anywhere in them is caught). The slowest
# (subprocesses, servers) are left out; ``test_every_site`` runs for the new site only.
MARKET_DEPENDENT_TESTS = [
    "tests/markets",
    "tests/support",
    "tests/foundation",
    "tests/home",
    "tests/accounts",
]


PROBE = """
import re, sys
from porsche_web import create_app
code, language = sys.argv[1:]
app = create_app({"ENVIRONMENT": "testing"})
with app.app_context():
    from porsche_web.markets.registry import current_registry
    registry = current_registry()
    (catalog,) = [c for c in registry.language_catalogs if c.language == language]
    print(registry.owner(registry.get(code)).distribution, catalog.provider)
page = app.test_client().get(f"/{code}/{language}/privacy").get_data(as_text=True)
print(re.search('<html lang="([^"]+)"', page).group(1))
print(page)
"""


@pytest.mark.slow
@pytest.mark.server
def test_the_core_tests_pass_with_a_46th_market_installed(tmp_path):
    """``make test`` stays green when a market team installs a new market with a language of its
    own: Kenya, served in Swahili from its plugin's catalog (a language the core does not ship),
    and the core's tests that look at the installed markets run again with it installed."""
    distribution = build_kenya_distribution(tmp_path / "site-packages")
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(distribution.path), os.environ.get("PYTHONPATH")])
        ),
        "PORSCHE_WEB_TEST_DB": "sqlite",  # the markets matter here, not the database
    }
    # Run outside the checkout, so porsche_web is imported as installed (a wheel under tox).
    run = {"env": environment, "capture_output": True, "text": True, "cwd": tmp_path}
    code, language = distribution.market, distribution.language
    probe = subprocess.run([sys.executable, "-c", PROBE, code, language], **run)
    assert probe.returncode == 0, probe.stderr[-2000:]
    first, lang, page = probe.stdout.split("\n", 2)
    owner, provider = first.split()
    # served in the plugin's own language (if the core ever ships it, pick another one here)
    assert owner == provider == "porsche-market-ke", probe.stdout[:200]
    assert lang == "sw-KE" and SWAHILI["Privacy"] in page and "Skip to main content" not in page
    tests = [str(ROOT / path) for path in MARKET_DEPENDENT_TESTS]
    every_site = ROOT / "tests/foundation/test_every_site.py"  # the new site only (there are ~100)
    options = ["-q", "-x", "-m", "not slow and not server", "--deselect", str(every_site)]
    result = subprocess.run([sys.executable, "-m", "pytest", *options, *tests], **run)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout.splitlines()[-1], result.stdout[-500:]
    new_site = [
        f"{every_site}::test_every_market_has_a_site",
        f"{every_site}::test_the_site_speaks_its_language_and_formats_for_its_locale"
        f"[{code}-{language}]",
    ]
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", *new_site], **run)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_default_language_must_be_a_site_language(make_app, make_core_app, brazil):
    with pytest.raises(ConfigError, match="DEFAULT_LANGUAGE 'pt' must be one of the site"):
        make_core_app({"DEFAULT_LANGUAGE": "pt"})
    assert make_app({"DEFAULT_LANGUAGE": "pt"}).config["DEFAULT_LANGUAGE"] == "pt"
