"""One counter PC, one store: the machine's data dir (desk/paths.py), the rule of one store per desk slot on a PC,
and the migration of the per-user stores that versions before 0.9 made in each OS account.

**One store per slot.** Every store made on the PC is listed in the machine's slot registry (``slots.json`` in the
machine data dir; on a PC without one, in the account's config folder); a second store for the same agency and slot
elsewhere on the PC is refused with the path of the first.

**Migration.** The first time an OS account runs this version while the machine data dir is the default, its
per-user store (if any) comes into the machine dir, after a backup of it:
- no machine store yet: the store is copied under a fresh key bound to the machine (desk/keys.py ``MachineKeys``);
- a machine store of the same agency and slot: the two are merged by their events. Events the server already has
  (acknowledged, or pulled from it) are copied as they are; events never sent are recorded again in the machine
  store's own chain (same dossier, same payload and time), so they reach the server. Dossier uids stay unique. A
  dossier whose code the machine store already gave to another dossier is not merged: it is listed for a lead
  (``merge_conflicts``, shown on the Home screen and by ``desk info``), never renumbered; the per-user file is kept.
- Accounts come along (a username the machine store has already keeps the machine's password).
The per-user store is then renamed ``desk.sqlite3.migrated`` (kept), with ``MIGRATED.txt`` saying where it went.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import platformdirs

from desk import journal, keys, paths, projections, roles, timeutil
from desk.errors import InvalidInput
from desk.fileio import write_atomic
from desk.store import Store, canonical_json

REGISTRY = "slots.json"
MARKER = "MIGRATED.txt"
CONFLICTS_KEY = "merge_conflicts"


# -- the slot registry ------------------------------------------------------------------------------------------------


def registry_path() -> Path | None:
    """The PC's slot registry (``DESK_SLOT_REGISTRY``: a file, or ``off`` for none)."""
    env = os.environ.get("DESK_SLOT_REGISTRY")
    if env == "off":
        return None
    if env:
        return Path(env)
    machine = paths.machine_data_dir()
    if machine.is_dir():
        return machine / REGISTRY
    return Path(platformdirs.user_config_dir(paths.APP_NAME, appauthor=False)) / REGISTRY


def _read_registry(path: Path) -> list[dict[str, Any]]:
    try:
        return list(json.loads(path.read_text(encoding="utf-8")).get("stores", []))
    except (OSError, ValueError, AttributeError):
        return []


def check_slot(agency_code: str, slot: int, data_dir: Path, *, moving_from: Path | None = None) -> None:
    """Refuse a store for a slot that another store on this PC already holds (a store since removed frees it, and so
    does the store ``moving_from``, about to move here)."""
    path = registry_path()
    if path is None:
        return
    here = str(Path(data_dir).resolve())
    leaving = str(Path(moving_from).resolve()) if moving_from else None
    for entry in _read_registry(path):
        there = entry.get("data_dir", "")
        if there == leaving:
            continue
        same = entry.get("agency_code") == agency_code and int(entry.get("slot", -1)) == int(slot)
        if same and there != here and paths.store_path(Path(there)).exists():
            raise InvalidInput(
                f"Máy này đã có dữ liệu của bàn số {slot} (cơ quan {agency_code}) tại {there}, khởi tạo lúc "
                f"{entry.get('created_at', '?')}. Mỗi số hiệu bàn chỉ có một kho dữ liệu trên một máy, để không "
                f'cấp trùng mã hồ sơ: dùng thư mục đó (desk --data-dir "{there}"), hoặc chọn số hiệu bàn khác.',
                field="desk_slot",
            )


def register(agency_code: str, slot: int, data_dir: Path, *, moved_from: Path | None = None) -> None:
    """List a store in the PC's registry (entries of stores since removed, or moved from, are dropped)."""
    path = registry_path()
    if path is None:
        return
    here = str(Path(data_dir).resolve())
    gone = {here, str(Path(moved_from).resolve()) if moved_from else ""}
    entries = [e for e in _read_registry(path)
               if e.get("data_dir") not in gone and paths.store_path(Path(e.get("data_dir", "/none"))).exists()]  # fmt: skip
    entries.append({"agency_code": agency_code, "slot": int(slot), "data_dir": here,
                    "created_at": timeutil.iso(timeutil.now())})  # fmt: skip
    try:
        paths.make_dir(path.parent)
        write_atomic(path, json.dumps({"stores": entries}, ensure_ascii=False, indent=1).encode("utf-8"),
                     mode=paths.file_mode(path))  # fmt: skip
    except OSError:
        pass  # a registry nobody may write: the check above still reads what is there


