"""Draining before a graceful stop: ``/readyz`` answers 503 as soon as shutdown begins.

The flag lives in shared memory made before gunicorn forks its workers (this module is
imported by :mod:`porsche_web.ops.gunicorn_config` in the master), so the master's SIGTERM
handler turns it on for every worker at once. Outside gunicorn it is a flag of the process.
"""

from __future__ import annotations

import multiprocessing

_draining = multiprocessing.RawValue("b", 0)


def begin() -> None:
    """Shutdown has begun: readiness fails from now on."""
    _draining.value = 1


def draining() -> bool:
    return bool(_draining.value)


def reset() -> None:
    _draining.value = 0
