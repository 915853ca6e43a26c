"""Benchmark: the project's pages against a bare Flask + Jinja page of the same size, both
under the same gunicorn (production configuration, sync workers), rounds interleaved.

    .venv/bin/python bench/compare.py [--rounds 3] [--seconds 5] [--connections 16] [--workers 2]

Needs ``wrk`` (Debian package). Prints per page the requests per second of the project and of
the bare page, their ratio, and the project's p50/p99 latency. The project runs on a fresh
SQLite database with the demo data; "My Porsche" is measured logged in as the demo customer.
Targets (issue #11): ratio >= 0.6, p99 <= 20 ms at 16 connections on a 2-core machine.
Numbers are relative to the machine: compare them only with a run on the same machine.
Never part of the test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from porsche_web.testing.postgres import free_port  # noqa: E402
from porsche_web.testing.servers import GunicornServer, wait_for_port  # noqa: E402

PAGES = ["/se/sv/", "/se/sv/store", "/se/sv/support", "/se/sv/account/"]
LOGGED_IN = {"/se/sv/account/"}
COOKIE = "__Host-pw_session"

BARE_APP = """
import hashlib, json, pathlib
from flask import Flask, abort, render_template, request
from sqlalchemy import bindparam, create_engine, text
HERE = pathlib.Path(__file__).parent
app = Flask(__name__, template_folder=str(HERE))
PAGES = json.loads((HERE / "pages.json").read_text())
ENGINE = create_engine("sqlite:///" + str(HERE / "sessions.sqlite3"))
SESSION = text("SELECT data FROM sessions WHERE sid_hash = :sid_hash")
@app.get("/<path:anything>")
def page(anything=""):
    return render_template(PAGES["/" + anything], title="My Porsche", items=range(3))
@app.get("/with-session/<path:anything>")
def page_with_session(anything=""):
    # the least any logged-in page does more: read its session row by the cookie's hash
    sid = request.cookies.get("sid", "")
    with ENGINE.connect() as connection:
        sid_hash = hashlib.sha256(sid.encode()).hexdigest()
        row = connection.execute(SESSION, {"sid_hash": sid_hash}).first()
    if row is None:
        abort(403)
    title = json.loads(row.data)["title"]
    return render_template(PAGES["/" + anything], title=title, items=range(3))
