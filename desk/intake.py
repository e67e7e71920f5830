"""Intake: a citizen's dossier checked field by field, given its code, appointment and ledger entry, and recorded —
or, when required documents are missing, the guidance given instead (no code is issued).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desk import bundles, db, journal, lifecycle, timeutil
from desk import validation as v
from desk.appointment import Duration, compute_due
from desk.catalog import FORMS, Procedure
from desk.errors import InvalidInput, Problem
from desk.ids import uuid7
from desk.projections import SLOT_WIDTH
from desk.text import clean

if TYPE_CHECKING:
    from desk.service import Desk

DELIVERY = {"desk": "Tại Bộ phận tiếp nhận và trả kết quả", "post": "Qua dịch vụ bưu chính công ích"}


@dataclass
class ReceiveRequest:
    """What the clerk enters to receive a dossier."""

    procedure: str
    name: str
    id_number: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    sets: int = 1
    documents: dict[str, int] | None = None  # doc id -> quantity; None = every required one
    received_at: dt.datetime | None = None  # None = now; earlier = a paper receipt entered late
    note: str | None = None
    channel: int = 1
    delivery: str = "desk"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Checked:
    """An intake whose fields have all been checked and cleaned."""

    received_at: dt.datetime
    name: str
    ident: v.IdNumber | None
    phone: str | None
    email: str | None
    address: str | None
    note: str | None
    proc: Procedure
    cat: dict[str, Any]
    documents: list[dict[str, Any]]

    def applicant(self) -> dict[str, Any]:
        return {"name": self.name, "id_number": self.ident.value if self.ident else None, "phone": self.phone,
                "email": self.email, "address": self.address}  # fmt: skip


def check(desk: Desk, req: ReceiveRequest, now: dt.datetime, *, documents_complete: bool = True) -> Checked:
    """Every field of an intake checked at once; returns the cleaned values or raises one InvalidInput with every
    problem and its field."""
    problems: list[Problem] = []

    def checked(fn, *args, **kwargs):  # collect every field's problems, not just the first
        try:
            return fn(*args, **kwargs)
        except InvalidInput as exc:
            problems.extend(exc.problems)
            return None

    received_at = timeutil.to_vn(req.received_at) if req.received_at else now
    if received_at > now:
        problems.append(Problem("received_at",
            f"Thời điểm tiếp nhận {timeutil.iso(received_at)} ở tương lai (bây giờ là {timeutil.iso(now)}). "
            "Chỉ nhập lại hồ sơ đã nhận trên giấy với thời điểm đã qua."))  # fmt: skip
    name = checked(v.person_name, req.name)
    ident = checked(v.id_number, req.id_number) if clean(req.id_number) else None
    phone = checked(v.phone, req.phone) if clean(req.phone) else None
    email = checked(v.email, req.email) if clean(req.email) else None
    address = checked(v.free_text, req.address, "address", "Địa chỉ", max_len=300)
    note = checked(v.free_text, req.note, "note", "Ghi chú", max_len=1000)
    if not isinstance(req.sets, int) or not 1 <= req.sets <= 99:
        problems.append(Problem("sets", f"Số lượng hồ sơ {req.sets}: phải là số nguyên từ 1 đến 99 (bộ)."))
    if req.channel not in lifecycle.CHANNEL_LABELS:
        problems.append(Problem("channel",
            f"Kênh tiếp nhận {req.channel}: phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính)."))  # fmt: skip
    if req.delivery not in DELIVERY:
        problems.append(Problem("delivery",
            f"Nơi nhận kết quả «{req.delivery}»: phải là desk (tại bộ phận) hoặc post (bưu chính)."))  # fmt: skip
    proc = cat = None
    try:
        proc, cat = bundles.procedure(desk, req.procedure, received_at.date())
    except InvalidInput as exc:
        problems.append(Problem("procedure", exc.message))
    documents: list[dict[str, Any]] = []
    if proc is not None:
        documents = checked(documents_submitted, proc, req.documents, require_all=documents_complete) or []
    if problems:
        raise InvalidInput.of(problems, "Hồ sơ chưa hợp lệ")
    assert proc is not None and cat is not None and name is not None
    return Checked(received_at, name, ident, phone, email, address, note, proc, cat, documents)


def receive(desk: Desk, req: ReceiveRequest, *, actor: str, now: dt.datetime | None = None) -> dict[str, Any]:
    """Check a dossier, issue its code and appointment, and record it — all or nothing."""
    from desk import readmodel

    now = timeutil.to_vn(now) if now else timeutil.now()
    checked = check(desk, req, now)
    received_at, ident, proc, cat = checked.received_at, checked.ident, checked.proc, checked.cat
    cal = desk.calendar()
    due_at = compute_due(received_at, Duration.from_catalog(proc.duration), cal)
    settings = desk.settings
    day = received_at.date()
    uid = uuid7()
    with desk.store.write() as conn:
        order = next_order(conn, settings.agency_code, settings.desk_slot, day)
        code = f"{settings.agency_code}-{day:%y%m%d}-{order:04d}"
        book_no = book_of(day)
        entry_no = next_entry(conn, book_no)
        payload = {
            "code": code,
            "agency_code": settings.agency_code,
            "receipt_date": day.isoformat(),
            "order": order,
            "procedure": {
                "code": proc.code,
                "catalog_id": cat["id"],
                "version": cat["version"],
                "field_code": proc.field_code,
            },
            "applicant": checked.applicant() | {"id_kind": ident.kind if ident else None},
            "sets": req.sets,
            "documents": checked.documents,
            "channel": req.channel,
            "delivery": req.delivery,
            "received_at": timeutil.iso(received_at),
            "due_at": timeutil.iso(due_at),
            "calendar_version": cal.version,
            "book_no": book_no,
            "entry_no": entry_no,
            "note": checked.note,
        }
        journal.record(desk.store, conn, kind="received", payload=payload, actor=actor, dossier_uid=uid,
                       device_time=now)  # fmt: skip
    return readmodel.dossier(desk, code, with_events=False, proc=proc, catalog_version=cat["version"])


def missing_documents(proc: Procedure, given: dict[str, int] | None) -> list[dict[str, Any]]:
    """The required documents of a procedure that ``given`` lacks (what a supplement request lists)."""
    given = given or {}
    return [
        {"id": d.id, "name": d.name, "form": d.form, "form_label": FORMS.get(d.form or ""),
         "quantity": d.quantity, "note": d.note}
        for d in proc.documents
        if d.required and d.id not in given
    ]  # fmt: skip


def request_supplement_at_intake(
    desk: Desk, req: ReceiveRequest, *, actor: str, reason: str | None = None, now: dt.datetime | None = None
) -> dict[str, Any]:
    """An incomplete dossier is not received: record the guidance given (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ).

    The procedure is the one in force when the citizen came (``received_at``). Returns the recorded event's id with
    what the printed form shows. No code is issued.
    """
    now = timeutil.to_vn(now) if now else timeutil.now()
    c = check(desk, req, now, documents_complete=False)
    missing = missing_documents(c.proc, {d["id"]: d["quantity"] for d in c.documents})
    if not missing:
        raise InvalidInput(
            "Hồ sơ đã đủ giấy tờ bắt buộc: tiếp nhận hồ sơ thay vì lập phiếu yêu cầu bổ sung.", field="documents"
        )
    payload = {
        "procedure": {"code": c.proc.code, "catalog_id": c.cat["id"], "version": c.cat["version"]},
        "applicant": c.applicant(),
        "submitted": c.documents,
        "missing": [m["id"] for m in missing],
        "reason": clean(reason) or None,
        "at": timeutil.iso(c.received_at),
    }
    with desk.store.write() as conn:
        event = journal.record(desk.store, conn, kind="intake_supplement_requested", payload=payload, actor=actor,
                               device_time=now)  # fmt: skip
    return {
        "event_id": event.id,
        "code": None,
        "procedure": {"code": c.proc.code, "name": c.proc.name, "version": c.cat["version"]},
        "applicant": c.applicant(),
        "received_at": timeutil.iso(c.received_at),
        "documents": c.documents,
        "missing": missing,
        "reason": payload["reason"],
        "actor": actor,
    }


def due(desk: Desk, procedure_code: str, at: dt.datetime) -> dict[str, Any]:
    """The appointment for a dossier of a procedure received at ``at``, computed, not saved."""
    at = timeutil.to_vn(at)
    proc, cat = bundles.procedure(desk, procedure_code, at.date())
    cal = desk.calendar()
    duration = Duration.from_catalog(proc.duration)
    return {
        "procedure": proc.code,
        "received_at": timeutil.iso(at),
        "due_at": timeutil.iso(compute_due(at, duration, cal)),
        "calendar_version": cal.version,
        "duration": duration.describe_vi(),
        "catalog_version": cat["version"],
    }


def documents_submitted(
    proc: Procedure, given: dict[str, int] | None, *, require_all: bool = True
) -> list[dict[str, Any]]:
    """The documents list of a dossier; refuses unknown ids, bad quantities and (when asked) missing required ones."""
    by_id = {d.id: d for d in proc.documents}
    if given is None:
        return [{"id": d.id, "form": d.form, "quantity": d.quantity or 1} for d in proc.documents if d.required]
    errors = []
    for doc_id, qty in given.items():
        if doc_id not in by_id:
            known = ", ".join(by_id) or "không có"
            errors.append(f"Giấy tờ «{doc_id}» không thuộc thủ tục {proc.code} (các mã giấy tờ: {known}).")
        elif not isinstance(qty, int) or not 1 <= qty <= 999:
            errors.append(f"Số lượng giấy tờ «{doc_id}» = {qty}: phải là số nguyên từ 1 đến 999.")
    missing = [d for d in proc.documents if d.required and d.id not in given]
    if missing and require_all:
        listed = "; ".join(f"{d.id}: {d.name}" for d in missing)
        errors.append(
            f"Thiếu giấy tờ bắt buộc của thủ tục {proc.code}: {listed}. Lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."
        )
    if errors:
        raise InvalidInput.of([Problem("documents", e) for e in errors], "Giấy tờ chưa hợp lệ")
    return [{"id": d.id, "form": d.form, "quantity": given[d.id]} for d in proc.documents if d.id in given]


def next_order(conn: db.Connection, agency_code: str, slot: int, day: dt.date) -> int:
    """The next order number of a desk slot on a day; refused past the slot's 999 numbers."""
    base = slot * SLOT_WIDTH
    row = conn.execute(
        "SELECT last_order FROM code_counters WHERE agency_code = ? AND day = ? AND slot = ?",
        (agency_code, day.isoformat(), slot),
    ).fetchone()
    last = row[0] if row else base
    if last >= base + SLOT_WIDTH - 1:
        raise InvalidInput(
            f"Bàn số {slot} đã cấp hết {SLOT_WIDTH - 1} mã hồ sơ của ngày {day:%d/%m/%Y}. "
            "Tiếp nhận tiếp ở bàn khác (số hiệu khác)."
        )
    return last + 1


def book_of(day: dt.date) -> int:
    """The Quyển số of the Sổ theo dõi hồ sơ a dossier received on ``day`` is entered in: one book a year."""
    return day.year


def next_entry(conn: db.Connection, book_no: int) -> int:
    """The next Số thứ tự in a ledger book (one book a year)."""
    row = conn.execute("SELECT last_entry FROM ledger_books WHERE book_no = ?", (book_no,)).fetchone()
    return (row[0] if row else 0) + 1
