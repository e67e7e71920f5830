"""The lifecycle is said once and the projections always equal a rebuild from the log.

- A property test drives random valid lifecycles (intake, prints, hand-overs, supplements, refusals, extensions,
  results, returns, corrections, payments, events from the server, conflicts and their resolution) through the
  services, and checks that every projection table after ``desk rebuild`` equals the incremental state, row for row.
- ``desk verify`` runs the same comparison: a direct edit of a projection table is caught.
- No module but desk/lifecycle.py defines a transition.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk import keys, lifecycle, paths, projections, syncstate
from desk import workflow as wf
from desk.errors import InvalidInput
from desk.ids import uuid7
from desk.service import Desk, ReceiveRequest, init_desk
from desk.store import FTS_TABLES, PROJECTION_TABLES
from tests.conftest import AGENCY, ROOT, vn

START = vn(2026, 3, 2, 8, 0)  # a Monday


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """An initialised desk, made once and copied for each example."""
    base = tmp_path_factory.mktemp("template")
    init_desk(base, agency_code=AGENCY, agency_name="Trung tâm Phục vụ hành chính công xã Tân Phú").close()
    return paths.store_path(base)


def _snapshot(desk: Desk) -> dict[str, list[tuple]]:
    conn = desk.store.conn
    out = {}
    for t in PROJECTION_TABLES:
        columns = len(conn.execute(f"SELECT * FROM {t} LIMIT 0").description)
        out[t] = conn.execute(f"SELECT * FROM {t} ORDER BY {', '.join(map(str, range(1, columns + 1)))}").fetchall()
    for t in FTS_TABLES:
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_{t} USING fts5vocab(main, {t}, instance)")
        out[t] = conn.execute(f"SELECT term, doc FROM temp.v_{t} ORDER BY term, doc").fetchall()
    return out


def _remote(uid: str, kind: str, seq: int, at: dt.datetime) -> dict:
    at_iso = at.isoformat()
    payload = {
        "at": at_iso, "to_unit": "Phòng Tư pháp", "items": ["Bản sao giấy tờ"], "reason": "thiếu giấy tờ",
        "reasons": ["không đủ điều kiện"], "new_due_at": (at + dt.timedelta(days=10)).isoformat(),
        "late_unit": "Phòng Tư pháp", "due_at": (at + dt.timedelta(days=3)).isoformat(), "text": "ghi chú",
        "result": "Giấy khai sinh", "collected_by": "Nguyễn An", "amount": 8000, "field": "phone", "new": "0912000111",
    }  # fmt: skip
    return {"id": uuid7(), "dossier_uid": uid, "kind": kind, "payload": payload, "actor": "Sở Tư pháp",
            "desk_id": "11111111-2222-4333-8444-555555555555", "device_time": at_iso, "hash": "",
            "server_seq": seq}  # fmt: skip


ACTIONS = (
    "receive", "print", "transfer", "supplement", "supplement_back", "refuse", "withdraw", "stop", "extend",
    "result", "return", "correct_name", "correct_phone", "pay", "remote", "resolve", "intake_supplement",
)  # fmt: skip


def _act(desk: Desk, action: str, which: int, kind_pick: int, now: dt.datetime, state: dict) -> None:
    codes = state["codes"]
    if action == "receive" or not codes:
        d = desk.receive(ReceiveRequest(procedure="1.001193" if which % 2 else "2.000815",
                                        name=["Nguyễn Văn Đức", "Trần Thị Hà", "Lê Minh"][which % 3],
                                        id_number="001090012345" if which % 2 else None),
                         actor="Hoa", now=now)  # fmt: skip
        codes.append(d["code"])
        return
    code = codes[which % len(codes)]
    if action == "print":
        desk.record_print("receipt", actor="Hoa", code=code, target="printer", detail={"printer": "HP"})
    elif action == "transfer":
        wf.transfer(desk, code, to_unit="Phòng Tư pháp", actor="Hoa", step_working_days=1, now=now)
    elif action == "supplement":
        wf.request_supplement(desk, code, items=["Bản sao"], reason="thiếu", actor="Hoa", now=now)
    elif action == "supplement_back":
        wf.receive_supplement(desk, code, actor="Hoa", now=now)
    elif action == "refuse":
        wf.refuse(desk, code, reasons=["không đủ điều kiện"], actor="Hoa", now=now)
    elif action == "withdraw":
        wf.withdraw(desk, code, actor="Hoa", now=now)
    elif action == "stop":
        wf.stop(desk, code, reason="theo đề nghị", actor="Hoa", now=now)
    elif action == "extend":
        due = dt.datetime.fromisoformat(desk.dossier(code, with_events=False)["due_at"])
        new_due = due + dt.timedelta(days=7)
        while not desk.calendar().is_working_day(new_due.date()):
            new_due += dt.timedelta(days=1)
        wf.extend(desk, code, new_due_at=new_due, reason="chờ xác minh", late_unit="Phòng Tư pháp", actor="Hoa",
                  late_notice=kind_pick % 2 == 0, now=now)  # fmt: skip
    elif action == "result":
        wf.result_ready(desk, code, actor="Hoa", now=now)
    elif action == "return":
        wf.return_result(desk, code, collected_by="Nguyễn Văn Đức", id_number="001090012345", actor="Hoa", now=now)
    elif action == "correct_name":
        wf.correct(desk, code, field="name", value=f"Phạm Văn {['An', 'Bình', 'Cường'][kind_pick % 3]}",
                   reason="gõ nhầm", actor="Hoa", now=now)  # fmt: skip
    elif action == "correct_phone":
        wf.correct(desk, code, field="phone", value=f"09120001{kind_pick % 100:02d}", reason="gõ nhầm", actor="Hoa",
                   now=now)  # fmt: skip
    elif action == "pay":
        wf.pay(desk, code, amount=8000, receipt_no=f"BL{kind_pick}", actor="Hoa", now=now)
    elif action == "remote":  # a processing unit's step, accepted or set aside as a conflict
        kinds = list(lifecycle.STEPS)
        uid = desk.dossier(code, with_events=False)["uid"]
        state["seq"] += 1
        syncstate.apply_remote(desk.store, [_remote(uid, kinds[kind_pick % len(kinds)], state["seq"], now)],
                               f"e{state['seq']}b0")  # fmt: skip
    elif action == "resolve":
        open_ = syncstate.conflicts(desk.store.conn)
        if open_:
            syncstate.resolve_conflict(desk.store, open_[0]["event_id"], actor="Hoa", note="đã gọi điện xác minh")
    elif action == "intake_supplement":
        desk.request_supplement_at_intake(ReceiveRequest(procedure="2.000815", name="Đỗ Văn Tú", documents={}),
                                          actor="Hoa", now=now)  # fmt: skip


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 7), st.integers(0, 50)), min_size=3, max_size=60)
)
def test_random_lifecycles_rebuild_to_the_same_projections(template, tmp_path_factory, steps):
    base = tmp_path_factory.mktemp("desk")
    shutil.copy(template, paths.store_path(base))
    shutil.copy(template.parent / keys.SIDECAR, base / keys.SIDECAR)  # which key opens the copy
    desk = Desk.open(base)
    try:
        state = {"codes": [], "seq": 0}
        now = START
        for action, which, kind_pick in steps:
            now += dt.timedelta(minutes=47)
            with contextlib.suppress(InvalidInput):  # a step the status does not allow: refused, nothing written
                _act(desk, action, which, kind_pick, now, state)
        with desk.store.write() as conn:
            assert projections.differences(conn) == []  # desk verify sees nothing
        before = _snapshot(desk)
        desk.rebuild()
        after = _snapshot(desk)
        for table in before:
            assert after[table] == before[table], table
    finally:
        desk.close()


def test_a_print_moves_last_seq_and_a_rebuild_keeps_it(desk):
    d = desk.receive(ReceiveRequest(procedure="2.000815", name="Nguyễn Văn Đức"), actor="Hoa")
    desk.record_print("receipt", actor="Hoa", code=d["code"])
    seq = desk.store.conn.execute("SELECT last_seq FROM dossiers").fetchone()[0]
    assert seq == desk.store.conn.execute("SELECT max(seq) FROM events").fetchone()[0]
    desk.rebuild()
    assert desk.store.conn.execute("SELECT last_seq FROM dossiers").fetchone()[0] == seq


def test_verify_catches_a_direct_edit_of_a_projection(cli, desk):
    d = desk.receive(ReceiveRequest(procedure="2.000815", name="Nguyễn Văn Đức"), actor="Hoa")
    assert cli("verify").code == 0
    with desk.store.write() as conn:  # somebody edits the table with a SQLite tool
        conn.execute("UPDATE dossiers SET status = 10, due_at = '2099-01-01T00:00:00+07:00'")
    r = cli("verify", "--json")
    assert r.code == 1
    res = r.json()
    assert res["chain_intact"] and res["integrity"] == "ok" and not res["projections_match"]
    assert any(d["code"] in line for line in res["projection_differences"])
    assert "Nguyễn" not in r.out  # the report names dossiers by code, never by the citizen's name
    assert cli("rebuild").code == 0 and cli("verify").code == 0


def _plain(value: ast.AST) -> bool:
    """A label, a status, or a set of statuses (a wire model class as the value is the protocol's business)."""
    if isinstance(value, ast.Constant):
        return True
    if isinstance(value, ast.Set | ast.Tuple | ast.List):
        return all(isinstance(e, ast.Constant) for e in value.elts)
    return isinstance(value, ast.Call) and getattr(value.func, "id", "") in ("frozenset", "set", "range")


def test_no_module_but_the_lifecycle_defines_a_transition():
    """A dict keyed by three or more step kinds outside desk/lifecycle.py would be a second table of the lifecycle
    (allowed statuses, next statuses, labels); so would a NEXT_STATUS or an _advance."""
    # the kinds whose names only an event table would use (the report also counts «refused», «withdrawn», …)
    kinds = set(lifecycle.STEPS) - {"refused", "withdrawn", "stopped"}
    found = []
    for package in ("desk", "sync", "ui", "printing"):
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT)
            if rel == Path("desk/lifecycle.py"):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Dict) and all(_plain(v) for v in node.values):
                    keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                    if len([k for k in keys if k in kinds]) >= 3:
                        found.append(f"{rel}:{node.lineno} a table keyed by event kinds")
                if isinstance(node, ast.Name | ast.FunctionDef) and getattr(node, "id", getattr(node, "name", "")) in (
                    "NEXT_STATUS", "ALLOWED_FROM", "TRANSITIONS", "_advance"
                ):  # fmt: skip
                    found.append(f"{rel}:{node.lineno} {getattr(node, 'id', getattr(node, 'name', ''))}")
    assert found == []