# -- migration of per-user stores -----------------------------------------------------------------------------------


def adopt_user_store(machine_dir: Path, user_dir: Path, *, recovery_public: str | None = None) -> dict[str, Any] | None:
    """Bring this account's per-user store into the machine data dir (see the module's text); None when there is
    nothing to bring."""
    source = paths.store_path(user_dir)
    if not source.exists() or (user_dir / MARKER).exists() or Path(user_dir).resolve() == Path(machine_dir).resolve():
        return None
    user = Store.open(source, backups=paths.backups_dir(user_dir))
    try:
        user.backup(paths.backups_dir(user_dir) / f"desk-before-machine-migration-{timeutil.now():%Y%m%d-%H%M%S}"
                    f"{'.desk-backup'}")  # fmt: skip
        target = paths.store_path(machine_dir)
        if not target.exists():
            report = _copy_into(user, machine_dir, recovery_public)
        else:
            report = _merge_into(user, machine_dir)
    finally:
        user.close()
    if report["merged"] is not False:
        (user_dir / MARKER).write_text(
            f"Dữ liệu này đã được chuyển vào {machine_dir} lúc {timeutil.iso(timeutil.now())}.\n"
            f"Tệp gốc giữ lại: {source.name}.migrated\n",
            encoding="utf-8",
        )
        for suffix in ("-wal", "-shm"):
            Path(str(source) + suffix).unlink(missing_ok=True)
        source.replace(source.with_name(source.name + ".migrated"))
    return report


def _copy_into(user: Store, machine_dir: Path, recovery_public: str | None) -> dict[str, Any]:
    """No machine store yet: the user's store, re-keyed for the machine, becomes it."""
    paths.make_dir(machine_dir)
    meta = user.meta()
    check_slot(meta["agency_code"], int(meta["desk_slot"]), machine_dir, moving_from=user.path.parent)
    work = machine_dir / f".{paths.STORE_FILE}.migrating"
    work.unlink(missing_ok=True)
    key, _info = keys.new_key(machine_dir, recovery_public)
    try:
        user.conn.execute(f"ATTACH DATABASE ? AS m KEY \"x'{key.hex()}'\"", (str(work),))
        user.conn.execute("SELECT sqlcipher_export('m')")
        user.conn.execute(f"PRAGMA m.user_version = {user.schema_version()}")
        user.conn.execute("DETACH DATABASE m")
        paths.protect(work)
        work.replace(paths.store_path(machine_dir))
    finally:
        work.unlink(missing_ok=True)
    register(meta["agency_code"], int(meta["desk_slot"]), machine_dir, moved_from=user.path.parent)
    counts = user.counts()
    return {"merged": "copied", "dossiers": counts["dossiers"], "events": counts["events"], "conflicts": []}


