"""Reading a desk: one dossier as the JSON of contracts/cli.md, search results, the lists, and ``desk info``."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from desk import bundles, db, lifecycle, timeutil
from desk.appointment import Duration, add_working_time
from desk.catalog import FORMS, Procedure
from desk.errors import InvalidInput, NotFound
from desk.text import clean

if TYPE_CHECKING:
    from desk.service import Desk


def rows(desk: Desk, sql: str, params: tuple | list = ()) -> db.Cursor:
    """A read cursor whose rows are addressable by column name."""
    cur = desk.store.conn.cursor()
    cur.row_factory = db.Row
    return cur.execute(sql, params)


def find_row(desk: Desk, key: str) -> db.Row | None:
    """A dossier's row by its code or uid (None when this desk has no such dossier)."""
    key = clean(key)
    row = rows(desk, "SELECT * FROM dossiers WHERE code = ?", (key.upper(),)).fetchone()
    if row is None:
        row = rows(desk, "SELECT * FROM dossiers WHERE uid = ?", (key.lower(),)).fetchone()
    return row


def dossier_row(desk: Desk, key: str) -> db.Row:
    """A dossier's row, or NotFound in the clerk's words."""
    row = find_row(desk, key)
    if row is None:
        raise NotFound(f"Không có hồ sơ mã «{clean(key)}» trên bàn tiếp nhận này.", field="code")
    return row


def resolve(desk: Desk, key: str) -> str:
    """The code of the one dossier a clerk means: a whole code or uid, or anything ``search`` takes (the code's last
    part, an ID number, a phone, a name) when exactly one dossier matches; refused with the candidates otherwise."""
    row = find_row(desk, key)
    if row is not None:
        return row["code"]
    hits = search(desk, key, limit=6)
    if len(hits) == 1:
        return hits[0]["code"]
    if not hits:
        raise NotFound(f"Không có hồ sơ nào khớp «{clean(key)}» trên bàn tiếp nhận này.", field="code")
    listed = ", ".join(h["code"] for h in hits[:5]) + (", …" if len(hits) > 5 else "")
    raise InvalidInput(
        f"«{clean(key)}» khớp nhiều hồ sơ ({listed}): gõ mã hồ sơ đầy đủ, hoặc dạng YYMMDD-NNNN.", field="code"
    )


def dossier(
    desk: Desk,
    key: str,
    *,
    with_events: bool = True,
    proc: Procedure | None = None,
    catalog_version: int | None = None,
) -> dict[str, Any]:
    """One dossier by code or uid, as the JSON of contracts/cli.md."""
    row = dossier_row(desk, key)
    proc = proc or bundles.procedure_snapshot(desk, row["catalog_id"], row["procedure_code"])
    version = catalog_version if catalog_version is not None else bundles.catalog_version(desk, row["catalog_id"])
    return _render(desk, row, proc, version, with_events)


def _render(desk: Desk, row: db.Row, proc: Procedure, version: int, with_events: bool) -> dict[str, Any]:
    by_id = {d.id: d for d in proc.documents}
    documents = []
    for item in json.loads(row["documents"]):
        doc = by_id.get(item["id"])
        documents.append({
            "id": item["id"],
            "name": doc.name if doc else item["id"],
            "form": item.get("form", doc.form if doc else None),
            "form_label": FORMS.get(item.get("form") or "", None),
            "quantity": item["quantity"],
        })  # fmt: skip
    duration = Duration.from_catalog(proc.duration)
    out: dict[str, Any] = {
        "uid": row["uid"],
        "code": row["code"],
        "procedure": {
            "code": proc.code,
            "name": proc.name,
            "version": version,
            "field": {"code": proc.field_code, "name": proc.field_name},
            "duration": proc.duration,
            "duration_text": duration.describe_vi(),
            "fee_text": proc.fee_text,
            "fee_amount": proc.fee_amount,
            "deciding_agency": proc.deciding_agency,
            "result": proc.result,
        },
        "status": row["status"],
        "status_label": lifecycle.status_label(row["status"]),
        "channel": row["channel"],
        "received_at": row["received_at"],
        "entered_at": row["entered_at"],
        "due_at": row["due_at"],
        "calendar_version": row["calendar_version"],
        "applicant": {
            "name": row["name"],
            "id_number": row["id_number"],
            "phone": row["phone"],
            "email": row["email"],
            "address": row["address"],
        },
        "sets": row["sets"],
        "documents": documents,
        "delivery": row["delivery"],
        "book_no": row["book_no"],
        "entry_no": row["entry_no"],
        "actor": row["actor"],
        "note": row["note"],
        "original_due_at": row["original_due_at"] or row["due_at"],
        "extensions": row["extensions"],
        "paused_at": row["paused_at"],
        "holder": row["holder"],
        "result_at": row["result_at"],
        "returned_at": row["returned_at"],
        "returned_to": row["returned_to"],
        "closed_at": row["closed_at"],
        "fee_paid": row["fee_paid"],
    }
    from desk.attachments import summary

    out["digitisation"] = summary(desk, row, proc)
    if with_events:
        out["events"] = [
            {"id": e.id, "kind": e.kind, "at": e.device_time, "actor": e.actor, "payload": e.payload}
            for e in desk.store.events(dossier_uid=row["uid"])
        ]
    return out


