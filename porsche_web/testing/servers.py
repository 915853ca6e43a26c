"""Real servers for tests: Redis, gunicorn instances of the app, nginx in front of them.

Like :mod:`porsche_web.testing.postgres`: free loopback ports, temporary folders, everything
stopped and removed by ``stop()``. Needs the Debian packages ``redis-server`` and ``nginx``
(``tools/system-deps.sh test`` installs them).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from porsche_web.testing.postgres import free_port


class ServerUnavailable(RuntimeError):
    """The server's program is not installed on this machine."""


def wait_for_port(
    port: int, timeout: float = 20.0, process: subprocess.Popen | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server stopped at start (exit {process.returncode})")
        with socket.socket() as sock:
            sock.settimeout(0.2)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def stop_process(process: subprocess.Popen | None, timeout: float) -> None:
    """SIGTERM, ``timeout`` seconds for a clean stop, then SIGKILL."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def get(url: str, headers: Mapping[str, str] | None = None, timeout: float = 10.0):
    """(status, headers, body) of a GET, errors included."""
    request = urllib.request.Request(url, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class RedisServer:
    def __init__(self) -> None:
        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not Path(self.binary).exists():
            raise ServerUnavailable("redis-server not found (Debian package: redis-server)")
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="porsche-web-redis-"))
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--dir", str(self.root),
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
            ],
            stdout=(self.root / "redis.log").open("wb"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for_port(self.port, process=self.process)
        return self

    def stop(self) -> None:
        stop_process(self.process, timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)


class GunicornServer:
    """``gunicorn -c python:porsche_web.ops.gunicorn_config`` with ``env`` (production config)."""

    def __init__(self, env: Mapping[str, str], workers: int = 2, drain_seconds: float = 1) -> None:
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="porsche-web-gunicorn-"))
        self.log_path = self.root / "gunicorn.log"
        self.env = {
            **os.environ,
            "PORSCHE_WEB_ENVIRONMENT": "production",
            **env,
            "SERVE_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "SERVE_DRAIN_SECONDS": str(drain_seconds),
            "SERVE_GRACEFUL_SECONDS": "10",
        }
        self.env.pop("FLASK_DEBUG", None)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait: bool = True) -> GunicornServer:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", "python:porsche_web.ops.gunicorn_config"],
            env=self.env,
            stdout=self.log_path.open("wb"),
            stderr=subprocess.STDOUT,
            cwd=self.root,
        )
        if wait:
            wait_for_port(self.port, timeout=60, process=self.process)
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def stop(self) -> None:
        stop_process(self.process, timeout=30)  # gunicorn finishes its requests on SIGTERM
        shutil.rmtree(self.root, ignore_errors=True)


class NginxServer:
    """nginx as the reverse proxy in front of ``upstreams`` (round robin), like production:
    it sets ``X-Forwarded-For`` / ``-Proto`` / ``-Host`` and ``X-Forwarded-Proto: https``."""

    def __init__(self, upstreams: list[str]) -> None:
        self.binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(self.binary).exists():
            raise ServerUnavailable("nginx not found (Debian package: nginx)")
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="porsche-web-nginx-"))
        self.upstreams = upstreams
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> NginxServer:
        servers = "\n".join(f"    server {upstream};" for upstream in self.upstreams)
        root = self.root
        (root / "nginx.conf").write_text(
            f"""
daemon off;
master_process off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {root}/body;
  proxy_temp_path {root}/proxy;
  fastcgi_temp_path {root}/fastcgi;
  uwsgi_temp_path {root}/uwsgi;
  scgi_temp_path {root}/scgi;
  upstream app {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{self.port};
    location / {{
      proxy_pass http://app;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
      proxy_set_header X-Forwarded-Host $http_host;
    }}
  }}
}}
"""
        )
        self.process = subprocess.Popen(
            [self.binary, "-p", str(root), "-c", str(root / "nginx.conf")],
            stdout=(root / "stdout.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, process=self.process)
        return self

    def stop(self) -> None:
        stop_process(self.process, timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)
