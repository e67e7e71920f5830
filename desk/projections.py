"""Projections of the event log: the ``dossiers`` table, the name index, code counters and ledger books.

``apply`` is the only code that changes projections, both when an event is appended and when ``rebuild``
replays the whole log, so the two can never disagree.
"""

from __future__ import annotations

import sqlite3

from desk.store import EVENT_COLUMNS, FTS_TABLES, PROJECTION_TABLES, Event, canonical_json
from desk.text import fold

SLOT_WIDTH = 1000  # order numbers: NNNN = slot × 1000 + n (architecture.md)

STATUS_LABELS = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}

EVENT_LABELS = {
    "received": "Tiếp nhận hồ sơ",
    "transferred": "Chuyển hồ sơ",
    "supplement_requested": "Yêu cầu bổ sung",
    "supplement_received": "Nhận bổ sung",
    "refused": "Từ chối giải quyết",
    "withdrawn": "Công dân rút hồ sơ",
    "stopped": "Dừng giải quyết",
    "apologized_extended": "Xin lỗi và gia hạn",
    "result_ready": "Đã có kết quả",
    "result_returned": "Trả kết quả",
    "fee_paid": "Thu phí, lệ phí",
    "corrected": "Sửa thông tin",
    "note": "Ghi chú",
    "printed": "In",
}

CHANNEL_LABELS = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Qua bưu chính công ích"}


# The statuses in which each kind of event may happen (domain.md §3). Local actions are refused before they are
# recorded (desk/workflow.py); events that arrive from the server are checked here, at apply time.
ALLOWED_FROM: dict[str, frozenset[int]] = {
    "transferred": frozenset({2, 4}),
    "supplement_requested": frozenset({2, 4}),
    "supplement_received": frozenset({5}),
    "refused": frozenset({2, 4, 5}),
    "withdrawn": frozenset({2, 4, 5, 6}),
    "stopped": frozenset({2, 4, 5, 6}),
    "apologized_extended": frozenset({2, 4, 5}),
    "result_ready": frozenset({2, 4}),
    "result_returned": frozenset({9}),
    "fee_paid": frozenset({2, 4, 5, 6, 9, 10}),
    "corrected": frozenset(range(1, 11)),
    "note": frozenset(range(1, 11)),
    "printed": frozenset(range(1, 11)),
}


def conflict(conn: sqlite3.Connection, event: Event) -> str | None:
    """Why an event cannot apply to its dossier's current state (None when it can)."""
    if event.dossier_uid is None or event.kind not in _HANDLERS:
        return None
    row = conn.execute("SELECT status FROM dossiers WHERE uid = ?", (event.dossier_uid,)).fetchone()
    if event.kind == "received":
        return "hồ sơ đã có trên bàn này" if row is not None else None
    if row is None:
        return "không có hồ sơ này trên bàn"
    if row[0] not in ALLOWED_FROM.get(event.kind, frozenset()):
        what = EVENT_LABELS.get(event.kind, event.kind)
        return f"không áp dụng được «{what}» cho hồ sơ đang ở trạng thái {row[0]} «{STATUS_LABELS[row[0]]}»"
    return None


def apply(conn: sqlite3.Connection, event: Event) -> bool:
    """Bring the projections up to date with one event (inside the event's own transaction).

    An event from the server (``server_seq`` set) that conflicts with the dossier's state is not applied: status
    only moves forward and nothing is overwritten silently. Returns whether the event was applied.
    """
    handler = _HANDLERS.get(event.kind)
    if handler is None:
        return True
    if event.server_seq is not None and (
        conflict(conn, event) is not None
        or conn.execute("SELECT 1 FROM sync_conflicts WHERE event_id = ?", (event.id,)).fetchone()
    ):
        return False
    handler(conn, event)
    return True


