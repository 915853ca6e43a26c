"""Playwright journeys: where they run, in which market and language, and what a failure leaves.

``playwright install`` is never needed: the browser is ``/usr/bin/chromium`` (or
``CHROMIUM_PATH``), which ``make`` installs from Debian's packages when it is missing.

Where (``--base-url``, or ``PYTEST_BASE_URL``)
    Without it, the tests start the app on a free port with a fresh database (outbox viewer, PCM
    simulator and development clock on, rate limits off). With it, they run against that
    deployment and start nothing: a staging site with the outbox viewer, the PCM simulator and
    the development clock switched on (``make run`` is one). Everything then goes over HTTP:
    orders through the dealer API with ``--dealer-key`` (``PORSCHE_WEB_E2E_DEALER_KEY``),
    e-mails, links and codes from ``/dev/outbox.json``, the car from ``/dev/pcm``, the site's
    time from ``/dev/clock``; invitations come through the customer's self-service new link
    (the site's own scheduler sends them only every few minutes), data exports from the site's
    export job. The few steps that need the server's database (an
    invitation made 15 days old, a customer made older than the privacy policy) run only
    against the tests' own server; against a deployment they are skipped with the reason.

Which market and language (``--market``, ``--lang``)
    ``--market se`` (the default) and every language of the market (``sv`` and ``en``), or
    ``--lang de`` (``--lang sv,en``) for some. The market's data (languages, partners, what it
    sells, Data Pass, charging, support contact) comes from the installed plugins' registry,
    the words from the site's catalogs (``pages.texts``). ``--partner`` picks the Porsche
    Centre the orders come from (default: the market's first).

What a failure leaves (``tox -e e2e`` passes ``--tracing retain-on-failure --screenshot
only-on-failure --output e2e/artifacts``)
    Per failed test, in its folder under ``--output``: Playwright's trace (``trace.zip``; open
    it with ``playwright show-trace``), a screenshot of every page and the HTML of every page
    (``page-<n>.html``, saved here). The end of the run lists the files.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from html_check import HtmlCheck
from pages import (
    DealerSystem,
    MarketFacts,
    NewLinkPage,
    Order,
    Outbox,
    Person,
    SiteClock,
    Visit,
    activate_order,
)
from playwright.sync_api import APIRequestContext, BrowserContext, Playwright
from werkzeug.serving import make_server

from porsche_web import clock, create_app
from porsche_web.extensions import db
from porsche_web.testing.pytest_plugin import testing_settings

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
DEALER_KEY_ENV = "PORSCHE_WEB_E2E_DEALER_KEY"
MARKET_ENV = "PORSCHE_WEB_E2E_MARKET"
HTML_CHECK = "porsche_web_e2e_html_check"

# The limiter is one object shared by every app of the process: every app made here keeps it
# off, or one app's init_app would switch it on for the live server too. The limits are tested
# by the Flask-client suite and would only slow the journeys down here.
_QUIET = {"RATELIMIT_ENABLED": False}


# -- options ----------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("journeys", "porsche_web journeys (e2e/)")
    group.addoption(
        "--market",
        default=os.environ.get(MARKET_ENV, "se"),
        help=f"market the journeys run in (default: se, or ${MARKET_ENV})",
    )
    group.addoption(
        "--lang",
        default=None,
        help="language(s) of the market to run, comma-separated (default: all of its languages)",
    )
    group.addoption(
        "--partner",
        default=None,
        help="Porsche Centre id the journeys' orders come from (default: the market's first)",
    )
    group.addoption(
        "--dealer-key",
        default=os.environ.get(DEALER_KEY_ENV),
        help="dealer API key of the market, for the journeys with an order against --base-url "
        f"(or ${DEALER_KEY_ENV}); `flask --app porsche_web orders create-key` prints one",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "variants(argnames, argvalues, ids): one run per variant, the journey languages taking "
        "turns (the first variant in the first language, the next in the second...)",
    )
    config.addinivalue_line(
        "markers",
        "local_server: needs the server the tests start (its CLI or database); left out, and "
        "listed as deselected, when the suite runs against a deployment (--base-url)",
    )
    config.pluginmanager.register(ArtifactsSummary(config), "porsche_web_e2e_artifacts")
    config.pluginmanager.register(HtmlCheck(config), HTML_CHECK)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under e2e/ carries the ``e2e`` marker (``-m "not e2e"`` leaves them out).
    Against a deployment (``--base-url``), the tests marked ``local_server`` are deselected:
    they need the database or CLI of the server the tests start."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here + os.sep):
            item.add_marker(pytest.mark.e2e)
    if not config.getoption("base_url", None):
        return
    left_out = [item for item in items if item.get_closest_marker("local_server")]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]


# -- the market and its languages ---------------------------------------------------------------

_facts_key = pytest.StashKey[MarketFacts]()


def market_facts(config: pytest.Config) -> MarketFacts:
    """The market of ``--market`` (read once per run, also at collection)."""
    if _facts_key not in config.stash:
        # An application only to read the installed plugins and catalogs: no database is used.
        app = create_app({**testing_settings("sqlite://"), **_QUIET})
        try:
            facts = MarketFacts(app, config.getoption("--market"), config.getoption("--partner"))
        except LookupError as exc:
            raise pytest.UsageError(str(exc)) from exc
        config.stash[_facts_key] = facts
    return config.stash[_facts_key]


def journey_languages(config: pytest.Config) -> list[str]:
    market = market_facts(config)
    chosen = config.getoption("--lang")
    if not chosen:
        return list(market.languages)
    languages = [lang.strip() for lang in chosen.split(",") if lang.strip()]
    unknown = [lang for lang in languages if lang not in market.languages]
    if unknown:
        raise pytest.UsageError(
            f"market {market.code} has no site in {', '.join(unknown)} "
            f"(its languages: {', '.join(market.languages)})"
        )
    return languages


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A journey taking ``lang`` runs in every journey language; with ``@pytest.mark.variants``
    each variant runs once, in the languages by turns."""
    if "lang" not in metafunc.fixturenames:
        return
    languages = journey_languages(metafunc.config)
    marker = metafunc.definition.get_closest_marker("variants")
    if marker is None:
        metafunc.parametrize("lang", languages)
        return
    argnames, argvalues = marker.args
    names = [name.strip() for name in argnames.split(",")]
    ids = marker.kwargs.get("ids") or [str(i) for i in range(len(argvalues))]
    values, labels = [], []
    for index, (value, label) in enumerate(zip(argvalues, ids, strict=True)):
        language = languages[index % len(languages)]
        if (language, *value) in values:
            continue  # fewer languages than variants: the same run once
        values.append((language, *value))
        labels.append(f"{language}-{label}")
    metafunc.parametrize(["lang", *names], values, ids=labels)


