"""The data each printed form needs, gathered from a dossier and its events (no reportlab, no Qt here).

The CLI and the GUI both call these, then hand the result to ``printing``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from desk import timeutil
from desk.appointment import TIMELINESS, add_working_time, timeliness
from desk.calendar import WorkCalendar
from desk.errors import InvalidInput

if TYPE_CHECKING:
    from desk.service import Desk

FORMS = ("receipt", "supplement", "refusal", "apology", "stop", "control")

# The event a form is made from, and what to say when the dossier has none.
_SOURCE = {
    "supplement": ("supplement_requested", "chưa có yêu cầu bổ sung («desk supplement»)"),
    "refusal": ("refused", "chưa bị từ chối («desk refuse»)"),
    "apology": ("apologized_extended", "chưa có văn bản xin lỗi, gia hạn («desk extend»)"),
    "stop": ("stopped", "chưa bị dừng giải quyết («desk stop»)"),
}


def desk_header(desk: Desk) -> dict[str, Any]:
    """Who the desk is, as every form's header prints it."""
    s = desk.settings
    return {"agency_code": s.agency_code, "agency_name": s.agency_name, "parent_name": s.parent_name, "place": s.place}


def form_set(desk: Desk) -> str:
    """The form set the province chose (configuration ``form_set``; default Circular 03/2025)."""
    return desk.store.meta().get("form_set", "tt03-2025")


def form_args(desk: Desk, form: str, code: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(dossier for printing, the form's extra keyword arguments) for ``printing.build_form``."""
    if form not in FORMS:
        raise InvalidInput(f"Mẫu «{form}»: chọn một trong {', '.join(FORMS)} (hoặc ledger).", field="form")
    d = desk.dossier(code)
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
            extra = {"missing": [{"name": item} for item in p["items"]], "reason": p["reason"], "issued_at": issued}
        elif form == "refusal":
            extra = {"reasons": p["reasons"], "issued_at": issued}
        elif form == "apology":
            extra = {"letter_no": p.get("letter_no"), "original_due_at": p["previous_due_at"],
                     "new_due_at": p["new_due_at"], "late_unit": p["late_unit"], "reason": p["reason"],
                     "issued_at": issued}  # fmt: skip
        elif form == "stop":
            extra = {"reason": p["reason"], "decided_by": p.get("decided_by"), "issued_at": issued}
    elif form == "control":
        extra = {
            "handovers": handovers(events, desk.calendar()),
            "deciding_unit": d["procedure"].get("deciding_agency"),
        }
    elif form == "receipt":
        # The slip carries the appointment it was printed with: the one set at receipt, or moved by a supplement;
        # an extension is announced by its own letter (Mẫu 04), not by a reprinted slip.
        set_by = [e for e in events if e["kind"] in ("received", "supplement_received")]
        d["due_at"] = set_by[-1]["payload"]["due_at"]
    return d, extra


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


_CLOSED_NOTE = {3: "Từ chối giải quyết", 7: "Công dân rút hồ sơ", 8: "Dừng giải quyết"}


def ledger_entries(desk: Desk, date_from: dt.date, date_to: dt.date) -> list[dict[str, Any]]:
    """Rows of the Sổ theo dõi hồ sơ for dossiers received in a period, in book order."""
    if date_to < date_from:
        raise InvalidInput("--to phải không trước --from.", field="to")
    rows = desk._rows(
        "SELECT d.*, p.name AS procedure_name FROM dossiers d"
        " JOIN procedures p ON p.catalog_id = d.catalog_id AND p.code = d.procedure_code"
        " WHERE d.receipt_date BETWEEN ? AND ? ORDER BY d.book_no, d.entry_no, d.id",
        (date_from.isoformat(), date_to.isoformat()),
    )
    out = []
    for r in rows:
        notes = [_CLOSED_NOTE[r["status"]]] if r["status"] in _CLOSED_NOTE else []
        if r["extensions"]:
            notes.append("Đã gia hạn")
        if r["note"]:
            notes.append(r["note"])
        out.append({
            "code": r["code"], "procedure": {"code": r["procedure_code"], "name": r["procedure_name"]},
            "sets": r["sets"], "applicant": {"name": r["name"], "address": r["address"], "phone": r["phone"]},
            "received_at": r["received_at"], "due_at": r["due_at"], "returned_at": r["returned_at"],
            "returned_to": r["returned_to"], "note": "; ".join(notes) or None, "book_no": r["book_no"],
            "entry_no": r["entry_no"],
        })  # fmt: skip
    return out