def _received(conn: sqlite3.Connection, event: Event) -> None:
    p = event.payload
    applicant = p["applicant"]
    cur = conn.execute(
        "INSERT INTO dossiers (uid, code, receipt_date, order_no, procedure_code, catalog_id, field_code, status,"
        " channel, received_at, entered_at, due_at, calendar_version, name, id_number, id_kind, phone, email,"
        " address, sets, documents, delivery, book_no, entry_no, actor, note, last_seq, original_due_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 2, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.dossier_uid,
            p["code"],
            p["receipt_date"],
            p["order"],
            p["procedure"]["code"],
            p["procedure"]["catalog_id"],
            p["procedure"].get("field_code"),
            p["channel"],
            p["received_at"],
            event.device_time,
            p["due_at"],
            p["calendar_version"],
            applicant["name"],
            applicant.get("id_number"),
            applicant.get("id_kind"),
            applicant.get("phone"),
            applicant.get("email"),
            applicant.get("address"),
            p["sets"],
            canonical_json(p["documents"]),
            p["delivery"],
            p["book_no"],
            p["entry_no"],
            event.actor,
            p.get("note"),
            event.seq,
            p["due_at"],
        ),
    )
    conn.execute("INSERT INTO dossier_names (rowid, name) VALUES (?, ?)", (cur.lastrowid, fold(applicant["name"])))
    conn.execute(
        "INSERT INTO code_counters (agency_code, day, slot, last_order) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (agency_code, day, slot) DO UPDATE SET last_order = max(last_order, excluded.last_order)",
        (p["agency_code"], p["receipt_date"], p["order"] // SLOT_WIDTH, p["order"]),
    )
    conn.execute(
        "INSERT INTO ledger_books (book_no, last_entry) VALUES (?, ?)"
        " ON CONFLICT (book_no) DO UPDATE SET last_entry = max(last_entry, excluded.last_entry)",
        (p["book_no"], p["entry_no"]),
    )


def _update(conn: sqlite3.Connection, event: Event, sets: str = "", params: tuple = ()) -> None:
    """Apply column changes to the event's dossier and remember the event as its latest."""
    assignments = "last_seq = ?" + (", " + sets if sets else "")
    conn.execute(f"UPDATE dossiers SET {assignments} WHERE uid = ?", (event.seq, *params, event.dossier_uid))


def _status(new_status: int, *extra: str):
    """A handler that moves the dossier to ``new_status`` and copies payload keys into columns."""

    def handler(conn: sqlite3.Connection, event: Event) -> None:
        sets = ", ".join(["status = ?", *(f"{column} = ?" for column in extra)])
        values = tuple(_column_value(column, event) for column in extra)
        _update(conn, event, sets, (new_status, *values))

    return handler


def _column_value(column: str, event: Event):
    p = event.payload
    return {
        "holder": p.get("to_unit") if event.kind == "transferred" else None,
        "paused_at": p.get("at") if event.kind == "supplement_requested" else None,
        "due_at": p.get("due_at"),
        "result_at": p.get("at"),
        "returned_at": p.get("at"),
        "returned_to": p.get("collected_by"),
        "closed_at": p.get("at"),
    }[column]


def _extended(conn: sqlite3.Connection, event: Event) -> None:
    _update(conn, event, "due_at = ?, extensions = extensions + 1", (event.payload["new_due_at"],))


def _fee_paid(conn: sqlite3.Connection, event: Event) -> None:
    _update(conn, event, "fee_paid = fee_paid + ?", (event.payload["amount"],))


def _corrected(conn: sqlite3.Connection, event: Event) -> None:
    field, value = event.payload["field"], event.payload["new"]
    column = CORRECTABLE[field]
    if field == "name":
        row = conn.execute("SELECT id, name FROM dossiers WHERE uid = ?", (event.dossier_uid,)).fetchone()
        conn.execute(
            "INSERT INTO dossier_names (dossier_names, rowid, name) VALUES ('delete', ?, ?)", (row[0], fold(row[1]))
        )
        conn.execute("INSERT INTO dossier_names (rowid, name) VALUES (?, ?)", (row[0], fold(value)))
    _update(conn, event, f"{column} = ?", (value,))
    if field == "id_number":
        _update(conn, event, "id_kind = ?", (event.payload.get("id_kind"),))


def _touch(conn: sqlite3.Connection, event: Event) -> None:
    _update(conn, event)


# Applicant fields a clerk may correct (field name in events -> column of ``dossiers``).
CORRECTABLE = {"name": "name", "id_number": "id_number", "phone": "phone", "email": "email", "address": "address"}

_HANDLERS = {
    "received": _received,
    "transferred": _status(4, "holder"),
    "supplement_requested": _status(5, "paused_at"),
    "supplement_received": _status(4, "paused_at", "due_at"),
    "refused": _status(3, "closed_at", "paused_at"),
    "withdrawn": _status(7, "closed_at", "paused_at"),
    "stopped": _status(8, "closed_at", "paused_at"),
    "result_ready": _status(9, "result_at", "holder"),
    "result_returned": _status(10, "returned_at", "returned_to", "holder"),
    "apologized_extended": _extended,
    "fee_paid": _fee_paid,
    "corrected": _corrected,
    "note": _touch,
    "printed": _touch,
}


def rebuild(conn: sqlite3.Connection) -> int:
    """Empty every projection and replay the whole event log into it; returns the number of events."""
    for table in PROJECTION_TABLES:
        conn.execute(f"DELETE FROM {table}")
    for table in FTS_TABLES:
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
    count = 0
    for row in conn.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY seq"):
        apply(conn, Event.from_row(row))
        count += 1
    return count