@pytest.fixture(scope="session")
def market(pytestconfig: pytest.Config) -> MarketFacts:
    return market_facts(pytestconfig)


@pytest.fixture(scope="session")
def main_language(pytestconfig: pytest.Config) -> str:
    """The first journey language, for journeys that run once."""
    return journey_languages(pytestconfig)[0]


# -- the server -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def deployment(pytestconfig: pytest.Config) -> str | None:
    """The URL of the deployment given by ``--base-url``, None when the tests start the app."""
    return pytestconfig.getoption("base_url") or None


@pytest.fixture(scope="session")
def base_url(deployment: str | None, request: pytest.FixtureRequest) -> str:
    if deployment:
        return deployment.rstrip("/")
    return request.getfixturevalue("live_server")


@pytest.fixture(scope="session")
def live_server(database_uri: str) -> Iterator[str]:
    """The app on a free port, as QA's staging site: outbox viewer, PCM simulator and
    development clock on."""
    app = create_app(
        {
            **testing_settings(database_uri),
            "OUTBOX_VIEWER": True,
            "PCM_SIMULATOR": True,
            "DEV_CLOCK": True,
            **_QUIET,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_name):
    if browser_name != "chromium":
        return browser_type_launch_args
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


# -- customers' browsers ------------------------------------------------------------------------


@pytest.fixture
def new_context(
    new_context: Callable[..., BrowserContext], pytestconfig: pytest.Config
) -> Callable[..., BrowserContext]:
    """pytest-playwright's ``new_context`` (and so its ``context`` and ``page``), every page of
    which goes to the HTML checker (``html_check.py``) at the end of the session."""
    check = pytestconfig.pluginmanager.get_plugin(HTML_CHECK)

    def make(**options: Any) -> BrowserContext:
        context = new_context(**options)
        check.watch(context)
        return context

    return make


@pytest.fixture
def visit(
    new_context: Callable[..., BrowserContext],
    market: MarketFacts,
    output_path: str,
    request: pytest.FixtureRequest,
) -> Iterator[Callable[..., Visit]]:
    """``visit(language, javascript=True, locale=None)``: a fresh browser (its own context, so
    its own cookies) on the market's site in ``language``.

    Contexts come from pytest-playwright's ``new_context``, so ``--tracing`` and
    ``--screenshot`` cover them; on failure the HTML of every page is saved next to them."""
    contexts: list[BrowserContext] = []

    def open_(language: str, javascript: bool = True, locale: str | None = None) -> Visit:
        context = new_context(
            locale=locale or market.browser_locale(language), java_script_enabled=javascript
        )
        contexts.append(context)
        return Visit(context.new_page(), market, language, javascript)

    yield open_
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        save_html(contexts, Path(output_path), request.node)


def save_html(contexts: list[BrowserContext], folder: Path, item: pytest.Item) -> None:
    """The HTML of every open page of a failed test, as ``page-<n>.html`` in its folder."""
    pages = [page for context in contexts for page in context.pages]
    for number, page in enumerate(pages, 1):
        try:
            html = page.content()
        except Exception as exc:  # a page that crashed or is gone: say so in its file
            html = f"<!-- the page's HTML could not be read: {exc} -->"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"page-{number}.html"
        path.write_text(f"<!-- {page.url} -->\n{html}", encoding="utf-8")
        item.user_properties.append(("playwright_html", str(path)))


class ArtifactsSummary:
    """At the end of the run: what every failed test left (trace, screenshots, HTML)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.artifacts: dict[str, list[tuple[str, str]]] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in report.user_properties:
            if str(name).startswith("playwright_"):
                found = self.artifacts.setdefault(report.nodeid, [])
                entry = (str(name).removeprefix("playwright_"), str(value))
                if entry not in found:
                    found.append(entry)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.artifacts:
            return
        start = self.config.invocation_params.dir
        terminalreporter.write_sep("=", "what the failed journeys left")
        for nodeid, artifacts in self.artifacts.items():
            terminalreporter.write_line(nodeid)
            for kind, path in artifacts:
                try:
                    shown = str(Path(path).resolve().relative_to(start))
                except ValueError:
                    shown = path
                terminalreporter.write_line(f"    {kind:<10} {shown}")
        terminalreporter.write_line(
            "(a trace opens with: .venv/bin/playwright show-trace <trace.zip>)"
        )


# -- behind the site: the outbox, the dealer API, the server's own data -----------------------


@pytest.fixture(scope="session")
def site_api(playwright: Playwright, base_url: str) -> Iterator[APIRequestContext]:
    """HTTP to the site beside the browsers (the outbox viewer, the dealer API)."""
    api = playwright.request.new_context(base_url=base_url)
    yield api
    api.dispose()


@pytest.fixture(scope="session")
def outbox(site_api: APIRequestContext) -> Outbox:
    return Outbox(site_api)


class LocalServer:
    """The server the tests started: what only its own database and CLI can do."""

    def __init__(self, app) -> None:
        self.app = app

    def cli(self, *args: str) -> str:
        result = self.app.test_cli_runner().invoke(args=list(args))
        assert result.exit_code == 0, result.output
        return result.output

    def dealer_key(self, market: str, partner: str) -> str:
        return self.cli("orders", "create-key", "--market", market, "--partner", partner).split()[
            -1
        ]

    def expire_invitations(self, order_number: str, days: int = 15) -> None:
        from sqlalchemy import update

        from porsche_web.orders.models import Invitation, Order

        with self.app.app_context():
            order_id = db.session.query(Order.id).filter_by(order_number=order_number).scalar()
            sent = clock.now() - timedelta(days=days)
            db.session.execute(
                update(Invitation)
                .where(Invitation.order_id == order_id)
                .values(sent_at=sent, expires_at=sent + timedelta(days=14))
            )
            db.session.commit()

    def backdate_account(self, email: str, created_at: datetime) -> None:
        from sqlalchemy import select

        from porsche_web.accounts.models import Account

        with self.app.app_context():
            account = db.session.execute(select(Account).where(Account.email == email)).scalar_one()
            account.created_at = created_at
            db.session.commit()


@pytest.fixture(scope="session")
def local_server(
    deployment: str | None, request: pytest.FixtureRequest
) -> Iterator[LocalServer | None]:
    """A second application on the live server's database, for the operator's CLI; None
    against a deployment."""
    if deployment:
        yield None
        return
    request.getfixturevalue("live_server")
    app = create_app({**testing_settings(request.getfixturevalue("database_uri")), **_QUIET})
    yield LocalServer(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def dealer_key(
    pytestconfig: pytest.Config, market: MarketFacts, local_server: LocalServer | None
) -> str:
    given = pytestconfig.getoption("--dealer-key")
    if given:
        return given
    if local_server is None:
        pytest.fail(
            f"journeys with an order need a dealer API key of market {market.code} against "
            f"--base-url: --dealer-key KEY or ${DEALER_KEY_ENV} (on the deployment: flask --app "
            f"porsche_web orders create-key --market {market.code} --partner {market.partner.id})"
        )
    return local_server.dealer_key(market.code, market.partner.id)


class Backoffice:
    """What a journey needs from behind the site: orders from the dealer system, the
    invitation, data exports, and the server's clock for a few checks."""

    def __init__(
        self,
        dealer: Callable[[], DealerSystem],
        outbox: Outbox,
        server: LocalServer | None,
        visit: Callable[..., Visit],
    ) -> None:
        self._make_dealer = dealer
        self._dealer: DealerSystem | None = None
        self.outbox = outbox
        self.server = server
        self.visit = visit

    def order(self, language: str, model: str, year: int, **details: Any) -> Order:
        """A new order from the market's dealer system (``vin``, ``email`` optional)."""
        if self._dealer is None:  # made at the first order: journeys without one need no key
            self._dealer = self._make_dealer()
        return self._dealer.send_order(language, model, year, **details)

    def milestone(self, order: Order, status: str, days_ago: int = 0) -> dict:
        """The order's Porsche Centre reports a Track your Dream milestone (F19)."""
        if self._dealer is None:
            self._dealer = self._make_dealer()
        return self._dealer.report_milestone(order.number, status, days_ago)

    def activate(self, customer: Visit, order: Order, charging: bool = True) -> Person:
        """The order's customer follows its invitation through the whole guided activation in
        ``customer``'s browser (``activate_order``): a new Porsche ID with the order's e-mail,
        the SMS code read from the outbox. Returns the customer."""
        person = Person.ordering(customer.market, order.email)
        activate_order(
            customer,
            self.invitation_link(order),
            order,
            person,
            lambda: self.outbox.latest_code(person.e164),
            charging=charging,
        )
        return person

    def invitation_link(self, order: Order) -> str:
        """The path of the order's invitation link, from the e-mail in the outbox.

        The tests' server runs ``invitations send-due`` (what the scheduler does every few
        minutes); against a deployment the customer asks for the link on the self-service
        page (F22), which sends it at once."""
        if self.server is not None:
            output = self.server.cli("invitations", "send-due")
            assert "invitation(s) queued" in output, output
        elif self.outbox.link(order.email, "/activate/", order.number) is None:
            self.ask_for_the_link(order)
        return self.outbox.wait_for_link(order.email, "/activate/", order.number, seconds=10)

    def ask_for_the_link(self, order: Order) -> None:
        """The self-service new link (F22), in a browser of its own."""
        page = NewLinkPage(self.visit(order.language)).open()
        with page.page.expect_response(
            lambda r: r.request.method == "POST" and "/new-link" in r.url
        ) as answer:
            page.fill("Order number", order.number)
            page.fill("E-mail address", order.email)
            page.click_button("Send new link")
        if answer.value.status == 429:
            pytest.fail(
                "the site's rate limit refused the self-service new link (5 per 10 minutes from "
                "one address) that brings a deployment's invitations at once: serve the staging "
                "site for the journeys with PORSCHE_WEB_RATELIMIT_ENABLED=false, or run fewer "
                "journeys with orders (README, QA)"
            )
        page.expect_heading(page.t("Check your e-mail"))

    def expire_invitations(self, order: Order) -> None:
        """Makes the order's invitation 15 days old (only on the tests' own server)."""
        self.needs_server("an invitation made 15 days old")
        assert self.server is not None
        self.server.expire_invitations(order.number)

    def joined_before(self, email: str, day: date) -> bool:
        """Makes the customer's Porsche ID older than ``day``; False against a deployment
        (whose database the tests do not reach)."""
        if self.server is None:
            return False
        moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC) - timedelta(days=30)
        self.server.backdate_account(email, moment)
        return True

    def data_export_link(self, email: str) -> str:
        """The "your data is ready" e-mail's link, after the export job ran (the tests' server
        runs it now; a deployment's job runs every 30 seconds in ``make run``)."""
        if self.server is not None:
            output = self.server.cli("privacy", "exports")
            assert "data export(s) built" in output, output
        return self.outbox.wait_for_link(email, "/account/privacy", seconds=90)

    def needs_server(self, what: str) -> None:
        if self.server is None:  # mark the test local_server: it is then deselected
            pytest.fail(f"needs the database of the server the tests start ({what})")


