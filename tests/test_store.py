from __future__ import annotations

import json
import shutil
import threading
import zipfile
from pathlib import Path

import pytest

from desk import db, keys, projections
from desk import store as store_mod
from desk.errors import NotInitialised, StoreError, StoreTooNew
from desk.service import Desk, ReceiveRequest
from desk.store import Store

DATA = Path(__file__).parent / "data"


def test_store_is_wal_full_sync_at_current_schema(desk):
    conn = desk.store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert desk.store.schema_version() == store_mod.SCHEMA_VERSION


def test_missing_store_is_not_initialised(tmp_path):
    with pytest.raises(NotInitialised) as err:
        Store.open(tmp_path / "nothing" / "desk.sqlite3")
    assert "desk init" in err.value.message
    assert not (tmp_path / "nothing").exists()


def test_events_are_immutable(desk):
    desk.receive(ReceiveRequest(procedure="2.000815", name="Nguyễn Văn An"), actor="Hoa")
    with pytest.raises(db.IntegrityError, match="immutable"), desk.store.write() as conn:
        conn.execute("UPDATE events SET actor = 'someone else'")
    with pytest.raises(db.IntegrityError, match="permanent"), desk.store.write() as conn:
        conn.execute("DELETE FROM events")
    assert desk.store.counts()["events"] == 3  # catalog, calendar, receipt


def test_hash_chain_verifies_and_detects_tampering(desk):
    for i in range(5):
        desk.receive(ReceiveRequest(procedure="2.000815", name=f"Người Số {'ABCDE'[i]}"), actor="Hoa")
    assert desk.store.verify_chain() == (True, None)
    conn = desk.store.conn
    seq = conn.execute("SELECT seq FROM events WHERE kind = 'received' LIMIT 1 OFFSET 2").fetchone()[0]
    # A tamperer with the file in hand drops the trigger and edits a payload.
    conn.execute("DROP TRIGGER events_are_immutable")
    conn.execute("UPDATE events SET payload = replace(payload, 'Người Số C', 'Kẻ Khác') WHERE seq = ?", (seq,))
    assert desk.store.verify_chain() == (False, seq)


def test_newer_store_refused_and_left_untouched(desk, data_dir):
    path = desk.store.path
    desk.store.conn.execute("PRAGMA user_version = 99")
    desk.close()
    before = path.read_bytes()
    with pytest.raises(StoreTooNew) as err:
        Desk.open(data_dir)
    assert "phiên bản mới hơn" in err.value.message and "99" in err.value.message
    assert path.read_bytes() == before


def test_not_a_database_is_refused_clearly(tmp_path):
    bad = tmp_path / "desk.sqlite3"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError) as err:
        Store.open(bad)
    assert "không phải cơ sở dữ liệu" in err.value.message


def test_upgrade_takes_a_backup_and_runs_each_step_once(desk, data_dir, monkeypatch):
    desk.receive(ReceiveRequest(procedure="2.000815", name="Phạm Thị Lan"), actor="Hoa")
    desk.close()
    current = store_mod.SCHEMA_VERSION
    step = "CREATE TABLE future_things (id INTEGER PRIMARY KEY);"
    monkeypatch.setattr(store_mod, "MIGRATIONS", [*store_mod.MIGRATIONS, (current + 1, step)])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", current + 1)
    upgraded = Desk.open(data_dir)
    try:
        assert upgraded.store.schema_version() == current + 1
        assert upgraded.store.conn.execute("SELECT count(*) FROM future_things").fetchone()[0] == 0
        backups = list((data_dir / "backups").glob(f"desk-schema{current}-*.desk-backup"))
        assert len(backups) == 1
        with zipfile.ZipFile(backups[0]) as zf:
            (data_dir / "old.sqlite3").write_bytes(zf.read("desk.sqlite3"))
        old = db.connect(data_dir / "old.sqlite3", keys.load_key(data_dir))  # encrypted with the desk's key
        assert old.execute("PRAGMA user_version").fetchone()[0] == current
        assert old.execute("SELECT name FROM dossiers").fetchall() == [("Phạm Thị Lan",)]
        old.close()
    finally:
        upgraded.close()
    again = Desk.open(data_dir)  # already up to date: no second backup, no second step
    again.close()
    assert len(list((data_dir / "backups").glob("*.desk-backup"))) == 1


