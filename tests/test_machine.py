"""One counter PC, one store (issue 20): the machine's data dir shared by a group of OS accounts, one store per desk
slot on a PC, and the per-user stores of older versions moved or merged into it."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from desk import keys, machine, paths
from desk.service import Desk, ReceiveRequest, init_desk
from tests.conftest import AGENCY, ROOT

SYSTEM_PYTHON = Path("/usr/bin/python3")


def _receive(d: Desk, name: str) -> str:
    return d.receive(ReceiveRequest(procedure="2.000815", name=name), actor="x")["code"]


@pytest.fixture
def machine_env(tmp_path, monkeypatch):
    """A machine data dir (setgid, as the install script makes it), its key folder and its slot registry."""
    base = tmp_path / "pc"
    data, key_dir = base / "var-lib-motcua-desk", base / "etc-motcua-desk-keys"
    for d in (data, key_dir):
        d.mkdir(parents=True)
        os.chmod(d, 0o2770)
    monkeypatch.setenv("DESK_MACHINE_DATA_DIR", str(data))
    monkeypatch.setenv("DESK_MACHINE_KEY_DIR", str(key_dir))
    monkeypatch.setenv("DESK_SLOT_REGISTRY", str(data / "slots.json"))
    monkeypatch.delenv("DESK_DATA_DIR", raising=False)
    return data, key_dir


def test_the_machine_dir_is_the_default_and_shared(machine_env, tmp_path, monkeypatch):
    data, key_dir = machine_env
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.data_dir() == data and paths.shared(data)
    d = init_desk(data, agency_code=AGENCY, agency_name="Trung tâm", desk_slot=1)
    try:
        _receive(d, "Lê Văn An")
        info = keys.read_info(data)
        assert isinstance(keys.keystore(data), keys.MachineKeys)
        key_file = key_dir / f"{info.key_id}.key"
        assert key_file.exists() and not list((tmp_path / "keys").glob("*")) if (tmp_path / "keys").exists() else True
        for f in (paths.store_path(data), data / keys.SIDECAR, key_file):
            assert stat.S_IMODE(f.stat().st_mode) == 0o660, f
        assert stat.S_IMODE(data.stat().st_mode) == 0o2770
    finally:
        d.close()
    # without the machine dir (a single-user Linux PC), the account's own
    shutil.rmtree(data)
    assert paths.data_dir() == tmp_path / "xdg" / "MotCuaDesk"


def test_a_second_store_for_the_same_slot_on_the_pc_is_refused(machine_env, tmp_path, cli):
    data, _ = machine_env
    init_desk(data, agency_code=AGENCY, agency_name="Trung tâm", desk_slot=2).close()
    r = cli("--data-dir", str(tmp_path / "mine"), "init", "--agency-code", AGENCY, "--agency-name", "Trung tâm",
            "--desk-slot", "2")  # fmt: skip
    assert r.code == 2 and str(data) in r.err and "bàn số 2" in r.err
    assert not paths.store_path(tmp_path / "mine").exists()
    # another slot, or another agency, is another desk
    assert cli("--data-dir", str(tmp_path / "slot3"), "init", "--agency-code", AGENCY, "--agency-name", "Trung tâm",
               "--desk-slot", "3").code == 0  # fmt: skip
    # a store removed frees its slot
    shutil.rmtree(tmp_path / "slot3")
    assert cli("--data-dir", str(tmp_path / "slot3b"), "init", "--agency-code", AGENCY, "--agency-name", "Trung tâm",
               "--desk-slot", "3").code == 0  # fmt: skip


def test_two_per_user_stores_merge_by_events_and_a_code_issued_twice_goes_to_a_lead(machine_env, tmp_path):
    data, _ = machine_env
    users = {}
    os.environ["DESK_SLOT_REGISTRY"] = "off"  # made by an older version: no registry then
    for who in ("hoa", "lan"):
        udir = tmp_path / f"home-{who}" / "MotCuaDesk"
        d = init_desk(udir, agency_code=AGENCY, agency_name="Trung tâm", desk_slot=1)
        users[who] = (udir, [_receive(d, f"Công Dân {who.title()} {n}") for n in ("An", "Bình")])
        d.close()
    (hoa_dir, hoa_codes), (lan_dir, lan_codes) = users["hoa"], users["lan"]
    assert hoa_codes == lan_codes  # two Windows accounts, one slot, offline: the same codes to different citizens
    lan_store = Desk.open(lan_dir)
    lan_only = _receive(lan_store, "Chỉ Lan Nhận")  # a third one only Lan's store has (its code: 1003)
    lan_store.close()
    os.environ["DESK_SLOT_REGISTRY"] = str(data / "slots.json")

    first = machine.adopt_user_store(data, hoa_dir)
    assert first["merged"] == "copied" and first["dossiers"] == 2
    second = machine.adopt_user_store(data, lan_dir)
    assert second["merged"] == "merged"
    assert sorted(c["code"] for c in second["conflicts"]) == sorted(lan_codes)  # never renumbered
    assert "trùng mã" in machine.describe(second)
    d = Desk.open(data)
    try:
        codes = {r[0] for r in d.store.conn.execute("SELECT code FROM dossiers")}
        assert codes == {*hoa_codes, lan_only}
        uids = [r[0] for r in d.store.conn.execute("SELECT uid FROM dossiers")]
        assert len(uids) == len(set(uids)) == 3
        assert [c["code"] for c in machine.conflicts(d.store)] == second_codes(second)
        from desk import projections, syncstate

        with d.store.write() as conn:
            assert projections.differences(conn) == []
        assert d.store.verify_chain()[0]
        assert syncstate.pending_count(d.store) >= 1  # Lan's dossier goes to the server with the machine store's
        assert d.info()["merge_conflicts"] == machine.conflicts(d.store)
        nxt = _receive(d, "Người Sau")
        assert nxt not in codes
    finally:
        d.close()
    # nothing lost: each account's file kept beside a note of where it went; a second run does nothing
    for udir in (hoa_dir, lan_dir):
        assert (udir / "desk.sqlite3.migrated").exists() and (udir / machine.MARKER).exists()
        assert machine.adopt_user_store(data, udir) is None


def second_codes(report: dict) -> list[str]:
    return [c["code"] for c in report["conflicts"]]


def test_a_per_user_store_of_another_slot_is_left_where_it_is(machine_env, tmp_path):
    data, _ = machine_env
    init_desk(data, agency_code=AGENCY, agency_name="Trung tâm", desk_slot=1).close()
    other = tmp_path / "home-x" / "MotCuaDesk"
    os.environ["DESK_SLOT_REGISTRY"] = "off"
    try:
        init_desk(other, agency_code=AGENCY, agency_name="Trung tâm", desk_slot=4).close()
    finally:
        os.environ["DESK_SLOT_REGISTRY"] = str(data / "slots.json")
    report = machine.adopt_user_store(data, other)
    assert report["merged"] is False and "không gộp" in report["conflicts"][0]
    assert paths.store_path(other).exists() and not (other / machine.MARKER).exists()


def test_the_command_line_moves_the_accounts_store_on_first_run(machine_env, tmp_path, cli, monkeypatch):
    data, _ = machine_env
    monkeypatch.delenv("DESK_DATA_DIR")  # the default, as on a clerk's PC
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    own = tmp_path / "xdg" / "MotCuaDesk"
    init_desk(own, agency_code=AGENCY, agency_name="Trung tâm", desk_slot=1).close()
    d = Desk.open(own)
    code = _receive(d, "Trước Nâng Cấp")
    d.close()
    r = cli("show", code, "--json")
    assert r.code == 0, r.err
    assert "Đã chuyển dữ liệu riêng" in r.err and r.json()["code"] == code
    assert paths.store_path(data).exists() and (own / "desk.sqlite3.migrated").exists()
    r = cli("info", "--json")
    assert r.code == 0 and "Đã chuyển" not in r.err and r.json()["counts"]["dossiers"] == 1


# -- two real OS accounts ----------------------------------------------------------------------------------------


def _can_make_users() -> str | None:
    if os.geteuid() != 0:
        return "needs root (CI runs as root) to make OS accounts"
    if not (shutil.which("useradd") and shutil.which("runuser")):
        return "useradd/runuser missing"
    if not SYSTEM_PYTHON.exists():
        return "no /usr/bin/python3 the test accounts can run"
    out = subprocess.run([str(SYSTEM_PYTHON), "-c", "import sys; print(sys.version_info[:2])"], capture_output=True,
                         text=True).stdout.strip()  # fmt: skip
    if out != str(sys.version_info[:2]):
        return f"/usr/bin/python3 is {out}, the venv's packages are for {sys.version_info[:2]}"
    return None


@pytest.mark.skipif(_can_make_users() is not None, reason=str(_can_make_users()))
def test_two_os_accounts_share_one_store_through_the_group():
    tag = uuid.uuid4().hex[:6]
    group, users = f"motcua{tag}", [f"clerk1{tag}", f"clerk2{tag}", f"other{tag}"]
    base = Path(tempfile.mkdtemp(prefix="desk-two-users-"))
    os.chmod(base, 0o755)
    data, key_dir = base / "var-lib-motcua-desk", base / "etc" / "motcua-desk" / "keys"
    site = next(p for p in sys.path if p.endswith("site-packages") and ".venv" in p)
    try:
        for u in users:
            subprocess.run(["useradd", "--system", "--no-create-home", "--home-dir", f"{base}/home-{u}", u],
                           check=True)  # fmt: skip
            (base / f"home-{u}").mkdir()
            shutil.chown(base / f"home-{u}", u)
        env = dict(os.environ, DESK_GROUP=group, DESK_MACHINE_DATA_DIR=str(data), DESK_MACHINE_KEY_DIR=str(key_dir))
        subprocess.run([str(ROOT / "packaging" / "linux" / "install-machine-dir.sh"), users[0], users[1]], env=env,
                       check=True, capture_output=True)  # fmt: skip

        def desk(user: str, *args: str) -> subprocess.CompletedProcess:
            e = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": f"{base}/home-{user}", "PYTHONPATH": f"{ROOT}:{site}",
                 "DESK_MACHINE_DATA_DIR": str(data), "DESK_MACHINE_KEY_DIR": str(key_dir), "LANG": "C.UTF-8",
                 "DESK_MACHINE_CONFIG": f"{base}/none.json", "DESK_ACTOR": user}  # fmt: skip
            return subprocess.run([shutil.which("runuser") or "/usr/sbin/runuser", "-u", user, "--", str(SYSTEM_PYTHON), "-m", "desk", *args], env=e,
                                  capture_output=True, text=True, cwd=base, timeout=120)  # fmt: skip

        r = desk(users[0], "init", "--agency-code", AGENCY, "--agency-name", "Trung tâm", "--desk-slot", "1")
        assert r.returncode == 0, r.stderr
        first = json.loads(desk(users[0], "receive", "--procedure", "2.000815", "--name", "Lê Văn An", "--json").stdout)
        # the second Windows/Linux account finds the same desk, and numbers on
        shown = desk(users[1], "show", first["code"], "--json")
        assert shown.returncode == 0, shown.stderr
        second = json.loads(desk(users[1], "receive", "--procedure", "2.000815", "--name", "Trần Thị Bình",
                                 "--json").stdout)  # fmt: skip
        assert int(second["code"][-4:]) == int(first["code"][-4:]) + 1
        assert desk(users[0], "verify").returncode == 0
        # an account outside the group reads nothing
        r = desk(users[2], "--data-dir", str(data), "info")
        assert r.returncode != 0 and "Lê Văn An" not in r.stdout + r.stderr
        # a store of its own for the same slot is refused, naming the PC's
        r = desk(users[1], "--data-dir", f"{base}/home-{users[1]}/own", "init", "--agency-code", AGENCY,
                 "--agency-name", "Trung tâm", "--desk-slot", "1")  # fmt: skip
        assert r.returncode == 2 and str(data) in r.stderr
        for f in data.iterdir():
            if f.is_file():
                assert f.stat().st_gid == data.stat().st_gid and stat.S_IMODE(f.stat().st_mode) & 0o007 == 0, f
    finally:
        for u in users:
            subprocess.run(["userdel", u], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)