@pytest.fixture
def backoffice(
    site_api: APIRequestContext,
    market: MarketFacts,
    outbox: Outbox,
    local_server: LocalServer | None,
    visit: Callable[..., Visit],
    request: pytest.FixtureRequest,
) -> Backoffice:
    def dealer() -> DealerSystem:
        return DealerSystem(site_api, market, request.getfixturevalue("dealer_key"))

    return Backoffice(dealer, outbox, local_server, visit)


@pytest.fixture
def site_clock(new_context: Callable[..., BrowserContext]) -> Iterator[SiteClock]:
    """The development clock (``/dev/clock``) in QA's own browser (English): a journey moves the
    site's time forward; after the test it is back at the real time, whatever happened."""
    site = SiteClock(new_context(locale="en-GB").new_page())
    yield site
    site.back_to_real_time()


# -- plain browsers and the server's app, for tests that are not a customer's journey ----------


@pytest.fixture
def open_context(new_context: Callable[..., BrowserContext]) -> Callable[..., BrowserContext]:
    """``open_context(locale="sv-SE", javascript=True)``: a fresh browser context (from
    pytest-playwright's ``new_context``, so failures keep their trace and screenshot)."""

    def open_(locale: str = "sv-SE", javascript: bool = True) -> BrowserContext:
        return new_context(locale=locale, java_script_enabled=javascript)

    return open_


@pytest.fixture
def cli_app(local_server: LocalServer | None):
    """The application of the server the tests start (its CLI and database); skips against a
    deployment."""
    if local_server is None:  # mark the test local_server: it is then deselected
        pytest.fail("needs the application of the server the tests start")
    return local_server.app
