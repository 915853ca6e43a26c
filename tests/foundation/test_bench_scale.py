"""``bench/scale.py --scale tiny`` runs (a smoke test: no figure is checked, benchmarks are
never timed tests). Needs the PostgreSQL server binaries, like ``--db postgresql``; `make test`
installs them (tools/system-deps.sh), so their absence is a failure, not a skip."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from porsche_web.testing.postgres import server_bin_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_scale_bench_runs_at_tiny_scale():
    server_bin_dir()  # raises PostgresUnavailable, naming what is missing
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "scale.py"), "--scale", "tiny", "--requests", "5"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "== p95 in ms" in result.stdout
    assert "EXPLAIN (big)" in result.stdout and "invitations send-due" in result.stdout
