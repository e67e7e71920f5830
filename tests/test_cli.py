from __future__ import annotations

import json
import os
import subprocess
import unicodedata
from pathlib import Path

from tests.conftest import AGENCY, PYTHON, ROOT, python_env

INIT = ("init", "--agency-code", AGENCY, "--agency-name", "Trung tâm Phục vụ hành chính công xã Tân Phú",
        "--parent-name", "UBND XÃ TÂN PHÚ", "--place", "Tân Phú")  # fmt: skip


def test_commands_before_init_exit_3(cli, data_dir):
    for argv in (("info",), ("search", "duc"), ("receive", "--procedure", "2.000815", "--name", "A")):
        r = cli(*argv)
        assert r.code == 3, argv
        assert "desk init" in r.err and r.out == ""
    assert not data_dir.exists()


def test_init_info_json_and_second_init_refused(cli, data_dir):
    r = cli(*INIT, "--json")
    assert r.code == 0, r.err
    info = cli("info", "--json").json()
    assert info["agency_code"] == AGENCY and info["desk_slot"] == 1
    assert info["counts"]["dossiers"] == 0 and info["counts"]["events"] == 2
    assert info["catalog"]["version"] == 1 and info["catalog"]["procedures"] == 18
    assert info["calendar"]["years"] == [2025, 2026]
    again = cli(*INIT)
    assert again.code == 2 and "đã có dữ liệu" in again.err
    assert cli("info", "--json").json()["desk_id"] == info["desk_id"]


def test_init_with_bad_values_writes_nothing(cli, data_dir, tmp_path):
    bad_catalog = tmp_path / "bad.json"
    bad_catalog.write_text('{"format": "desk-catalog/1", "version": -1}', encoding="utf-8")
    r = cli("init", "--agency-code", "abc", "--agency-name", " ", "--desk-slot", "12", "--catalog", str(bad_catalog))
    assert r.code == 2
    for text in ("Mã định danh cơ quan", "Tên cơ quan", "Số hiệu bàn", "version"):
        assert text in r.err
    assert not (data_dir / "desk.sqlite3").exists()
    assert list(data_dir.glob("*")) == [] if data_dir.exists() else True
    missing = cli(*INIT, "--calendar", str(tmp_path / "none.json"))
    assert missing.code == 2 and "Không tìm thấy tệp lịch" in missing.err


def test_receive_show_search_json(cli):
    assert cli(*INIT).code == 0
    r = cli("receive", "--procedure", "2.000815", "--name", unicodedata.normalize("NFD", "Nguyễn Văn Đức"),
            "--id-number", "001090012345", "--phone", "0912 345 678", "--at", "2026-02-13T10:00:00",
            "--doc", "tp1=1", "--doc", "tp2=3", "--json")  # fmt: skip
    assert r.code == 0, r.err
    d = json.loads(r.out)
    assert d["code"] == f"{AGENCY}-260213-1001"
    assert d["applicant"]["name"] == "Nguyễn Văn Đức"
    assert d["received_at"] == "2026-02-13T10:00:00+07:00" and d["due_at"] == "2026-02-13T17:00:00+07:00"
    assert {k for k in d} >= {"uid", "code", "procedure", "status", "status_label", "channel", "received_at",
                              "due_at", "calendar_version", "applicant", "sets", "documents"}  # fmt: skip
    assert [x["quantity"] for x in d["documents"]] == [1, 3]
    shown = cli("show", d["code"], "--json").json()
    assert shown["uid"] == d["uid"] and shown["events"][0]["kind"] == "received"
    assert shown["events"][0]["actor"] == "Lê Thị Hoa"
    found = cli("search", "nguyen van duc", "--json").json()
    assert [x["code"] for x in found] == [d["code"]]
    plain = cli("search", "1001")
    assert d["code"] in plain.out and "Nguyễn Văn Đức" in plain.out
    # show takes what search takes when one dossier matches: the code's last part, a phone, an ID number
    for key in ("260213-1001", "1001", "0912345678", "001090012345"):
        assert cli("show", key, "--json").json()["uid"] == d["uid"], key
    cli("receive", "--procedure", "2.000815", "--name", "Trần Thị Hà", "--at", "2026-02-16T10:00:00")
    both = cli("show", "1001")  # 260213-1001 and 260216-1001
    assert both.code == 2 and "khớp nhiều hồ sơ" in both.err and "260216-1001" in both.err
    assert cli("show", "260216-1001").code == 0


