"""The production server (issue #11, item 4): gunicorn in production configuration, refusing
an unsafe configuration, draining on SIGTERM (``/readyz`` 503 first), requests in flight
answered."""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from porsche_web.testing.servers import GunicornServer, get

pytestmark = pytest.mark.slow


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    env = {
        "PORSCHE_WEB_ENVIRONMENT": "production",
        "PORSCHE_WEB_SECRET_KEY": secrets.token_urlsafe(40),
        "PORSCHE_WEB_TRUSTED_HOSTS": '["127.0.0.1", "my.porsche.example"]',
        "PORSCHE_WEB_PUBLIC_BASE_URL": "https://my.porsche.example",
        "PORSCHE_WEB_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    flask = Path(sys.executable).with_name("flask")
    subprocess.run(
        [str(flask), "--app", "porsche_web", "db", "upgrade"],
        env={**_base_env(), **env},
        check=True,
        capture_output=True,
        timeout=120,
    )
    return env


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith(("PORSCHE_WEB_", "FLASK_"))}


def test_an_unsafe_configuration_is_refused_at_start(production_env):
    server = GunicornServer({**production_env, "PORSCHE_WEB_SECRET_KEY": "dev"})
    server.start(wait=False)
    try:
        assert server.process.wait(60) != 0
        assert "refusing to start" in server.log()
        assert "secret" in server.log()
    finally:
        server.stop()


def test_sigterm_drains_then_finishes_requests_in_flight(production_env):
    server = GunicornServer(production_env, workers=2, drain_seconds=3).start()
    try:
        status, headers, _ = get(f"{server.url}/readyz")
        assert status == 200
        status, headers, body = get(f"{server.url}/se/sv/")
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        # a request that has begun but not finished when the signal comes
        in_flight = socket.create_connection(("127.0.0.1", server.port))
        in_flight.sendall(b"GET /se/sv/support HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        time.sleep(0.3)
        server.terminate()
        time.sleep(0.5)
        status, _, body = get(f"{server.url}/readyz")
        assert status == 503 and b"draining" in body
        assert get(f"{server.url}/healthz")[0] == 200  # still serving while draining
        in_flight.sendall(b"Connection: close\r\n\r\n")
        answer = b""
        in_flight.settimeout(20)
        while chunk := in_flight.recv(65536):
            answer += chunk
        in_flight.close()
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        assert server.process.wait(30) == 0
        log = server.log()
        assert '"message": "draining' in log
        assert all(line.startswith("{") for line in log.splitlines() if line.strip()), log
    finally:
        server.stop()
