"""Every step after intake from the dossier detail screen (issue #5): only the steps the status allows, each a small
keyboard dialog whose refusals show next to the field, the right form printed, the timeline told in Vietnamese."""

from __future__ import annotations

from desk.service import Desk, ReceiveRequest
from tests.helpers.gui import CLERK, OFFSCREEN_NOISE, idle, open_detail, press_step, stored, submit, type_text
from ui.qt import QApplication, QDate, Qt

pytestmark = OFFSCREEN_NOISE

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def receive(data_dir, procedure="1.004873", name="Nguyễn Văn Đức", **kw) -> str:
    d = Desk.open(data_dir, as_user=CLERK["username"], password=CLERK["password"])
    try:
        req = ReceiveRequest(procedure=procedure, name=name, id_number="079085001234", phone="0912345678", **kw)
        return d.receive(req, actor=CLERK["full_name"])["code"]
    finally:
        d.close()


def print_previewed(qtbot, w, before):
    """The preview of the form opens by itself after the step; Enter prints it (to the PDF-file printer)."""
    qtbot.waitUntil(lambda: w.preview is not None and w.preview is not before, timeout=10_000)
    preview = w.preview
    qtbot.waitUntil(lambda: preview.pdf is not None, timeout=20_000)
    with qtbot.waitSignal(w.printed, timeout=20_000) as printed:
        qtbot.keyClick(preview.print_button, Qt.Key.Key_Return)
    return printed.args[0]


def timeline_rows(detail) -> list[tuple[str, str]]:
    t = detail.timeline
    return [(t.item(r, 1).text(), t.item(r, 3).text()) for r in range(t.rowCount())]


