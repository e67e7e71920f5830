"""What each printed form says, gathered from a dossier and its events: the one print path (no reportlab, no Qt).

The CLI, the GUI (at the counter and on a reprint) and the self-check all ask ``printable`` (or ``ledger``) for a
typed ``Printable`` and hand it to ``printing.render``; nobody else assembles a form's data. Every print, file or
paper, is then logged with ``record_print`` (who printed what, when).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desk import audit, bundles, journal, lifecycle, readmodel, roles, timeutil
from desk.appointment import TIMELINESS, add_working_time, timeliness
from desk.calendar import WorkCalendar
from desk.errors import InvalidInput, NotFound
from desk.intake import book_of, missing_documents

if TYPE_CHECKING:
    from desk.service import Desk

FORMS = ("receipt", "supplement", "refusal", "apology", "stop", "control")

# Each form's name, as the law titles it (Circular 03/2025) and as the CLI and the access log say it.
FORM_NAMES = {
    "receipt": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    "supplement": "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    "refusal": "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    "apology": "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    "stop": "Thông báo dừng giải quyết hồ sơ",
    "control": "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    "ledger": "Sổ theo dõi hồ sơ",
    "report": "Báo cáo Biểu II.06a",
}
# The same, short: in a timeline line or a menu.
FORM_SHORT_NAMES = {
    "receipt": "Giấy tiếp nhận",
    "supplement": "Phiếu bổ sung",
    "refusal": "Phiếu từ chối",
    "apology": "Văn bản xin lỗi",
    "stop": "Thông báo dừng",
    "control": "Phiếu kiểm soát",
    "ledger": "Sổ theo dõi",
    "report": "Báo cáo",
}

# The event a form is made from, and what to say when the dossier has none.
_SOURCE = {
    "supplement": ("supplement_requested", "chưa có yêu cầu bổ sung («desk supplement»)"),
    "refusal": ("refused", "chưa bị từ chối («desk refuse»)"),
    "apology": ("apologized_extended", "chưa có văn bản xin lỗi, gia hạn («desk extend»)"),
    "stop": ("stopped", "chưa bị dừng giải quyết («desk stop»)"),
}


@dataclass(frozen=True)
class Header:
    """Who the desk is, as every form's header prints it, and who signs its letters (Mẫu 04, 05)."""

    agency_code: str
    agency_name: str
    parent_name: str | None = None
    place: str | None = None
    signer_authority: str | None = None  # «KT. GIÁM ĐỐC» when a deputy signs
    signer_title: str | None = None  # «GIÁM ĐỐC», «PHÓ GIÁM ĐỐC»
    signer_name: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Printable:
    """Everything one form needs: which form of which set, the desk's header, the dossier as printed, and the
    form's own details (the reasons of a refusal, the hand-overs of a control sheet, …)."""

    form: str  # receipt, supplement, refusal, apology, stop, control, ledger
    form_set: str
    header: Header
    dossier: dict[str, Any] = field(default_factory=dict)  # the JSON of contracts/cli.md, plus actor_name
    extra: dict[str, Any] = field(default_factory=dict)
    code: str | None = None  # the dossier's code; None for a ledger or a supplement request made at intake

    @property
    def entries(self) -> list[dict[str, Any]]:
        """The ledger's rows (ledger only)."""
        return self.extra.get("entries", [])


_FEE_LABEL = re.compile(r"^\s*(?:phí\s*,\s*lệ phí|lệ phí|phí)\s*:\s*", re.IGNORECASE)
_FEE_DASH = re.compile(r"(?:^|\s)-\s+")


def fee_wording(text: str | None, amount: int | None = None) -> str | None:
    """The fee as a receipt prints it after «Phí, lệ phí:»: the catalog's wording without its own label («Lệ phí:»)
    and with its dashed cases joined by «; », else the amount («8.000 đồng»); None when the catalog says nothing."""
    wording = (text or "").strip()
    while _FEE_LABEL.match(wording):
        wording = _FEE_LABEL.sub("", wording, count=1)
    parts = [part.strip(" ;.") for part in _FEE_DASH.split(wording)]
    wording = "; ".join(p for p in parts if p)
    if wording:
        return wording + ("" if wording.endswith((".", ")")) else ".")
    if amount:
        return f"{amount:,} đồng".replace(",", ".")
    return None


