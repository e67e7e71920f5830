"""A dossier's events told in Vietnamese for the clerk: what happened, who did it, what changed (presentation only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from desk import lifecycle
from desk.appointment import TIMELINESS
from desk.printdata import FORM_SHORT_NAMES
from ui import formatting
from ui.labels import label as core_label
from ui.qt import QCoreApplication

FIELD_LABELS = {"name": "Họ và tên", "id_number": "Số giấy tờ", "phone": "Điện thoại", "email": "Email",
                "address": "Địa chỉ"}  # fmt: skip


def translated(text: str) -> str:
    """A label of the tables above in the GUI's language."""
    return QCoreApplication.translate("timeline", text)


def _for_lupdate() -> None:  # pragma: no cover - never called: lists the labels above for pyside6-lupdate
    QCoreApplication.translate("timeline", "Họ và tên")
    QCoreApplication.translate("timeline", "Số giấy tờ")
    QCoreApplication.translate("timeline", "Điện thoại")
    QCoreApplication.translate("timeline", "Email")
    QCoreApplication.translate("timeline", "Địa chỉ")


def form_label(form: str | None) -> str:
    """A form's short name (the core's), in the GUI's language."""
    text = FORM_SHORT_NAMES.get(form or "")
    return core_label(text) if text else form or ""


def money(amount: int | None) -> str:
    """«2.000 đồng»."""
    if amount is None:
        return "—"
    return QCoreApplication.translate("timeline", "{0} đồng").format(f"{amount:,}".replace(",", "."))