def test_refusals_exit_2_with_vietnamese_reason_and_write_nothing(cli):
    assert cli(*INIT).code == 0
    before = cli("info", "--json").json()["counts"]
    cases = [
        (("receive", "--procedure", "2.000815", "--name", "A", "--at", "hôm qua"), "--at"),
        (("receive", "--procedure", "2.000815", "--name", "A", "--at", "2099-01-01T08:00:00+07:00"), "tương lai"),
        (("receive", "--procedure", "2.000815", "--name", "A", "--id-number", "003090012345"), "mã tỉnh"),
        (("receive", "--procedure", "1.001193", "--name", "A", "--doc", "tp1=1"), "Thiếu giấy tờ bắt buộc"),
        (("receive", "--procedure", "2.000815", "--name", "A", "--doc", "tp1=x"), "số nguyên"),
        (("receive", "--procedure", "0.000000", "--name", "A"), "không có trong danh mục"),
        (("receive", "--procedure", "2.000815", "--name", "A", "--sets", "nhiều"), "tham số không hợp lệ"),
        (("due", "--procedure", "2.000815", "--at", "13/02/2026"), "--at"),
        (("show", "000.00.12.H62-260101-9999"), "Không có hồ sơ"),
        (("calendar", "show", "1800"), "Năm 1800"),
        (("search", "duc", "--limit", "0"), "--limit"),
    ]
    for argv, reason in cases:
        r = cli(*argv)
        assert r.code == 2, (argv, r.err)
        assert reason in r.err, (argv, r.err)
        assert r.out == ""
    assert cli("info", "--json").json()["counts"] == before


