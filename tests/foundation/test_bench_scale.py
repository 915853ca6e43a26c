"""``bench/scale.py --scale tiny`` runs (a smoke test: no figure is checked, benchmarks are
never timed tests). Needs the PostgreSQL server binaries, like ``--db postgresql``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from porsche_web.testing.postgres import PostgresUnavailable, server_bin_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_scale_bench_runs_at_tiny_scale():
    try:
        server_bin_dir()
    except PostgresUnavailable:
        pytest.skip("no PostgreSQL server binaries")
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "scale.py"), "--scale", "tiny", "--requests", "5"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "== p95 in ms" in result.stdout
    assert "EXPLAIN (big)" in result.stdout and "invitations send-due" in result.stdout