def working_time(minutes: int, day: dt.timedelta | None = None) -> str:
    """«1 ngày 2 giờ 30 phút làm việc» (a working day is the calendar's day length, 8 hours by default)."""
    day_minutes = int((day or dt.timedelta(hours=8)).total_seconds() // 60) or 480
    if minutes <= 0:
        return QCoreApplication.translate("timeline", "0 phút làm việc")
    days, rest = divmod(minutes, day_minutes)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(QCoreApplication.translate("timeline", "{0} ngày").format(days))
    if hours:
        parts.append(QCoreApplication.translate("timeline", "{0} giờ").format(hours))
    if mins:
        parts.append(QCoreApplication.translate("timeline", "{0} phút").format(mins))
    return QCoreApplication.translate("timeline", "{0} làm việc").format(" ".join(parts))


def kind_label(kind: str) -> str:
    """What an event says happened (the core's label), in the GUI's language."""
    return core_label(lifecycle.label(kind))


def _join(parts: list[str | None]) -> str:
    return " · ".join(p for p in parts if p)


def describe(event: dict[str, Any], day: dt.timedelta | None = None) -> str:
    """What an event did, with its details, in one or a few lines."""
    kind, p = event["kind"], event.get("payload") or {}
    short = formatting.short
    if kind == "received":
        return _join(
            [
                QCoreApplication.translate("timeline", "Hẹn trả {0}").format(short(p.get("due_at"))),
                QCoreApplication.translate("timeline", "{0} bộ").format(p.get("sets", 1)),
            ]
        )
    if kind == "printed":
        form = form_label(p.get("form"))
        where = (
            QCoreApplication.translate("timeline", "máy in")
            if p.get("target") == "printer"
            else QCoreApplication.translate("timeline", "tệp PDF")
        )
        return f"{form} → {where} {p.get('printer') or p.get('file') or ''}".strip()
    if kind == "transferred":
        giver = p.get("from_unit") or ""
        if p.get("from_person"):
            giver += f" ({p['from_person']})"
        taker = p.get("to_unit") or ""
        if p.get("to_person"):
            taker += f" ({p['to_person']})"
        return _join([QCoreApplication.translate("timeline", "Giao: {0} → Nhận: {1}").format(giver, taker),
                      QCoreApplication.translate("timeline", "hạn của bước: {0}").format(short(p.get("step_due_at"))),
                      QCoreApplication.translate("timeline", "phối hợp: {0}").format("; ".join(p["with_units"])) if p.get("with_units") else None,
                      p.get("note")])  # fmt: skip
    if kind == "supplement_requested":
        items = "; ".join(f"{i}) {text}" for i, text in enumerate(p.get("items", []), start=1))
        return _join([QCoreApplication.translate("timeline", "Cần bổ sung: {0}").format(items), QCoreApplication.translate("timeline", "Lý do: {0}").format(p.get("reason")),
                      QCoreApplication.translate("timeline", "tạm dừng tính thời gian giải quyết")])  # fmt: skip
    if kind == "supplement_received":
        if not p.get("waited_minutes"):
            return _join([
                QCoreApplication.translate("timeline", "Chờ bổ sung từ {0}, không mất thời gian làm việc nào: hẹn trả giữ nguyên {1}")
                .format(short(p.get("paused_at")), short(p.get("due_at"))),
                p.get("note"),
            ])  # fmt: skip
        return _join([
            QCoreApplication.translate("timeline", "Đã chờ bổ sung {0} (từ {1})").format(
                working_time(p.get("waited_minutes", 0), day), short(p.get("paused_at"))),
            QCoreApplication.translate("timeline", "hẹn trả {0} → {1}").format(
                short(p.get("previous_due_at")), short(p.get("due_at"))),
            p.get("note"),
        ])  # fmt: skip
    if kind == "apologized_extended":
        return _join([
            QCoreApplication.translate("timeline", "Văn bản số {0}").format(p["letter_no"]) if p.get("letter_no") else QCoreApplication.translate("timeline", "Văn bản xin lỗi"),
            QCoreApplication.translate("timeline", "đơn vị chậm: {0}").format(p.get("late_unit")),
            QCoreApplication.translate("timeline", "lý do: {0}").format(p.get("reason")),
            QCoreApplication.translate("timeline", "hẹn trả {0} → {1}").format(short(p.get("previous_due_at")), short(p.get("new_due_at"))),
            QCoreApplication.translate("timeline", "gửi sau hẹn trả") if p.get("sent_after_due") else None,
        ])  # fmt: skip
    if kind == "refused":
        return QCoreApplication.translate("timeline", "Lý do: {0}").format("; ".join(p.get("reasons", [])))
    if kind == "withdrawn":
        return QCoreApplication.translate("timeline", "Lý do: {0}").format(p["reason"]) if p.get("reason") else ""
    if kind == "stopped":
        return _join([QCoreApplication.translate("timeline", "Thông báo số {0}").format(p["letter_no"]) if p.get("letter_no") else None,
                      QCoreApplication.translate("timeline", "Lý do: {0}").format(p.get("reason")),
                      QCoreApplication.translate("timeline", "quyết định: {0}").format(p["decided_by"]) if p.get("decided_by") else None])  # fmt: skip
    if kind == "result_ready":
        verdict = core_label(TIMELINESS.get(p.get("timeliness", ""), ""))
        original = p.get("timeliness_original")
        against_first = (
            QCoreApplication.translate("timeline", "so với hẹn ban đầu: {0}").format(
                core_label(TIMELINESS.get(original, ""))
            )
            if original and original != p.get("timeliness")
            else None
        )
        return _join(
            [
                QCoreApplication.translate("timeline", "Kết quả: {0}").format(p["result"]) if p.get("result") else None,
                verdict,
                against_first,
            ]
        )
    if kind == "result_returned":
        if p.get("by_post"):
            return _join([QCoreApplication.translate("timeline", "Gửi qua bưu chính công ích"),
                          QCoreApplication.translate("timeline", "mã bưu gửi: {0}").format(p["post_tracking"]) if p.get("post_tracking") else None,
                          QCoreApplication.translate("timeline", "người nhận: {0}").format(p.get("collected_by")) if p.get("collected_by") else None])  # fmt: skip
        return _join([QCoreApplication.translate("timeline", "Trao cho {0}").format(p.get("collected_by")),
                      QCoreApplication.translate("timeline", "giấy tờ {0}").format(p["id_number"]) if p.get("id_number") else None])  # fmt: skip
    if kind == "fee_paid":
        return _join(
            [
                money(p.get("amount")),
                QCoreApplication.translate("timeline", "biên lai số {0}").format(p.get("receipt_no")),
            ]
        )
    if kind == "corrected":
        field = FIELD_LABELS.get(p.get("field", ""))
        name = translated(field) if field else p.get("field", "")
        return _join([QCoreApplication.translate("timeline", "{0}: «{1}» → «{2}»").format(name, p.get("old") or "—", p.get("new") or "—"),
                      QCoreApplication.translate("timeline", "lý do: {0}").format(p.get("reason"))])  # fmt: skip
    if kind == "note":
        return p.get("text") or p.get("note") or ""
    if kind == "digitised":
        how = {"scan": QCoreApplication.translate("timeline", "quét"),
               "import": QCoreApplication.translate("timeline", "nhập tệp"),
               "reuse": QCoreApplication.translate("timeline", "dùng lại từ hồ sơ {0}").format(
                   (p.get("reused_from") or {}).get("code", ""))}.get(p.get("source", ""), "")  # fmt: skip
        return _join([p.get("name"), QCoreApplication.translate("timeline", "{0} trang").format(p.get("pages")), how])
    return ""
