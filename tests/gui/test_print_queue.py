"""The receipt printed at the counter through Qt to a real print queue (a private CUPS with the cups-pdf printer),
and what the clerk is told: «Đã in» only once the queue took the job; a stopped queue and a missing printer are said
as they are; a PC without a printer says so from the start."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.helpers.cups import PrivateCups, need_cups, wait_for_pdf
from tests.helpers.gui import OFFSCREEN_NOISE, idle
from ui.qt import Qt

pytestmark = OFFSCREEN_NOISE


@pytest.fixture
def cups():
    need_cups()
    scheduler = PrivateCups.in_temp_dir().start()
    yield scheduler
    scheduler.stop()


def receive_one(qtbot, w, name: str) -> None:
    """A complete dossier typed into the intake form, then Ctrl+Enter."""
    qtbot.keyClick(w, Qt.Key.Key_F3)
    intake = w.intake
    qtbot.waitUntil(lambda: bool(intake.picker.procedures))
    intake.picker.choose(next(p for p in intake.picker.procedures if p.code == "2.000815"))
    intake.documents.tick_required()
    intake.name.edit.setText(name)
    qtbot.keyClick(intake, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_the_receipt_goes_to_a_real_queue_and_only_then_says_printed(qtbot, window, cups):
    from ui.session import settings

    w = window
    out = cups.add_pdf_queue("deskpdf")
    settings().setValue("print/printer", "deskpdf")
    w.update_printer_state()
    assert w.printer_label.text() == "Máy in: deskpdf" and not w.home.printer_notice.isVisible()
    panel = w.intake.outcome
    said: list[str] = []
    with qtbot.waitSignal(w.printed, timeout=60_000) as printed:
        receive_one(qtbot, w, "Nguyễn Văn Đức")
        qtbot.waitUntil(lambda: panel.state != "", timeout=10_000)
        said.append(panel.paper.text())  # while the job is on its way
    assert said[0].startswith("Đang in") and "Đã in" not in said[0]
    assert panel.state == "printed" and panel.paper.text().startswith("Đã in giấy tiếp nhận ở máy in «deskpdf»")
    assert printed.args[1]["printer"] == "deskpdf" and "held" not in printed.args[1]
    pdf = wait_for_pdf(cups, out)
    assert len(PdfReader(pdf).pages) == 2  # Liên 1 and Liên 2, each on its A5 page
    idle(qtbot, w)

    # The queue is stopped (paper jam, someone paused it): the job waits, and the clerk is told it is not on paper.
    cups.run("cupsdisable", "deskpdf")
    with qtbot.waitSignal(w.printed, timeout=60_000) as printed:
        receive_one(qtbot, w, "Trần Thị Lan")
    assert panel.state == "held" and "CHƯA IN RA GIẤY" in panel.paper.text() and "Đã in" not in panel.paper.text()
    assert printed.args[1]["held"]
    assert panel.again_button.isVisible() and panel.printer_button.isVisible()
    assert "tạm dừng" in w.statusBar().currentMessage()
    idle(qtbot, w)

    # The printer was removed: nothing is called printed.
    cups.run("lpadmin", "-x", "deskpdf")
    receive_one(qtbot, w, "Lê Minh")
    qtbot.waitUntil(lambda: panel.state == "failed", timeout=60_000)
    assert "Không tìm thấy máy in «deskpdf»" in panel.paper.text() and "Đã in" not in panel.paper.text()
    idle(qtbot, w)


def test_without_a_printer_the_desk_says_so_from_the_start(qtbot, window):
    w = window  # the tests' settings choose the PDF-file «printer»: no printer at all
    assert w.printer_label.text().startswith("⚠ Chưa có máy in")
    assert w.home.printer_notice.isVisible() and "CHƯA CÓ MÁY IN" in w.home.printer_notice.text()
    panel = w.intake.outcome
    with qtbot.waitSignal(w.printed, timeout=60_000):
        receive_one(qtbot, w, "Phạm Minh Đức")
    assert panel.state == "pdf" and panel.paper.text().startswith("CHƯA IN RA GIẤY")
    assert panel.open_button.isVisible() and panel.file and panel.file.endswith(".pdf")
    assert w.intake.result_stack.currentWidget() is panel
    assert "✓ Đã tiếp nhận hồ sơ 000.00.12.H62-" in panel.title.text() and "Hẹn trả kết quả" in panel.due.text()
    # it stays until the next citizen's first key
    qtbot.keyClicks(w.intake.picker.edit, "k")
    assert w.intake.result_stack.currentWidget() is not panel
    idle(qtbot, w)
