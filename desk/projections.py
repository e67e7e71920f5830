"""Projections of the event log: the ``dossiers`` table, the name index, code counters, ledger books and the
counters of letter numbers.

``apply`` is the only code that changes projections, both when an event is recorded (desk/journal.py) and when
``rebuild`` replays the whole log, so the two cannot disagree. What a step does to a dossier is the lifecycle's
(desk/lifecycle.py); this module only writes it down.
"""

from __future__ import annotations

from typing import Any

from desk import db, lifecycle
from desk.search import index_text
from desk.store import EVENT_COLUMNS, FTS_TABLES, PROJECTION_TABLES, Event, canonical_json

SLOT_WIDTH = 1000  # order numbers: NNNN = slot × 1000 + n (architecture.md)

# The columns of ``dossiers`` a step may change (lifecycle effects name them).
_STATE_COLUMNS = frozenset({
    "status", "holder", "paused_at", "due_at", "result_at", "returned_at", "returned_to", "closed_at", "extensions",
    "fee_paid", "id_kind", *lifecycle.CORRECTABLE.values(),
})  # fmt: skip


def _state(conn: db.Connection, uid: str | None) -> dict[str, Any] | None:
    if uid is None:
        return None
    cur = conn.execute("SELECT * FROM dossiers WHERE uid = ?", (uid,))
    row = cur.fetchone()
    if row is None:
        return None
    return dict(zip([c[0] for c in cur.description], row, strict=True))


def conflict(conn: db.Connection, event: Event) -> str | None:
    """Why an event cannot apply to its dossier's current state (None when it can)."""
    if event.dossier_uid is None or event.kind not in lifecycle.DOSSIER_KINDS:
        return None
    state = _state(conn, event.dossier_uid)
    return _conflict(event, state)


def _conflict(event: Event, state: dict[str, Any] | None) -> str | None:
    if event.kind == lifecycle.RECEIVED_KIND:
        return "hồ sơ đã có trên bàn này" if state is not None else None
    if state is None:
        return "không có hồ sơ này trên bàn"
    if not lifecycle.allows(event.kind, state["status"]):
        status = state["status"]
        return (
            f"không áp dụng được «{lifecycle.action(event.kind)}» cho hồ sơ đang ở trạng thái {status} "
            f"«{lifecycle.status_label(status)}»"
        )
    why = lifecycle.payload_refusal(event.kind, event.payload)
    return why[0].lower() + why[1:] if why else None


def apply(conn: db.Connection, event: Event) -> bool:
    """Bring the projections up to date with one event (inside the event's own transaction).

    An event from the server (``server_seq`` set) that conflicts with the dossier's state is not applied: status
    only moves forward and nothing is overwritten silently. Returns whether the event was applied.
    """
    if event.kind == lifecycle.CODES_RESERVED_KIND:
        _codes_reserved(conn, event)
        return True
    if event.kind not in lifecycle.DOSSIER_KINDS or event.dossier_uid is None:
        return True
    if event.kind == lifecycle.RECEIVED_KIND:
        if event.server_seq is not None and (_conflict(event, _state(conn, event.dossier_uid)) or _held(conn, event)):
            return False
        _received(conn, event)
        return True
    state = _state(conn, event.dossier_uid)
    if event.server_seq is not None and (_conflict(event, state) is not None or _held(conn, event)):
        return False
    if state is None:  # a local event names a dossier this desk does not hold: nothing to project
        return True
    changes = lifecycle.changes(event.kind, state, event.payload)
    unknown = set(changes) - _STATE_COLUMNS
    if unknown:
        raise KeyError(f"lifecycle names unknown columns {sorted(unknown)}")
    if "name" in changes and changes["name"] != state["name"]:
        conn.execute(
            "INSERT INTO dossier_names (dossier_names, rowid, name) VALUES ('delete', ?, ?)",
            (state["id"], index_text(state["name"])),
        )
        conn.execute(
            "INSERT INTO dossier_names (rowid, name) VALUES (?, ?)", (state["id"], index_text(changes["name"]))
        )
    columns = ["last_seq", *changes]
    assignments = ", ".join(f"{c} = ?" for c in columns)
    conn.execute(f"UPDATE dossiers SET {assignments} WHERE uid = ?", (event.seq, *changes.values(), event.dossier_uid))
    _letter(conn, event)
    if event.kind == "digitised":
        _digitised(conn, event)
    return True


def _codes_reserved(conn: db.Connection, event: Event) -> None:
    """Numbers a restored desk must not issue (desk/restore.py): each day's counter of the slot moves up to them."""
    p = event.payload
    for day, last in (p.get("floors") or {}).items():
        conn.execute(
            "INSERT INTO code_counters (agency_code, day, slot, last_order) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (agency_code, day, slot) DO UPDATE SET last_order = max(last_order, excluded.last_order)",
            (p["agency_code"], day, p["slot"], int(last)),
        )