def search(desk: Desk, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Dossiers by code (whole or last part), ID number, phone or name; best matches first."""
    from desk.search import search_ids

    ids = search_ids(desk.store.conn, query, limit)
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    found = {r["id"]: r for r in rows(desk, f"SELECT * FROM dossiers WHERE id IN ({marks})", ids)}
    names = dict(
        desk.store.conn.execute(
            "SELECT catalog_id || ' ' || code, name FROM procedures WHERE (catalog_id, code) IN"
            f" (SELECT catalog_id, procedure_code FROM dossiers WHERE id IN ({marks}))",
            ids,
        ).fetchall()
    )
    out = []
    for i in ids:
        r = found.get(i)
        if r is None:  # the name index is ahead of a damaged projection: «desk rebuild» mends it
            continue
        out.append({
            "uid": r["uid"],
            "code": r["code"],
            "procedure": {"code": r["procedure_code"], "name": names.get(f"{r['catalog_id']} {r['procedure_code']}")},
            "status": r["status"],
            "status_label": lifecycle.status_label(r["status"]),
            "channel": r["channel"],
            "received_at": r["received_at"],
            "due_at": r["due_at"],
            "applicant": {"name": r["name"], "id_number": r["id_number"], "phone": r["phone"],
                          "email": r["email"], "address": r["address"]},
            "sets": r["sets"],
        })  # fmt: skip
    return out


def info(desk: Desk) -> dict[str, Any]:
    """What ``desk info`` shows."""
    s = desk.settings
    cat = bundles.active_catalog(desk)
    conn = desk.store.conn
    cal = bundles.latest_calendar(desk)
    return {
        "agency_code": s.agency_code,
        "agency_name": s.agency_name,
        "parent_name": s.parent_name,
        "place": s.place,
        "desk_slot": s.desk_slot,
        "desk_id": desk.store.meta()["desk_id"],
        "store": str(desk.store.path),
        "schema_version": desk.store.schema_version(),
        "catalog": None
        if cat is None
        else {
            "publisher": cat["publisher_code"],
            "name": cat["publisher_name"],
            "version": cat["version"],
            "effective_from": cat["effective_from"],
            "procedures": conn.execute("SELECT count(*) FROM procedures WHERE catalog_id = ?", (cat["id"],)).fetchone()[
                0
            ],
        },
        # catalogs a lead clerk has not approved yet, and approved ones that come into force later
        "catalogs_awaiting_approval": conn.execute(
            "SELECT count(*) FROM catalogs WHERE approved_at IS NULL"
        ).fetchone()[0],
        "catalogs_scheduled": bundles.scheduled_count(desk),
        "calendar": None if cal is None else cal | {"effective_version": desk.calendar().version},
        "counts": desk.store.counts(),
        # dossiers a merge of per-user stores left out because their code was taken (desk/machine.py): for a lead
        "merge_conflicts": json.loads(desk.store.meta().get("merge_conflicts") or "[]"),
    }


def due_soon_threshold(desk: Desk, now: dt.datetime | None = None) -> dt.datetime:
    """Dossiers due before this instant are «sắp đến hạn» (default: one working day ahead, setting warn_working_days)."""
    now = timeutil.to_vn(now) if now else timeutil.now()
    cal = desk.calendar()
    days = float(desk.store.meta().get("warn_working_days", "1"))
    return add_working_time(now, cal.day_length * days, cal)


# ``desk list`` groups (names as typed on the command line) → desk.queries.ListFilter groups.
LIST_FILTERS = {"today": "today", "due-soon": "due_soon", "overdue": "overdue", "waiting": "waiting",
                "ready": "ready", "open": "open"}  # fmt: skip


def list_codes(desk: Desk, which: str, *, limit: int = 200, now: dt.datetime | None = None) -> list[str]:
    """Codes of the dossiers in one of the LIST_FILTERS groups: received today newest first, others soonest due."""
    from desk.queries import ListFilter

    if which not in LIST_FILTERS:
        raise InvalidInput(f"Nhóm «{which}»: chọn một trong {', '.join(LIST_FILTERS)}.", field="filter")
    now = timeutil.to_vn(now) if now else timeutil.now()
    flt = ListFilter(LIST_FILTERS[which])
    if flt.needs_window:
        flt = flt.with_window(due_soon_threshold(desk, now))
    where, params = flt.where(now)
    order = "id DESC" if which == "today" else "due_at, id"
    found = desk.store.conn.execute(
        f"SELECT code FROM dossiers WHERE {where} ORDER BY {order} LIMIT ?", [*params, limit]
    )
    return [r[0] for r in found]


def intake_supplements(desk: Desk, limit: int = 200) -> list[dict[str, Any]]:
    """The supplement requests given at intake (no dossier, no code), newest first: to find one and print it again."""
    found = desk.store.conn.execute(
        "SELECT id, payload, actor, device_time FROM events WHERE kind = 'intake_supplement_requested'"
        " ORDER BY seq DESC LIMIT ?",
        (limit,),
    ).fetchall()
    names = {}
    out = []
    for event_id, payload, actor, at in found:
        p = json.loads(payload)
        key = (p["procedure"]["catalog_id"], p["procedure"]["code"])
        if key not in names:
            row = desk.store.conn.execute(
                "SELECT name FROM procedures WHERE catalog_id = ? AND code = ?", key
            ).fetchone()
            names[key] = row[0] if row else p["procedure"]["code"]
        out.append({
            "event_id": event_id, "at": p.get("at") or at, "actor": actor, "applicant": p["applicant"],
            "procedure": {"code": p["procedure"]["code"], "name": names[key]}, "missing": len(p.get("missing", [])),
            "reason": p.get("reason"),
        })  # fmt: skip
    return out
