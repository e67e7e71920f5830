"""The home tiles (issue #5): received today, due soon (the core's warning window), overdue, waiting for a
supplement, waiting to be returned — each count equals the list it opens; the list's filter offers the same groups.
Intake shows the procedure's fee."""

from __future__ import annotations

from desk import workflow
from desk.service import Desk, ReceiveRequest
from tests.conftest import vn
from tests.helpers.gui import CLERK, OFFSCREEN_NOISE, idle, make_window, sign_in, type_text
from ui.qt import QApplication, Qt

pytestmark = OFFSCREEN_NOISE


def sample(data_dir) -> dict[str, int]:
    """Dossiers in every group; the warning window is 5 working days, so today's 3-day dossiers are due soon
    whatever the hour the test runs."""
    d = Desk.open(data_dir, as_user=CLERK["username"], password=CLERK["password"])
    try:
        with d.store.write() as conn:
            d.store.set_meta(conn, warn_working_days="5")

        def receive(name, procedure="1.004873", at=None):
            req = ReceiveRequest(procedure=procedure, name=name, received_at=at)
            return d.receive(req, actor=CLERK["full_name"])["code"]

        receive("Nguyễn Văn An")
        receive("Trần Thị Bình")
        old = vn(2025, 9, 3, 9, 0)
        receive("Lê Văn Cường", "1.001193", old)
        receive("Phạm Thị Dung", "1.001193", old)
        waiting = receive("Hoàng Văn Em", "1.001193", old)
        workflow.request_supplement(d, waiting, items=["Giấy chứng sinh"], reason="Thiếu", actor="x")
        ready = receive("Võ Thị Giang", "1.001193", old)
        workflow.result_ready(d, ready, actor="x")
    finally:
        d.close()
    return {"today": 2, "due_soon": 2, "overdue": 2, "waiting": 1, "ready": 1}


def test_home_tiles_count_and_open_their_lists(qtbot, qt_settings, desk_with_clerk):
    expected = sample(desk_with_clerk)
    w = make_window(qtbot, desk_with_clerk)
    w.start()
    sign_in(qtbot, w)
    home = w.home
    qtbot.waitUntil(lambda: all(t.value is not None for t in home.tiles.values()) and not home.busy, timeout=10_000)
    idle(qtbot, w)
    assert {k: t.value for k, t in home.tiles.items()} == expected
    assert home.tiles["overdue"].number.text() == "2"
    assert home.tiles["due_soon"].hint.text().startswith("hẹn trả trước")
    style = home.tiles["today"].number.styleSheet()  # read from a metre away
    assert "font-weight: bold" in style and "font-size: 30pt" in style
    assert not home.catalog_notice.isVisible()
    for i, key in enumerate(home.tiles, start=1):
        qtbot.keyClick(w, Qt.Key.Key_F2)
        assert w.tabs.currentWidget() is home
        with qtbot.waitSignal(w.list.model.count_changed, timeout=10_000) as counted:
            qtbot.keyClick(home, getattr(Qt.Key, f"Key_{i}"), Qt.KeyboardModifier.AltModifier)
        assert w.tabs.currentWidget() is w.list
        assert w.list.when_box.currentData() == key
        assert counted.args[0] == expected[key] == w.list.model.rowCount()
        idle(qtbot, w)
    rows = [w.list.model.row_at(i)["name"] for i in range(w.list.model.rowCount())]
    assert rows == ["Võ Thị Giang"]  # the last tile: results waiting to be returned
    # Enter on a focused tile opens its list too.
    qtbot.keyClick(w, Qt.Key.Key_F2)
    home.tiles["waiting"].setFocus()
    with qtbot.waitSignal(w.list.model.count_changed, timeout=10_000):
        qtbot.keyClick(home.tiles["waiting"], Qt.Key.Key_Return)
    assert w.list.when_box.currentData() == "waiting" and w.list.model.row_at(0)["name"] == "Hoàng Văn Em"
    idle(qtbot, w)
    w.close()


def test_list_filter_offers_the_same_groups(qtbot, qt_settings, desk_with_clerk):
    expected = sample(desk_with_clerk)
    w = make_window(qtbot, desk_with_clerk)
    w.start()
    sign_in(qtbot, w)
    idle(qtbot, w)
    qtbot.keyClick(w, Qt.Key.Key_F4)
    box = w.list.when_box
    assert [box.itemData(i) for i in range(box.count())] == ["all", "today", "due_soon", "overdue", "waiting",
                                                             "ready"]  # fmt: skip
    for key, n in expected.items():
        with qtbot.waitSignal(w.list.model.count_changed, timeout=10_000) as counted:
            box.setCurrentIndex(box.findData(key))
        assert counted.args[0] == n, key
    idle(qtbot, w)
    w.close()


def test_intake_shows_the_fee_under_the_procedure(qtbot, qt_settings, desk_with_clerk):
    w = make_window(qtbot, desk_with_clerk)
    w.start()
    sign_in(qtbot, w)
    idle(qtbot, w)
    qtbot.keyClick(w, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: bool(w.intake.picker.procedures))
    type_text(qtbot, QApplication.focusWidget(), "2.000815")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    fee = w.intake.picker.fee_label
    assert fee.isVisible()
    assert fee.text().startswith("Phí, lệ phí: 2.000 đồng — 2.000 đồng/trang")
    idle(qtbot, w)
    w.close()
