"""The GUI's part in what the forms print: the lead's settings screen, the apology sent late (confirmed), the
cooperating bodies of a hand-over, the stop notice's number. The checks are the core's; the GUI places them."""

from __future__ import annotations

import datetime as dt

from desk import timeutil
from desk.accounts import add_clerk, authenticate
from desk.service import Desk, ReceiveRequest
from tests.helpers.gui import (
    CLERK,
    OFFSCREEN_NOISE,
    idle,
    open_detail,
    press_step,
    sign_in,
    stored,
    submit,
    type_text,
)
from ui.qt import QApplication, Qt

pytestmark = OFFSCREEN_NOISE

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_lead_changes_what_the_forms_print(qtbot, window, desk_with_clerk):
    w = window
    assert w.settings_action.isEnabled()
    dialog = w.show_settings()
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=10_000)
    fields = dialog.signer
    assert dialog.desk_fields.rows["agency_name"].widget.text() == "Trung tâm Phục vụ hành chính công xã Tân Phú"
    assert fields.signer_title.text() == "GIÁM ĐỐC"
    type_text(qtbot, fields.signer_authority, "Giám đốc")  # not an authority line: refused under the field
    fields.contact_phone.clear()
    type_text(qtbot, fields.contact_phone, "gọi tôi")
    dialog.on_save()
    qtbot.waitUntil(lambda: fields.rows["signer_authority"].error.isVisible(), timeout=10_000)
    assert "KT., TM., TL. hoặc TUQ." in fields.rows["signer_authority"].error.text()
    assert "Số điện thoại hướng dẫn" in fields.rows["contact_phone"].error.text()
    assert dialog.isVisible()
    fields.signer_authority.clear()
    type_text(qtbot, fields.signer_authority, "KT. Giám đốc")
    fields.signer_title.clear()
    type_text(qtbot, fields.signer_title, "Phó Giám đốc")
    type_text(qtbot, fields.signer_name, "Trần Quốc Bảo")
    fields.contact_phone.clear()
    type_text(qtbot, fields.contact_phone, "0251 3861 234")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.keyClick(fields.signer_name, Qt.Key.Key_Return, CTRL)
    assert set(saved.args[0]) == {"signer_authority", "signer_title", "signer_name", "contact_phone"}
    idle(qtbot, w)
    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        s = d.settings
        assert (s.signer_authority, s.signer_title, s.signer_name) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Quốc Bảo")
        event = list(d.store.events())[-1]
        assert event.kind == "settings_changed" and event.actor == CLERK["full_name"]
        lead = authenticate(d.store, CLERK["username"], CLERK["password"])
        add_clerk(d.store, username="nam.tv", full_name="Trần Văn Nam", password="mat-khau-2", actor=lead.full_name,
                  by=lead)  # fmt: skip
    finally:
        d.close()
    w.sign_out()
    sign_in(qtbot, w, "nam.tv", "mat-khau-2")
    assert not w.settings_action.isEnabled()  # a clerk who is not the lead


def test_an_apology_after_the_appointment_asks_the_clerk_to_confirm(qtbot, window, desk_with_clerk):
    w = window
    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        at = timeutil.now() - dt.timedelta(days=10)
        req = ReceiveRequest(procedure="2.000815", name="Nguyễn Văn Đức", id_number="079085001234", received_at=at)
        code = d.receive(req, actor=CLERK["full_name"])["code"]
    finally:
        d.close()
    detail = open_detail(qtbot, w, code)
    dialog = press_step(qtbot, detail, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: w.session.db.pending == 0)
    assert dialog.late_box.isVisible() and not dialog.late_notice.isChecked()
    type_text(qtbot, dialog.reason, "Chờ xác minh")
    with qtbot.waitSignal(dialog.refused, timeout=10_000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, CTRL)
    assert "gửi muộn" in dialog.fields["late_notice"].message.text()
    assert QApplication.focusWidget() is dialog.late_notice
    qtbot.keyClick(dialog.late_notice, Qt.Key.Key_Space)
    assert dialog.late_notice.isChecked()
    done = submit(qtbot, detail, dialog)
    payload = done["events"][-1]["payload"]
    assert payload["sent_after_due"] is True and payload["letter_no"] == "01/XL-TTPVHCC"
    idle(qtbot, w)


def test_a_hand_over_names_its_cooperating_bodies_and_a_stop_its_number(qtbot, window, desk_with_clerk):
    w = window
    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        req = ReceiveRequest(procedure="1.004873", name="Nguyễn Văn Đức", id_number="079085001234")
        code = d.receive(req, actor=CLERK["full_name"])["code"]
    finally:
        d.close()
    detail = open_detail(qtbot, w, code)
    dialog = press_step(qtbot, detail, Qt.Key.Key_1)
    type_text(qtbot, dialog.with_units, "Công an xã Tân Phú; Sở Tư pháp tỉnh Đồng Nai")
    done = submit(qtbot, detail, dialog)
    assert done["events"][-1]["payload"]["with_units"] == ["Công an xã Tân Phú", "Sở Tư pháp tỉnh Đồng Nai"]
    dialog = press_step(qtbot, detail, Qt.Key.Key_0)
    type_text(qtbot, dialog.reason, "Có tranh chấp")
    type_text(qtbot, dialog.letter_no, "25/TB-UBND")
    done = submit(qtbot, detail, dialog)
    assert done["events"][-1]["payload"]["letter_no"] == "25/TB-UBND"
    idle(qtbot, w)
    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        doc = d.printable("control", code)
        assert doc.extra["cooperating_units"] == ["Công an xã Tân Phú", "Sở Tư pháp tỉnh Đồng Nai"]
        assert [e["kind"] for e in stored(desk_with_clerk, code)["events"] if e["kind"] != "printed"][-1] == "stopped"
    finally:
        d.close()
