"""``porsche_web.ops.rounds``: the one loop every scheduled command runs its job in."""

from __future__ import annotations

import logging
import os
import signal
import threading

from porsche_web.ops.rounds import run_rounds


def test_one_round_prints_what_it_did(app, capsys):
    with app.app_context():
        run_rounds(None, lambda: 3, log=logging.getLogger("t"), done="{} thing(s) done")
    assert capsys.readouterr().out.strip() == "3 thing(s) done"


def test_a_failed_round_is_logged_and_counts_nothing(app, capsys, caplog):
    def job() -> int:
        raise RuntimeError("the database went away")

    with app.app_context(), caplog.at_level(logging.ERROR):
        run_rounds(None, job, log=logging.getLogger("t"), done="{} thing(s) done")
    assert capsys.readouterr().out.strip() == "0 thing(s) done"
    assert "round failed" in caplog.text and "the database went away" in caplog.text


def test_rounds_repeat_until_sigterm(app):
    rounds: list[int] = []

    def job() -> int:
        rounds.append(1)
        if len(rounds) == 3:  # the third round asks the process to stop, as a service manager
            threading.Timer(0, os.kill, (os.getpid(), signal.SIGTERM)).start()
        return 1

    previous = signal.getsignal(signal.SIGTERM)
    try:
        with app.app_context():
            run_rounds(1, job, log=logging.getLogger("t"), done="{} thing(s) done")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert len(rounds) == 3
