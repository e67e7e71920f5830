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

CHANNEL_LABELS = {1: "Trực tiếp", 2: "Trực tuyến", 3: "Qua bưu chính công ích"}


def apply(conn: sqlite3.Connection, event: Event) -> None:
    """Bring the projections up to date with one event (inside the event's own transaction)."""
    handler = _HANDLERS.get(event.kind)
    if handler is not None:
        handler(conn, event)


def _received(conn: sqlite3.Connection, event: Event) -> None:
    p = event.payload
    applicant = p["applicant"]
    cur = conn.execute(
        "INSERT INTO dossiers (uid, code, receipt_date, order_no, procedure_code, catalog_id, field_code, status,"
        " channel, received_at, entered_at, due_at, calendar_version, name, id_number, id_kind, phone, email,"
        " address, sets, documents, delivery, book_no, entry_no, actor, note, last_seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 2, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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


_HANDLERS = {"received": _received}


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
