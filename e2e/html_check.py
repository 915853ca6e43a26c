"""The W3C Nu HTML checker over every page the journeys visit (#19): zero errors.

Every HTML document a browser of the journeys receives (pages, also 4xx pages and forms
re-rendered with their errors; not htmx fragments) is kept once per distinct content; at the
end of the session ``vnu.jar`` (npm ``vnu-jar``, pinned in package-lock.json, installed by
``make``; Java from Debian) checks them in one batch, and no customer page may show a
sample-data marker or an internal id (:data:`INTERNAL`). Any error fails the run: the terminal
lists each error with the page's URL, line and extract, and ``<output>/html-check/`` keeps the
pages and ``report.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Response

ROOT = Path(__file__).resolve().parents[1]
VNU_ENV = "VNU_JAR"
DEFAULT_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: What a customer must never read (#19): sample-data markers and internal version ids of
#: consents ("PorscheConnectDPG/SE/sv_SE/v3.8"). Staff and developer pages may show them.
INTERNAL = re.compile(r"\(sample|PorscheConnectDPG/|DataPass/[A-Z]{2}/|PartnerDataExchange/")
NOT_FOR_CUSTOMERS = re.compile(r"^https?://[^/]+/(staff|dev)/")


def vnu_jar() -> Path:
    return Path(os.environ.get(VNU_ENV) or DEFAULT_JAR)


class HtmlCheck:
    """Collects the documents (:meth:`watch` a browser context) and checks them at the end."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.pages: dict[str, tuple[str, str]] = {}  # content hash -> (url, html)
        self.errors: list[dict[str, Any]] = []
        self.failure: str | None = None

    def watch(self, context: BrowserContext) -> None:
        context.on("response", self._keep)

    def _keep(self, response: Response) -> None:
        try:
            if response.request.resource_type != "document" or not 200 <= response.status < 600:
                return
            if 300 <= response.status < 400:
                return
            if "text/html" not in (response.headers.get("content-type") or ""):
                return
            html = response.text()
        except Exception:  # a document replaced before its body was read: the next one counts
            return
        digest = hashlib.sha256(html.encode()).hexdigest()
        self.pages.setdefault(digest, (response.url, html))

    def folder(self) -> Path:
        output = self.config.getoption("output", None) or "test-results"
        return Path(output) / "html-check"

    def run(self) -> None:
        if not self.pages:
            return
        jar = vnu_jar()
        java = shutil.which("java")
        if not jar.is_file() or java is None:
            self.failure = (
                f"the HTML checker is missing ({jar if not jar.is_file() else 'java'}): "
                "make e2e installs it (npm ci; Java from Debian), or set $VNU_JAR"
            )
            return
        folder = self.folder()
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        urls: dict[str, str] = {}
        for number, (url, html) in enumerate(self.pages.values(), 1):
            path = folder / f"page-{number:04d}.html"
            path.write_text(html, encoding="utf-8")
            urls[path.name] = url
        result = subprocess.run(
            [
                java,
                "-jar",
                str(jar),
                "--format",
                "json",
                "--exit-zero-always",
                "--stdout",
                *sorted(str(p) for p in folder.glob("page-*.html")),
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        try:
            messages = json.loads(result.stdout)["messages"]
        except (ValueError, KeyError):
            self.failure = f"the HTML checker gave no report: {result.stderr.strip()[:2000]}"
            return
        for url, html in self.pages.values():
            text = re.sub(r"<[^>]+>", " ", html.split("<body", 1)[-1])
            found = None if NOT_FOR_CUSTOMERS.match(url) else INTERNAL.search(text)
            if found:
                self.errors.append(
                    {"page": url, "message": f"internal text for customers: {found.group(0)}"}
                )
        for message in messages:
            if message.get("type") == "error" or message.get("subType") == "fatal":
                page = message.get("url", "")
                name = page.rsplit("/", 1)[-1]
                self.errors.append({**message, "page": urls.get(name, page), "file": name})
        (folder / "report.json").write_text(json.dumps(self.errors, indent=2), encoding="utf-8")

    # -- pytest hooks ---------------------------------------------------------------------

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if getattr(self.config, "workerinput", None) is not None:
            return
        self.run()
        if self.errors or self.failure:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.pages:
            return
        write = terminalreporter.write_line
        if self.failure:
            terminalreporter.write_sep("=", "HTML checker: FAILED", red=True)
            write(self.failure)
            return
        if not self.errors:
            terminalreporter.write_sep(
                "=", f"HTML checker: {len(self.pages)} page(s), no errors", green=True
            )
            return
        terminalreporter.write_sep(
            "=", f"HTML checker: {len(self.errors)} error(s) in {len(self.pages)} page(s)", red=True
        )
        for error in self.errors:
            write(f"{error['page']} (line {error.get('lastLine', '?')}): {error['message']}")
            if error.get("extract"):
                write("    " + error["extract"].replace("\n", " ")[:160])
        write(f"(pages and report.json in {self.folder()})")
