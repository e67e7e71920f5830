"""A desk that survives its PC (issue 17): restore from a backup file or from the server, never a code issued twice,
honest disk errors, and a power cut during a restore leaves the old store usable."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desk import paths, restore
from desk.errors import DiskFull
from desk.service import Desk, ReceiveRequest
from tests.conftest import AGENCY, ROOT, python_env
from tests.helpers.sync_env import *  # noqa: F403
from tests.helpers.sync_env import AGENCY as SYNC_AGENCY
from tests.helpers.sync_env import LiveServer, make_desk, post_processing


def _receive(d: Desk, name: str = "Nguyễn Văn Đức") -> str:
    return d.receive(ReceiveRequest(procedure="2.000815", name=name, id_number="079085001234"), actor="x")["code"]


def _order(code: str) -> int:
    return int(code.rsplit("-", 1)[1])


def test_a_restore_from_an_old_backup_never_issues_a_code_again(desk, data_dir, tmp_path):
    first = [_receive(desk) for _ in range(3)]
    backup = desk.backup(tmp_path / "old.desk-backup")
    after = [_receive(desk) for _ in range(2)]  # issued after the backup: the backup does not know them
    desk.close()
    restored_dir = tmp_path / "restored"
    done = restore.restore_file(backup, restored_dir)
    assert done["dossiers"] == 3 and done["chain_intact"]
    d = Desk.open(restored_dir)
    try:
        nxt = _receive(d)
        issued = {_order(c) for c in first + after}
        assert _order(nxt) not in issued and _order(nxt) == 1000 + restore.SKIP_BASE + 1  # «from 501»
        assert d.store.meta()[restore.UNCONFIRMED]  # until the server confirms
        timeline = d.dossier(nxt)
        assert timeline["code"].endswith("-1501")
        from desk import projections

        with d.store.write() as conn:
            assert projections.differences(conn) == []  # the floors come from an event: a rebuild agrees
    finally:
        d.close()


def test_restore_over_the_current_store_keeps_a_safety_copy(cli, data_dir, tmp_path):
    assert cli("init", "--agency-code", AGENCY, "--agency-name", "Trung tâm").code == 0
    code = cli("receive", "--procedure", "2.000815", "--name", "Lê Văn A", "--json").json()["code"]
    assert cli("backup", "-o", str(tmp_path / "b.desk-backup")).code == 0
    later = cli("receive", "--procedure", "2.000815", "--name", "Lê Văn B", "--json").json()["code"]
    r = cli("restore", str(tmp_path / "b.desk-backup"))
    assert r.code == 2 and "--over" in r.err
    r = cli("restore", str(tmp_path / "b.desk-backup"), "--over", "--json")
    assert r.code == 0, r.err
    done = r.json()
    assert done["safety_copy"] and Path(done["safety_copy"]).exists()
    assert cli("show", code).code == 0
    r = cli("show", later)
    assert r.code == 2 and "Không có hồ sơ" in r.err  # received after the backup: not in the restored store
    assert cli("search", "Lê Văn B", "--json").json() == []  # the store is the backup's
    assert cli("verify").code == 0
    # the safety copy brings back what the restore replaced
    r = cli("restore", done["safety_copy"], "--over", "--json")
    assert r.code == 0, r.err
    assert [d["code"] for d in cli("search", "Lê Văn B", "--json").json()] == [later]


def test_a_backup_this_account_cannot_open_says_where_to_go(cli, data_dir, tmp_path, monkeypatch):
    assert cli("init", "--agency-code", AGENCY, "--agency-name", "Trung tâm").code == 0
    assert cli("backup", "-o", str(tmp_path / "b.desk-backup")).code == 0
    monkeypatch.setenv("DESK_KEY_DIR", str(tmp_path / "another-account-keys"))
    r = cli("--data-dir", str(tmp_path / "new"), "restore", str(tmp_path / "b.desk-backup"))
    assert r.code != 0 and "--server" in r.err and "desk-publish recover" in r.err
    assert not paths.store_path(tmp_path / "new").exists()
    (tmp_path / "junk.desk-backup").write_bytes(b"PK\x03\x04 not a backup")
    r = cli("--data-dir", str(tmp_path / "new2"), "restore", str(tmp_path / "junk.desk-backup"))
    assert r.code == 2 and "không phải bản sao lưu" in r.err


def test_a_lead_restores_over_a_store_with_accounts(cli, data_dir, tmp_path, monkeypatch):
    import io

    assert cli("init", "--agency-code", AGENCY, "--agency-name", "Trung tâm").code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-1\nmat-khau-1\n"))
    assert cli("clerk", "add", "hoa", "--full-name", "Lê Thị Hoa", "--role", "lead", "--password-stdin").code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-1\n"))
    assert cli("backup", "--as-user", "hoa", "--password-stdin", "-o", str(tmp_path / "b.desk-backup")).code == 0
    r = cli("restore", str(tmp_path / "b.desk-backup"), "--over")
    assert r.code == 2 and "cần đăng nhập" in r.err
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-1\n"))
    r = cli("restore", str(tmp_path / "b.desk-backup"), "--over", "--as-user", "hoa", "--password-stdin")
    assert r.code == 0, r.err


def test_each_kind_of_backup_restores(desk, data_dir, tmp_path):
    """A manual backup, an automatic one, the copy before a schema upgrade and before encryption, and the safety
    copy a restore makes: each restores into an empty folder and passes desk verify."""
    from desk import autobackup, projections
    from desk.store import Store

    _receive(desk)
    kinds = {"manual": desk.backup(tmp_path / "manual.desk-backup")}
    kinds["automatic"] = autobackup.run_due(desk, force=True)["file"]
    desk.close()
    restore.restore_file(kinds["manual"], tmp_path / "r0")
    kinds["safety"] = Path(restore.restore_file(kinds["manual"], tmp_path / "r0", over=True)["safety_copy"])
    old = tmp_path / "old"
    old.mkdir()
    shutil.copyfile(ROOT / "tests" / "data" / "store-schema2.sqlite3", old / "desk.sqlite3")
    Store.open(old / "desk.sqlite3", backups=old / "backups").close()  # encrypts (a backup first), then upgrades
    kinds["before-encryption"] = next((old / "backups").glob("*before-encryption*"))
    kinds["before-upgrade"] = next(p for p in (old / "backups").glob("*.desk-backup") if "before-encryption" not in
                                   p.name)  # fmt: skip
    for i, (kind, file) in enumerate(kinds.items()):
        target = tmp_path / f"r{i + 1}"
        done = restore.restore_file(Path(file), target)
        assert done["dossiers"] >= 1, kind
        d = Desk.open(target)
        try:
            with d.store.write() as conn:
                assert projections.differences(conn) == [], kind
            assert d.store.verify_chain()[0], kind
        finally:
            d.close()


FAULT = """
import os, sys
point = os.environ.get("DESK_TEST_POWER_CUT")
if point == "copy":
    import zipfile
    real = zipfile.ZipExtFile.read
    state = {"n": 0}
    def read(self, n=-1):
        state["n"] += 1
        if state["n"] > 2:
            os._exit(137)  # the power goes while the backup is copied out
        return real(self, n)
    zipfile.ZipExtFile.read = read
