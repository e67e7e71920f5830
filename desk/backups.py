"""Backup files of a desk (desk/store.py ``Store.backup`` makes them): one zip holding the encrypted database and a
manifest (schema, desk, and the key's id with the province's recovery copy — never the key)."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

from desk import keys, paths
from desk.errors import InvalidInput
from desk.store import BACKUP_FORMAT, BACKUP_MANIFEST, BACKUP_STORE


def read_manifest(backup: Path) -> dict[str, Any]:
    """What a backup file says of itself; refused in Vietnamese when it is not a desk backup."""
    try:
        with zipfile.ZipFile(backup) as zf:
            manifest = json.loads(zf.read(BACKUP_MANIFEST))
            zf.getinfo(BACKUP_STORE)
    except FileNotFoundError:
        raise InvalidInput(f"Không tìm thấy tệp sao lưu {backup}.", field="backup") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InvalidInput(
            f"Tệp {backup} không phải bản sao lưu của phần mềm (desk backup), hoặc bị hỏng.", field="backup"
        ) from None
    if manifest.get("format") != BACKUP_FORMAT:
        raise InvalidInput(
            f"Tệp {backup}: định dạng sao lưu «{manifest.get('format')}» không đọc được.", field="backup"
        )
    return manifest


def extract_store(backup: Path, dest: Path) -> Path:
    """Write a backup's database (still encrypted) to ``dest``, streamed and flushed to the disk."""
    with zipfile.ZipFile(backup) as zf, zf.open(BACKUP_STORE) as src, open(dest, "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    return dest


def unpack(backup: Path, data_dir: Path) -> dict[str, Any]:
    """Put a backup's database and key sidecar into a data dir that holds no store; returns the manifest."""
    manifest = read_manifest(backup)
    store = paths.store_path(data_dir)
    if store.exists():
        raise InvalidInput(f"Thư mục {data_dir} đã có dữ liệu bàn tiếp nhận.", field="data_dir")
    paths.make_dir(data_dir)
    part = store.with_name(f".{store.name}.restoring")
    extract_store(backup, part)
    paths.protect(part)
    if manifest.get("key"):
        k = manifest["key"]
        keys.write_info(data_dir, keys.KeyInfo(k["key_id"], k.get("recovery")))
    os.replace(part, store)
    return manifest


def recover(source: Path, private: Any, data_dir: Path) -> dict[str, Any]:
    """The province opens a dead PC's store (its data dir) or a backup file with its private recovery key, into a
    new data dir held by the account running this: the data key is taken from the sealed copy, the database copied
    under a fresh key of this account (sealed again for the same province key), and the sync credential dropped (a
    recovered desk enrols again). Nothing is written where the source is; returns what was recovered."""
    from desk import db, recovery
    from desk.store import StoreError

    source, data_dir = Path(source), Path(data_dir)
    target = paths.store_path(data_dir)
    if target.exists():
        raise InvalidInput(f"Thư mục {data_dir} đã có dữ liệu bàn tiếp nhận: chọn một thư mục trống.", field="data_dir")
    if source.is_dir():
        info = keys.read_info(source)
        if info is None or not paths.store_path(source).exists():
            raise InvalidInput(f"{source} không phải thư mục dữ liệu đã mã hóa của bàn tiếp nhận.", field="source")
        envelope = info.recovery
    else:
        envelope = (read_manifest(source).get("key") or {}).get("recovery")
    if not envelope:
        raise InvalidInput(
            f"{source} không có bản khóa gửi tỉnh (bàn được cài đặt khi chưa có khóa khôi phục): tỉnh không mở được.",
            field="source",
        )
    old_key = recovery.open_sealed(envelope, private)
    paths.make_dir(data_dir)
    work = data_dir / ".recovering"
    if work.exists():
        for f in work.iterdir():
            f.unlink()
    paths.make_dir(work)
    try:
        copy = work / "source.sqlite3"
        if source.is_dir():
            import shutil

            for suffix in ("", "-wal"):  # the WAL holds the last commits of a PC that died running
                src = Path(str(paths.store_path(source)) + suffix)
                if src.exists():
                    shutil.copyfile(src, Path(str(copy) + suffix))
        else:
            extract_store(source, copy)
        new = work / "recovered.sqlite3"
        conn = db.connect(copy, old_key)
        try:
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except db.DatabaseError:
                raise StoreError(f"Khóa lấy từ bản khóa gửi tỉnh không mở được dữ liệu {source}: tệp hỏng.") from None
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("events", "dossiers")}
            new_key, _info = keys.new_key(work, recovery.public_text(private))
            conn.execute(f"ATTACH DATABASE ? AS rec KEY \"x'{new_key.hex()}'\"", (str(new),))
            conn.execute("SELECT sqlcipher_export('rec')")
            conn.execute(f"PRAGMA rec.user_version = {int(version)}")
            conn.execute("DELETE FROM rec.meta WHERE key = 'sync_credential'")
            conn.execute("DETACH DATABASE rec")
        finally:
            conn.close()
        check = db.connect(new, new_key)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok" and all(
                check.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == n for t, n in counts.items()
            )
        finally:
            check.close()
        if not ok:
            raise StoreError(f"Bản khôi phục từ {source} không khớp với bản gốc: không dùng. Báo bộ phận CNTT.")
        paths.protect(new)
        os.replace(work / keys.SIDECAR, data_dir / keys.SIDECAR)
        os.replace(new, target)
    finally:
        for f in list(work.iterdir()) if work.exists() else []:
            f.unlink()
        if work.exists():
            work.rmdir()
    return {"source": str(source), "data_dir": str(data_dir), "desk_id": meta.get("desk_id"),
            "agency_code": meta.get("agency_code"), "desk_slot": meta.get("desk_slot"), "schema": version,
            **counts}  # fmt: skip
