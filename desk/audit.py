"""The access log of personal data (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): every opening of a dossier's detail,
every search by a person's name, ID number or phone, every print and every export, with who, when and what.

It lives in the store (encrypted with it, table ``access_log``, append-only by triggers) and stays on this PC: it is
not part of the event log and is never synced. A lead reads it in the GUI (Hệ thống › Nhật ký truy cập) and with
``desk audit``; reading it is itself recorded.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass
from typing import Any

from desk import db, roles, timeutil
from desk.store import Store

ACTIONS: dict[str, str] = {
    "view": "Xem hồ sơ",
    "search": "Tìm theo dữ liệu cá nhân",
    "print": "In",
    "export": "Xuất ra tệp",
    "audit": "Xem nhật ký truy cập",
}
WHAT_LIMIT = 300  # characters of ``what`` kept (a search text, a file name)


@dataclass(frozen=True)
class Access:
    at: str
    username: str | None
    actor: str
    action: str
    code: str | None
    what: str

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at, "username": self.username, "actor": self.actor, "action": self.action,
                "action_label": ACTIONS[self.action], "code": self.code, "what": self.what}  # fmt: skip


def _who(store: Store) -> tuple[str | None, str]:
    principal = store.principal
    if principal is not None:
        return (None if principal is roles.SYSTEM else principal.username), principal.full_name
    try:
        os_user = getpass.getuser()
    except Exception:
        os_user = "không rõ"
    return None, f"{os_user} (tài khoản máy, không đăng nhập phần mềm)"


def record(store: Store, action: str, what: str, *, code: str | None = None, conn: db.Connection | None = None,
           at: dt.datetime | None = None) -> None:  # fmt: skip
    """Append one access. Inside a write transaction pass its ``conn`` (the access commits with the act)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown access action {action!r}")
    username, actor = _who(store)
    row = (timeutil.iso(at or timeutil.now()), username, actor, action, code, what[:WHAT_LIMIT])
    sql = "INSERT INTO access_log (at, username, actor, action, code, what) VALUES (?, ?, ?, ?, ?, ?)"
    if conn is not None:
        conn.execute(sql, row)
        return
    with store.write() as wconn:
        wconn.execute(sql, row)


def entries(store: Store, date_from: dt.date, date_to: dt.date, *, limit: int = 100_000) -> list[Access]:
    """The accesses of a period (Vietnam days, both included), oldest first. Reading them is an access too: a lead's
    (desk/roles.py ``audit``)."""
    roles.require(store, "audit")
    start = timeutil.iso(timeutil.start_of_day(date_from))
    end = timeutil.iso(timeutil.start_of_day(date_to + dt.timedelta(days=1)))
    rows = store.conn.execute(
        "SELECT at, username, actor, action, code, what FROM access_log WHERE at >= ? AND at < ? ORDER BY id LIMIT ?",
        (start, end, limit),
    ).fetchall()
    record(store, "audit", f"Nhật ký truy cập từ {date_from:%d/%m/%Y} đến {date_to:%d/%m/%Y}")
    return [Access(*r) for r in rows]
