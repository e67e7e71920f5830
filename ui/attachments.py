"""Digitised documents in the clerk's window: at intake (the documents table), on a dossier's screen (documents and
result), reused from an earlier dossier of the same citizen, opened (access-logged), and the digitisation rate.

Keys, on the intake's documents and on a dossier's screen: F7 scan into the chosen row · Ctrl+I import files ·
F8 the pages (intake: turn, reorder, delete; a dossier: open the digitised copy) · Ctrl+R reuse a document digitised
for an earlier dossier of the same ID number · Ctrl+E (a dossier, lead) export the PDF. Files can be dragged onto the
documents table. Every rule is the core's (desk/attachments.py); this module only asks it, in the workers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desk.images import Page
from ui import formatting
from ui.qt import (
    QAbstractItemView,
    QComboBox,
    QCoreApplication,
    QDialog,
    QEvent,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QImage,
    QKeySequence,
    QLabel,
    QMessageBox,
    QObject,
    QPixmap,
    QPushButton,
    QScrollArea,
    QShortcut,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
    isValid,
)
from ui.scan import PagesDialog, drop_on_rows, error_text
from ui.workers import Op

if TYPE_CHECKING:
    from desk.attachments import Reusable
    from ui.session import Session

HINT_STYLE = "color: #555;"
DONE_STYLE = "color: #1b6e20;"
TODO_STYLE = "color: #8a4b00;"


def _shortcuts(widget: QWidget, keys: list[tuple[str, Any]]) -> None:
    for seq, slot in keys:
        sc = QShortcut(QKeySequence(seq), widget, activated=slot)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)


def _say(parent: QWidget, exc: BaseException) -> None:
    """An expected refusal in a message box; a bug in the error dialog."""
    text = error_text(exc)
    if text is None:
        from ui.errors import show_error

        show_error(exc, parent)
        return
    title = QCoreApplication.translate("AttachmentsPanel", "Bản số hóa")
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("attachmentMessage")
    box.open()


# -- intake --------------------------------------------------------------------------------------------------------

COL_DIGITISED = 4


class IntakeScans(QObject):
    """The intake's digitisation: pages scanned or imported per document row, and documents of an earlier dossier
    of the same citizen chosen for reuse, all held in memory until Ctrl+Enter receives the dossier; then the core
    keeps each as an encrypted PDF with its event (in the db worker, right after the dossier's own event)."""

    changed = Signal()
    dialog_opened = Signal(object)  # the PagesDialog (tests drive it)
    reuse_opened = Signal(object)

    def __init__(self, intake: Any):
        super().__init__(intake)
        self.intake = intake
        self.session: Session = intake.session
        self.pending: dict[str, list[Page]] = {}
        self.reused: dict[str, Reusable] = {}
        self.offered: list[Reusable] = []
        self.dialog: PagesDialog | None = None
        table = intake.documents
        self.table = table
        table.setColumnCount(COL_DIGITISED + 1)
        table.setHorizontalHeaderItem(COL_DIGITISED, QTableWidgetItem(self.tr("Bản số hóa")))
        table.horizontalHeader().setSectionResizeMode(COL_DIGITISED, QHeaderView.ResizeMode.ResizeToContents)
        table.checks_changed.connect(self.refresh)
        table.setAcceptDrops(True)
        table.viewport().setAcceptDrops(True)
        table.viewport().installEventFilter(self)
        intake.picker.procedure_chosen.connect(lambda _p: self.clear())
        self.hint = QLabel()
        self.hint.setObjectName("digitiseHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        box = table.parentWidget()
        if box is not None and box.layout() is not None:
            box.layout().addWidget(self.hint)
        intake.id_number.edit.editingFinished.connect(self.look_for_reuse)
        _shortcuts(intake, [("F7", self.scan), ("Ctrl+I", self.import_files), ("F8", self.edit_pages),
                            ("Ctrl+R", self.choose_reuse)])  # fmt: skip
        self.refresh()

    # -- state ---------------------------------------------------------------------------------------------------

    def clear(self) -> None:
        """A new citizen (or another procedure): nothing pending."""
        self.pending.clear()
        self.reused.clear()
        self.offered = []
        self.refresh()

    def current_doc(self) -> Any | None:
        row = self.table.currentRow()
        docs = self.table.docs
        return docs[row] if 0 <= row < len(docs) else None

    def refresh(self) -> None:
        for row, d in enumerate(self.table.docs):
            pages = self.pending.get(d.id)
            reused = self.reused.get(d.id)
            if pages:
                text, style = self.tr("✓ {0} trang").format(len(pages)), DONE_STYLE
            elif reused is not None:
                text, style = self.tr("✓ dùng lại ({0} trang)").format(reused.pages), DONE_STYLE
            elif getattr(d, "digitise", False):
                text, style = self.tr("cần số hóa (F7)"), TODO_STYLE
            else:
                text, style = "—", HINT_STYLE
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            item.setForeground(Qt.GlobalColor.darkGreen if style == DONE_STYLE else
                               Qt.GlobalColor.darkYellow if style == TODO_STYLE else Qt.GlobalColor.gray)  # fmt: skip
            self.table.setItem(row, COL_DIGITISED, item)
        parts = [self.tr("F7: quét vào giấy tờ đang chọn · Ctrl+I: nhập tệp (hoặc kéo tệp vào bảng) · F8: xem trang")]
        if self.offered:
            parts.append(self.tr("Công dân này đã có {0} giấy tờ số hóa ở hồ sơ trước: Ctrl+R để dùng lại.").format(
                len(self.offered)))  # fmt: skip
        self.hint.setText("\n".join(parts))
        self.changed.emit()

    # -- scan, import, pages ----------------------------------------------------------------------------------

    def _open(self, doc: Any, then: str | None = None, paths: list[str] | None = None) -> PagesDialog | None:
        if doc is None:
            return None
        if self.dialog is not None:
            return self.dialog
        self.dialog = PagesDialog(self.session, doc.name, self.pending.get(doc.id, []), self.intake)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(lambda d=doc, dlg=self.dialog: self.keep(d.id, dlg.pages))
        self.dialog.destroyed.connect(self.on_dialog_destroyed)
        self.dialog.finished.connect(self.on_dialog_finished)
        self.dialog.open()
        self.dialog_opened.emit(self.dialog)
        if then == "scan":
            self.dialog.scan_more()
        elif then == "import":
            self.dialog.import_more()
        elif paths:
            self.dialog.import_paths(paths)
        return self.dialog

    def on_dialog_destroyed(self, *_a: Any) -> None:
        self.dialog = None

    def on_dialog_finished(self, _result: int) -> None:
        """Back on the documents, ready for the next key (some platforms leave no window active otherwise)."""
        self.intake.window().activateWindow()
        self.table.setFocus()

    def scan(self) -> PagesDialog | None:
        return self._open(self.current_doc(), "scan")

    def import_files(self) -> PagesDialog | None:
        return self._open(self.current_doc(), "import")

    def edit_pages(self) -> PagesDialog | None:
        return self._open(self.current_doc())

    def keep(self, doc_id: str, pages: list[Page]) -> None:
        if pages:
            self.pending[doc_id] = list(pages)
            self.reused.pop(doc_id, None)
            row = next((r for r, d in enumerate(self.table.docs) if d.id == doc_id), -1)
            if row >= 0 and not self.table.is_ticked(row):
                self.table.toggle(row)  # a document scanned was handed in
        else:
            self.pending.pop(doc_id, None)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isValid(self.table):  # the window is closing
            return False
        if drop_on_rows(self.table, watched, event, lambda paths: self._open(self.current_doc(), paths=paths)):
            return True
        return super().eventFilter(watched, event)

    # -- reuse ---------------------------------------------------------------------------------------------------

    def look_for_reuse(self) -> Op | None:
        text = self.intake.id_number.text().strip()
        if not text:
            self.offered = []
            self.refresh()
            return None

        def work(ctx: Any) -> list[Reusable]:
            from desk import attachments

            return attachments.reusable(ctx.desk, text)

        return Op(self.session.db, work, self).success(self.on_offered).failure(lambda _e: None).run()

    def on_offered(self, offered: list[Reusable]) -> None:
        self.offered = offered
        self.refresh()

    def choose_reuse(self) -> ReuseDialog | None:
        if not self.offered or not self.table.docs:
            return None
        doc = self.current_doc()
        dialog = ReuseDialog(self.offered, [(d.id, d.name) for d in self.table.docs], doc.id if doc else None,
                             self.intake)  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.on_reuse_chosen)
        dialog.finished.connect(self.on_dialog_finished)
        dialog.open()
        self.reuse_opened.emit(dialog)
        return dialog

    def on_reuse_chosen(self, doc_id: str, item: Reusable) -> None:
        self.reused[doc_id] = item
        self.pending.pop(doc_id, None)
        row = next((r for r, d in enumerate(self.table.docs) if d.id == doc_id), -1)
        if row >= 0 and not self.table.is_ticked(row):
            self.table.toggle(row)
        self.refresh()

    # -- after Ctrl+Enter -----------------------------------------------------------------------------------------

    def attacher(self) -> Any:
        """What the db worker does right after the dossier is received: keep each pending document (a copy of the
        pending state, so a refused intake keeps it for the next try)."""
        pending = {k: list(v) for k, v in self.pending.items()}
        reused = dict(self.reused)
        if not pending and not reused:
            return None
        actor = self.session.actor

        def attach_all(desk: Any, dossier: dict) -> list[str]:
            from desk import attachments
            from desk.errors import DeskError

            problems = []
            for doc_id, pages in pending.items():
                try:
                    attachments.attach(desk, dossier["code"], doc_id, pages, source="scan", actor=actor)
                except DeskError as exc:
                    problems.append(exc.message)
            for doc_id, item in reused.items():
                try:
                    attachments.reuse(desk, dossier["code"], doc_id, from_code=item.code, sha256=item.sha256,
                                      actor=actor)  # fmt: skip
                except DeskError as exc:
                    problems.append(exc.message)
            return problems

        return attach_all


class ReuseDialog(QDialog):
    """Documents digitised for earlier dossiers of the same citizen: choose one (Enter) for the document below."""

    chosen = Signal(str, object)  # document id, Reusable

    def __init__(self, offered: list[Reusable], documents: list[tuple[str, str]], current: str | None,
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("reuseDialog")
        self.setWindowTitle(self.tr("Dùng lại giấy tờ đã số hóa"))
        self.offered = offered
        intro = QLabel(self.tr("Giấy tờ đã số hóa ở các hồ sơ trước của công dân này (cùng số giấy tờ). Chọn một "
                               "dòng (↑/↓) và giấy tờ nhận nó, rồi nhấn Enter."))  # fmt: skip
        intro.setWordWrap(True)
        self.table = QTableWidget(len(offered), 4)
        self.table.setObjectName("reuseTable")
        self.table.setHorizontalHeaderLabels([self.tr("Hồ sơ"), self.tr("Ngày nhận"), self.tr("Giấy tờ"),
                                              self.tr("Trang")])  # fmt: skip
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        h = self.table.horizontalHeader()
        for c in (0, 1, 3):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for r, item in enumerate(offered):
            values = (item.code, formatting.short(item.received_at)[:10], item.name, str(item.pages))
            for c, text in enumerate(values):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.table.setItem(r, c, cell)
        self.table.resizeRowsToContents()
        if offered:
            self.table.selectRow(0)
        self.target = QComboBox()
        self.target.setObjectName("reuseTarget")
        # long catalog names must not widen the dialog past the screen (seen at 1366×768)
        self.target.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.target.setMinimumContentsLength(30)
        for doc_id, name in documents:
            self.target.addItem(name, doc_id)
        if current is not None:
            self.target.setCurrentIndex(max(0, self.target.findData(current)))
        self.table.currentCellChanged.connect(lambda r, *_: self.on_row_changed(r))
        self.table.activated.connect(lambda _i: self.accept())  # Enter on a row (the table takes the key)
        self.on_row_changed(0)
        target_label = QLabel(self.tr("Dùng cho &giấy tờ:"))
        target_label.setBuddy(self.target)
        ok = QPushButton(self.tr("Dùng lại (Enter)"))
        ok.setObjectName("reuseOk")
        ok.setDefault(True)
        ok.clicked.connect(self.accept)
        cancel = QPushButton(self.tr("Hủy (Esc)"))
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(target_label)
        row.addWidget(self.target, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addLayout(buttons)
        from ui import screen

        screen.fit(self, 900, 440)
        self.table.setFocus()

    def on_row_changed(self, row: int) -> None:
        """The same document of the earlier dossier goes to the same document here, when there is one."""
        if 0 <= row < len(self.offered):
            index = self.target.findData(self.offered[row].document_id)
            if index >= 0:
                self.target.setCurrentIndex(index)

    def accept(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.offered) and self.target.currentData() is not None:
            self.chosen.emit(self.target.currentData(), self.offered[row])
            super().accept()


# -- a dossier's screen ----------------------------------------------------------------------------------------------


class AttachmentsPanel(QGroupBox):
    """On a dossier's screen: each document handed in and the result, digitised or not; F7 scans into the chosen
    row, Ctrl+I imports, F8 (or Enter) opens the digitised copy, Ctrl+R reuses, Ctrl+E exports (a lead's)."""

    changed = Signal()  # a document was digitised: the dossier reloads
    dialog_opened = Signal(object)

    def __init__(self, session: Session, detail: QWidget):
        super().__init__()
        self.setTitle(self.tr("Bản số hóa (F7 quét · Ctrl+I nhập tệp · F8 xem · Ctrl+R dùng lại)"))
        self.setObjectName("attachmentsPanel")
        self.session = session
        self.detail = detail
        self.dossier: dict | None = None
        self.rows: list[tuple[str, str]] = []  # (document id or "result", name)
        self.offered: list[Reusable] = []
        self.dialog: QDialog | None = None
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("attachmentsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Giấy tờ"), self.tr("Bản số hóa")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # One line a row (the names are in full just above, in «Thành phần hồ sơ»): the timeline keeps its room.
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setTabKeyNavigation(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _i: self.open_copy())
        self.table.setAcceptDrops(True)
        self.table.viewport().setAcceptDrops(True)
        self.table.viewport().installEventFilter(self)
        self.note = QLabel()
        self.note.setObjectName("attachmentsNote")
        self.note.setVisible(False)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(HINT_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        _shortcuts(detail, [("F7", self.scan), ("Ctrl+I", self.import_files), ("F8", self.open_copy),
                            ("Ctrl+R", self.choose_reuse), ("Ctrl+E", self.export)])  # fmt: skip

    def show_dossier(self, d: dict) -> None:
        self.dossier = d
        dg = d.get("digitisation") or {}
        digitised = dg.get("documents") or {}
        must = set(dg.get("must_digitise") or [])
        self.rows = [(doc["id"], doc["name"]) for doc in d["documents"]]
        result_name = self.tr("Kết quả: {0}").format(d["procedure"].get("result") or self.tr("kết quả giải quyết"))
        self.rows.append(("result", result_name))
        keep = self.table.currentRow()
        self.table.setRowCount(len(self.rows))
        for r, (doc_id, name) in enumerate(self.rows):
            held = dg.get("result") if doc_id == "result" else digitised.get(doc_id)
            if held:
                how = {"scan": self.tr("quét"), "import": self.tr("nhập tệp"), "reuse": self.tr("dùng lại")}.get(
                    held["source"], held["source"])  # fmt: skip
                if held["source"] == "reuse" and held.get("reused_from"):
                    how = self.tr("dùng lại từ {0}").format(held["reused_from"])
                text = self.tr("✓ {0} trang · {1} · {2}").format(held["pages"], how, formatting.short(held["at"]))
                if not held.get("present", True):
                    text += self.tr(" · chưa có trên máy này (F9)")
                colour = Qt.GlobalColor.darkGreen
            elif doc_id == "result" and dg.get("result_required"):
                text, colour = self.tr("cần số hóa trước khi trả kết quả"), Qt.GlobalColor.darkRed
            elif doc_id in must:
                text, colour = self.tr("cần số hóa"), Qt.GlobalColor.darkYellow
            else:
                text, colour = self.tr("chưa số hóa"), Qt.GlobalColor.gray
            name_item = QTableWidgetItem(name)
            name_item.setToolTip(name)
            state = QTableWidgetItem(text)
            state.setForeground(colour)
            self.table.setItem(r, 0, name_item)
            self.table.setItem(r, 1, state)
        line = self.table.fontMetrics().height() + 6
        for r in range(self.table.rowCount()):
            self.table.setRowHeight(r, line)
        shown = min(self.table.rowCount(), 5)
        self.table.setFixedHeight(
            self.table.horizontalHeader().height() + shown * line + 2 * self.table.frameWidth() + 2
        )
        self.table.setCurrentCell(max(0, min(keep, len(self.rows) - 1)), 0)
        self.look_for_reuse()

    def current(self) -> tuple[str, str] | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def held(self, doc_id: str) -> dict | None:
        dg = (self.dossier or {}).get("digitisation") or {}
        return dg.get("result") if doc_id == "result" else (dg.get("documents") or {}).get(doc_id)

    # -- scan and import --------------------------------------------------------------------------------------

    def _pages(self, then: str | None = None, paths: list[str] | None = None) -> PagesDialog | None:
        target = self.current()
        if target is None or self.dossier is None or self.dialog is not None:
            return None
        doc_id, name = target
        dialog = PagesDialog(self.session, name, [], self.detail)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.keep(doc_id, dialog.pages))
        dialog.destroyed.connect(self.on_dialog_destroyed)
        dialog.finished.connect(self.on_dialog_finished)
        self.dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)
        if then == "scan":
            dialog.scan_more()
        elif then == "import":
            dialog.import_more()
        elif paths:
            dialog.import_paths(paths)
        return dialog

    def on_dialog_destroyed(self, *_a: Any) -> None:
        self.dialog = None

    def on_dialog_finished(self, _result: int) -> None:
        self.detail.activateWindow()
        self.table.setFocus()

    def scan(self) -> PagesDialog | None:
        return self._pages("scan")

    def import_files(self) -> PagesDialog | None:
        return self._pages("import")

    def keep(self, doc_id: str, pages: list[Page]) -> Op | None:
        if not pages or self.dossier is None:
            return None
        code, actor = self.dossier["code"], self.session.actor

        def work(ctx: Any) -> Any:
            from desk import attachments

            return attachments.attach(ctx.desk, code, doc_id, pages, source="scan", actor=actor)

        self.note.setText(self.tr("Đang lưu bản số hóa…"))
        self.note.setVisible(True)
        return Op(self.session.db, work, self).success(self.on_kept).failure(self.on_failed).run()

    def on_kept(self, a: Any) -> None:
        self.note.setText(self.tr("✓ Đã lưu bản số hóa «{0}» ({1} trang).").format(a.name, a.pages))
        self.changed.emit()

    def on_failed(self, exc: BaseException) -> None:
        self.note.setText("")
        _say(self.detail, exc)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isValid(self.table):  # the window is closing
            return False
        if drop_on_rows(self.table, watched, event, lambda paths: self._pages(paths=paths)):
            return True
        return super().eventFilter(watched, event)

    # -- open, export, reuse -------------------------------------------------------------------------------------

    def open_copy(self) -> Op | None:
        target = self.current()
        if target is None or self.dossier is None or self.held(target[0]) is None:
            return None
        code, doc_id = self.dossier["code"], target[0]

        def work(ctx: Any) -> tuple[Any, list[tuple[int, int, bytes]]]:
            from desk import attachments, images

            a, pdf = attachments.open_pdf(ctx.desk, code, doc_id)  # written to the access log
            return a, images.render(pdf, dpi=110)

        return Op(self.session.db, work, self).success(self.on_opened).failure(self.on_failed).run()

    def on_opened(self, result: tuple[Any, list[tuple[int, int, bytes]]]) -> None:
        a, pages = result
        viewer = AttachmentViewer(a.name, pages, self.detail)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.finished.connect(self.on_dialog_finished)
        viewer.open()
        self.dialog_opened.emit(viewer)

    def export(self) -> None:
        target = self.current()
        if target is None or self.dossier is None or self.held(target[0]) is None:
            return
        code, doc_id = self.dossier["code"], target[0]
        path, _ = QFileDialog.getSaveFileName(self.detail, self.tr("Xuất bản số hóa"), f"{code}-{doc_id}.pdf",
                                              self.tr("PDF (*.pdf)"))  # fmt: skip
        if not path:
            return
        from pathlib import Path

        def work(ctx: Any) -> Any:
            from desk import attachments

            return attachments.export_pdf(ctx.desk, code, doc_id, Path(path))

        Op(self.session.db, work, self).success(
            lambda p: self.note.setText(self.tr("Đã xuất ra {0} (đã ghi vào nhật ký truy cập).").format(p))
        ).failure(self.on_failed).run()  # fmt: skip

    def look_for_reuse(self) -> Op | None:
        if self.dossier is None or not self.dossier["applicant"].get("id_number"):
            self.offered = []
            return None
        ident, code = self.dossier["applicant"]["id_number"], self.dossier["code"]

        def work(ctx: Any) -> list[Reusable]:
            from desk import attachments

            return attachments.reusable(ctx.desk, ident, exclude_code=code)

        def found(offered: list[Reusable]) -> None:
            self.offered = offered
            if offered:
                self.note.setText(self.tr("Công dân này đã có {0} giấy tờ số hóa ở hồ sơ trước: Ctrl+R để dùng lại.")
                                  .format(len(offered)))  # fmt: skip
                self.note.setVisible(True)

        return Op(self.session.db, work, self).success(found).failure(lambda _e: None).run()

    def choose_reuse(self) -> ReuseDialog | None:
        if not self.offered or self.dossier is None:
            return None
        target = self.current()
        dialog = ReuseDialog(self.offered, self.rows, target[0] if target else None, self.detail)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chosen.connect(self.on_reuse_chosen)
        dialog.finished.connect(self.on_dialog_finished)
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def on_reuse_chosen(self, doc_id: str, item: Reusable) -> Op | None:
        if self.dossier is None:
            return None
        code, actor = self.dossier["code"], self.session.actor

        def work(ctx: Any) -> Any:
            from desk import attachments

            return attachments.reuse(ctx.desk, code, doc_id, from_code=item.code, sha256=item.sha256, actor=actor)

        return Op(self.session.db, work, self).success(self.on_kept).failure(self.on_failed).run()


class AttachmentViewer(QDialog):
    """A digitised copy, page by page, decrypted in memory (PgUp / PgDn, Esc closes). Opening it was logged."""

    def __init__(self, name: str, pages: list[tuple[int, int, bytes]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("attachmentViewer")
        self.setWindowTitle(self.tr("Bản số hóa: {0}").format(name))
        self.pages = pages
        self.index = 0
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll = scroll
        self.position = QLabel()
        self.position.setObjectName("viewerPosition")
        note = QLabel(
            self.tr("PgUp / PgDn: trang trước / sau · Esc: đóng. Lần mở này đã được ghi vào nhật ký truy cập.")
        )
        note.setStyleSheet(HINT_STYLE)
        close = QPushButton(self.tr("Đóng (Esc)"))
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.position)
        bottom.addWidget(note, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        for seq, step in (("PgDown", 1), ("PgUp", -1)):
            QShortcut(QKeySequence(seq), self, activated=lambda s=step: self.go(self.index + s))
        from ui import screen

        screen.fit(self, 900, 740)
        self.go(0)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.go(self.index)

    def go(self, index: int) -> None:
        if not self.pages:
            return
        self.index = max(0, min(index, len(self.pages) - 1))
        w, h, data = self.pages[self.index]
        picture = QPixmap.fromImage(QImage(data, w, h, w, QImage.Format.Format_Grayscale8).copy())
        width = self.scroll.viewport().width() - 4
        if 0 < width < picture.width():  # the page's width fits the window: only up and down to scroll
            picture = picture.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(picture)
        self.position.setText(self.tr("Trang {0}/{1}").format(self.index + 1, len(self.pages)))


# -- the digitisation rate ----------------------------------------------------------------------------------------


class DigitisationDialog(QDialog):
    """The digitisation rate per field for the report's period (desk/digitisation.py)."""

    def __init__(self, session: Session, period: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("digitisationDialog")
        self.setWindowTitle(self.tr("Tỷ lệ số hóa hồ sơ, kết quả"))
        self.session = session
        self.heading = QLabel(self.tr("Đang tính…"))
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.table = QTableWidget(0, 9)
        self.table.setObjectName("digitisationTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        note = QLabel(self.tr("Giấy tờ: những giấy tờ đã nộp của hồ sơ tiếp nhận trong kỳ; kết quả: hồ sơ có kết quả "
                              "trong kỳ. «Dùng lại»: bản số hóa lấy từ hồ sơ trước của cùng công dân."))  # fmt: skip
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        close = QPushButton(self.tr("Đóng (Esc)"))
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(1000, 460)

        def work(ctx: Any) -> Any:
            from desk import digitisation

            start, end = period()
            return digitisation.for_desk(ctx.desk, start, end)

        Op(session.reports, work, self).success(self.show_report).failure(lambda e: _say(self, e)).run()

    def show_report(self, rep: Any) -> None:
        self.report = rep
        self.heading.setText(self.tr("Tỷ lệ số hóa — {0}").format(rep.period_label))
        self.table.setHorizontalHeaderLabels([
            self.tr("Lĩnh vực"), self.tr("Hồ sơ tiếp nhận"), self.tr("Giấy tờ đã nộp"), self.tr("Giấy tờ đã số hóa"),
            self.tr("Tỷ lệ (%)"), self.tr("Trong đó dùng lại"), self.tr("Kết quả đã có"), self.tr("Kết quả đã số hóa"),
            self.tr("Tỷ lệ (%)")])  # fmt: skip
        rows = [r.cells(i)[1:] for i, r in enumerate(rep.rows, 1)] + [rep.total.cells("")[1:]]
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                item = QTableWidgetItem(str(value))
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
        h = self.table.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, 9):
            h.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()


def add_digitisation_button(view: Any, bar: QHBoxLayout) -> QPushButton:
    """The report view's «Tỷ lệ số hóa» (Ctrl+Shift+S): the same period, the digitisation rate."""

    def period() -> tuple[Any, Any]:
        from desk import report as rp

        kind, year, month, start, end = view.period()
        if kind == "month":
            return rp.month_period(year, month)
        if kind == "quarter":
            return rp.quarter_period(year, view.quarter.currentData())
        if kind == "year":
            return rp.year_period(year)
        return rp.check_period(start, end)

    def show() -> DigitisationDialog:
        dialog = DigitisationDialog(view.session, period, view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        view.digitisation_dialog = dialog
        return dialog

    button = QPushButton(QCoreApplication.translate("DigitisationDialog", "&Số hóa… (Ctrl+Shift+S)"))
    button.setObjectName("digitisationButton")
    button.clicked.connect(show)
    bar.addWidget(button)
    _shortcuts(view, [("Ctrl+Shift+S", show)])
    return button