def _merge_into(user: Store, machine_dir: Path) -> dict[str, Any]:
    """Merge the user's store into the machine's by events (same agency and slot only)."""
    machine = Store.open(paths.store_path(machine_dir), backups=paths.backups_dir(machine_dir))
    try:
        mm, um = machine.meta(), user.meta()
        if (mm["agency_code"], mm["desk_slot"]) != (um["agency_code"], um["desk_slot"]):
            return {"merged": False, "dossiers": 0, "events": 0, "conflicts": [
                f"Dữ liệu riêng của tài khoản này là của bàn số {um['desk_slot']} (cơ quan {um['agency_code']}), "
                f"khác bàn của máy (số {mm['desk_slot']}, {mm['agency_code']}): không gộp; vẫn dùng được bằng "
                f"desk --data-dir \"{user.path.parent}\"."]}  # fmt: skip
        machine.backup(paths.backups_dir(machine_dir) / f"desk-before-merge-{timeutil.now():%Y%m%d-%H%M%S}.desk-backup")
        have_ids = {r[0] for r in machine.conn.execute("SELECT id FROM events")}
        codes = dict(machine.conn.execute("SELECT code, uid FROM dossiers").fetchall())
        acked = {r[0] for r in user.conn.execute("SELECT event_id FROM event_acks WHERE refused IS NULL")}
        refused_uids: dict[str, str] = {}
        for code, uid in user.conn.execute("SELECT code, uid FROM dossiers"):
            if code in codes and codes[code] != uid:
                refused_uids[uid] = code
        conflicts = [{"code": code, "uid": uid, "source": str(user.path) + ".migrated",
                      "reason": "mã đã cấp cho hồ sơ khác trên máy này"} for uid, code in refused_uids.items()]  # fmt: skip
        copied = recorded = 0
        with roles.migrating(machine), machine.write() as conn:
            for e in user.events():
                if e.id in have_ids or e.dossier_uid in refused_uids:
                    continue
                if e.server_seq is not None or e.id in acked:  # the server has it: as it is
                    conn.execute(
                        "INSERT INTO events (id, dossier_uid, kind, payload, actor, desk_id, device_time, hash,"
                        " server_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (e.id, e.dossier_uid, e.kind, canonical_json(e.payload), e.actor, e.desk_id, e.device_time,
                         e.hash, e.server_seq),
                    )  # fmt: skip
                    copied += 1
                elif e.kind in _LOCAL_ONLY:
                    continue
                else:  # never sent: again, in the machine store's chain, so that it reaches the server
                    journal.record(machine, conn, kind=e.kind, payload=e.payload, actor=e.actor,
                                   dossier_uid=e.dossier_uid, device_time=timeutil.parse_instant(e.device_time))  # fmt: skip
                    recorded += 1
            for row in user.conn.execute(
                "SELECT username, full_name, role, password_hash, active, created_at, must_change FROM clerks"
            ):
                conn.execute(
                    "INSERT INTO clerks (username, full_name, role, password_hash, active, created_at, must_change)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING",
                    tuple(row),
                )
            projections.rebuild(conn)
            if conflicts:
                old = json.loads(machine.meta().get(CONFLICTS_KEY) or "[]")
                machine.set_meta(conn, **{CONFLICTS_KEY: json.dumps(old + conflicts, ensure_ascii=False)})
        return {"merged": "merged", "events": copied + recorded, "copied": copied, "recorded": recorded,
                "dossiers": len({e for (e,) in user.conn.execute("SELECT uid FROM dossiers")} - set(refused_uids)),
                "conflicts": conflicts}  # fmt: skip
    finally:
        machine.close()


# Records that describe the per-user store itself (its enrolment, its trusted keys and imports are the machine
# store's own): not carried over.
_LOCAL_ONLY = frozenset({"enrolled", "catalog_imported", "catalog_approved", "calendar_imported", "key_trusted",
                         "key_untrusted", "clerk_added", "clerk_password_changed"})  # fmt: skip


def conflicts(store: Store) -> list[dict[str, Any]]:
    """Dossiers a merge left out because their code was taken (for a lead)."""
    return json.loads(store.meta().get(CONFLICTS_KEY) or "[]")


def adopt_if_default(override: str | os.PathLike[str] | None = None) -> dict[str, Any] | None:
    """When the data dir is the machine's by default (no ``--data-dir``, no ``DESK_DATA_DIR``), bring this account's
    per-user store into it (once). Called by the command line and the window before they open the store."""
    if override or os.environ.get("DESK_DATA_DIR"):
        return None
    machine_dir = paths.machine_data_dir()
    if paths.data_dir() != machine_dir or not machine_dir.is_dir():
        return None
    from desk.config import load_machine_config

    return adopt_user_store(machine_dir, paths.user_data_dir(), recovery_public=load_machine_config().recovery_key)


def describe(report: dict[str, Any]) -> str:
    """What a migration did, for the clerk (Vietnamese)."""
    if report["merged"] is False:
        return report["conflicts"][0]
    what = "chuyển" if report["merged"] == "copied" else "gộp"
    text = (f"Đã {what} dữ liệu riêng của tài khoản máy tính này ({report['dossiers']} hồ sơ) vào dữ liệu chung của "
            "máy (mọi tài khoản Windows/Linux dùng chung một kho).")  # fmt: skip
    if report["conflicts"]:
        codes = ", ".join(c["code"] for c in report["conflicts"][:5])
        text += (f" {len(report['conflicts'])} hồ sơ trùng mã với hồ sơ khác trên máy nên KHÔNG gộp ({codes}): cán "
                 "bộ phụ trách xem trong «desk info» và báo bộ phận CNTT; tệp gốc được giữ nguyên.")  # fmt: skip
    return text