def test_a_dossier_from_hand_over_to_return(qtbot, window, desk_with_clerk):
    """transfer → supplement (Mẫu 02 printed) → supplement received → apology and extension (Mẫu 04 printed,
    a day off refused next to the date) → result → return (a bad ID refused next to its field)."""
    w = window
    code = receive(desk_with_clerk)
    detail = open_detail(qtbot, w, code)
    assert detail.status.text() == "Được tiếp nhận"
    assert "supplement_received" not in detail.allowed_steps()
    assert "result_returned" not in detail.allowed_steps()
    docs = detail.documents  # name, form and quantity in view: long names wrap, nothing scrolls sideways
    assert sum(docs.columnWidth(c) for c in range(3)) <= docs.viewport().width()
    assert docs.rowHeight(0) > docs.fontMetrics().height() * 1.5  # the first name is long: it wraps

    # 1. Hand-over to the deciding unit, with a deadline of its own.
    dialog = press_step(qtbot, detail, Qt.Key.Key_1)
    assert QApplication.focusWidget() is dialog.to_unit
    dialog.to_unit.clear()
    type_text(qtbot, dialog.to_unit, "Công chức Tư pháp - Hộ tịch")
    qtbot.keyClick(dialog.to_unit, Qt.Key.Key_Tab)
    type_text(qtbot, dialog.to_person, "Trần Văn Nam")
    qtbot.keyClick(dialog.to_person, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.step_days
    dialog.step_days.setValue(2)
    d = submit(qtbot, detail, dialog)
    assert d["status"] == 4 and d["holder"] == "Công chức Tư pháp - Hộ tịch"
    assert detail.status.text() == "Đang xử lý"
    kind, text = timeline_rows(detail)[-1]
    assert kind == "Chuyển, giao hồ sơ"
    assert "→ Nhận: Công chức Tư pháp - Hộ tịch (Trần Văn Nam)" in text and "hạn của bước" in text

    # 2. Supplement requested: Mẫu 02 is printed.
    dialog = press_step(qtbot, detail, Qt.Key.Key_2)
    assert dialog.ok_button.text().startswith("&Ghi nhận và in Mẫu số 02")
    type_text(qtbot, dialog.items, "Giấy xác nhận cư trú")
    qtbot.keyClick(dialog.items, Qt.Key.Key_Return)  # a new line: one item a line
    type_text(qtbot, dialog.items, "Ảnh 4x6")
    qtbot.keyClick(dialog.items, Qt.Key.Key_Tab)
    type_text(qtbot, dialog.reason, "Thiếu giấy tờ chứng minh nơi cư trú")
    before = w.preview
    d = submit(qtbot, detail, dialog)
    assert d["status"] == 5
    assert print_previewed(qtbot, w, before) == "supplement"
    assert detail.status.text() == "Yêu cầu bổ sung giấy tờ"
    allowed = detail.allowed_steps()
    assert "transferred" not in allowed and "result_ready" not in allowed and "supplement_received" in allowed
    assert "nhận bổ sung trước" in detail.step_buttons["transferred"].toolTip()

    # 3. Supplement received: the new appointment is shown.
    dialog = press_step(qtbot, detail, Qt.Key.Key_3)
    assert "Giấy xác nhận cư trú" in dialog.requested.text()  # what was asked, to check against
    d = submit(qtbot, detail, dialog)
    assert d["status"] == 4
    assert detail.banner.isVisible() and "HẸN TRẢ MỚI" in detail.banner.text()
    kind, text = timeline_rows(detail)[-1]
    assert kind == "Nhận hồ sơ bổ sung" and "hẹn trả" in text
    # seconds of waiting are no working minute: the appointment stays; otherwise it moves by the time waited
    assert "không mất thời gian làm việc nào" in text or ("Đã chờ bổ sung" in text and "→" in text)

    # 4. Apology and a new appointment: a day off is refused next to the date, then Mẫu 04 is printed.
    due_before = d["due_at"]
    dialog = press_step(qtbot, detail, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: dialog.date.date() > QDate(2000, 1, 1) and w.session.db.pending == 0)
    good = dialog.date.date()
    sunday = good.addDays(1)
    while sunday.dayOfWeek() != 7:
        sunday = sunday.addDays(1)
    dialog.date.setDate(sunday)
    dialog.late_unit.clear()
    type_text(qtbot, dialog.late_unit, "Công chức Tư pháp - Hộ tịch")
    type_text(qtbot, dialog.reason, "Chờ xác minh của Công an xã")
    type_text(qtbot, dialog.letter_no, "15/XL-UBND")
    with qtbot.waitSignal(dialog.refused, timeout=10_000):
        qtbot.keyClick(dialog.letter_no, Qt.Key.Key_Return, CTRL)
    message = dialog.fields["new_due_at"].message
    assert message.isVisible() and "ngày nghỉ" in message.text()
    assert dialog.isVisible()
    dialog.date.setDate(good)
    before = w.preview
    d = submit(qtbot, detail, dialog)
    assert d["due_at"] > due_before and d["extensions"] == 1 and d["original_due_at"] != d["due_at"]
    assert print_previewed(qtbot, w, before) == "apology"
    kind, text = next(r for r in timeline_rows(detail) if r[0] == "Xin lỗi, gia hạn")
    assert "Văn bản số 15/XL-UBND" in text and "đơn vị chậm: Công chức Tư pháp - Hộ tịch" in text and "→" in text

    # 5. The result is ready.
    dialog = press_step(qtbot, detail, Qt.Key.Key_5)
    type_text(qtbot, dialog.result_text, "Giấy xác nhận")
    d = submit(qtbot, detail, dialog)
    assert d["status"] == 9
    assert timeline_rows(detail)[-1][0] == "Đã có kết quả"
    assert "Trước hạn" in timeline_rows(detail)[-1][1] or "Đúng hạn" in timeline_rows(detail)[-1][1]

    # 6. Returned at the desk: a malformed ID is refused next to its field, then accepted.
    dialog = press_step(qtbot, detail, Qt.Key.Key_6)
    assert dialog.collected_by.text() == "Nguyễn Văn Đức"
    type_text(qtbot, dialog.id_number, "12345")
    with qtbot.waitSignal(dialog.refused, timeout=10_000):
        qtbot.keyClick(dialog.id_number, Qt.Key.Key_Return, CTRL)
    assert "Số giấy tờ tùy thân 12345" in dialog.fields["id_number"].message.text()
    assert QApplication.focusWidget() is dialog.id_number
    dialog.id_number.clear()
    type_text(qtbot, dialog.id_number, "079085001234")
    d = submit(qtbot, detail, dialog)
    assert d["status"] == 10 and d["returned_to"] == "Nguyễn Văn Đức"
    assert detail.status.text() == "Đã trả kết quả"
    assert set(detail.allowed_steps()) == {"fee_paid", "corrected"}
    idle(qtbot, w)

    events = stored(desk_with_clerk, code)["events"]
    kinds = [e["kind"] for e in events]
    assert [k for k in kinds if k != "printed"] == [
        "received", "transferred", "supplement_requested", "supplement_received", "apologized_extended",
        "result_ready", "result_returned",
    ]  # fmt: skip
    printed = [e["payload"]["form"] for e in events if e["kind"] == "printed"]
    assert printed == ["supplement", "apology"]
    assert all(e["actor"] == CLERK["full_name"] for e in events)
    detail.close()


def test_refusal_prints_the_refusal_form(qtbot, window, desk_with_clerk):
    w = window
    code = receive(desk_with_clerk)
    detail = open_detail(qtbot, w, code)
    dialog = press_step(qtbot, detail, Qt.Key.Key_8)
    assert "Mẫu số 03" in dialog.ok_button.text()
    with qtbot.waitSignal(dialog.refused, timeout=10_000):  # no reason given: the core refuses, under the field
        qtbot.keyClick(dialog.reasons, Qt.Key.Key_Return, CTRL)
    assert "cần ghi rõ lý do" in dialog.fields["reasons"].message.text()
    type_text(qtbot, dialog.reasons, "Thủ tục không thuộc thẩm quyền của xã")
    before = w.preview
    d = submit(qtbot, detail, dialog)
    assert d["status"] == 3
    assert print_previewed(qtbot, w, before) == "refusal"
    assert detail.status.text() == "Không được tiếp nhận"
    assert set(detail.allowed_steps()) == {"corrected"}
    idle(qtbot, w)  # the print is logged, then the timeline shows it
    assert timeline_rows(detail)[-1][0] == "In / xuất phiếu" and "Phiếu từ chối" in timeline_rows(detail)[-1][1]
    assert timeline_rows(detail)[-2] == ("Từ chối giải quyết", "Lý do: Thủ tục không thuộc thẩm quyền của xã")
    idle(qtbot, w)
    assert [e["payload"]["form"] for e in stored(desk_with_clerk, code)["events"] if e["kind"] == "printed"] == [
        "refusal"
    ]


def test_a_step_the_status_forbids_is_not_offered(qtbot, window, desk_with_clerk):
    w = window
    code = receive(desk_with_clerk)
    detail = open_detail(qtbot, w, code)
    button = detail.step_buttons["result_returned"]
    assert not button.isEnabled()
    assert "chỉ trả kết quả khi hồ sơ đã có kết quả" in button.toolTip()  # the core's own words
    assert not detail.step_buttons["supplement_received"].isEnabled()
    opened = []
    detail.action_opened.connect(opened.append)
    qtbot.keyClick(detail, Qt.Key.Key_6, ALT)
    qtbot.keyClick(detail, Qt.Key.Key_3, ALT)
    assert opened == [] and detail.dialog is None

    # Allowed when the screen was drawn, but another desk finished it meanwhile: the core refuses, and says why.
    dialog = press_step(qtbot, detail, Qt.Key.Key_1)
    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        from desk import workflow

        workflow.result_ready(d, code, actor="Người khác")
    finally:
        d.close()
    with qtbot.waitSignal(dialog.refused, timeout=10_000):
        qtbot.keyClick(dialog.to_unit, Qt.Key.Key_Return, CTRL)
    assert dialog.summary.isVisible() and "đang ở trạng thái 9" in dialog.summary.text()
    dialog.reject()
    idle(qtbot, w)


def test_fee_correction_withdrawal_and_stop(qtbot, window, desk_with_clerk):
    w = window
    code = receive(desk_with_clerk, procedure="2.000815")  # chứng thực bản sao: 2.000 đồng/trang
    detail = open_detail(qtbot, w, code)
    fee_rows = [detail.procedure.itemAt(r, detail.procedure.ItemRole.FieldRole).widget().text()
                for r in range(detail.procedure.rowCount())]  # fmt: skip
    assert any(t.startswith("2.000 đồng — 2.000 đồng/trang") for t in fee_rows)

    dialog = press_step(qtbot, detail, Qt.Key.Key_7)
    assert "2.000 đồng/trang" in dialog.findChild(type(detail.banner), "feeText").text()
    assert dialog.amount.text() == "2.000"
    dialog.amount.clear()
    type_text(qtbot, dialog.amount, "6.000")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Tab)
    type_text(qtbot, dialog.receipt_no, "BL-0012")
    d = submit(qtbot, detail, dialog)
    assert d["fee_paid"] == 6000
    assert timeline_rows(detail)[-1] == ("Thu phí, lệ phí", "6.000 đồng · biên lai số BL-0012")

    dialog = press_step(qtbot, detail, Qt.Key.Key_S)
    dialog.field.setCurrentIndex(dialog.field.findData("phone"))
    assert dialog.old.text() == "0912345678"
    qtbot.keyClick(dialog.field, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.value
    dialog.value.clear()
    type_text(qtbot, dialog.value, "0123")
    qtbot.keyClick(dialog.value, Qt.Key.Key_Tab)
    assert "Số điện thoại 0123" in dialog.value_box.message.text()  # live, from the core's validator
    dialog.value.clear()
    type_text(qtbot, dialog.value, "0987 654 321")
    type_text(qtbot, dialog.reason, "Gõ nhầm khi tiếp nhận")
    d = submit(qtbot, detail, dialog)
    assert d["applicant"]["phone"] == "0987654321"
    assert timeline_rows(detail)[-1] == (
        "Sửa thông tin", "Điện thoại: «0912345678» → «0987654321» · lý do: Gõ nhầm khi tiếp nhận"
    )  # fmt: skip

    dialog = press_step(qtbot, detail, Qt.Key.Key_0)
    assert "Mẫu số 05" in dialog.ok_button.text()
    type_text(qtbot, dialog.reason, "Công dân chết")
    type_text(qtbot, dialog.decided_by, "Chủ tịch UBND xã")
    before = w.preview
    d = submit(qtbot, detail, dialog)
    assert d["status"] == 8
    assert print_previewed(qtbot, w, before) == "stop"
    detail.close()

    other = receive(desk_with_clerk, name="Trần Thị Lan")
    detail = open_detail(qtbot, w, other)
    dialog = press_step(qtbot, detail, Qt.Key.Key_9)
    type_text(qtbot, dialog.reason, "Công dân xin rút")
    d = submit(qtbot, detail, dialog)
    assert d["status"] == 7 and detail.status.text() == "Công dân yêu cầu rút hồ sơ"
    idle(qtbot, w)


def test_the_timeline_tells_each_event_in_vietnamese(qapp):
    import datetime as dt

    from ui.timeline import describe, working_time

    assert working_time(8 * 60 + 125, dt.timedelta(hours=8)) == "1 ngày 2 giờ 5 phút làm việc"
    at = "2026-11-20T09:00:00+07:00"
    cases = {
        "supplement_received": ({"paused_at": at, "waited_minutes": 90, "previous_due_at": at,
                                  "due_at": "2026-11-20T10:30:00+07:00"},
                                 "Đã chờ bổ sung 1 giờ 30 phút làm việc (từ 20/11/2026 09:00) · hẹn trả 20/11/2026 09:00 "
                                 "→ 20/11/2026 10:30"),
        "apologized_extended": ({"letter_no": "7/XL", "late_unit": "Tư pháp", "reason": "chờ xác minh",
                                 "previous_due_at": at, "new_due_at": "2026-11-24T09:00:00+07:00",
                                 "sent_after_due": True},
                                "Văn bản số 7/XL · đơn vị chậm: Tư pháp · lý do: chờ xác minh · hẹn trả 20/11/2026 09:00 → "
                                "24/11/2026 09:00 · gửi sau hẹn trả"),
        "result_ready": ({"timeliness": "on_time", "timeliness_original": "late"},
                         "Đúng hạn · so với hẹn ban đầu: Quá hạn"),
        "result_returned": ({"by_post": True, "post_tracking": "EB123", "collected_by": "An"},
                            "Gửi qua bưu chính công ích · mã bưu gửi: EB123 · người nhận: An"),
        "stopped": ({"reason": "chết", "decided_by": "Chủ tịch"}, "Lý do: chết · quyết định: Chủ tịch"),
        "withdrawn": ({"reason": None}, ""),
        "fee_paid": ({"amount": 1500000, "receipt_no": "9"}, "1.500.000 đồng · biên lai số 9"),
        "corrected": ({"field": "name", "old": "Nguyen", "new": "Nguyễn", "reason": "dấu"},
                      "Họ và tên: «Nguyen» → «Nguyễn» · lý do: dấu"),
    }  # fmt: skip
    for kind, (payload, text) in cases.items():
        assert describe({"kind": kind, "payload": payload}, dt.timedelta(hours=8)) == text, kind
