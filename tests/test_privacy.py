"""Citizens' personal data stays private on a shared counter PC (issue 15): the store, its WAL and every backup are
encrypted, files are owner-only, logs hold no personal data, the province (and nobody else) recovers a dead PC.

The main test runs the real ``desk`` program in its own processes, with HOME, TMPDIR and the key folder inside the
test's folder, then reads every file written there for the marked name, ID number and phone.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import AGENCY, ROOT, python_env

NAME = "Vương Thị Yến Xuyên"
ID_NUMBER = "079301004567"
PHONE = "0968112233"
OLD_NAME = "Nguyễn Văn Đức"  # in the plain schema-3 fixture (tests/data/store-schema3.sqlite3)
OLD_ID = "001090012345"

# A fault injected into the real program for «an unexpected failure»: rendering a form raises with the citizen's
# name in the exception's value (as a bug in a third-party library might); the log must not keep it.
FAULT = """
import os
if os.environ.get("DESK_TEST_FAULT"):
    import printing
    def render(doc, **kw):
        raise RuntimeError("render failed for " + doc.dossier["applicant"]["name"] + " " + os.environ["DESK_TEST_FAULT"])
    printing.render = render
"""


def _forms(text: str) -> list[bytes]:
    """Every way a text may sit in a file: UTF-8 and UTF-16 (both byte orders), composed and decomposed."""
    out = []
    for form in {unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)}:
        for enc in ("utf-8", "utf-16-le", "utf-16-be"):
            out.append(form.encode(enc))
    return out


def _clear_text(root: Path, markers: list[str], skip: set[Path]) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if not path.is_file() or path in skip:
            continue
        data = path.read_bytes()
        for m in markers:
            if any(f in data for f in _forms(m)):
                found.append(f"{path.relative_to(root)}: {m}")
    return found


class Program:
    """The ``desk`` program in its own process, with everything it writes kept under ``root``."""

    def __init__(self, root: Path):
        self.root = root
        hooks = root / "hooks"
        hooks.mkdir()
        (hooks / "sitecustomize.py").write_text(FAULT, encoding="utf-8")
        for d in ("home", "tmp", "keys", "config", "cache", "state"):
            (root / d).mkdir()
        self.env = python_env()
        self.env.update({
            "PYTHONPATH": f"{hooks}{os.pathsep}{self.env['PYTHONPATH']}",
            "HOME": str(root / "home"), "TMPDIR": str(root / "tmp"), "DESK_KEY_DIR": str(root / "keys"),
            "XDG_CONFIG_HOME": str(root / "config"), "XDG_CACHE_HOME": str(root / "cache"),
            "XDG_STATE_HOME": str(root / "state"), "XDG_DATA_HOME": str(root / "home" / "share"),
            "DESK_KEYSTORE": "file", "DESK_MACHINE_CONFIG": str(root / "no-machine-config.json"),
        })  # fmt: skip
        self.env.pop("DESK_DATA_DIR", None)
        self.env.pop("DESK_TEST_FAULT", None)

    def __call__(self, data: Path, *args: str, stdin: str = "", fault: bool = False) -> subprocess.CompletedProcess:
        env = dict(self.env, DESK_DATA_DIR=str(data))
        if fault:
            env["DESK_TEST_FAULT"] = f"{ID_NUMBER} {PHONE}"
        return subprocess.run([sys.executable, "-m", "desk", *args], input=stdin, capture_output=True, text=True,
                              env=env, cwd=ROOT, timeout=120)  # fmt: skip


def test_nothing_personal_in_clear_in_any_file_the_desk_wrote(tmp_path):
    run = Program(tmp_path)
    data = tmp_path / "data"
    r = run(data, "init", "--agency-code", AGENCY, "--agency-name", "Trung tâm Phục vụ hành chính công xã Tân Phú")
    assert r.returncode == 0, r.stderr
    r = run(data, "clerk", "add", "hoa", "--full-name", "Lê Thị Hoa", "--role", "lead", "--password-stdin",
            stdin="mat-khau-1\nmat-khau-1\n")  # fmt: skip
    assert r.returncode == 0, r.stderr
    r = run(data, "--actor", "hoa", "receive", "--procedure", "2.000815", "--name", NAME, "--id-number", ID_NUMBER,
            "--phone", PHONE, "--address", "Số 7, ấp Phú Lợi, xã Tân Phú", "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    code = json.loads(r.stdout)["code"]
    outputs = tmp_path / "printed"  # what the clerk chose to write out: the citizen's own papers
    outputs.mkdir()
    receipt = outputs / "giay-tiep-nhan.pdf"
    assert run(data, "--actor", "hoa", "print", "receipt", code, "-o", str(receipt)).returncode == 0
    assert run(data, "--actor", "hoa", "show", ID_NUMBER).returncode == 0
    assert run(data, "--actor", "hoa", "search", NAME).returncode == 0
    r = run(data, "backup", "--as-user", "hoa", "--password-stdin", stdin="mat-khau-1\n")
    assert r.returncode == 0, r.stderr
    # a refusal: input that names the citizen, refused with nothing written
    r = run(data, "--actor", "hoa", "receive", "--procedure", "2.000815", "--name", NAME, "--id-number", "0793",
            "--phone", PHONE)  # fmt: skip
    assert r.returncode == 2 and "số giấy tờ" in r.stderr.lower()
    r = run(data, "--actor", "hoa", "refuse", code, "--reason", f"Giấy tờ của {NAME} ({ID_NUMBER}) không hợp lệ")
    assert r.returncode == 0, r.stderr
    # an unexpected failure: exit 1, the log named, and nothing of the citizen in it
    r = run(data, "--actor", "hoa", "print", "refusal", code, "-o", str(outputs / "x.pdf"), fault=True)
    assert r.returncode == 1 and "nhật ký:" in r.stderr.lower()
    log = data / "logs" / "desk.log"
    assert "RuntimeError" in log.read_text(encoding="utf-8")
    # the old plain store of a desk, migrated in the same run
    old = tmp_path / "old"
    old.mkdir()
    shutil.copyfile(ROOT / "tests" / "data" / "store-schema3.sqlite3", old / "desk.sqlite3")
    r = run(old, "info", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["counts"]["dossiers"] > 0
    assert run(data, "verify").returncode == 0

    skip = {p for p in outputs.iterdir()} | {p for p in (tmp_path / "hooks").rglob("*")}
    found = _clear_text(tmp_path, [NAME, ID_NUMBER, PHONE, OLD_NAME, OLD_ID], skip)
    assert found == []
    # the scan finds what is there, however it is written
    probe = tmp_path / "probe"
    probe.mkdir()
    for i, form in enumerate(("NFC", "NFD")):
        (probe / f"{i}.txt").write_bytes(b"x" + unicodedata.normalize(form, NAME).encode("utf-16-le") + b"y")
    assert len(_clear_text(probe, [NAME], set())) == 2
    # owner-only: the data dir, the store, its key sidecar, the backups, the log, the key files
    for path in [data, *data.rglob("*"), tmp_path / "keys", *(tmp_path / "keys").rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path}: {oct(mode)}"
    # the backup carries no sync credential and its database is encrypted
    (backup,) = (data / "backups").glob("*.desk-backup")
    import zipfile

    with zipfile.ZipFile(backup) as zf:
        assert not zf.read("desk.sqlite3").startswith(b"SQLite format 3")
        assert "sync_credential" not in zf.read("manifest.json").decode()


def test_a_store_without_its_key_says_what_to_do(tmp_path):
    run = Program(tmp_path)
    data = tmp_path / "data"
    assert run(data, "init", "--agency-code", AGENCY, "--agency-name", "Trung tâm").returncode == 0
    # A key that does not open it (a key file copied from another desk): the desk's own words, and only them —
    # SQLCipher's log («ERROR CORE … hmac check failed», in English) is not written on stderr before them.
    (key_file,) = (tmp_path / "keys").iterdir()
    key_file.write_text(os.urandom(32).hex())
    r = run(data, "info")
    assert r.returncode != 0 and "khóa mở không đúng" in r.stderr and "desk-key.json" in r.stderr
    assert "desk-publish recover" in r.stderr and "desk verify" not in r.stderr  # verify cannot open it either
    assert "ERROR" not in r.stderr and "hmac" not in r.stderr and r.stderr.startswith("Không mở được")
    key_file.unlink()  # another Windows/Linux account, or a disk moved to another PC
    r = run(data, "info")
    assert r.returncode != 0 and "không giữ khóa mở" in r.stderr and "desk-publish recover" in r.stderr


def _publish(root: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = python_env()
    env.update({"DESK_KEYSTORE": "file", "DESK_KEY_DIR": str(root / "province-keys"), "HOME": str(root)})
    return subprocess.run([sys.executable, "-m", "desk.cli.publish", *args], input=stdin, capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)  # fmt: skip


def test_the_province_recovers_a_dead_pc_and_a_backup_with_its_key_and_nobody_else(tmp_path):
    run = Program(tmp_path)
    r = _publish(tmp_path, "recovery-keygen", "-o", str(tmp_path / "tinh.pem"), "--passphrase-stdin",
                 stdin="cum-mat-khau\ncum-mat-khau\n")  # fmt: skip
    assert r.returncode == 0, r.stderr
    public = (tmp_path / "tinh.pem.pub").read_text().strip()
    assert public.startswith("x25519:") and stat.S_IMODE((tmp_path / "tinh.pem").stat().st_mode) == 0o600
    data = tmp_path / "data"
    r = run(data, "init", "--agency-code", AGENCY, "--agency-name", "Trung tâm", "--recovery-key", public)
    assert r.returncode == 0, r.stderr
    r = run(data, "receive", "--procedure", "2.000815", "--name", NAME, "--id-number", ID_NUMBER, "--json")
    code = json.loads(r.stdout)["code"]
    assert run(data, "enrol", "http://127.0.0.1:9", "X").returncode != 0  # (no server: nothing to enrol)
    assert run(data, "backup", "-o", str(tmp_path / "b.desk-backup")).returncode == 0
    shown = json.loads(run(data, "recovery", "show", "--json").stdout)
    assert shown["recovery_recipient"] == public.split(":")[1]

    # the PC dies: its disk (data dir) reaches the province, which holds no key of this desk
    (tmp_path / "province-keys").mkdir()
    for source, target in ((data, tmp_path / "from-disk"), (tmp_path / "b.desk-backup", tmp_path / "from-backup")):
        r = _publish(tmp_path, "recover", str(source), "--key", str(tmp_path / "tinh.pem"), "--data-dir",
                     str(target), "--passphrase-stdin", "--json", stdin="cum-mat-khau\n")  # fmt: skip
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["dossiers"] == 1
        env = dict(run.env, DESK_KEY_DIR=str(tmp_path / "province-keys"), DESK_DATA_DIR=str(target))
        shown = subprocess.run([sys.executable, "-m", "desk", "show", code, "--json"], capture_output=True, text=True,
                               env=env, cwd=ROOT, timeout=60)  # fmt: skip
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout)["applicant"]["name"] == NAME
        # re-keyed for the province's account, still sealed for the province's key; no credential carried over
        assert not (target / "desk.sqlite3").read_bytes().startswith(b"SQLite format 3")
    # the source was not touched, and its own account still opens it
    assert run(data, "show", code).returncode == 0

    # another key pair (not the province's) opens nothing
    assert _publish(tmp_path, "recovery-keygen", "-o", str(tmp_path / "other.pem"), "--no-passphrase").returncode == 0
    r = _publish(tmp_path, "recover", str(tmp_path / "b.desk-backup"), "--key", str(tmp_path / "other.pem"),
                 "--data-dir", str(tmp_path / "nope"))  # fmt: skip
    assert r.returncode == 2 and "không phải khóa" in r.stderr
    assert not (tmp_path / "nope" / "desk.sqlite3").exists()
    # a wrong passphrase is refused with what to do
    r = _publish(tmp_path, "recover", str(data), "--key", str(tmp_path / "tinh.pem"), "--data-dir",
                 str(tmp_path / "nope2"), "--passphrase-stdin", stdin="sai\n")  # fmt: skip
    assert r.returncode == 2 and "sai cụm mật khẩu" in r.stderr


def test_a_desk_set_up_without_a_recovery_key_gets_one_later(tmp_path, cli, data_dir, monkeypatch):
    import io

    from desk import keys, recovery

    assert cli("init", "--agency-code", AGENCY, "--agency-name", "Trung tâm").code == 0
    shown = cli("recovery", "show", "--json").json()
    assert shown["recovery_recipient"] is None
    r = cli("recovery", "set", "x25519:abc:not-a-key")
    assert r.code == 2 and "không phải khóa X25519" in r.err
    key = recovery.generate()
    assert cli("recovery", "set", recovery.public_text(key)).code == 0  # no accounts yet: set-up
    info = keys.read_info(data_dir)
    assert info is not None and recovery.open_sealed(info.recovery, key) == keys.load_key(data_dir)
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-1\nmat-khau-1\n"))
    assert cli("clerk", "add", "hoa", "--full-name", "Lê Thị Hoa", "--role", "lead", "--password-stdin").code == 0
    r = cli("--actor", "hoa", "recovery", "set", recovery.public_text(recovery.generate()))
    assert r.code == 2 and "--as-user hoa" in r.err  # a lead's act: with the password


@pytest.mark.parametrize("fixture", ["store-schema1.sqlite3", "store-schema2.sqlite3", "store-schema3.sqlite3"])
def test_every_kept_plain_store_is_encrypted_in_place_with_nothing_lost(tmp_path, cli, data_dir, fixture):
    data_dir.mkdir()
    shutil.copyfile(ROOT / "tests" / "data" / fixture, data_dir / "desk.sqlite3")
    plain = sqlite3.connect(data_dir / "desk.sqlite3")
    before = {t: plain.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("events", "dossiers")}
    plain.close()
    r = cli("info", "--json")
    assert r.code == 0, r.err
    assert r.json()["counts"]["dossiers"] == before["dossiers"] and r.json()["counts"]["events"] == before["events"]
    assert not (data_dir / "desk.sqlite3").read_bytes().startswith(b"SQLite format 3")
    (kept,) = (data_dir / "backups").glob("*before-encryption*.desk-backup")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert cli("verify").code == 0
    assert _clear_text(data_dir, [OLD_NAME, OLD_ID], set()) == []


def test_the_sidecar_says_which_store_holds_the_key_so_a_start_asks_the_system_nothing(tmp_path, monkeypatch):
    """A desk whose key is in a key file opens without asking the system for its key store (importing keyring and
    its backends: a tenth of a second of each start); an older sidecar learns where its key is at the next start."""
    from desk import keys

    data = tmp_path / "data"
    data.mkdir()
    key, info = keys.new_key(data)  # DESK_KEYSTORE=file in the tests: a key file
    assert info.keystore == "file" and json.loads((data / keys.SIDECAR).read_text())["keystore"] == "file"

    def asked() -> None:
        raise AssertionError("the system's key store was asked")

    monkeypatch.delenv("DESK_KEYSTORE")  # a desk's own choice: the system's store when it has one
    monkeypatch.setattr(keys, "_system_backend", asked)
    assert keys.load_key(data) == key

    old = {"format": keys.FORMAT, "key_id": info.key_id, "recovery": None}  # a sidecar written before the note
    (data / keys.SIDECAR).write_text(json.dumps(old))
    monkeypatch.setattr(keys, "_system_backend", lambda: None)  # a PC without one: the key file
    assert keys.load_key(data) == key
    assert json.loads((data / keys.SIDECAR).read_text())["keystore"] == "file"
    (data / keys.SIDECAR).write_text(json.dumps(old | {"keystore": "../../elsewhere"}))
    assert keys.read_info(data).keystore is None  # only a store's name is taken from the file