def header(desk: Desk) -> Header:
    """Who the desk is, as every form's header prints it."""
    s = desk.settings
    return Header(s.agency_code, s.agency_name, s.parent_name, s.place, s.signer_authority, s.signer_title,
                  s.signer_name)  # fmt: skip


def contact(desk: Desk) -> dict[str, str | None]:
    """Whom the Phiếu yêu cầu bổ sung tells the citizen to call (the desk's settings)."""
    s = desk.settings
    return {"official": s.contact_official, "phone": s.contact_phone}


def printable(desk: Desk, form: str, key: str) -> Printable:
    """A form of one dossier (by code or uid), as printed at the counter or reprinted later."""
    roles.require(desk.store, "print")
    if form not in FORMS:
        raise InvalidInput(f"Mẫu «{form}»: chọn một trong {', '.join(FORMS)} (hoặc ledger).", field="form")
    d = readmodel.dossier(desk, key)
    d["actor_name"] = d["actor"]
    d["result_delivery"] = d["delivery"]
    events = d["events"]
    extra: dict[str, Any] = {}
    if form in _SOURCE:
        kind, missing_text = _SOURCE[form]
        found = [e for e in events if e["kind"] == kind]
        if not found:
            raise InvalidInput(f"Không in được mẫu «{form}»: hồ sơ {d['code']} {missing_text}.", field="form")
        event = found[-1]
        p = event["payload"]
        d["actor_name"] = event["actor"]
        issued = p.get("at")
        if form == "supplement":
            extra = {"missing": [{"name": item} for item in p["items"]], "reason": p["reason"], "issued_at": issued,
                     "contact": contact(desk)}  # fmt: skip
        elif form == "refusal":
            extra = {"reasons": p["reasons"], "issued_at": issued}
        elif form == "apology":
            # sent after the appointment it apologises for (the clerk confirmed it): the letter says so
            extra = {"letter_no": p.get("letter_no"), "original_due_at": p["previous_due_at"],
                     "new_due_at": p["new_due_at"], "late_unit": p["late_unit"], "reason": p["reason"],
                     "issued_at": issued, "late": bool(p.get("sent_after_due"))}  # fmt: skip
        elif form == "stop":
            extra = {"reason": p["reason"], "decided_by": p.get("decided_by"), "letter_no": p.get("letter_no"),
                     "issued_at": issued}  # fmt: skip
    elif form == "control":
        held = _held(desk, d["uid"])
        applied = [e for e in events if e["id"] not in held]
        extra = {
            "handovers": handovers(applied, desk.calendar()),
            "deciding_unit": d["procedure"].get("deciding_agency"),
            "cooperating_units": cooperating_units(applied),
        }
    elif form == "receipt":
        # The slip carries the appointment it was printed with (``receipt_due``), as the ledger does.
        held = _held(desk, d["uid"])
        d["due_at"] = receipt_due([e for e in events if e["id"] not in held])
    return Printable(form, desk.settings.form_set, header(desk), d, extra, d["code"])


