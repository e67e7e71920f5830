"""The window offers what the signed-in role allows, and what a person reads goes to the access log."""

from __future__ import annotations

from desk.accounts import add_clerk, authenticate
from desk.service import Desk, ReceiveRequest
from tests.helpers.gui import CLERK, OFFSCREEN_NOISE, idle, make_window, open_detail, sign_in, type_text
from ui.main_window import TAB_INTAKE, TAB_LIST, TAB_REPORT
from ui.qt import Qt

pytestmark = OFFSCREEN_NOISE

VIEWER = {"username": "chu.tich", "full_name": "Nguyễn Văn Chủ", "password": "mat-khau-3"}


def _seed(data_dir) -> str:
    d = Desk.open(data_dir, as_user=CLERK["username"], password=CLERK["password"])
    try:
        lead = authenticate(d.store, CLERK["username"], CLERK["password"])
        add_clerk(d.store, role="viewer", actor=CLERK["full_name"], by=lead, **VIEWER)
        req = ReceiveRequest(procedure="1.004873", name="Hoàng Thị Mận", id_number="079085001234", phone="0912345678")
        return d.receive(req, actor=CLERK["full_name"])["code"]
    finally:
        d.close()


def _access(data_dir) -> list[tuple]:
    d = Desk.open(data_dir)
    try:
        return d.store.conn.execute("SELECT username, action, code, what FROM access_log ORDER BY id").fetchall()
    finally:
        d.close()


def test_a_viewer_reads_but_neither_receives_nor_acts_nor_prints(qtbot, qt_settings, desk_with_clerk):
    code = _seed(desk_with_clerk)
    w = make_window(qtbot, desk_with_clerk)
    w.start()
    sign_in(qtbot, w, VIEWER["username"], VIEWER["password"])
    assert not w.tabs.isTabEnabled(TAB_INTAKE) and w.tabs.isTabEnabled(TAB_REPORT)
    assert not w.access_log_action.isEnabled() and not w.settings_action.isEnabled()
    qtbot.keyClick(w, Qt.Key.Key_F3)  # the intake key does nothing but say why
    assert w.tabs.currentIndex() != TAB_INTAKE
    assert "Lãnh đạo (chỉ xem)" in w.not_yours_box.text() and "không dùng màn hình này" in w.not_yours_box.text()
    w.not_yours_box.accept()
    detail = open_detail(qtbot, w, code)
    assert detail.allowed_steps() == []
    assert not detail.receipt_button.isEnabled() and not detail.control_button.isEnabled()
    assert "chỉ xem" in detail.step_buttons["transferred"].toolTip()
    idle(qtbot, w)
    assert _access(desk_with_clerk)[-1][:3] == ("chu.tich", "view", code)
    w.close()


def test_detail_and_search_are_logged_once_and_the_lead_reads_the_log(qtbot, window, desk_with_clerk):
    code = _seed(desk_with_clerk)
    w = window
    detail = open_detail(qtbot, w, code)
    qtbot.keyClick(detail, Qt.Key.Key_F5)  # a refresh is not another opening
    idle(qtbot, w)
    detail.close()
    w.show_tab(TAB_LIST)
    type_text(qtbot, w.list.search_edit, "Hoàng Thị")  # each key searches; one entry once the clerk pauses
    qtbot.waitUntil(lambda: w.list.model.search_text == "Hoàng Thị", timeout=10_000)
    qtbot.waitUntil(lambda: not w.list.audit_timer.isActive(), timeout=5_000)
    idle(qtbot, w)
    log = _access(desk_with_clerk)
    assert [(u, a, c) for u, a, c, _ in log] == [("hoa.lt", "view", code), ("hoa.lt", "search", None)]
    assert "Hoàng Thị" in log[1][3] and "1 hồ sơ" in log[1][3]
    # a code is not personal data: not logged
    w.list.search_edit.clear()
    type_text(qtbot, w.list.search_edit, code)
    qtbot.waitUntil(lambda: w.list.model.search_text == code, timeout=10_000)
    qtbot.wait(50)
    assert not w.list.audit_timer.isActive()

    dialog = w.show_access_log()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000) as loaded:
        pass
    assert loaded.args == [2]
    texts = [dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())]
    assert texts == ["Tìm theo dữ liệu cá nhân", "Xem hồ sơ"]  # newest first
    assert dialog.table.item(1, 3).text() == code
    dialog.close()
    idle(qtbot, w)
    assert _access(desk_with_clerk)[-1][:2] == ("hoa.lt", "audit")