def test_failed_upgrade_step_rolls_back_to_the_old_schema(desk, data_dir, monkeypatch):
    desk.close()
    current = store_mod.SCHEMA_VERSION
    broken = "CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);"
    monkeypatch.setattr(store_mod, "MIGRATIONS", [*store_mod.MIGRATIONS, (current + 1, broken)])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", current + 1)
    with pytest.raises(db.OperationalError):
        Desk.open(data_dir)
    monkeypatch.undo()
    reopened = Desk.open(data_dir)
    try:
        assert reopened.store.schema_version() == current
        tables = {r[0] for r in reopened.store.conn.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables
    finally:
        reopened.close()


def test_an_upgrade_cut_during_its_rebuild_upgrades_again_at_the_next_start(tmp_path, monkeypatch):
    """The projections are made again in the last step's transaction: no store is at the new version without them."""
    from desk import projections

    (tmp_path / "d").mkdir()
    shutil.copy(DATA / "store-schema3.sqlite3", tmp_path / "d" / "desk.sqlite3")
    Desk.open(tmp_path / "d").close()  # encrypted and upgraded once, as a desk of today
    current = store_mod.SCHEMA_VERSION
    step = "UPDATE dossiers SET status = 0;"  # a step that leaves the projections wrong until the rebuild
    monkeypatch.setattr(store_mod, "MIGRATIONS", [*store_mod.MIGRATIONS, (current + 1, step)])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", current + 1)
    real = projections.rebuild

    def cut(_conn):
        raise OSError("power cut")

    monkeypatch.setattr(projections, "rebuild", cut)
    with pytest.raises(OSError):
        Desk.open(tmp_path / "d")
    monkeypatch.setattr(projections, "rebuild", real)
    d = Desk.open(tmp_path / "d")  # the next start: still the old version on disk, so it upgrades again
    try:
        assert d.store.schema_version() == current + 1
        assert d.store.conn.execute("SELECT count(*) FROM dossiers WHERE status = 0").fetchone()[0] == 0
        with d.store.write() as conn:
            assert projections.differences(conn) == []
    finally:
        d.close()


def test_a_released_schema_1_file_opens_and_reads(tmp_path):
    """A real store written with schema 1, upgraded to the current schema with a backup taken first."""
    src = DATA / "store-schema1.sqlite3"
    (tmp_path / "d").mkdir()
    shutil.copy(src, tmp_path / "d" / "desk.sqlite3")
    d = Desk.open(tmp_path / "d")
    try:
        assert d.store.schema_version() == store_mod.SCHEMA_VERSION
        # encrypted in place first (a copy kept), then upgraded (a copy of schema 1 kept)
        assert len(list((tmp_path / "d" / "backups").glob("desk-schema1-before-encryption-*.desk-backup"))) == 1
        assert not db.is_plain(tmp_path / "d" / "desk.sqlite3")
        assert d.store.conn.execute("SELECT count(*) FROM clerks").fetchone()[0] == 0
        assert d.store.verify_chain() == (True, None)
        found = d.search("duc")
        assert [x["applicant"]["name"] for x in found] == ["Nguyễn Văn Đức"]
        assert d.dossier(found[0]["code"])["procedure"]["code"] == "2.000815"
    finally:
        d.close()


def _put_fixture(fixture: Path, data_dir: Path) -> None:
    """A kept store in a data dir: a plain file (schemas 1–3), or a folder with the encrypted store, its key sidecar
    and its key file (from schema 7: tools/make_store_fixture.sh), the key put in this run's key folder."""
    data_dir.mkdir()
    if fixture.is_file():
        shutil.copy(fixture, data_dir / "desk.sqlite3")
        return
    shutil.copy(fixture / "desk.sqlite3", data_dir / "desk.sqlite3")
    shutil.copy(fixture / "desk-key.json", data_dir / "desk-key.json")
    for key_file in fixture.glob("*.key"):
        keys.FileKeys().put(key_file.stem, bytes.fromhex(key_file.read_text().strip()))


@pytest.mark.parametrize("fixture", sorted(p.name for p in DATA.glob("store-schema*")))
def test_every_released_schema_opens_at_the_current_one(tmp_path, fixture):
    """Each kept store (one per released schema) upgrades in place and keeps its dossiers and chain."""
    _put_fixture(DATA / fixture, tmp_path / "d")
    d = Desk.open(tmp_path / "d")
    try:
        assert d.store.schema_version() == store_mod.SCHEMA_VERSION
        assert d.store.verify_chain() == (True, None)
        assert [x["applicant"]["name"] for x in d.search("nguyen van duc")] == ["Nguyễn Văn Đức"]
        assert [x["applicant"]["name"] for x in d.search("thi bi")] == ["Trần Thị Bích"]  # the pairs of schema 8
        assert d.active_catalog() is not None
        with d.store.write() as conn:  # the projections the upgrade made are those a rebuild makes, name index too
            assert projections.differences(conn) == []

        def rows():  # the documents JSON compared as data (schema 1 wrote its keys unsorted)
            cur = d.store.conn.execute("SELECT * FROM dossiers ORDER BY id")
            names = [c[0] for c in cur.description]
            return [{k: json.loads(v) if k == "documents" else v for k, v in zip(names, r, strict=True)} for r in cur]

        before = rows()
        d.rebuild()
        assert rows() == before
    finally:
        d.close()


def test_one_writer_at_a_time_across_threads(desk):
    codes: list[str] = []
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(25):
                d = desk.receive(
                    ReceiveRequest(procedure="2.000815", name=f"Luồng {'ABCD'[n]} {'XYZW'[i % 4]}"), actor="Hoa"
                )
                codes.append(d["code"])
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(codes) == 100 == len(set(codes))
    assert desk.store.verify_chain() == (True, None)
