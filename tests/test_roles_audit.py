"""Roles enforced in the core (desk/roles.py) and the access log of personal data (desk/audit.py), through the
Python API and the command line."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from desk import accounts, audit, db, lifecycle, roles, timeutil
from desk.errors import Forbidden
from desk.service import Desk, ReceiveRequest

LEAD = ("hoa", "Lê Thị Hoa", "mat-khau-1")
CLERK = ("lan", "Trần Thị Lan", "mat-khau-2")
VIEWER = ("chu.tich", "Nguyễn Văn Chủ", "mat-khau-3")


def _accounts(desk: Desk) -> None:
    lead = accounts.add_clerk(desk.store, username=LEAD[0], full_name=LEAD[1], password=LEAD[2], actor="cài đặt",
                              role="lead")  # fmt: skip
    for (u, f, p), role in ((CLERK, "clerk"), (VIEWER, "viewer")):
        accounts.add_clerk(desk.store, username=u, full_name=f, password=p, actor=LEAD[1], by=lead, role=role)


def _receive(desk: Desk, name: str = "Phạm Văn Bình") -> str:
    req = ReceiveRequest(procedure="2.000815", name=name, id_number="079085001234", phone="0912345678")
    return desk.receive(req, actor="x")["code"]


def _log(desk: Desk) -> list[tuple]:
    return desk.store.conn.execute("SELECT username, action, code, what FROM access_log ORDER BY id").fetchall()


def test_every_event_kind_says_who_may_write_it():
    for kind in lifecycle.EVENT_KINDS:
        cap = roles.capability_of(kind, {})
        assert cap is None or cap in roles.CAPABILITIES, kind
    # an unknown kind (from a newer version) is a lead's, never anyone's
    assert roles.capability_of("future_kind") == "settings"
    assert not roles.allows("clerk", "settings") and not roles.allows("viewer", "counter")


def test_a_desk_being_set_up_refuses_nothing_then_only_accounts_act(desk):
    code = _receive(desk)  # no account yet: set-up
    _accounts(desk)
    with pytest.raises(Forbidden, match="cần đăng nhập"):
        _receive(desk)
    desk.act_as("lan")
    code2 = _receive(desk)
    assert desk.dossier(code2)["status"] == desk.dossier(code)["status"]


def test_what_each_role_may_do(desk):
    _accounts(desk)
    code = None
    desk.act_as("lan", CLERK[2])  # a clerk, signed in
    code = _receive(desk)
    desk.printable("receipt", code)
    desk.view(code)
    for refused in (lambda: desk.access_log(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
                    lambda: desk.update_settings({"signer_name": "Ai Đó"}, actor="x"),
                    lambda: desk.rebuild(),
                    lambda: desk.backup(desk.store.path.parent / "x.desk-backup")):  # fmt: skip
        with pytest.raises(Forbidden, match=r"không được|chỉ cán bộ phụ trách"):
            refused()
    from desk import report

    with pytest.raises(Forbidden, match="lập báo cáo"):
        report.compute_report(desk, "2026-01-01", "2026-12-31")

    desk.act_as("chu.tich", VIEWER[2])  # a commune leader reads: dossiers, search, the report
    assert desk.view(code)["code"] == code
    assert desk.search("Phạm Văn Bình")
    report.compute_report(desk, "2026-01-01", "2026-12-31")
    with pytest.raises(Forbidden, match="Lãnh đạo"):
        _receive(desk)
    with pytest.raises(Forbidden, match="in phiếu"):
        desk.printable("receipt", code)
    from desk import workflow

    with pytest.raises(Forbidden):
        workflow.result_ready(desk, code, actor="x")
    assert desk.dossier(code)["status"] == lifecycle.Status.RECEIVED and len(desk.dossier(code)["events"]) == 1


def test_a_lead_named_without_the_password_keeps_only_a_clerks_rights(desk):
    _accounts(desk)
    desk.act_as("hoa")  # named (like --actor), not signed in
    _receive(desk)
    with pytest.raises(Forbidden, match="cần mật khẩu"):
        desk.access_log(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    desk.act_as("hoa", LEAD[2])
    desk.access_log(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_the_access_log_records_views_searches_prints_exports_and_its_own_reading(desk, tmp_path):
    _accounts(desk)
    desk.act_as("lan", CLERK[2])
    code = _receive(desk)
    before = len(_log(desk))
    assert before == 0  # receiving is the counter's work, in the event log: not an access
    desk.dossier(code)  # the desk's own reading (after a step, to print): not a person's
    assert _log(desk) == []
    desk.view(code)
    desk.search("Phạm Văn Bình")
    desk.search(code)  # a dossier's code names nobody
    desk.search(code[-11:])  # its tail neither
    desk.search("0912 345 678")
    desk.record_print("receipt", actor="Trần Thị Lan", code=code, target="printer")
    desk.act_as("hoa", LEAD[2])
    desk.backup(tmp_path / "b.desk-backup")
    today = timeutil.now().date()
    entries = desk.access_log(today, today)
    got = [(a.username, a.action, a.code) for a in entries]
    assert got == [
        ("lan", "view", code),
        ("lan", "search", None),
        ("lan", "search", None),
        ("lan", "print", code),
        ("hoa", "export", None),
    ]
    assert "Phạm Văn Bình" in entries[1].what and "1 hồ sơ" in entries[1].what
    assert "Giấy tiếp nhận" in entries[3].what and "máy in" in entries[3].what
    # reading the log is itself an access
    assert _log(desk)[-1][:2] == ("hoa", "audit")
    # append-only: the app cannot edit or remove what it wrote
    for sql in ("UPDATE access_log SET username = 'x'", "DELETE FROM access_log"):
        with pytest.raises(db.IntegrityError, match="append-only"), desk.store.write() as conn:
            conn.execute(sql)
    assert len(_log(desk)) == 6


def test_an_access_by_someone_not_signed_in_names_the_os_account(data_dir):
    from desk.service import init_desk

    d = init_desk(data_dir, agency_code="000.00.12.H62", agency_name="Trung tâm", actor="x")
    try:
        code = _receive(d)
        d.view(code)
        (row,) = _log(d)
        assert row[0] is None and row[1] == "view" and row[2] == code
        who = d.store.conn.execute("SELECT actor FROM access_log").fetchone()[0]
        assert "không đăng nhập" in who
    finally:
        d.close()


def test_audit_and_lead_commands_from_the_command_line(desk, cli, monkeypatch, tmp_path):
    _accounts(desk)
    desk.act_as("lan")
    code = _receive(desk)
    desk.close()
    assert cli("--actor", "lan", "show", code).code == 0
    assert cli("--actor", "lan", "search", "Phạm Văn").code == 0
    r = cli("--actor", "lan", "audit")
    assert r.code == 2 and "chỉ dành cho cán bộ phụ trách" in r.err
    r = cli("--actor", "hoa", "audit")  # a lead named without the password
    assert r.code == 2 and "--as-user hoa" in r.err
    monkeypatch.setattr("sys.stdin", io.StringIO("sai-mat-khau\n"))
    r = cli("audit", "--as-user", "hoa", "--password-stdin")
    assert r.code == 2 and "Sai tên đăng nhập hoặc mật khẩu" in r.err
    monkeypatch.setattr("sys.stdin", io.StringIO(LEAD[2] + "\n"))
    r = cli("audit", "--as-user", "hoa", "--password-stdin", "--json")
    assert r.code == 0, r.err
    actions = [(a["username"], a["action"], a["code"]) for a in r.json()]
    assert actions == [("lan", "view", code), ("lan", "search", None)]
    monkeypatch.setattr("sys.stdin", io.StringIO(LEAD[2] + "\n"))
    text = cli("audit", "--as-user", "hoa", "--password-stdin", "--from", "2026-01-01")
    assert text.code == 0 and "Xem hồ sơ" in text.out and "lan" in text.out
    # a clerk may not back up; a lead may, with the password
    r = cli("--actor", "lan", "backup", "-o", str(tmp_path / "b.desk-backup"))
    assert r.code == 2 and not (tmp_path / "b.desk-backup").exists()
    monkeypatch.setattr("sys.stdin", io.StringIO(LEAD[2] + "\n"))
    assert cli("backup", "--as-user", "hoa", "--password-stdin", "-o", str(tmp_path / "b.desk-backup")).code == 0
    # the viewer reads the report with the password, and may not receive
    out = tmp_path / "r.xlsx"
    monkeypatch.setattr("sys.stdin", io.StringIO(VIEWER[2] + "\n"))
    r = cli("report", "--as-user", "chu.tich", "--password-stdin", "--from", "2026-01-01", "--to", "2026-12-31",
            "-o", str(out))  # fmt: skip
    assert r.code == 0, r.err
    r = cli("--actor", "chu.tich", "receive", "--procedure", "2.000815", "--name", "Lê Văn Dũng")
    assert r.code == 2 and "không được tiếp nhận" in r.err
    r = cli("--actor", "lan", "report", "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(tmp_path / "x.xlsx"))
    assert r.code == 2 and not (tmp_path / "x.xlsx").exists()


def test_the_access_log_is_in_the_schema_of_every_store(desk):
    assert audit.ACTIONS.keys() == {"view", "search", "print", "export", "audit"}
    cols = [r[1] for r in desk.store.conn.execute("PRAGMA table_info(access_log)")]
    assert cols == ["id", "at", "username", "actor", "action", "code", "what"]
