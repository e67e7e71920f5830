"""Digitising at the counter from the keyboard: F7 on a document row scans from the SANE test device, the page
preview turns and deletes pages, Ctrl+Enter keeps them with the dossier; on a dossier's screen the result is
scanned before «Trả kết quả», a copy opened is access-logged, and documents of an earlier dossier are reused."""

from __future__ import annotations

import datetime as dt
import json

from desk import attachments, images
from desk.service import Desk, ReceiveRequest
from tests.gui.test_intake import key, open_intake, pick_birth_registration
from tests.helpers.gui import CLERK, OFFSCREEN_NOISE, idle, open_detail, type_text
from tests.helpers.scans import text_pdf
from ui.qt import QApplication, Qt

pytestmark = OFFSCREEN_NOISE
ID = "075190001234"


def test_f7_on_a_document_row_scans_and_ctrl_enter_keeps_it(qtbot, window, desk_with_clerk, sane_test_device,
                                                             monkeypatch):  # fmt: skip
    monkeypatch.setenv("DESK_SCANNER", sane_test_device)
    w = window
    open_intake(qtbot, w)
    pick_birth_registration(qtbot, w)
    intake = w.intake
    key(qtbot, Qt.Key.Key_Down)  # tp2
    with qtbot.waitSignal(intake.scans.dialog_opened, timeout=5_000) as opened:
        key(qtbot, Qt.Key.Key_F7)
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: len(dialog.pages) == 1, timeout=30_000)  # scanned in the scan worker
    assert intake.isEnabled()  # the window never waited for the scanner
    qtbot.keyClick(dialog, Qt.Key.Key_F7)  # a second sheet
    qtbot.waitUntil(lambda: len(dialog.pages) == 2 and not dialog.busy, timeout=30_000)
    qtbot.keyClick(dialog, Qt.Key.Key_R)  # the second page was upside down: turn it twice
    qtbot.keyClick(dialog, Qt.Key.Key_R)
    assert dialog.pages[1].rotation == 180
    qtbot.keyClick(dialog, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)  # and it is the first
    assert dialog.pages[0].rotation == 180
    dialog.list.setCurrentRow(1)
    qtbot.keyClick(dialog, Qt.Key.Key_Delete)  # the other one was a blank sheet
    assert len(dialog.pages) == 1
    with qtbot.waitSignal(intake.scans.changed, timeout=5_000):
        qtbot.keyClick(dialog.keep_button, Qt.Key.Key_Return)
    assert "1 trang" in intake.documents.item(1, 4).text()
    assert intake.documents.is_ticked(1)  # a document scanned was handed in
    qtbot.waitUntil(lambda: QApplication.focusWidget() is intake.documents, timeout=5_000)  # back on the documents
    key(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # the other required ones
    type_text(qtbot, intake.name.edit, "Nguyễn Thị Bích Ngọc")
    with qtbot.waitSignal(intake.dossier_received, timeout=20_000) as got:
        qtbot.keyClick(intake.name.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    code = got.args[0]["code"]
    idle(qtbot, w)
    assert intake.scans.pending == {}  # ready for the next citizen
    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        [a] = attachments.listing(d, code)
        kinds = [e.kind for e in d.store.events(dossier_uid=got.args[0]["uid"])]
    finally:
        d.close()
    assert (a.document_id, a.pages, a.source) == ("tp2", 1, "scan")
    assert kinds[:2] == ["received", "digitised"]


def _dossier_with_result_required(data_dir, *, procedure="1.001193"):
    """A desk whose catalog requires the result digitised, with a dossier of this citizen whose result is ready."""
    from desk import workflow
    from desk.setup import SAMPLE_CATALOG

    d = Desk.open(data_dir, as_user=CLERK["username"], password=CLERK["password"])
    try:
        catalog = json.loads(SAMPLE_CATALOG.read_text(encoding="utf-8"))
        catalog["version"] += 1
        catalog["effective_from"] = (dt.date.today() - dt.timedelta(days=30)).isoformat()
        catalog["digitise_results"] = True
        d.import_catalog(json.dumps(catalog, ensure_ascii=False).encode(), actor="Hoa")
        first = d.receive(ReceiveRequest(procedure=procedure, name="Nguyễn Văn Đức", id_number=ID), actor="Hoa")
        attachments.attach(d, first["code"], "tp6", images.from_pdf(text_pdf(1)), actor="Hoa")
        second = d.receive(ReceiveRequest(procedure=procedure, name="Nguyễn Văn Đức", id_number=ID), actor="Hoa")
        workflow.result_ready(d, second["code"], actor="Hoa")
        return first["code"], second["code"]
    finally:
        d.close()


def test_the_result_scanned_on_the_dossier_screen_before_the_return(qtbot, window, desk_with_clerk,
                                                                    sane_test_device, monkeypatch):  # fmt: skip
    monkeypatch.setenv("DESK_SCANNER", sane_test_device)
    _first, code = _dossier_with_result_required(desk_with_clerk)
    detail = open_detail(qtbot, window, code)
    panel = detail.attachments
    assert not detail.step_buttons["result_returned"].isEnabled()
    assert "Chưa số hóa kết quả" in detail.step_buttons["result_returned"].toolTip()
    assert panel.table.item(panel.table.rowCount() - 1, 1).text().startswith("cần số hóa")
    panel.table.setCurrentCell(panel.table.rowCount() - 1, 0)  # the result's row
    with qtbot.waitSignal(panel.dialog_opened, timeout=5_000) as opened:
        qtbot.keyClick(panel.table, Qt.Key.Key_F7)
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: len(dialog.pages) == 1 and not dialog.busy, timeout=30_000)
    with qtbot.waitSignal(detail.loaded, timeout=20_000):
        qtbot.keyClick(dialog.keep_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: detail.step_buttons["result_returned"].isEnabled(), timeout=10_000)
    assert panel.table.item(panel.table.rowCount() - 1, 1).text().startswith("✓ 1 trang")
    # open the copy: shown from memory, written to the access log
    with qtbot.waitSignal(panel.dialog_opened, timeout=20_000) as opened:
        qtbot.keyClick(panel.table, Qt.Key.Key_F8)
    viewer = opened.args[0]
    assert viewer.position.text() == "Trang 1/1"
    viewer.reject()
    idle(qtbot, window)
    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        log = d.access_log(dt.date.today() - dt.timedelta(days=1), dt.date.today() + dt.timedelta(days=1))
    finally:
        d.close()
    assert any(e.action == "view" and e.code == code and e.what.startswith("Mở bản số hóa: Kết quả") for e in log)
    detail.reject()


def test_ctrl_r_reuses_a_document_of_an_earlier_dossier(qtbot, window, desk_with_clerk):
    first, code = _dossier_with_result_required(desk_with_clerk)
    detail = open_detail(qtbot, window, code)
    panel = detail.attachments
    qtbot.waitUntil(lambda: bool(panel.offered), timeout=10_000)
    assert "Ctrl+R" in panel.note.text()
    with qtbot.waitSignal(panel.dialog_opened, timeout=5_000) as opened:
        qtbot.keyClick(panel.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = opened.args[0]
    assert dialog.table.item(0, 0).text() == first
    assert dialog.target.currentData() == "tp6"  # the same document of the earlier dossier
    with qtbot.waitSignal(detail.loaded, timeout=20_000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    row = next(r for r, (doc_id, _n) in enumerate(panel.rows) if doc_id == "tp6")
    assert f"dùng lại từ {first}" in panel.table.item(row, 1).text()
    detail.reject()
    idle(qtbot, window)


def test_a_scanner_that_is_not_there_is_said_in_words(qtbot, window, monkeypatch, tmp_path):
    monkeypatch.setenv("DESK_SCANNER", "nosuch:0")
    w = window
    open_intake(qtbot, w)
    pick_birth_registration(qtbot, w)
    with qtbot.waitSignal(w.intake.scans.dialog_opened, timeout=5_000) as opened:
        key(qtbot, Qt.Key.Key_F7)
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=30_000)
    assert "máy quét" in dialog.message.text().lower()
    assert dialog.pages == [] and not dialog.keep_button.isEnabled()
    # importing a file still works
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(text_pdf(2))
    dialog.import_paths([str(pdf)])
    qtbot.waitUntil(lambda: len(dialog.pages) == 2, timeout=30_000)
    dialog.reject()
    idle(qtbot, w)


def test_files_dropped_on_a_document_row_open_its_pages(qtbot, window, tmp_path):
    """Dragging a PDF from the file manager onto a row of the intake's documents: that row's pages, the file's pages."""
    from ui.qt import QDragEnterEvent, QDropEvent, QMimeData, QPointF, QUrl

    pdf = tmp_path / "giay-to.pdf"
    pdf.write_bytes(text_pdf(2))
    w = window
    open_intake(qtbot, w)
    pick_birth_registration(qtbot, w)
    table = w.intake.documents
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    at = QPointF(table.visualItemRect(table.item(1, 0)).center())
    actions, none = Qt.DropAction.CopyAction, Qt.MouseButton.NoButton
    enter = QDragEnterEvent(at, actions, mime, none, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(table.viewport(), enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(w.intake.scans.dialog_opened, timeout=5_000) as opened:
        QApplication.sendEvent(table.viewport(), QDropEvent(at, actions, mime, none, Qt.KeyboardModifier.NoModifier))
    assert table.currentRow() == 1
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: len(dialog.pages) == 2 and not dialog.busy, timeout=30_000)
    dialog.reject()