"""

#: The bare app's session (``/with-session/...``): one row read per request.
BARE_SID = "bench-session"


def http(port: int, method: str, path: str, headers: dict | None = None, body: str | None = None):
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers={"Host": "127.0.0.1", **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, response.getheader("Set-Cookie") or "", data


def login(port: int) -> str:
    from porsche_web.accounts.demo import DEMO_EMAIL, DEMO_PASSWORD

    _, _, page = http(port, "GET", "/se/sv/account/login")
    token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
    body = urllib.parse.urlencode(
        {"csrf_token": token, "email": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Sec-Fetch-Site": "same-origin",
    }
    status, cookie, _ = http(port, "POST", "/se/sv/account/login", headers, body)
    if status != 303 or not cookie:
        raise SystemExit(f"login failed: {status}")
    return cookie.split(";", 1)[0]


def wrk(url: str, seconds: int, connections: int, headers: list[str]) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def percentile(name: str) -> float:
        value, unit = re.search(rf"\s{name}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses")
    return {"rps": rps, "p50": percentile("50"), "p99": percentile("99")}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("pages", nargs="*", default=PAGES)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install --no-install-recommends wrk")

    folder = Path(tempfile.mkdtemp(prefix="porsche-web-bench-"))
    env = {
        "PORSCHE_WEB_SECRET_KEY": secrets.token_urlsafe(40),
        "PORSCHE_WEB_TRUSTED_HOSTS": '["127.0.0.1"]',
        "PORSCHE_WEB_PUBLIC_BASE_URL": "https://127.0.0.1",
        "PORSCHE_WEB_SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
        "PORSCHE_WEB_RATELIMIT_ENABLED": "false",
    }
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PORSCHE_WEB_", "FLASK"))}
    flask = str(Path(sys.executable).with_name("flask"))
    for command in (["db", "upgrade"], ["demo", "seed"]):
        subprocess.run(
            [flask, "--app", "porsche_web", *command],
            env={**base, **env, "PORSCHE_WEB_ENVIRONMENT": "production"},
            check=True,
            capture_output=True,
        )
    project = GunicornServer(env, workers=args.workers).start()
    bare = None
    try:
        cookie = login(project.port)
        templates = {}
        filler = "<p>" + "Porsche Connect services for your car. " * 4 + "</p>\n"
        for number, page in enumerate(args.pages):
            headers = {"Cookie": cookie} if page in LOGGED_IN else {}
            size = len(http(project.port, "GET", page, headers)[2])
            body = "".join(filler for _ in range(size // len(filler)))
            (folder / f"page{number}.html").write_text(
                "<!doctype html><html><head><title>{{ title }}</title></head><body>"
                "{% for i in items %}<span>{{ i }}</span>{% endfor %}" + body + "</body></html>"
            )
            templates[page] = f"page{number}.html"
        (folder / "pages.json").write_text(json.dumps(templates))
        (folder / "bare_app.py").write_text(textwrap.dedent(BARE_APP))
        with sqlite3.connect(folder / "sessions.sqlite3") as connection:
            connection.execute("CREATE TABLE sessions (sid_hash TEXT PRIMARY KEY, data TEXT)")
            connection.execute(
                "INSERT INTO sessions VALUES (?, ?)",
                (
                    hashlib.sha256(BARE_SID.encode()).hexdigest(),
                    json.dumps({"title": "My Porsche"}),
                ),
            )
        bare_port = free_port()
        bare = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "-w", str(args.workers), "-b", f"127.0.0.1:{bare_port}",
                "--chdir", str(folder), "bare_app:app",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for_port(bare_port)
        results: dict[str, dict[str, list[float]]] = {}
        for _ in range(args.rounds):
            for page in args.pages:
                headers = [f"Cookie: {cookie}"] if page in LOGGED_IN else []
                ours = wrk(f"{project.url}{page}", args.seconds, args.connections, headers)
                theirs = wrk(
                    f"http://127.0.0.1:{bare_port}{page}", args.seconds, args.connections, []
                )
                row = results.setdefault(
                    page, {"ours": [], "bare": [], "session": [], "p50": [], "p99": []}
                )
                row["ours"].append(ours["rps"])
                row["bare"].append(theirs["rps"])
                if page in LOGGED_IN:
                    floor = wrk(
                        f"http://127.0.0.1:{bare_port}/with-session{page}",
                        args.seconds,
                        args.connections,
                        [f"Cookie: sid={BARE_SID}"],
                    )
                    row["session"].append(floor["rps"])
                row["p50"].append(ours["p50"])
                row["p99"].append(ours["p99"])
        print(f"{args.workers} sync workers, {args.connections} connections, "
              f"{args.rounds} rounds x {args.seconds} s; bare pages of the same sizes")  # fmt: skip
        print(f"{'page':<22}{'req/s':>9}{'bare':>9}{'ratio':>7}{'p50 ms':>8}{'p99 ms':>8}")
        for page, row in results.items():
            ours, theirs = sum(row["ours"]) / args.rounds, sum(row["bare"]) / args.rounds
            print(
                f"{page:<22}{ours:>9.0f}{theirs:>9.0f}{ours / theirs:>7.2f}"
                f"{sorted(row['p50'])[len(row['p50']) // 2]:>8.1f}{max(row['p99']):>8.1f}"
            )
        floors = {page: row for page, row in results.items() if row["session"]}
        if floors:
            print("the bare page that also reads one session row (the floor of a logged-in page):")
            for page, row in floors.items():
                floor, theirs = sum(row["session"]) / args.rounds, sum(row["bare"]) / args.rounds
                print(f"{page:<22}{floor:>9.0f}{theirs:>9.0f}{floor / theirs:>7.2f}")
    finally:
        project.stop()
        if bare is not None:
            bare.terminate()
            bare.wait(10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
