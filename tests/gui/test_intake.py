"""Intake at the counter by keyboard alone: procedure, documents, applicant, Ctrl+Enter receives and prints."""

from __future__ import annotations

import json

from desk.service import Desk
from tests.helpers.gui import CLERK, OFFSCREEN_NOISE, idle, type_text
from ui.qt import QApplication, Qt

pytestmark = OFFSCREEN_NOISE


def key(qtbot, k, mod=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), k, mod)


def type_here(qtbot, text):
    type_text(qtbot, QApplication.focusWidget(), text)


def open_intake(qtbot, w):
    idle(qtbot, w)
    qtbot.keyClick(w, Qt.Key.Key_F3)
    assert w.tabs.currentWidget() is w.intake
    qtbot.waitUntil(lambda: bool(w.intake.picker.procedures))
    assert QApplication.focusWidget() is w.intake.picker.edit


def pick_birth_registration(qtbot, w):
    type_here(qtbot, "dang ky khai sinh")  # no accents: folded like the catalog's names
    first = w.intake.picker.list.item(0).data(Qt.ItemDataRole.UserRole)
    assert first.code == "1.001193"
    key(qtbot, Qt.Key.Key_Return)
    assert w.intake.picker.chosen.code == "1.001193"
    assert QApplication.focusWidget() is w.intake.documents
    qtbot.waitUntil(lambda: w.intake.due_label.text() != "—")


def test_keyboard_only_intake_receives_and_prints(qtbot, window, desk_with_clerk, monkeypatch):
    w = window
    open_intake(qtbot, w)
    pick_birth_registration(qtbot, w)
    intake = w.intake
    assert "Lập phiếu yêu cầu bổ sung" in intake.submit_button.text()  # nothing ticked yet
    key(qtbot, Qt.Key.Key_Space)  # tp1
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Space)  # tp2
    key(qtbot, Qt.Key.Key_Plus)  # two copies of tp2
    for _ in range(4):
        key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Space)  # tp6: the applicant's identity paper, shown
    assert intake.documents.given() == {"tp1": 1, "tp2": 2, "tp6": 1}
    assert "Tiếp nhận và in" in intake.submit_button.text()
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is intake.name.edit
    type_here(qtbot, "Nguyễn Thị Bích Ngọc")
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "075190001234")
    key(qtbot, Qt.Key.Key_Tab)
    assert intake.id_number.message.text().startswith("✓")
    type_here(qtbot, "0912 345 678")
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)  # no e-mail
    type_here(qtbot, "Ấp 3, xã Tân Phú, tỉnh Đồng Nai")
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is intake.sets
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is intake.desk_radio
    due_text = intake.due_label.text()
    import printing

    rendered, render = [], printing.render
    monkeypatch.setattr(printing, "render", lambda doc, **kw: rendered.append(doc) or render(doc, **kw))
    with qtbot.waitSignal(w.printed, timeout=20_000) as printed:
        key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    form, detail = printed.args
    assert form == "receipt" and detail["pages"] >= 2  # Liên 1 and Liên 2 on A5
    idle(qtbot, w)
    files = list((desk_with_clerk / "printed").glob("*-receipt-*.pdf"))
    assert len(files) == 1 and files[0].read_bytes().startswith(b"%PDF")
    # Ready for the next citizen.
    assert intake.picker.chosen is None and intake.name.text() == ""
    assert QApplication.focusWidget() is intake.picker.edit

    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        [hit] = d.search("075190001234")
        dossier = d.dossier(hit["code"])
    finally:
        d.close()
    assert dossier["applicant"]["name"] == "Nguyễn Thị Bích Ngọc"
    assert dossier["applicant"]["phone"] == "0912345678"
    assert dossier["actor"] == CLERK["full_name"]
    assert [(x["id"], x["quantity"]) for x in dossier["documents"]] == [("tp1", 1), ("tp2", 2), ("tp6", 1)]
    assert dossier["due_at"][11:16].replace(":", " giờ ") in due_text  # the appointment shown before Ctrl+Enter
    kinds = [(e["kind"], e["actor"]) for e in dossier["events"]]
    assert kinds == [("received", CLERK["full_name"]), ("printed", CLERK["full_name"])]
    assert dossier["events"][1]["payload"]["form"] == "receipt"
    assert dossier["events"][1]["payload"]["target"] == "pdf"
    # The receipt printed at the counter says what a reprint says: the core built both (desk.printdata).
    import io

    from pypdf import PdfReader

    import printing

    def text(pdf: bytes) -> str:
        return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)

    (at_counter,) = rendered
    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        reprint = text(printing.render(d.printable("receipt", hit["code"])))
    finally:
        d.close()
    counter = text(printing.render(at_counter))
    assert "6. Đăng ký nhận kết quả tại: Trung tâm Phục vụ hành chính công" in counter
    assert counter == reprint


