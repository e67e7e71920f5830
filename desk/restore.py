"""A desk that survives its PC: restoring a backup file, and never issuing again a code the lost PC may have issued.

A backup is taken at some instant; the PC may have received dossiers after it (and pushed them to the province, or
not) before it died. A desk restored from that backup must not give those codes to other citizens. So, right after
a restore, each day from the backup's day to today gets a **floor** for this desk's slot (a ``codes_reserved``
event, projected onto ``code_counters``): the next number of such a day is above it. The rule, within the legal
code format (order = slot × 1000 + n, n = 1…999 per day):

    floor(day) = min(max(last issued in the backup that day + SKIP_AFTER_LAST, SKIP_BASE), SKIP_CAP)   (× slot 1000)

that is, numbering restarts at n = 501 (or 201 past the backup's last number, whichever is higher), leaving at least
100 numbers for the day. A gap in the numbers is harmless; a code issued twice is not. Once the desk is enrolled
again, its next sync round asks the server for the highest number issued per day on this slot (``GET
/v1/slot-codes``) and reserves those too (sync/client/round.py); then the floors are no longer needed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path
from typing import Any

from desk import db, journal, keys, lifecycle, machine, paths, roles, timeutil
from desk.backups import extract_store, read_manifest
from desk.errors import InvalidInput, StoreError
from desk.projections import SLOT_WIDTH
from desk.store import BACKUP_SUFFIX, Store

SKIP_BASE = 500  # numbering of a day restarts above n = 500…
SKIP_AFTER_LAST = 200  # …or 200 past the backup's last number of that day, whichever is higher…
SKIP_CAP = 899  # …leaving at least 100 numbers for the day
UNCONFIRMED = "codes_unconfirmed_since"  # meta: the first day whose numbers the server has not confirmed yet


def floors(conn: db.Connection, agency_code: str, slot: int, since: dt.date, until: dt.date) -> dict[str, int]:
    """The reserved last order of each day from ``since`` to ``until`` (both included) for one slot."""
    base = slot * SLOT_WIDTH
    last = dict(conn.execute(
        "SELECT day, last_order FROM code_counters WHERE agency_code = ? AND slot = ? AND day BETWEEN ? AND ?",
        (agency_code, slot, since.isoformat(), until.isoformat()),
    ).fetchall())  # fmt: skip
    out = {}
    day = since
    while day <= until:
        n = (last.get(day.isoformat(), base) - base) + SKIP_AFTER_LAST
        out[day.isoformat()] = base + min(max(n, SKIP_BASE), SKIP_CAP)
        day += dt.timedelta(days=1)
    return out


def reserve(store: Store, reserved: dict[str, int], reason: str, *, confirmed: bool = False) -> dict[str, int]:
    """Record the numbers this desk's slot must not issue again (only those above what it has); with ``confirmed``
    (the server's own maxima) the floors are no longer needed and the desk numbers on as usual."""
    meta = store.meta()
    agency, slot = meta["agency_code"], int(meta["desk_slot"])
    with roles.unattended(store), store.write() as conn:
        have = dict(conn.execute(
            "SELECT day, last_order FROM code_counters WHERE agency_code = ? AND slot = ?", (agency, slot)
        ).fetchall())  # fmt: skip
        raise_to = {d: n for d, n in sorted(reserved.items()) if n > have.get(d, slot * SLOT_WIDTH)}
        if raise_to:
            journal.record(store, conn, kind=lifecycle.CODES_RESERVED_KIND, actor="khôi phục dữ liệu",
                           payload={"agency_code": agency, "slot": slot, "floors": raise_to, "reason": reason})  # fmt: skip
        if confirmed:
            conn.execute("DELETE FROM meta WHERE key = ?", (UNCONFIRMED,))
            store.forget_meta()
    return raise_to


def after_restore(store: Store, backup_made_at: dt.datetime, *, today: dt.date | None = None) -> dict[str, int]:
    """Floors for every day from the backup's day to today (numbers the lost PC may have issued after the backup),
    and the mark that asks the next sync round for the server's numbers."""
    today = today or timeutil.now().date()
    since = timeutil.to_vn(backup_made_at).date()
    meta = store.meta()
    found = floors(store.conn, meta["agency_code"], int(meta["desk_slot"]), since, max(since, today))
    done = reserve(store, found, f"khôi phục từ bản sao lưu lúc {timeutil.iso(backup_made_at)}")
    with store.write() as conn:
        store.set_meta(conn, **{UNCONFIRMED: since.isoformat()})
    return done


def restore_file(backup: Path, data_dir: Path, *, over: bool = False) -> dict[str, Any]:
    """Put a backup file in place of the store of ``data_dir`` (an empty one, or with ``over`` the current store,
    after a safety copy of it) and reserve the numbers issued after it. All or nothing: until the last rename the
    current store is untouched, and a power cut leaves it usable (a half-written copy is removed at the next try)."""
    backup, data_dir = Path(backup), Path(data_dir)
    manifest = read_manifest(backup)
    key_doc = manifest.get("key") or {}
    if not key_doc.get("key_id"):
        raise InvalidInput(f"{backup}: bản sao lưu từ trước khi mã hóa; dùng «desk-publish recover» hoặc bản mới hơn.")
    key = keys.keystore(data_dir).get(key_doc["key_id"])
    if key is None:
        raise keys.KeyMissing(
            f"Bản sao lưu {backup.name} được mã hóa bằng khóa mà tài khoản máy tính này không giữ (mã khóa "
            f"{key_doc['key_id']}): nó được làm trên máy khác hoặc tài khoản khác. Trên máy mới, khôi phục từ máy chủ "
            "tỉnh («desk restore --server URL --code MÃ»), hoặc nhờ tỉnh mở bằng khóa khôi phục (desk-publish recover)."
        )
    target = paths.store_path(data_dir)
    safety = None
    if target.exists():
        if not over:
            raise InvalidInput(
                f"Thư mục {data_dir} đã có dữ liệu. Thêm --over để thay bằng bản sao lưu (bản hiện tại được sao lưu "
                "trước), hoặc khôi phục vào thư mục trống.",
                field="data_dir",
            )
        info = keys.read_info(data_dir)
        if info is None or info.key_id != key_doc["key_id"]:
            raise InvalidInput(
                "Bản sao lưu được mã hóa bằng khóa khác với dữ liệu hiện tại: khôi phục vào một thư mục trống "
                "(desk --data-dir THƯ_MỤC_MỚI restore …).",
                field="backup",
            )
        current = Store.open(target, backups=paths.backups_dir(data_dir))
        try:
            stamp = dt.datetime.now(timeutil.VN_TZ).strftime("%Y%m%d-%H%M%S-%f")  # never the name of an older copy
            safety = current.backup(paths.backups_dir(data_dir) / f"desk-before-restore-{stamp}{BACKUP_SUFFIX}")
        finally:
            current.close()  # the last connection: SQLite checkpoints and removes the WAL
        for suffix in ("-wal", "-shm"):
            wal = Path(str(target) + suffix)
            if suffix == "-wal" and wal.exists() and wal.stat().st_size:
                raise StoreError("Dữ liệu đang được một cửa sổ phần mềm khác mở: đóng mọi cửa sổ rồi khôi phục lại.")
    paths.make_dir(data_dir)
    part = target.with_name(f".{target.name}.restoring")
    part.unlink(missing_ok=True)
    try:
        extract_store(backup, part)
        paths.protect(part)
        check = db.connect(part, key)
        try:
            try:
                ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            except db.DatabaseError:
                ok = False
        finally:
            check.close()
        if not ok:
            raise StoreError(f"Bản sao lưu {backup.name} hỏng (không qua kiểm tra toàn vẹn): chọn bản khác.")
        if not target.exists():
            keys.write_info(data_dir, keys.KeyInfo(key_doc["key_id"], key_doc.get("recovery")))
        # The floors go into the copy before it takes the store's place: whenever the power goes, the desk opens
        # either the old store, or the restored one that will not issue the lost PC's codes again.
        restored = Store.open(part, backups=paths.backups_dir(data_dir))
        try:
            chain_ok, bad = restored.verify_chain()
            made_at = timeutil.parse_instant(manifest["made_at"])
            reserved = after_restore(restored, made_at)
            counts = restored.counts()
            restored_meta = restored.meta()
            if not over:
                machine.check_slot(restored_meta["agency_code"], int(restored_meta["desk_slot"]), data_dir)
            restored.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            restored.close()
        for suffix in ("-wal", "-shm"):
            Path(str(part) + suffix).unlink(missing_ok=True)
            Path(str(target) + suffix).unlink(missing_ok=True)
        os.replace(part, target)  # the one step that changes what the desk opens
        machine.register(restored_meta["agency_code"], int(restored_meta["desk_slot"]), data_dir)
        with contextlib.suppress(OSError):
            fd = os.open(data_dir, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(str(part) + suffix).unlink(missing_ok=True)
    return {"backup": str(backup), "made_at": manifest["made_at"], "data_dir": str(data_dir),
            "safety_copy": str(safety) if safety else None, "chain_intact": chain_ok, "first_bad_event": bad,
            "reserved": reserved, "dossiers": counts["dossiers"], "events": counts["events"]}  # fmt: skip
