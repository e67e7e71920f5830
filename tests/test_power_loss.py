"""Kill a receiving process with SIGKILL at random moments, many times: the store stays whole and honest."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from desk import db, keys
from desk.service import Desk
from tests.conftest import PYTHON, ROOT, python_env

ROUNDS = int(os.environ.get("DESK_POWER_LOSS_ROUNDS", "25"))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_during_receive_loses_nothing_reported_and_reuses_no_code(desk, data_dir):
    desk.close()
    rng = random.Random(20261126)
    reported: list[str] = []
    for round_no in range(ROUNDS):
        day = dt.date(2026, 1, 5) + dt.timedelta(days=round_no // 2)  # two rounds share a day's counter
        proc = subprocess.Popen(
            [PYTHON, str(ROOT / "tests" / "helpers" / "receive_loop.py"), str(data_dir), day.isoformat()],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=python_env(),
            cwd=ROOT,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first == b"ready\n", proc.stderr.read() if proc.stderr else b""
        time.sleep(rng.uniform(0.0, 0.25))  # ≈ 1 ms per receipt here: at most ~400 of 999 codes a round
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL, err.decode()
        # a line cut by the kill is not a report of success
        lines = out.decode().split("\n")
        reported += [line for line in lines[:-1] if line]
    assert len(reported) > ROUNDS  # the kills did land in the middle of work
    assert len(reported) == len(set(reported)), "a code was reported twice"

    conn = db.connect(data_dir / "desk.sqlite3", keys.load_key(data_dir))  # as the killed process left it
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    d = Desk.open(data_dir)
    try:
        codes_in_events = [e.payload["code"] for e in d.store.events() if e.kind == "received"]
        assert len(codes_in_events) == len(set(codes_in_events)), "a code was issued twice"
        stored = {r[0] for r in d.store.conn.execute("SELECT code FROM dossiers")}
        assert set(reported) <= stored, "a dossier reported as received is missing"
        assert stored == set(codes_in_events)
        assert d.store.verify_chain() == (True, None)
        before = d.store.conn.execute("SELECT * FROM dossiers ORDER BY id").fetchall()
        d.rebuild()
        assert d.store.conn.execute("SELECT * FROM dossiers ORDER BY id").fetchall() == before
    finally:
        d.close()