def test_a_refused_field_is_shown_next_to_it(qtbot, window):
    w = window
    open_intake(qtbot, w)
    pick_birth_registration(qtbot, w)
    intake = w.intake
    qtbot.keyClick(intake, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # every required document
    assert intake.documents.missing_required() == []
    intake.name.setFocus()
    type_here(qtbot, "Trần Văn Bình")
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "999190001234")  # 999 is no province code
    assert "mã tỉnh" in intake.id_number.message.text()  # live, while typing (12 digits typed)
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "0123")
    key(qtbot, Qt.Key.Key_Tab)  # leaving the field shows the refusal
    assert "Số điện thoại 0123: không đúng" in intake.phone.message.text()
    assert intake.phone.message.isVisible()
    with qtbot.waitSignal(intake.submit_failed, timeout=10_000) as failed:
        qtbot.keyClick(intake, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    exc = failed.args[0]
    assert len(exc.errors) == 2
    assert intake.summary.isVisible() and "mã tỉnh" in intake.summary.text()
    assert intake.summary.text().count("•") == 2  # each problem once
    assert "mã tỉnh" in intake.id_number.message.text() and "0123" in intake.phone.message.text()  # placed by field
    assert QApplication.focusWidget() is intake.id_number.edit  # the first refused field
    # Nothing was received: the form keeps what was typed.
    assert intake.name.text() == "Trần Văn Bình"
    # Corrected, it goes through.
    intake.id_number.edit.clear()
    type_here(qtbot, "079085001234")
    intake.phone.edit.clear()
    with qtbot.waitSignal(intake.dossier_received, timeout=10_000) as got:
        qtbot.keyClick(intake, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert got.args[0]["applicant"]["id_number"] == "079085001234"
    idle(qtbot, w)


def test_missing_required_document_prints_the_supplement_request(qtbot, window, desk_with_clerk):
    w = window
    open_intake(qtbot, w)
    pick_birth_registration(qtbot, w)
    intake = w.intake
    key(qtbot, Qt.Key.Key_Space)  # only tp1; tp2 and tp6 (required) are missing
    intake.name.setFocus()
    type_here(qtbot, "Phạm Minh Đức")
    with qtbot.waitSignal(w.printed, timeout=20_000) as printed:
        qtbot.keyClick(intake, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert printed.args[0] == "supplement"
    idle(qtbot, w)
    assert list((desk_with_clerk / "printed").glob("phieu-supplement-*.pdf"))
    d = Desk.open(desk_with_clerk, as_user=CLERK["username"], password=CLERK["password"])
    try:
        assert d.search("Pham Minh Duc") == []  # no dossier, no code
        kinds = [r[0] for r in d.store.conn.execute("SELECT kind FROM events ORDER BY seq")]
        payload = json.loads(
            d.store.conn.execute("SELECT payload FROM events WHERE kind = 'intake_supplement_requested'").fetchone()[0]
        )
    finally:
        d.close()
    assert kinds[-2:] == ["intake_supplement_requested", "printed"]
    assert payload["missing"] == ["tp2", "tp6"]
    # The guidance given is kept: found again later and printed again (Hồ sơ › Phiếu yêu cầu bổ sung…).
    assert w.intake.outcome.title.text().startswith("Chưa tiếp nhận: hồ sơ thiếu 2 giấy tờ bắt buộc")
    dialog = w.show_intake_supplements()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000) as loaded:
        pass
    assert loaded.args[0] == 1 and dialog.table.item(0, 1).text() == "Phạm Minh Đức"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.preview is not None and w.preview.pdf is not None, timeout=20_000)
    assert w.preview.form == "supplement" and w.preview.code is None
    w.preview.reject()
    dialog.reject()
    idle(qtbot, w)


def test_f1_lists_the_keys_by_screen(qtbot, window):
    from ui.qt import QTextBrowser

    dialog = window.show_shortcuts()
    assert dialog.windowTitle() == "Phím tắt (F1)"
    assert "Ctrl+Shift+B" in dialog.findChild(QTextBrowser).toPlainText()
    groups = [g for g, _keys in window.shortcut_groups()]
    assert groups[:3] == ["Mọi màn hình", "Trang chủ", "Tiếp nhận"]
    dialog.reject()
