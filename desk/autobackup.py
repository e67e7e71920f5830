"""Automatic backups: one a day (the window makes it in the background; ``desk backup --auto`` from a scheduled task),
rotated, into a folder a lead can set (a second disk, a USB stick), encrypted like the store (desk/store.py
``Store.backup``). The copies taken before a schema upgrade and before encryption stay in the data dir's
``backups/``.

Rotation keeps, among the automatic backups of the folder, the newest of each of the last KEEP_DAILY days, of each
of the last KEEP_WEEKLY ISO weeks and of each of the last KEEP_MONTHLY months; other files there are never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

from desk import audit, paths, roles, timeutil
from desk.errors import InvalidInput
from desk.store import BACKUP_SUFFIX

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
STALE_AFTER = dt.timedelta(days=2)  # the Home tile turns red
PREFIX = "desk-auto-"
_NAME = re.compile(rf"^{PREFIX}(\d{{8}}-\d{{6}}){re.escape(BACKUP_SUFFIX)}$")
FOLDER_KEY, LAST_AT_KEY, LAST_FILE_KEY = "backup_dir", "last_backup_at", "last_backup_file"


def _meta(desk: Any, *keys: str) -> dict[str, str]:
    """Read from the file, not the store's cache: the backup is written by another connection of the window (its
    reports worker), or another process (a scheduled ``desk backup --auto``)."""
    marks = ",".join("?" * len(keys))
    return dict(desk.store.conn.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", keys).fetchall())


def folder(desk: Any) -> Path:
    """Where automatic backups go: the folder a lead set, else the machine configuration's, else ``backups/``."""
    chosen = _meta(desk, FOLDER_KEY).get(FOLDER_KEY)
    if chosen:
        return Path(chosen)
    from desk.config import load_machine_config

    machine = getattr(load_machine_config(), "backup_dir", None)
    return Path(machine) if machine else paths.backups_dir(desk.store.path.parent)


def set_folder(desk: Any, path: str | None) -> Path:
    """A lead chooses the folder of automatic backups (None: back to the data dir's ``backups/``)."""
    roles.require(desk.store, "backup")
    if path:
        target = Path(path).expanduser()
        if not target.is_dir():
            raise InvalidInput(f"Thư mục {target} không tồn tại (ổ đĩa thứ hai hoặc USB chưa cắm?).", field="folder")
        if not os.access(target, os.W_OK):
            raise InvalidInput(f"Không ghi được vào thư mục {target}: chọn thư mục khác.", field="folder")
        value = str(target.resolve())
    else:
        value = ""
    with desk.store.write() as conn:
        desk.store.set_meta(conn, **{FOLDER_KEY: value})
    return folder(desk)


def noted(desk: Any, file: Path, at: dt.datetime | None = None) -> None:
    """Remember the last backup (any kind): the Home tile shows its age."""
    with desk.store.write() as conn:
        desk.store.set_meta(conn, **{LAST_AT_KEY: timeutil.iso(at or timeutil.now()), LAST_FILE_KEY: str(file)})


def status(desk: Any, now: dt.datetime | None = None) -> dict[str, Any]:
    """The last backup: when, where, how old, and whether it is too old (STALE_AFTER)."""
    now = now or timeutil.now()
    meta = _meta(desk, LAST_AT_KEY, LAST_FILE_KEY)
    at = meta.get(LAST_AT_KEY)
    when = timeutil.parse_instant(at) if at else None
    age = (now - when) if when else None
    return {"at": at, "file": meta.get(LAST_FILE_KEY), "folder": str(folder(desk)),
            "age_hours": None if age is None else round(age.total_seconds() / 3600, 1),
            "stale": age is None or age > STALE_AFTER}  # fmt: skip


def run_due(desk: Any, *, now: dt.datetime | None = None, force: bool = False,
            only_if_stale: bool = False) -> dict[str, Any] | None:  # fmt: skip
    """Today's automatic backup when there is none yet (or ``force``), then the rotation; None when not due.

    ``only_if_stale``: only when there is no backup at all or the last is older than STALE_AFTER (the window at
    sign-in: a desk without a recent copy gets one at once, the usual daily one a little later).
    The desk itself makes it (no person): the access log is not written for it.
    """
    now = now or timeutil.now()
    last = _meta(desk, LAST_AT_KEY).get(LAST_AT_KEY)
    last_at = timeutil.parse_instant(last) if last else None
    if (
        not force
        and last_at is not None
        and (last_at.date() == now.date() or (only_if_stale and now - last_at <= STALE_AFTER))
    ):
        return None
    target_dir = folder(desk)
    try:
        paths.make_dir(target_dir)
    except OSError as exc:
        raise InvalidInput(
            f"Không tạo được thư mục sao lưu {target_dir} ({exc.strerror}): cắm lại ổ đĩa/USB, hoặc chọn thư mục "
            "khác (Hệ thống › Sao lưu / Khôi phục).",
            field="folder",
        ) from None
    file = target_dir / f"{PREFIX}{now:%Y%m%d-%H%M%S}{BACKUP_SUFFIX}"
    desk.store.backup(file)
    noted(desk, file, now)
    removed = rotate(target_dir, now)
    return {"file": file, "removed": removed, "folder": target_dir}


def manual(desk: Any, file: Path) -> Path:
    """A person's backup to a file they chose (a lead's act, access-logged as an export)."""
    roles.require(desk.store, "backup")
    desk.store.backup(file)
    audit.record(desk.store, "export", f"Sao lưu toàn bộ dữ liệu → {file.name}")
    noted(desk, file)
    return file


def _stamp(path: Path) -> dt.datetime | None:
    m = _NAME.match(path.name)
    if not m:
        return None
    try:
        return dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=timeutil.VN_TZ)
    except ValueError:
        return None


def rotate(target_dir: Path, now: dt.datetime) -> list[Path]:
    """Delete the automatic backups the rotation no longer keeps; returns them."""
    dated = sorted(((t, p) for p in target_dir.glob(f"{PREFIX}*{BACKUP_SUFFIX}") if (t := _stamp(p))), reverse=True)
    keep: set[Path] = set()
    for key, count in ((lambda t: t.date(), KEEP_DAILY), (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
                       (lambda t: (t.year, t.month), KEEP_MONTHLY)):  # fmt: skip
        seen: list[Any] = []
        for t, p in dated:  # newest first: the first of each period is its newest
            k = key(t)
            if k in seen:
                continue
            if len(seen) == count:
                break
            seen.append(k)
            keep.add(p)
    removed = []
    for _t, p in dated:
        if p not in keep:
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed
