"""The sync client and protocol without a server: addresses and TLS settings, the kinds of event, the status each
kind leads to, back-off with jitter, the runner's schedule, what ``desk sync`` prints.
"""

from __future__ import annotations

import ast
import random
import threading
from pathlib import Path

import pytest

from desk import lifecycle, syncstate
from desk.errors import InvalidInput
from desk.ids import uuid7
from desk.service import ReceiveRequest
from sync import client
from sync import protocol as p
from sync.server.service import decode_cursor, encode_cursor
from tests.conftest import ROOT


def test_every_kind_of_event_the_desk_records_is_in_the_protocol():
    """A new kind of event needs a place in desk/lifecycle.py (and so sync/openapi.json) before desks record it."""
    kinds = set()
    for path in [*sorted((ROOT / "desk").rglob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "kind" and isinstance(node.value, ast.Constant):
                kinds.add(node.value.value)
    kinds |= set(lifecycle.STEPS)
    assert kinds and kinds <= set(p.EVENT_KINDS), kinds - set(p.EVENT_KINDS)
    assert set(p.PROCESSOR_KINDS) <= set(p.DOSSIER_KINDS)


def test_the_status_each_step_leads_to_is_the_desks(desk):
    """A step from the server moves the desk's dossier to the lifecycle's status (or keeps it)."""
    for kind, step in lifecycle.STEPS.items():
        d = desk.receive(ReceiveRequest(procedure="2.000815", name="Lê Văn Dũng"), actor="Hoa")
        if 2 not in step.allowed_from:  # bring the dossier to a status the kind may happen in
            before = {"supplement_received": "supplement_requested", "result_returned": "result_ready"}[kind]
            syncstate.apply_remote(desk.store, [_remote(d["uid"], before)], None)
        status = desk.dossier(d["code"])["status"]
        syncstate.apply_remote(desk.store, [_remote(d["uid"], kind)], None)
        assert desk.dossier(d["code"])["status"] == (step.to_status or status), kind
    assert syncstate.conflicts(desk.store.conn) == []


def _remote(uid: str, kind: str) -> dict:
    payload = {
        "at": "2026-11-26T08:00:00+07:00",
        "due_at": "2026-11-30T08:00:00+07:00",
        "to_unit": "Sở",
        "reasons": ["x"],
        "reason": "x",
        "items": ["x"],
        "collected_by": "A",
        "new_due_at": "2026-12-30T08:00:00+07:00",
        "amount": 2000,
        "field": "phone",
        "new": "0912345678",
        # digitised (issue 19)
        "part": "document",
        "document": "tp1",
        "sha256": "0" * 64,
        "pages": 1,
        "bytes": 1000,
        "source": "scan",
    }
    return {
        "id": uuid7(),
        "dossier_uid": uid,
        "kind": kind,
        "payload": payload,
        "actor": "Minh",
        "desk_id": "so-tu-phap",
        "device_time": "2026-11-26T08:00:00+07:00",
        "hash": "",
        "server_seq": 1,
    }


def test_server_urls_https_or_loopback_only():
    assert client.check_server_url("https://dongbo.tinh.gov.vn/") == "https://dongbo.tinh.gov.vn"
    assert client.check_server_url(" http://127.0.0.1:8765 ") == "http://127.0.0.1:8765"
    assert client.check_server_url("http://localhost:8765/base/") == "http://localhost:8765/base"
    assert client.check_server_url("http://[::1]:8765") == "http://[::1]:8765"
    for bad in (
        "http://dongbo.tinh.gov.vn",
        "http://10.0.0.5:8765",
        "ftp://x",
        "dongbo.tinh.gov.vn",
        "https://user:pw@dongbo.tinh.gov.vn",
        "https://x/?a=1",
        "",
    ):
        with pytest.raises(InvalidInput):
            client.check_server_url(bad)


def test_ca_bundle_must_be_a_pem_file(tmp_path: Path):
    assert client.check_ca_bundle(None) is None
    pem = tmp_path / "ca.pem"
    pem.write_text("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    assert client.check_ca_bundle(pem) == str(pem.resolve())
    with pytest.raises(InvalidInput, match="Không đọc được"):
        client.check_ca_bundle(tmp_path / "missing.pem")
    (tmp_path / "x.txt").write_text("not a certificate")
    with pytest.raises(InvalidInput, match="PEM"):
        client.check_ca_bundle(tmp_path / "x.txt")


def test_sync_without_enrolment_says_what_to_do(desk):
    with pytest.raises(client.NotEnrolled, match="desk enrol"):
        client.sync_round(desk)


def test_cursors_are_opaque_server_positions():
    assert decode_cursor(encode_cursor(12, 3)) == (12, 3)
    assert decode_cursor(None) == (0, 0)
    import re

    assert re.fullmatch(p.CURSOR_PATTERN[1:-1], encode_cursor(10**17, 5))


def test_back_off_doubles_is_capped_and_jittered():
    runner = client.SyncRunner(open_desk=lambda: None, base_delay=5, max_delay=300, rng=random.Random(1))
    for failures, step in ((1, 5), (2, 10), (3, 20), (4, 40), (7, 300), (30, 300)):
        delays = {runner.backoff_delay(failures) for _ in range(50)}
        assert all(step / 2 <= x <= step for x in delays) and len(delays) > 40


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


class FakeDesk:
    store = None

    def close(self) -> None:
        pass


def test_runner_schedule_online_offline_and_poke(monkeypatch):
    monkeypatch.setattr(syncstate, "status", lambda store: {"pending": 0})
    outcomes: list = []
    calls = []

    def fake_sync(desk, **kwargs):
        calls.append(kwargs)
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    clock = FakeClock()
    runner = client.SyncRunner(
        open_desk=FakeDesk,
        interval=300,
        base_delay=10,
        max_delay=600,
        clock=clock,
        rng=random.Random(3),
        sync=fake_sync,
    )
    assert runner.state().next_attempt_in == 0  # first round at once
    outcomes.append({"complete": True})
    runner.run_once()
    st = runner.state()
    assert st.online is True and st.rounds == 1 and 270 <= st.next_attempt_in <= 330
    runner.poke()  # online: an intake asks for a round now
    assert runner.state().next_attempt_in == 0
    for n, expected in ((1, 10), (2, 20), (3, 40)):
        outcomes.append(client.ServerUnreachable("Không kết nối được"))
        runner.run_once()
        st = runner.state()
        assert st.online is False and st.failures == n and expected / 2 <= st.next_attempt_in <= expected
    runner.poke()  # offline: the back-off stands, no hammering
    assert runner.state().next_attempt_in > 0
    clock.t += 100
    outcomes.append({"complete": False})  # time ran out with more to do: the next round soon
    runner.run_once()
    assert runner.state().failures == 0 and runner.state().next_attempt_in <= 1
    outcomes.append(client.NotEnrolled("chưa đăng ký"))
    runner.run_once()
    assert runner.state().enrolled is False and runner.state().next_attempt_in == 600
    outcomes.append(client.CredentialRefused("đã bị thu hồi"))
    runner.run_once()
    assert "thu hồi" in runner.state().last_error
    outcomes.append(RuntimeError("bug"))  # a bug is logged, the runner carries on
    runner.run_once()
    assert "bug" in runner.state().last_error
    assert all(c["cancel"] is not None for c in calls)


def test_runner_loop_stops_promptly_and_never_on_the_callers_thread(monkeypatch):
    monkeypatch.setattr(syncstate, "status", lambda store: {"pending": 0})
    threads = []
    done = threading.Event()

    def fake_sync(desk, **kwargs):
        threads.append(threading.current_thread())
        done.set()
        return {"complete": True}

    runner = client.SyncRunner(open_desk=FakeDesk, interval=3600, sync=fake_sync)
    worker = runner.start()
    assert done.wait(10)
    runner.stop(timeout=10)
    assert not worker.is_alive() and threads == [worker] and worker is not threading.main_thread()


def test_what_desk_sync_prints():
    r = {
        "server": "https://dongbo.tinh.gov.vn",
        "sent": 3,
        "accepted": 2,
        "duplicates": 0,
        "refused": 1,
        "refusals": [{"id": "e1", "reason": "Mã hồ sơ đã được dùng"}],
        "pulled": 2,
        "applied": 1,
        "already_held": 0,
        "conflicts": 1,
        "bundles": [{"id": 1, "kind": "catalog", "label": "Danh mục v2", "status": "waiting_approval"}],
        "pending": 0,
        "complete": True,
        "clock_message": client.clock_message(-600),
    }
    text = client.format_result(r)
    assert "máy chủ nhận 2" in text and "Mã hồ sơ đã được dùng" in text and "chờ cán bộ phụ trách duyệt" in text
    assert "xung đột 1" in text and "chậm 10 phút" in text
    assert client.clock_message(120) is None and "nhanh" in client.clock_message(900)
