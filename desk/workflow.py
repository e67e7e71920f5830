"""The workflow commands after intake (domain.md §3): hand-overs, supplements, refusals, withdrawals, stops,
apologies and extensions, results, returns, fees, corrections. Each builds its step's payload from what the clerk
typed, checks it against the lifecycle (desk/lifecycle.py) and records it through the one write path
(desk/journal.py), inside the write lock.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from desk import journal, letters, lifecycle, readmodel, timeutil
from desk import validation as v
from desk.appointment import add_working_time, timeliness, working_time_between
from desk.errors import InvalidInput
from desk.lifecycle import CORRECTABLE
from desk.text import clean

if TYPE_CHECKING:
    from desk.service import Desk


def _check_transition(kind: str, row: Any) -> None:
    reason = lifecycle.why_not(kind, row["status"], row["code"])
    if reason is not None:
        raise InvalidInput(reason, field="status")


def _record(desk: Desk, row: Any, kind: str, payload: dict[str, Any], actor: str, now: dt.datetime) -> dict[str, Any]:
    with desk.store.write() as conn:
        # Checked again inside the write lock: another worker may have moved the dossier meanwhile.
        fresh = conn.execute("SELECT status, code FROM dossiers WHERE uid = ?", (row["uid"],)).fetchone()
        _check_transition(kind, {"status": fresh[0], "code": fresh[1]})
        if kind in letters.LETTER_KINDS and not payload.get("letter_no"):
            _number_letter(desk, conn, kind, payload, now)
        journal.record(desk.store, conn, kind=kind, payload=payload, actor=actor, dossier_uid=row["uid"],
                       device_time=now)  # fmt: skip
    return readmodel.dossier(desk, row["code"])


def _number_letter(desk: Desk, conn: Any, kind: str, payload: dict[str, Any], now: dt.datetime) -> None:
    """The desk's next number for a letter of this kind in the year it is dated (the counter is a projection of
    these payload keys, desk/letters.py), written with the event in one transaction."""
    s = desk.settings
    year = now.year
    seq = letters.next_seq(conn, year, kind)
    payload["letter_no"] = letters.format_number(s.letter_no_pattern, n=seq, year=year, kind=kind, slot=s.desk_slot)
    payload["letter_seq"] = seq
    payload["letter_year"] = year


def _now(now: dt.datetime | None) -> dt.datetime:
    return timeutil.to_vn(now) if now else timeutil.now()


def _when(at: dt.datetime | None, now: dt.datetime, row: Any, label: str) -> dt.datetime:
    """The instant an action happened: now, or earlier (entered late), never in the future or before receipt."""
    when = timeutil.to_vn(at) if at else now
    if when > now:
        raise InvalidInput(f"{label} {timeutil.iso(when)} ở tương lai.", field="at")
    if when < timeutil.parse_instant(row["received_at"]):
        raise InvalidInput(
            f"{label} {timeutil.iso(when)} trước lúc tiếp nhận hồ sơ ({row['received_at']}).", field="at"
        )
    return when


def _required(text: str | None, label: str, field: str) -> str:
    value = clean(text)
    if not value:
        raise InvalidInput(f"{label}: chưa nhập.", field=field)
    return value


def transfer(desk: Desk, code: str, *, to_unit: str, actor: str, to_person: str | None = None,
             from_unit: str | None = None, from_person: str | None = None, step_due_at: dt.datetime | None = None,
             step_working_days: float | None = None, note: str | None = None, at: dt.datetime | None = None,
             with_units: list[str] | None = None, now: dt.datetime | None = None) -> dict[str, Any]:  # fmt: skip
    """Hand the dossier over (giao) to a unit or official, or back; each hand-over has the deadline of its step.
    ``with_units`` are the bodies that cooperate in this step (the control sheet's «Cơ quan phối hợp»)."""
    row, now = readmodel.dossier_row(desk, code), _now(now)
    _check_transition("transferred", row)
    when = _when(at, now, row, "Thời điểm giao")
    if step_due_at is None and step_working_days is not None:
        if step_working_days <= 0:
            raise InvalidInput("Thời hạn của bước: phải là số ngày làm việc dương.", field="step_due_at")
        cal = desk.calendar()
        step_due_at = add_working_time(when, cal.day_length * step_working_days, cal)
    if step_due_at is not None and timeutil.to_vn(step_due_at) < when:
        raise InvalidInput("Hạn của bước xử lý không được trước thời điểm giao.", field="step_due_at")
    # Without a deadline of its own, a step is due with the dossier (already past for a late dossier: it shows).
    step_due = timeutil.to_vn(step_due_at) if step_due_at else timeutil.parse_instant(row["due_at"])
    payload = {
        "from_unit": clean(from_unit) or row["holder"] or desk.settings.agency_name,
        "from_person": clean(from_person) or actor,
        "to_unit": _required(to_unit, "Đơn vị nhận hồ sơ", "to_unit"),
        "to_person": clean(to_person) or None,
        "at": timeutil.iso(when),
        "step_due_at": timeutil.iso(step_due),
        "note": clean(note) or None,
    }
    cooperating = list(dict.fromkeys(clean(u) for u in (with_units or []) if clean(u)))
    if any(len(u) > 200 for u in cooperating):
        raise InvalidInput("Cơ quan phối hợp: mỗi tên tối đa 200 ký tự.", field="with_units")
    if cooperating:
        payload["with_units"] = cooperating
    return _record(desk, row, "transferred", payload, actor, now)


def request_supplement(desk: Desk, code: str, *, items: list[str], reason: str, actor: str,
                       at: dt.datetime | None = None, now: dt.datetime | None = None) -> dict[str, Any]:  # fmt: skip
    """Ask the citizen for everything missing at once; the clock stops until it arrives."""
    row, now = readmodel.dossier_row(desk, code), _now(now)
    _check_transition("supplement_requested", row)
    wanted = [clean(i) for i in items if clean(i)]
    if not wanted:
        raise InvalidInput("Yêu cầu bổ sung: cần ít nhất một nội dung cần bổ sung, hoàn thiện.", field="items")
    when = _when(at, now, row, "Thời điểm yêu cầu bổ sung")
    payload = {
        "items": wanted,
        "reason": _required(reason, "Lý do yêu cầu bổ sung", "reason"),
        "at": timeutil.iso(when),
    }
    return _record(desk, row, "supplement_requested", payload, actor, now)


def receive_supplement(desk: Desk, code: str, *, actor: str, note: str | None = None, at: dt.datetime | None = None,
                       now: dt.datetime | None = None) -> dict[str, Any]:  # fmt: skip
    """The citizen brought the supplement: the clock resumes and the appointment moves by the time waited."""
    row, now = readmodel.dossier_row(desk, code), _now(now)
    _check_transition("supplement_received", row)
    when = _when(at, now, row, "Thời điểm nhận bổ sung")
    paused = timeutil.parse_instant(row["paused_at"])
    if when < paused:
        raise InvalidInput("Thời điểm nhận bổ sung không được trước lúc yêu cầu bổ sung.", field="at")
    cal = desk.calendar()
    old_due = timeutil.parse_instant(row["due_at"])
    waited = working_time_between(paused, when, cal)
    new_due = add_working_time(old_due, waited, cal)
    payload = {
        "at": timeutil.iso(when),
        "paused_at": row["paused_at"],
        "waited_minutes": int(waited.total_seconds() // 60),
        "previous_due_at": row["due_at"],
        "due_at": timeutil.iso(new_due),
        "calendar_version": cal.version,
        "note": clean(note) or None,
    }
    return _record(desk, row, "supplement_received", payload, actor, now)


def refuse(desk: Desk, code: str, *, reasons: list[str], actor: str, now: dt.datetime | None = None) -> dict[str, Any]:
    """Refuse to settle the dossier, with the reasons (Phiếu từ chối)."""
    row, now = readmodel.dossier_row(desk, code), _now(now)
    _check_transition("refused", row)
    listed = [clean(r) for r in reasons if clean(r)]
    if not listed:
        raise InvalidInput("Từ chối: cần ghi rõ lý do.", field="reasons")
    return _record(desk, row, "refused", {"reasons": listed, "at": timeutil.iso(now)}, actor, now)


def withdraw(
    desk: Desk, code: str, *, actor: str, reason: str | None = None, now: dt.datetime | None = None
) -> dict[str, Any]:
    """The citizen withdraws the dossier (status 7)."""
    row, now = readmodel.dossier_row(desk, code), _now(now)
    _check_transition("withdrawn", row)
    return _record(desk, row, "withdrawn", {"reason": clean(reason) or None, "at": timeutil.iso(now)}, actor, now)


def stop(desk: Desk, code: str, *, reason: str, actor: str, decided_by: str | None = None,
         letter_no: str | None = None, now: dt.datetime | None = None) -> dict[str, Any]:  # fmt: skip
    """Stop processing with a reason (status 8) and send the Thông báo dừng giải quyết hồ sơ (Mẫu 05), numbered by
    the desk unless the clerk gives the records office's number."""
    row, now = readmodel.dossier_row(desk, code), _now(now)
    _check_transition("stopped", row)
    payload = {"reason": _required(reason, "Lý do dừng giải quyết", "reason"), "decided_by": clean(decided_by) or None,
               "letter_no": _letter_no(letter_no), "at": timeutil.iso(now)}  # fmt: skip
    return _record(desk, row, "stopped", payload, actor, now)


def _letter_no(text: str | None) -> str | None:
    """A letter number given by the clerk (the records office's), checked; None to let the desk number it."""
    value = clean(text)
    if len(value) > 60 or any(ch in value for ch in "\r\n\t"):
        raise InvalidInput(f"Số văn bản «{value[:60]}…»: tối đa 60 ký tự.", field="letter_no")
    return value or None


def extend(desk: Desk, code: str, *, new_due_at: dt.datetime, reason: str, late_unit: str, actor: str,
           letter_no: str | None = None, late_notice: bool = False,
           now: dt.datetime | None = None) -> dict[str, Any]:  # fmt: skip
    """Apology and new appointment (Mẫu 04): the new appointment counts from now on; the first one is kept.

    The law asks for the letter no later than the appointment it apologises for. One sent after it is refused unless
    the clerk confirms they know it is late (``late_notice``); the letter then says so.
    """
    row, now = readmodel.dossier_row(desk, code), _now(now)
    _check_transition("apologized_extended", row)
    current = timeutil.parse_instant(row["due_at"])
    new_due = timeutil.to_vn(new_due_at)
    if new_due <= current:
        raise InvalidInput(
            f"Hẹn trả mới {timeutil.iso(new_due)} phải sau hẹn trả hiện tại {timeutil.iso(current)}.",
            field="new_due_at",
        )
    cal = desk.calendar()
    if not cal.is_working_day(new_due.date()):
        raise InvalidInput(
            f"Hẹn trả mới rơi vào ngày nghỉ {new_due:%d/%m/%Y}: chọn một ngày làm việc.", field="new_due_at"
        )
    if now > current and not late_notice:
        raise InvalidInput(
            f"Hẹn trả {current:%H:%M} ngày {current:%d/%m/%Y} đã qua: văn bản xin lỗi phải gửi chậm nhất vào thời "
            "điểm hẹn trả. Nếu vẫn gửi, xác nhận là gửi muộn (--late-notice); văn bản sẽ ghi rõ việc này.",
            field="late_notice",
        )
    payload = {
        "reason": _required(reason, "Lý do chậm", "reason"),
        "late_unit": _required(late_unit, "Đơn vị làm chậm", "late_unit"),
        "letter_no": _letter_no(letter_no),
        "previous_due_at": row["due_at"],
        "original_due_at": row["original_due_at"] or row["due_at"],
        "new_due_at": timeutil.iso(new_due),
        "at": timeutil.iso(now),
        "sent_after_due": now > current,  # the law asks for the letter no later than the appointment
    }
    return _record(desk, row, "apologized_extended", payload, actor, now)


def result_ready(desk: Desk, code: str, *, actor: str, result: str | None = None, at: dt.datetime | None = None,
                 now: dt.datetime | None = None) -> dict[str, Any]:  # fmt: skip
    """The result is at the desk (status 9); classified against the appointment in force."""
    row, now = readmodel.dossier_row(desk, code), _now(now)
    _check_transition("result_ready", row)
    when = _when(at, now, row, "Thời điểm có kết quả")
    payload = {
        "at": timeutil.iso(when),
        "result": clean(result) or None,
        "timeliness": timeliness(when, timeutil.parse_instant(row["due_at"])),
        "timeliness_original": timeliness(when, timeutil.parse_instant(row["original_due_at"] or row["due_at"])),
    }
    return _record(desk, row, "result_ready", payload, actor, now)


def return_result(desk: Desk, code: str, *, actor: str, collected_by: str | None = None,
                  id_number: str | None = None, by_post: bool = False, post_tracking: str | None = None,
                  at: dt.datetime | None = None, now: dt.datetime | None = None) -> dict[str, Any]:  # fmt: skip
    """The result handed to the citizen at the desk (who collected it, the ID shown) or sent by post (nobody signs
    for it at the desk: the post's tracking number instead), and when."""
    from desk.attachments import return_refusal

    row, now = readmodel.dossier_row(desk, code), _now(now)
    _check_transition("result_returned", row)
    why = return_refusal(desk, row)
    if why is not None:
        raise InvalidInput(why, field="result")
    when = _when(at, now, row, "Thời điểm trả kết quả")
    if not by_post and not clean(collected_by):
        raise InvalidInput("Trả kết quả tại quầy: nhập họ tên người nhận kết quả.", field="collected_by")
    ident = v.id_number(id_number) if clean(id_number) else None
    if not by_post and ident is None:
        raise InvalidInput(
            "Trả kết quả tại quầy: nhập số giấy tờ tùy thân người nhận đã xuất trình.", field="id_number"
        )
    payload = {
        "at": timeutil.iso(when),
        "collected_by": v.person_name(collected_by) if clean(collected_by) else None,
        "id_number": ident.value if ident else None,
        "by_post": by_post,
        "post_tracking": clean(post_tracking) or None,
    }
    return _record(desk, row, "result_returned", payload, actor, now)


def pay(
    desk: Desk, code: str, *, amount: int, receipt_no: str, actor: str, now: dt.datetime | None = None
) -> dict[str, Any]:
    """A fee collected: the amount (đồng) and the receipt (biên lai) number."""
    row, now = readmodel.dossier_row(desk, code), _now(now)
    _check_transition("fee_paid", row)
    if not isinstance(amount, int) or amount <= 0:
        raise InvalidInput(f"Số tiền {amount}: phải là số nguyên dương (đồng).", field="amount")
    payload = {
        "amount": amount,
        "receipt_no": _required(receipt_no, "Số biên lai", "receipt_no"),
        "at": timeutil.iso(now),
    }
    return _record(desk, row, "fee_paid", payload, actor, now)


def correct(desk: Desk, code: str, *, field: str, value: str | None, reason: str, actor: str,
            now: dt.datetime | None = None) -> dict[str, Any]:  # fmt: skip
    """Correct a typo in the applicant's details; the old value stays in the history."""
    row, now = readmodel.dossier_row(desk, code), _now(now)
    _check_transition("corrected", row)
    if field not in CORRECTABLE:
        raise InvalidInput(f"Trường «{field}»: chỉ sửa được {', '.join(CORRECTABLE)}.", field="field")
    id_kind = None
    if field == "name":
        new: str | None = v.person_name(value or "")
    elif field == "id_number":
        ident = v.id_number(value or "")
        new, id_kind = ident.value, ident.kind
    elif field == "phone":
        new = v.phone(value) if clean(value) else None
    elif field == "email":
        new = v.email(value) if clean(value) else None
    else:
        new = v.free_text(value, "address", "Địa chỉ", max_len=300)
    old = row[CORRECTABLE[field]]
    if new == old:
        raise InvalidInput(f"Giá trị mới của «{field}» giống giá trị cũ: không có gì để sửa.", field="value")
    payload = {"field": field, "old": old, "new": new, "reason": _required(reason, "Lý do sửa", "reason"),
               "id_kind": id_kind, "at": timeutil.iso(now)}  # fmt: skip
    return _record(desk, row, "corrected", payload, actor, now)
