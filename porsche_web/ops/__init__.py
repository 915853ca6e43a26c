"""Operations: liveness and readiness probes."""

from __future__ import annotations

import functools
import logging
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from porsche_web.extensions import db
from porsche_web.notifications.health import outbox_readiness
from porsche_web.ops import shutdown

bp = Blueprint("ops", __name__)
log = logging.getLogger("porsche_web.ops")


@bp.get("/healthz")
def healthz():
    """The process is alive and answers."""
    return jsonify(status="ok")


def migration_heads() -> set[str]:
    """The newest migrations the code ships: read once per process and folder (they are code;
    reading every migration file took ~20 ms of each ``/readyz`` probe)."""
    migrate = current_app.extensions["migrate"]
    return set(_heads_in(migrate.migrate, str(migrate.directory)))


@functools.cache
def _heads_in(migrate: Any, directory: str) -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(migrate.get_config(directory)).get_heads())


@bp.get("/readyz")
def readyz():
    """The database answers and its schema is at the newest migration; 503 as soon as a
    graceful shutdown begins (the load balancer drains this instance first)."""
    if shutdown.draining():
        return jsonify(status="unavailable", shutdown="draining"), 503
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = set(MigrationContext.configure(connection).get_current_heads())
    except Exception as exc:
        log.warning("readiness: database unreachable: %s", type(exc).__name__)
        return jsonify(status="unavailable", database="unreachable"), 503
    heads = migration_heads()
    if current != heads:
        return jsonify(status="unavailable", database="ok", migrations="behind"), 503
    return jsonify(status="ok", database="ok", migrations="head", outbox=outbox_readiness())