elif point == "swap":
    real_replace = os.replace
    def replace(src, dst, *a, **k):
        if str(dst).endswith("desk.sqlite3"):
            os._exit(137)  # the power goes just before the restored copy takes the store's place
        return real_replace(src, dst, *a, **k)
    os.replace = replace
"""


@pytest.mark.parametrize("point", ["copy", "swap"])
def test_a_power_cut_during_a_restore_leaves_the_old_store_usable(tmp_path, point):
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(FAULT, encoding="utf-8")
    env = python_env()
    env.update({"DESK_KEYSTORE": "file", "DESK_KEY_DIR": str(tmp_path / "keys"), "DESK_DATA_DIR": str(tmp_path / "d"),
                "DESK_MACHINE_CONFIG": str(tmp_path / "none.json")})  # fmt: skip

    def desk_cmd(*args: str, fault: str | None = None) -> subprocess.CompletedProcess:
        e = dict(env, PYTHONPATH=f"{hooks}{os.pathsep}{env['PYTHONPATH']}")
        if fault:
            e["DESK_TEST_POWER_CUT"] = fault
        return subprocess.run([sys.executable, "-m", "desk", *args], capture_output=True, text=True, env=e, cwd=ROOT,
                              timeout=120)  # fmt: skip

    assert desk_cmd("init", "--agency-code", AGENCY, "--agency-name", "Trung tâm").returncode == 0
    big = [
        desk_cmd("receive", "--procedure", "2.000815", "--name", name, "--json") for name in ("Lê Văn A", "Lê Văn B")
    ]
    assert desk_cmd("backup", "-o", str(tmp_path / "b.desk-backup")).returncode == 0
    later = json.loads(desk_cmd("receive", "--procedure", "2.000815", "--name", "Sau Sao Lưu", "--json").stdout)
    r = desk_cmd("restore", str(tmp_path / "b.desk-backup"), "--over", fault=point)
    assert r.returncode == 137
    # the old store: intact, with what was received after the backup
    assert desk_cmd("verify").returncode == 0
    assert json.loads(desk_cmd("show", later["code"], "--json").stdout)["code"] == later["code"]
    assert all(b.returncode == 0 for b in big), [b.stderr for b in big]
    # and the restore, tried again, goes through (the half-written copy is cleaned up)
    r = desk_cmd("restore", str(tmp_path / "b.desk-backup"), "--over", "--json")
    assert r.returncode == 0, r.stderr
    assert not list((tmp_path / "d").glob(".desk.sqlite3.restoring*"))
    assert desk_cmd("show", later["code"]).returncode == 2  # the restored store is the backup's
    nxt = json.loads(desk_cmd("receive", "--procedure", "2.000815", "--name", "Mới", "--json").stdout)["code"]
    assert nxt != later["code"] and _order(nxt) > _order(later["code"])


def test_a_full_disk_says_so_and_never_advises_a_restore(desk, cli):
    _receive(desk)
    pages = desk.store.conn.execute("PRAGMA page_count").fetchone()[0]
    desk.store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own «database or disk is full»
    with pytest.raises(DiskFull) as err:
        for _ in range(50):
            _receive(desk, "Nguyễn Thị Đầy Ổ Đĩa")
    assert "Ổ đĩa đầy" in err.value.message and "nguyên vẹn" in err.value.message
    assert "khôi phục" not in err.value.message.replace("Không cần khôi phục", "")
    desk.store.conn.execute("PRAGMA max_page_count = 1073741823")
    _receive(desk)  # space again: the desk goes on
    assert desk.store.verify_chain()[0]


# -- from the server ------------------------------------------------------------------------------------------------


@pytest.fixture
def one_server(tmp_path):
    server = LiveServer(str(tmp_path / "server.sqlite3"))
    yield server
    server.stop()


def test_a_replaced_pc_restores_from_the_server_and_numbers_on(tmp_path, one_server):
    from sync.client import enrol, sync_round
    from sync.client.restore import restore_from_server

    live = one_server
    old = make_desk(tmp_path, "old-pc", 2)
    enrol(old, live.url, live.enrol_code(2))
    codes = [_receive(old, f"Công Dân {name}") for name in ("An", "Bình", "Chi", "Dũng")]
    with old.store.write() as conn:
        old.store.set_meta(conn, signer_name="Trần Quốc Bảo")
    assert sync_round(old)["accepted"] >= 4
    token = live.processor()
    uid = old.dossier(codes[0])["uid"]
    post_processing(live.url, token, [{"dossier_uid": uid, "kind": "transferred",
                                       "payload": {"to_unit": "Công an xã"}}])  # fmt: skip
    old.close()
    # the PC dies; the lead revokes it and issues a new code for the same slot
    (device,) = [r for r in live.rows("SELECT id FROM devices WHERE kind = 'desk' AND slot = 2")]
    live.server.revoke(device[0])
    code = live.enrol_code(2)
    new_dir = tmp_path / "new-pc"
    # without the network: says so, leaves nothing
    with pytest.raises(Exception) as offline:
        restore_from_server(new_dir, "http://127.0.0.1:9", code, agency_code=SYNC_AGENCY, desk_slot=2)
    assert "Không kết nối được" in str(offline.value)
    assert not paths.store_path(new_dir).exists() and not list(new_dir.glob(".restoring*"))
    done = restore_from_server(new_dir, live.url, code, agency_code=SYNC_AGENCY, desk_slot=2)
    assert done["dossiers"] == 4 and done["projections_match"] and done["chains"]["breaks"] == []
    new = Desk.open(new_dir)
    try:
        assert {d["code"] for d in new.search("Công Dân")} == set(codes)
        assert new.dossier(codes[0])["holder"] == "Công an xã"  # the processing unit's step came back too
        nxt = _receive(new, "Người Sau")
        assert nxt not in codes and _order(nxt) > max(map(_order, codes))
        r = sync_round(new)
        assert r["refused"] == 0 and r["accepted"] >= 1  # the server takes the new code: no collision
        server_codes = [c for (c,) in live.rows("SELECT code FROM dossiers")]
        assert len(server_codes) == len(set(server_codes)) == 5
        # a processing unit's later step reaches the new PC
        post_processing(live.url, token, [{"dossier_uid": uid, "kind": "result_ready", "payload": {}}])
        sync_round(new)
        assert new.dossier(codes[0])["status"] == 9
    finally:
        new.close()


def test_after_a_backup_restore_the_first_sync_takes_the_servers_numbers(tmp_path, one_server):
    from sync.client import enrol, sync_round

    live = one_server
    d = make_desk(tmp_path, "pc", 3)
    enrol(d, live.url, live.enrol_code(3))
    _receive(d)
    backup = d.backup(tmp_path / "b.desk-backup")
    d.close()
    restore.restore_file(backup, tmp_path / "restored")
    r = Desk.open(tmp_path / "restored")
    try:
        assert r.store.meta().get("sync_credential") is None  # enrols again
        (device,) = live.rows("SELECT id FROM devices WHERE kind = 'desk' AND slot = 3")
        live.server.revoke(device[0])
        enrol(r, live.url, live.enrol_code(3))
        result = sync_round(r)
        assert "codes_reserved" in result
        assert restore.UNCONFIRMED not in r.store.meta()
    finally:
        r.close()


def test_automatic_backups_rotate_7_daily_4_weekly_12_monthly(desk, tmp_path):
    import datetime as dt

    from desk import autobackup
    from desk.timeutil import VN_TZ

    folder = tmp_path / "usb"
    folder.mkdir()
    autobackup.set_folder(desk, str(folder))
    (folder / "ghi-chu.txt").write_text("not a backup: never touched")
    (folder / "desk-20260101-080000.desk-backup").write_bytes(b"a manual one: never touched")
    start = dt.datetime(2025, 1, 1, 7, 30, tzinfo=VN_TZ)
    made = []
    for i in range(420):  # a desk used every day for 14 months
        done = autobackup.run_due(desk, now=start + dt.timedelta(days=i))
        assert done is not None and done["folder"] == folder
        made.append(done["file"])
        assert autobackup.run_due(desk, now=start + dt.timedelta(days=i, hours=3)) is None  # once a day
    kept = sorted(p.name for p in folder.glob("desk-auto-*"))
    last = start + dt.timedelta(days=419)
    days = {(last - dt.timedelta(days=k)).strftime("%Y%m%d") for k in range(7)}
    assert days <= {n[10:18] for n in kept}
    assert len(kept) <= 7 + 4 + 12 and len(kept) >= 12
    months = {n[10:16] for n in kept}
    assert len(months) == 12  # a year of monthly copies
    assert (folder / "ghi-chu.txt").exists() and (folder / "desk-20260101-080000.desk-backup").exists()
    st = autobackup.status(desk, now=last + dt.timedelta(days=1))
    assert not st["stale"] and st["file"] == str(made[-1])
    assert autobackup.status(desk, now=last + dt.timedelta(days=3))["stale"]
    # the newest restores
    restore.restore_file(made[-1], tmp_path / "back")
    r = autobackup.set_folder
    with pytest.raises(Exception, match="không tồn tại"):
        r(desk, str(tmp_path / "missing"))


def test_restore_from_the_server_without_a_network_says_so_from_the_command_line(cli, data_dir):
    r = cli("restore", "--server", "http://127.0.0.1:9", "--code", "ABCD-EFGH-JKLM", "--agency-code", AGENCY,
            "--desk-slot", "2")  # fmt: skip
    assert r.code != 0 and "Không kết nối được" in r.err
    assert not paths.store_path(data_dir).exists()
    r = cli("restore", "--server", "http://127.0.0.1:9")
    assert r.code == 2 and "--code" in r.err


def test_a_backup_that_cannot_read_the_store_says_so_instead_of_waiting_for_ever(desk, tmp_path, monkeypatch):
    """Python's backup loop retries a busy or locked source without end; the desk's gives up and says why."""
    from desk import store as store_module
    from desk.errors import StoreBusy

    monkeypatch.setattr(store_module, "BACKUP_WAIT_S", 0.3)
    _receive(desk)
    conn = desk.store.conn
    conn.execute("BEGIN IMMEDIATE")  # a write left open on the connection the backup reads: SQLITE_LOCKED
    try:
        conn.execute("UPDATE meta SET value = value WHERE key = 'agency_code'")
        with pytest.raises(StoreBusy, match="Không sao lưu được"):
            desk.store.backup(tmp_path / "b.desk-backup")
    finally:
        conn.execute("ROLLBACK")
    assert not list(tmp_path.glob("b.desk-backup*"))  # nothing half-written left behind
    assert desk.store.backup(tmp_path / "b.desk-backup").exists()  # and once free, it backs up


def test_only_a_desk_without_a_recent_backup_backs_up_at_sign_in(desk):
    """``run_due(only_if_stale=True)``, what the window asks at sign-in: none yet, or the last older than two days."""
    import datetime as dt

    from desk import autobackup
    from desk.timeutil import VN_TZ

    day = dt.datetime(2026, 3, 2, 7, 30, tzinfo=VN_TZ)
    assert autobackup.run_due(desk, now=day, only_if_stale=True) is not None  # none at all
    assert autobackup.run_due(desk, now=day + dt.timedelta(days=1), only_if_stale=True) is None  # yesterday's
    assert autobackup.run_due(desk, now=day + dt.timedelta(days=1)) is not None  # the usual one, later
    assert autobackup.run_due(desk, now=day + dt.timedelta(days=4), only_if_stale=True) is not None  # three days