def intake_supplement(desk: Desk, event_id: str) -> Printable:
    """The Phiếu yêu cầu bổ sung given at intake to a citizen whose dossier lacked required documents (no code)."""
    roles.require(desk.store, "print")
    row = desk.store.conn.execute("SELECT payload, actor, kind FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None or row[2] != "intake_supplement_requested":
        raise NotFound("Không có phiếu yêu cầu bổ sung nào lập khi tiếp nhận với mã này.", field="event_id")
    p = json.loads(row[0])
    proc = bundles.procedure_snapshot(desk, p["procedure"]["catalog_id"], p["procedure"]["code"])
    missing = [m for m in missing_documents(proc, {d["id"]: d["quantity"] for d in p["submitted"]})
               if m["id"] in p["missing"]]  # fmt: skip
    dossier = {
        "code": None,
        "procedure": {"code": proc.code, "name": proc.name, "version": p["procedure"].get("version")},
        "applicant": p["applicant"],
        "received_at": p["at"],
        "actor_name": row[1],
    }
    extra = {
        # the form's code, so the quantity lands in its column (Bản chính / Bản sao) as on the receipt
        "missing": [{"name": m["name"], "form": m.get("form"), "quantity": m.get("quantity"), "note": m.get("note")}
                    for m in missing],
        "reason": p.get("reason") or "Hồ sơ chưa đủ thành phần theo quy định của thủ tục.",
        "issued_at": p["at"],
        "contact": contact(desk),
    }  # fmt: skip
    return Printable("supplement", desk.settings.form_set, header(desk), dossier, extra, None)


def cooperating_units(events: list[dict[str, Any]]) -> list[str]:
    """The bodies named as cooperating at any hand-over, in the order they were first named."""
    named = [u for e in events if e["kind"] == "transferred" for u in e["payload"].get("with_units") or []]
    return list(dict.fromkeys(named))


def handovers(events: list[dict[str, Any]], calendar: WorkCalendar) -> list[dict[str, Any]]:
    """The control sheet's rows: each hand-over, judged by when the next one (or the result) came.

    A step's deadline moves by the working time the dossier waited for a supplement during that step.
    """
    steps = [e for e in events if e["kind"] in ("transferred", "result_ready")]
    waits = [e["payload"] for e in events if e["kind"] == "supplement_received"]
    rows = []
    for i, e in enumerate(steps):
        if e["kind"] != "transferred":
            continue
        p = e["payload"]
        done = steps[i + 1]["payload"]["at"] if i + 1 < len(steps) else None
        result, step_due_at = None, p.get("step_due_at")
        if step_due_at:
            start = timeutil.parse_instant(p["at"])
            end = timeutil.parse_instant(done) if done else None
            waited = 0
            for w in waits:
                paused = timeutil.parse_instant(w["paused_at"])
                if start <= paused and (end is None or paused < end):
                    waited += w["waited_minutes"]
            step_due = add_working_time(timeutil.parse_instant(step_due_at), dt.timedelta(minutes=waited), calendar)
            step_due_at = timeutil.iso(step_due)
            if end is not None:
                result = TIMELINESS[timeliness(end, step_due)]
        rows.append({
            "from_unit": p["from_unit"], "from_person": p["from_person"], "to_unit": p["to_unit"],
            "to_person": p.get("to_person"), "at": p["at"], "step_due_at": step_due_at, "result": result,
            "note": p.get("note"),
        })  # fmt: skip
    return rows


def receipt_due(events: list[dict[str, Any]]) -> str | None:
    """The appointment a receipt of the dossier shows, and so the ledger's «Ngày hẹn trả»: the one set at receipt,
    or moved by a supplement received (the clock stopped while the citizen was away, and a receipt with the new
    appointment is handed over). An extension is announced by its own letter (Mẫu 04); the ledger notes it."""
    set_by = [e for e in events if e["kind"] in ("received", "supplement_received")]
    return set_by[-1]["payload"]["due_at"] if set_by else None


def _held(desk: Desk, uid: str) -> set[str]:
    """Events from the server set aside as conflicts: they never applied to the dossier, so no form reads them."""
    rows = desk.store.conn.execute("SELECT event_id FROM sync_conflicts WHERE dossier_uid = ?", (uid,))
    return {r[0] for r in rows}


def _day(value: str | None) -> str:
    """dd/mm/yyyy in Vietnam time, as the ledger's columns write dates."""
    return f"{timeutil.parse_instant(value):%d/%m/%Y}" if value else ""


def _moment(value: str | None) -> str:
    return f"{timeutil.parse_instant(value):%H:%M %d/%m/%Y}" if value else ""


def ledger_notes(events: list[dict[str, Any]], status: int) -> list[str]:
    """The ledger's Ghi chú of one dossier, in the order things happened: supplements asked and brought (with the
    appointment the supplement replaced), extensions (with the letter's number and the new appointment), refusal,
    withdrawal, stop, a return by post — and «đang chờ bổ sung» while the citizen is away."""
    notes: list[str] = []
    due = None
    for e in events:
        kind, p = e["kind"], e["payload"]
        at = _day(p.get("at"))
        if kind == "received":
            due = p["due_at"]
        elif kind == "supplement_requested":
            notes.append(f"Yêu cầu bổ sung {at}")
        elif kind == "supplement_received":
            notes.append(f"Nhận bổ sung {at}, hẹn trả trước đó {_moment(due)}")
            due = p["due_at"]
        elif kind == "apologized_extended":
            letter = f" (văn bản số {p['letter_no']})" if p.get("letter_no") else ""
            notes.append(f"Gia hạn{letter} đến {_moment(p['new_due_at'])}")
        elif kind == "refused":
            notes.append(f"Từ chối giải quyết {at}")
        elif kind == "withdrawn":
            notes.append(f"Công dân rút hồ sơ {at}")
        elif kind == "stopped":
            letter = f" (thông báo số {p['letter_no']})" if p.get("letter_no") else ""
            notes.append(f"Dừng giải quyết {at}{letter}")
        elif kind == "result_returned" and p.get("by_post"):
            tracking = f", mã bưu gửi {p['post_tracking']}" if p.get("post_tracking") else ""
            notes.append(f"Trả qua bưu chính{tracking}")
    if status == lifecycle.WAITING:
        notes.append("Đang chờ bổ sung")
    return notes


_LEDGER_KINDS = ("received", "supplement_requested", "supplement_received", "apologized_extended", "refused",
                 "withdrawn", "stopped", "result_returned")  # fmt: skip


def ledger(desk: Desk, date_from: dt.date, date_to: dt.date) -> Printable:
    """The Sổ theo dõi hồ sơ of the dossiers received in a period, as the book is kept: each row is the entry whose
    Số thứ tự the receipt printed (within its Quyển số), its «Ngày hẹn trả» the appointment on the receipt
    (``receipt_due``), and what happened later in Ghi chú (``ledger_notes``); a refused dossier has no appointment."""
    roles.require(desk.store, "report")
    if date_to < date_from:
        raise InvalidInput("--to phải không trước --from.", field="to")
    period = (date_from.isoformat(), date_to.isoformat())
    found = readmodel.rows(
        desk,
        "SELECT d.*, p.name AS procedure_name FROM dossiers d"
        " JOIN procedures p ON p.catalog_id = d.catalog_id AND p.code = d.procedure_code"
        " WHERE d.receipt_date BETWEEN ? AND ? ORDER BY d.book_no, d.entry_no, d.id",
        period,
    ).fetchall()
    marks = ",".join("?" * len(_LEDGER_KINDS))
    history: dict[str, list[dict[str, Any]]] = {}
    for uid, kind, payload in desk.store.conn.execute(
        "SELECT e.dossier_uid, e.kind, e.payload FROM events e JOIN dossiers d ON d.uid = e.dossier_uid"
        f" WHERE d.receipt_date BETWEEN ? AND ? AND e.kind IN ({marks})"
        " AND e.id NOT IN (SELECT event_id FROM sync_conflicts) ORDER BY e.seq",
        (*period, *_LEDGER_KINDS),
    ):
        history.setdefault(uid, []).append({"kind": kind, "payload": json.loads(payload)})
    entries = []
    for r in found:
        events = history.get(r["uid"], [])
        notes = ledger_notes(events, r["status"])
        if r["note"]:
            notes.append(r["note"])
        refused = r["status"] == lifecycle.Status.NOT_ACCEPTED
        entries.append({
            "code": r["code"], "procedure": {"code": r["procedure_code"], "name": r["procedure_name"]},
            "sets": r["sets"], "applicant": {"name": r["name"], "address": r["address"], "phone": r["phone"]},
            "received_at": r["received_at"], "due_at": None if refused else receipt_due(events) or r["due_at"],
            "returned_at": r["returned_at"], "returned_to": r["returned_to"], "note": "; ".join(notes) or None,
            "book_no": r["book_no"], "entry_no": r["entry_no"],
        })  # fmt: skip
    books = sorted({e["book_no"] for e in entries}) or sorted({book_of(date_from), book_of(date_to)})
    extra = {"entries": entries, "date_from": date_from, "date_to": date_to, "books": books}
    return Printable("ledger", desk.settings.form_set, header(desk), {}, extra, None)


def record_print(
    desk: Desk,
    form: str,
    *,
    actor: str,
    code: str | None = None,
    target: str = "pdf",
    detail: dict[str, Any] | None = None,
) -> None:
    """Log that a form left the PC on paper or as a file (personal data: who printed what, when)."""
    uid = None
    if code is not None:
        uid = readmodel.dossier_row(desk, code)["uid"]
    payload = {"form": form, "target": target, "code": code, **(detail or {})}
    action = "export" if form == "report" or target == "xlsx" else "print"
    where = {"printer": "máy in", "pdf": "tệp PDF", "xlsx": "tệp Excel"}.get(target, target)
    with desk.store.write() as conn:
        journal.record(desk.store, conn, kind="printed", payload=payload, actor=actor, dossier_uid=uid)
        audit.record(desk.store, action, f"{FORM_NAMES.get(form, form)} → {where}", code=code, conn=conn)