def test_catalog_and_calendar_commands(cli, tmp_path):
    assert cli(*INIT).code == 0
    items = cli("catalog", "list", "--json").json()
    assert len(items) == 18 and {"code", "name", "field", "duration", "version"} <= set(items[0])
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "desk-catalog/1", "procedures": [', encoding="utf-8")
    r = cli("catalog", "import", str(bad))
    assert r.code == 2 and "JSON" in r.err
    days = cli("calendar", "show", "2026", "--json").json()
    assert {"date": "2026-01-10", "kind": "work", "label": "Làm bù cho ngày 02/01/2026"} in days["days"]
    assert {"date": "2026-01-02", "kind": "off", "label": "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)"} in days["days"]
    later = cli("calendar", "show", "2027", "--json").json()["days"]
    assert any(d["date"] == "2027-02-08" and d["kind"] == "off" for d in later)  # Tết, from the holidays package
    due = cli("due", "--procedure", "1.001022", "--at", "2026-02-13T10:00:00+07:00", "--json").json()
    assert due == {"procedure": "1.001022", "received_at": "2026-02-13T10:00:00+07:00",
                   "due_at": "2026-02-25T10:00:00+07:00", "calendar_version": due["calendar_version"],
                   "duration": "03 ngày làm việc", "catalog_version": 1}  # fmt: skip
    same = tmp_path / "cal.json"
    same.write_bytes((ROOT / "resources" / "calendar" / "calendar-vn-2025-2026.json").read_bytes())
    r = cli("calendar", "import", str(same))
    assert r.code == 2 and "không mới hơn" in r.err


def test_rebuild_and_verify(cli):
    assert cli(*INIT).code == 0
    cli("receive", "--procedure", "2.000815", "--name", "Lê Văn Dũng")
    r = cli("rebuild", "--json")
    assert r.code == 0 and r.json() == {"events": 3, "dossiers": 1}
    v = cli("verify", "--json")
    assert v.code == 0 and v.json()["integrity"] == "ok" and v.json()["chain_intact"] is True


def test_python_dash_m_and_console_script(tmp_path):
    env = python_env() | {"DESK_DATA_DIR": str(tmp_path / "d")}
    r = subprocess.run([PYTHON, "-m", "desk", "--version"], capture_output=True, text=True, env=env, cwd=ROOT)
    assert r.returncode == 0 and r.stdout.startswith("desk ")
    r = subprocess.run([PYTHON, "-m", "desk", *INIT], capture_output=True, text=True, env=env, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([PYTHON, "-m", "desk", "info", "--json"], capture_output=True, env=env, cwd=ROOT)
    assert json.loads(r.stdout.decode("utf-8"))["agency_code"] == AGENCY
    assert "Trung tâm Phục vụ hành chính công xã Tân Phú".encode() in r.stdout  # UTF-8, not \u-escaped


def test_backup_is_one_encrypted_owner_only_file_without_the_sync_credential(cli, data_dir, tmp_path):
    import stat
    import zipfile

    from desk import db, keys
    from desk.store import BACKUP_MANIFEST, BACKUP_STORE

    assert cli(*INIT).code == 0
    code = cli("receive", "--procedure", "2.000815", "--name", "Lê Văn Dũng", "--json").json()["code"]
    d = __import__("desk.service", fromlist=["Desk"]).Desk.open(data_dir)
    with d.store.write() as conn:
        d.store.set_meta(conn, sync_credential="dk_secret-token")
    d.close()
    target = tmp_path / "usb" / "desk.desk-backup"
    target.parent.mkdir()
    r = cli("backup", "-o", str(target), "--json")
    assert r.code == 0, r.err
    assert cli("backup", "-o", str(target)).code == 2  # never overwrites an older backup
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    raw = target.read_bytes()
    assert (
        b"L\xc3\xaa V\xc4\x83n D\xc5\xa9ng" not in raw and b"dk_secret-token" not in raw and b"SQLite format" not in raw
    )
    with zipfile.ZipFile(target) as zf:
        manifest = json.loads(zf.read(BACKUP_MANIFEST))
        (tmp_path / "x.sqlite3").write_bytes(zf.read(BACKUP_STORE))
    assert manifest["key"]["key_id"] == keys.read_info(data_dir).key_id and manifest["encrypted"] is True
    conn = db.connect(tmp_path / "x.sqlite3", keys.load_key(data_dir))
    assert conn.execute("SELECT code FROM dossiers").fetchone()[0] == code
    assert conn.execute("SELECT value FROM meta WHERE key = 'sync_credential'").fetchone() is None
    conn.close()
    default = cli("backup", "--json").json()["backup"]
    assert default.startswith(str(data_dir / "backups")) and default.endswith(".desk-backup")


def test_a_supplement_request_given_at_intake_is_listed_and_printed_again(cli, tmp_path):
    from desk.service import Desk, ReceiveRequest

    assert cli(*INIT).code == 0
    d = Desk.open(Path(os.environ["DESK_DATA_DIR"]))
    try:
        given = d.request_supplement_at_intake(ReceiveRequest(procedure="1.001193", name="Phạm Minh Đức",
                                                              documents={"tp1": 1}), actor="Hoa")  # fmt: skip
    finally:
        d.close()
    listed = cli("list", "intake-supplements", "--json").json()
    assert [g["event_id"] for g in listed] == [given["event_id"]] and listed[0]["missing"] == 2
    out = tmp_path / "phieu.pdf"
    r = cli("print", "intake-supplement", given["event_id"], "-o", str(out))
    assert r.code == 0, r.err
    assert out.read_bytes().startswith(b"%PDF")
    assert cli("print", "intake-supplement", "khong-co", "-o", str(tmp_path / "x.pdf")).code == 2
