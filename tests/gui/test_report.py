"""The report screen (issue #8): a period picked (month, quarter, year, custom), the 13-column table of Biểu II.06a
as desk.report counts it, the monthly chart, and the exports (xlsx, pdf) through printing's builders."""

from __future__ import annotations

import datetime as dt

from desk import report as rp
from desk import workflow
from desk.service import Desk, ReceiveRequest
from tests.conftest import vn
from tests.helpers.gui import CLERK, OFFSCREEN_NOISE, idle
from ui.qt import QDate, Qt

pytestmark = OFFSCREEN_NOISE


def sample(data_dir) -> None:
    d = Desk.open(data_dir, as_user=CLERK["username"], password=CLERK["password"])
    try:
        for day in (3, 4, 5):
            at = vn(2026, 3, day, 9, 0)
            code = d.receive(ReceiveRequest(procedure="1.001193", name="Nguyễn Văn An", received_at=at),
                             actor=CLERK["full_name"], now=at)["code"]  # fmt: skip
            if day == 3:  # on time: the same day
                workflow.result_ready(d, code, actor="x", now=at + dt.timedelta(hours=5))
            elif day == 4:  # late: a week later
                workflow.result_ready(d, code, actor="x", now=at + dt.timedelta(days=7))
        at = vn(2026, 4, 6, 9, 0)
        d.receive(ReceiveRequest(procedure="2.000815", name="Trần Thị Bình", received_at=at), actor="x", now=at)
    finally:
        d.close()


def test_report_for_a_quarter_with_chart_and_exports(qtbot, window, desk_with_clerk, tmp_path):
    sample(desk_with_clerk)
    w = window
    idle(qtbot, w)
    qtbot.keyClick(w, Qt.Key.Key_F6)
    view = w.report
    assert w.tabs.currentWidget() is view
    view.kind.setCurrentIndex(view.kind.findData("quarter"))
    view.quarter.setCurrentIndex(0)
    view.year.setValue(2026)
    assert view.which.currentWidget() is view.quarter
    with qtbot.waitSignal(view.report_shown, timeout=20_000) as shown:
        qtbot.keyClick(view.make_button, Qt.Key.Key_Return)
    report = shown.args[0]
    assert report.period_label == "Quý I năm 2026"
    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        expected = rp.compute_report(d, dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    finally:
        d.close()
    assert report.total.numbers() == expected.total.numbers()
    t = view.table
    assert t.columnCount() == 13
    assert t.item(0, 0).text() == "STT" and t.rowSpan(0, 0) == 4
    assert t.item(0, 2).text() == "Số hồ sơ nhận giải quyết" and t.columnSpan(0, 2) == 4
    assert [t.item(4, c).text() for c in range(13)] == [f"({i})" for i in range(1, 14)]
    last = t.rowCount() - 1
    assert t.item(last, 1).text() == "Tổng cộng"
    totals = [int(t.item(last, c).text().replace(".", "")) for c in range(2, 13)]
    assert totals == list(expected.total.numbers())
    assert totals[0] == 3 and totals[4:8] == [2, 0, 1, 1]  # received 3; resolved 2: one on time, one late
    assert "Quý I năm 2026" in view.heading.text()
    # The chart: a year of months, the quarter shaded.
    assert len(view.chart.series) == 12 and view.chart.shaded == {1, 2, 3}
    march = view.chart.series[2]
    assert (march["received"], march["on_time"], march["late"]) == (3, 1, 1)
    assert view.chart.grab().width() > 0

    # Exports, built by printing and written in the pdf worker.
    xlsx, pdf = tmp_path / "bc.xlsx", tmp_path / "bc.pdf"
    for path, kind in ((xlsx, "xlsx"), (pdf, "pdf")):
        with qtbot.waitSignal(view.exported, timeout=30_000):
            view.export(path, kind)
    assert xlsx.read_bytes()[:2] == b"PK" and pdf.read_bytes()[:4] == b"%PDF"
    assert "Đã lưu" in view.status.text()

    # A custom period the wrong way round is refused in the core's words.
    view.kind.setCurrentIndex(view.kind.findData("custom"))
    view.date_from.setDate(QDate(2026, 4, 30))
    view.date_to.setDate(QDate(2026, 4, 1))
    view.make()
    qtbot.waitUntil(lambda: "Kỳ báo cáo không hợp lệ" in view.status.text(), timeout=10_000)
    view.date_from.setDate(QDate(2026, 4, 1))
    view.date_to.setDate(QDate(2026, 4, 30))
    with qtbot.waitSignal(view.report_shown, timeout=20_000) as shown:
        view.make()
    april = shown.args[0]
    assert april.period_label == "Tháng 4 năm 2026"
    assert (april.total.received_direct, april.total.carried_over) == (1, 1)  # new in April; open since March
    idle(qtbot, w)