def _digitised(conn: db.Connection, event: Event) -> None:
    """A document (or the result) of a dossier digitised: the latest digitisation of each part is the one in force."""
    p = event.payload
    reused = p.get("reused_from") or {}
    conn.execute(
        "INSERT INTO attachments (dossier_uid, part, document_id, sha256, pages, bytes, source, reused_from, at, seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dossier_uid, part, document_id) DO UPDATE SET"
        " sha256 = excluded.sha256, pages = excluded.pages, bytes = excluded.bytes, source = excluded.source,"
        " reused_from = excluded.reused_from, at = excluded.at, seq = excluded.seq",
        (event.dossier_uid, p["part"], p.get("document") or "", p["sha256"], p["pages"], p["bytes"], p["source"],
         reused.get("dossier_uid"), p.get("at") or event.device_time, event.seq),
    )  # fmt: skip


def _letter(conn: db.Connection, event: Event) -> None:
    """A letter numbered by the desk (desk/letters.py) moves the counter of its year and kind."""
    seq, year = event.payload.get("letter_seq"), event.payload.get("letter_year")
    if isinstance(seq, int) and isinstance(year, int):
        conn.execute(
            "INSERT INTO letter_counters (year, kind, last_no) VALUES (?, ?, ?)"
            " ON CONFLICT (year, kind) DO UPDATE SET last_no = max(last_no, excluded.last_no)",
            (year, event.kind, seq),
        )


def _held(conn: db.Connection, event: Event) -> bool:
    """Whether a server event was set aside as a conflict when it arrived (a rebuild keeps it aside)."""
    return conn.execute("SELECT 1 FROM sync_conflicts WHERE event_id = ?", (event.id,)).fetchone() is not None


def _received(conn: db.Connection, event: Event) -> None:
    p = event.payload
    applicant = p["applicant"]
    first = lifecycle.first_state(p)
    cur = conn.execute(
        "INSERT INTO dossiers (uid, code, receipt_date, order_no, procedure_code, catalog_id, field_code, status,"
        " channel, received_at, entered_at, due_at, calendar_version, name, id_number, id_kind, phone, email,"
        " address, sets, documents, delivery, book_no, entry_no, actor, note, last_seq, original_due_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            event.dossier_uid,
            first["code"],
            p["receipt_date"],
            p["order"],
            p["procedure"]["code"],
            p["procedure"]["catalog_id"],
            p["procedure"].get("field_code"),
            first["status"],
            p["channel"],
            first["received_at"],
            event.device_time,
            first["due_at"],
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
            first["original_due_at"],
        ),
    )
    conn.execute(
        "INSERT INTO dossier_names (rowid, name) VALUES (?, ?)", (cur.lastrowid, index_text(applicant["name"]))
    )
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


def rebuild(conn: db.Connection) -> int:
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


def _snapshot(conn: db.Connection, prefix: str) -> None:
    for table in PROJECTION_TABLES:
        conn.execute(f"CREATE TEMP TABLE {prefix}_{table} AS SELECT * FROM main.{table}")
    for table in FTS_TABLES:
        conn.execute(f"CREATE VIRTUAL TABLE temp.{prefix}_vocab_{table} USING fts5vocab(main, {table}, instance)")
        conn.execute(f"CREATE TEMP TABLE {prefix}_{table} AS SELECT term, doc FROM temp.{prefix}_vocab_{table}")


def differences(conn: db.Connection, limit: int = 20) -> list[str]:
    """How the projections differ from a rebuild of the whole log (empty when they are equal), without changing
    anything: a direct edit of a projection table, or a write that went around the journal, shows here.

    Call inside a write transaction (the rebuild runs in a savepoint that is rolled back).
    """
    found: list[str] = []
    conn.execute("SAVEPOINT verify_projections")
    try:
        _snapshot(conn, "was")
        rebuild(conn)
        _snapshot(conn, "now")
        for table in (*PROJECTION_TABLES, *FTS_TABLES):
            for a, b, what in (("was", "now", "thừa hoặc khác"), ("now", "was", "thiếu hoặc khác")):
                rows = conn.execute(
                    f"SELECT * FROM temp.{a}_{table} EXCEPT SELECT * FROM temp.{b}_{table} LIMIT ?", (limit,)
                ).fetchall()
                for row in rows:
                    found.append(f"{table}: dòng {what} so với nhật ký sự kiện: {_describe(table, row)}")
    finally:
        conn.execute("ROLLBACK TO verify_projections")
        conn.execute("RELEASE verify_projections")
    return found[:limit]


def _describe(table: str, row: tuple) -> str:
    """A row named by what identifies it (never the applicant's personal data)."""
    if table == "dossiers":
        return f"hồ sơ {row[2]}"  # id, uid, code, …
    if table in FTS_TABLES:
        return f"chỉ mục tên của hồ sơ số {row[1]}"
    return ", ".join(str(v) for v in row)
