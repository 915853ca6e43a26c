"""gunicorn settings for production: ``make serve``, or
``gunicorn -c python:porsche_web.ops.gunicorn_config``.

Environment:
  ``SERVE_BIND`` (default ``0.0.0.0:$PORT``, ``PORT`` default 8000),
  ``WEB_CONCURRENCY`` (workers, default 2 per CPU core, at least 2),
  ``SERVE_DRAIN_SECONDS`` (default 10), ``SERVE_GRACEFUL_SECONDS`` (default 30).

On SIGTERM the master first *drains*: ``/readyz`` answers 503 in every worker while they go on
serving for ``SERVE_DRAIN_SECONDS``, so the load balancer takes the instance out before
anything is refused; then gunicorn's graceful stop lets requests in flight finish (up to
``SERVE_GRACEFUL_SECONDS``). The app is built once in the master before any worker
starts: an unsafe configuration stops the start with its reason (``config.ConfigError``).
Logs are JSON lines (the app logs every request itself; gunicorn's own access log is off).
"""

from __future__ import annotations

import os
import sys
import time

from porsche_web.ops import shutdown

bind = [os.environ.get("SERVE_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")]
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, 2 * (os.cpu_count() or 1))))
worker_class = "sync"
graceful_timeout = int(os.environ.get("SERVE_GRACEFUL_SECONDS", "30"))
timeout = 30
keepalive = 5
accesslog = None
forwarded_allow_ips = "127.0.0.1,::1"
proc_name = "porsche_web"
# No control socket in $HOME: several instances may run on one machine.
control_socket_disable = True
wsgi_app = "porsche_web:create_app()"
DRAIN_SECONDS = float(os.environ.get("SERVE_DRAIN_SECONDS", "10"))

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "porsche_web.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
    },
}


def on_starting(server) -> None:
    """Build the app once in the master: refuse an unsafe configuration before serving."""
    from porsche_web import create_app
    from porsche_web.config import ConfigError

    try:
        app = create_app()
    except ConfigError as error:
        server.log.error("refusing to start: %s", error)
        sys.exit(3)
    if app.debug:
        server.log.error("refusing to start: debug mode (FLASK_DEBUG) in production")
        sys.exit(3)


def when_ready(server) -> None:
    stop = server.handle_term

    def drain_then_stop() -> None:
        shutdown.begin()
        server.log.info("draining: /readyz answers 503 for %.0f s before stopping", DRAIN_SECONDS)
        time.sleep(DRAIN_SECONDS)
        stop()

    server.handle_term = drain_then_stop
