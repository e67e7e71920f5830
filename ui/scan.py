"""Scanning at the counter: pages from the PC's scanner (or imported files) in the scan worker, then a page preview to
turn, reorder and delete pages before they are kept.

Keys in the page preview: F7 scan more · Ctrl+I import files · R / L turn right / left · Delete remove the page ·
Ctrl+↑ / Ctrl+↓ move it · Ctrl+M choose the scanner · Enter keep · Esc cancel. Files can be dragged in.
Nothing is written to disk here: pages are JPEG/G4 bytes in memory until the core encrypts the document.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk import images, scanning
from desk.images import Page
from ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QIcon,
    QImage,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPixmap,
    QPushButton,
    QShortcut,
    QSize,
    QSpinBox,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session, settings
from ui.workers import Op

THUMB = 150


def scanner_choice() -> tuple[str | None, bool, int]:
    """(device or None for the first found, feeder, pages from the feeder at most) remembered on this PC."""
    s = settings()
    device = str(s.value("scan/device", "") or "") or None
    feeder = str(s.value("scan/feeder", "false")) == "true"
    try:
        pages = int(s.value("scan/pages", 20))
    except (TypeError, ValueError):
        pages = 20
    return device, feeder, max(1, min(pages, scanning.MAX_PAGES))


def scan_pages(device: str | None, feeder: bool, pages: int) -> list[Page]:
    """In the scan worker: the scanner's pages, encoded (gray JPEG or G4) as they will be kept."""
    encoded: list[Page] = []
    # Each page is encoded as it arrives, before the next one is asked for: once the scanner returns the last page
    # only that page is left to encode (issue 19: ≤ 1 s from the last page to the document attached).
    scanning.scan(device, pages=pages if feeder else 1, feeder=feeder,
                  on_page=lambda p: encoded.append(images.from_scan(p.data, p.dpi)))  # fmt: skip
    return encoded


def import_files(paths: list[str]) -> list[Page]:
    """In the scan worker: the pages of files chosen or dropped (PDF, JPEG, PNG), in order."""
    from desk.attachments import read_file

    pages: list[Page] = []
    for n, path in enumerate(paths, start=1):
        pages += read_file(Path(path), n)
    if len(pages) > images.MAX_PAGES:
        from desk.errors import InvalidInput

        raise InvalidInput(f"Quá {images.MAX_PAGES} trang cho một giấy tờ: tách thành nhiều lần.", field="file")
    return pages


def pixmap(page: Page, side: int) -> QPixmap:
    """A page as a picture (decoded in memory, turned as the clerk asked)."""
    w, h, data = images.pixels(page, side)
    image = QImage(data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(image)


def dropped_files(event: Any) -> list[str]:
    """The local files of a drag-and-drop (PDF, JPEG, PNG are checked by their content later)."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    return [u.toLocalFile() for u in urls if u.isLocalFile()]


def drop_on_rows(table: Any, watched: Any, event: Any, on_drop: Callable[[list[str]], None]) -> bool:
    """Files dragged onto a row of ``table`` (an event filter's part): accepted while they hover; dropped on a row,
    that row becomes current and ``on_drop(paths)`` runs. True when the event was taken."""
    from ui.qt import QEvent

    if watched is not table.viewport():
        return False
    if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and dropped_files(event):
        event.acceptProposedAction()
        return True
    if event.type() == QEvent.Type.Drop:
        paths = dropped_files(event)
        index = table.indexAt(event.position().toPoint())
        if paths and index.isValid():
            table.setCurrentCell(index.row(), 0)
            event.acceptProposedAction()
            on_drop(paths)
            return True
    return False


def error_text(exc: BaseException) -> str | None:
    """The clerk's words for a scan or import failure (None: a bug, for the error dialog)."""
    from desk.errors import DeskError

    if isinstance(exc, DeskError):
        return exc.message
    return None


class ScannerDialog(QDialog):
    """Which scanner this PC uses, and whether from the document feeder (remembered per PC)."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scannerDialog")
        self.session = session
        self.setWindowTitle(self.tr("Chọn máy quét"))
        device, feeder, pages = scanner_choice()
        self.devices = QComboBox()
        self.devices.setObjectName("scannerCombo")
        self.devices.addItem(self.tr("Máy quét đầu tiên tìm thấy"), "")
        if device:
            self.devices.addItem(device, device)
            self.devices.setCurrentIndex(1)
        self.feeder = QCheckBox(self.tr("Quét từ &khay nạp giấy tự động (nhiều trang một lần)"))
        self.feeder.setChecked(feeder)
        self.pages = QSpinBox()
        self.pages.setRange(1, scanning.MAX_PAGES)
        self.pages.setValue(pages)
        self.status = QLabel(self.tr("Đang tìm máy quét…"))
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Máy quét:"), self.devices)
        form.addRow("", self.feeder)
        form.addRow(self.tr("Tối đa số trang mỗi lần (khay nạp giấy):"), self.pages)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        Op(session.scan, lambda _ctx: scanning.devices(), self).success(self.on_devices_found).failure(
            self.on_devices_failed
        ).run()

    def on_devices_found(self, found: list[scanning.Device]) -> None:
        known = {self.devices.itemData(i) for i in range(self.devices.count())}
        for d in found:
            if d.id not in known:
                self.devices.addItem(f"{d.label} ({d.id})", d.id)
        self.status.setText(self.tr("Tìm thấy {0} máy quét.").format(len(found)) if found else self.tr(
            "Không thấy máy quét nào: kiểm tra máy quét đã bật và cắm cáp. Vẫn nhập được tệp ảnh/PDF (Ctrl+I)."))  # fmt: skip

    def on_devices_failed(self, exc: BaseException) -> None:
        self.status.setText(error_text(exc) or str(exc))

    def accept(self) -> None:
        s = settings()
        s.setValue("scan/device", self.devices.currentData() or "")
        s.setValue("scan/feeder", "true" if self.feeder.isChecked() else "false")
        s.setValue("scan/pages", self.pages.value())
        super().accept()


class PagesDialog(QDialog):
    """The pages of one document before they are kept: turn, reorder, delete; scan or import more."""

    pages_changed = Signal()
    busy_changed = Signal(bool)

    def __init__(self, session: Session, title: str, pages: list[Page] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pagesDialog")
        self.session = session
        self.pages: list[Page] = list(pages or [])
        self.busy = False
        self.setWindowTitle(self.tr("Bản số hóa: {0}").format(title))
        self.setAcceptDrops(True)
        heading = QLabel(title)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.list = QListWidget()
        self.list.setObjectName("pageList")
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setMinimumWidth(THUMB * 2 + 60)
        self.list.currentRowChanged.connect(self.on_current_changed)
        self.preview = QLabel()
        self.preview.setObjectName("pagePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(360, 420)
        self.preview.setStyleSheet("background: #f3f3f3; border: 1px solid #ccc;")
        self.status = QLabel()
        self.status.setObjectName("pagesStatus")
        self.status.setWordWrap(True)
        self.scanner_label = QLabel()
        self.scanner_label.setStyleSheet("color: #555;")
        self.message = QLabel()
        self.message.setObjectName("pagesMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()

        def button(text: str, slot: Callable[[], Any], name: str) -> QPushButton:
            b = QPushButton(text)
            b.setObjectName(name)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(slot)
            return b

        self.scan_button = button(self.tr("Quét thêm (F7)"), self.scan_more, "scanMoreButton")
        self.import_button = button(self.tr("Nhập tệp… (Ctrl+I)"), self.import_more, "importButton")
        tools = QHBoxLayout()
        for b in (self.scan_button, self.import_button,
                  button(self.tr("Xoay phải (R)"), lambda: self.turn(1), "turnRightButton"),
                  button(self.tr("Xoay trái (L)"), lambda: self.turn(-1), "turnLeftButton"),
                  button(self.tr("Lên (Ctrl+↑)"), lambda: self.move_page(-1), "moveUpButton"),
                  button(self.tr("Xuống (Ctrl+↓)"), lambda: self.move_page(1), "moveDownButton"),
                  button(self.tr("Xóa trang (Delete)"), self.delete, "deletePageButton")):  # fmt: skip
            tools.addWidget(b)
        tools.addStretch(1)
        self.keep_button = QPushButton(self.tr("Lưu bản số hóa (Enter)"))
        self.keep_button.setObjectName("keepPagesButton")
        self.keep_button.setDefault(True)
        self.keep_button.clicked.connect(self.accept)
        cancel = QPushButton(self.tr("Hủy (Esc)"))
        cancel.clicked.connect(self.reject)
        choose = button(self.tr("Chọn máy quét… (Ctrl+M)"), self.choose_scanner, "chooseScannerButton")
        bottom = QHBoxLayout()
        bottom.addWidget(self.scanner_label)
        bottom.addWidget(choose)
        bottom.addStretch(1)
        bottom.addWidget(cancel)
        bottom.addWidget(self.keep_button)
        body = QHBoxLayout()
        body.addWidget(self.list, 2)
        body.addWidget(self.preview, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(tools)
        layout.addLayout(body, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        for seq, slot in (("F7", self.scan_more), ("Ctrl+I", self.import_more), ("R", lambda: self.turn(1)),
                          ("L", lambda: self.turn(-1)), ("Delete", self.delete), ("Ctrl+Up", lambda: self.move_page(-1)),
                          ("Ctrl+Down", lambda: self.move_page(1)), ("Ctrl+M", self.choose_scanner)):  # fmt: skip
            QShortcut(QKeySequence(seq), self, activated=slot)
        from ui import screen

        screen.fit(self, 1100, 720)
        self.refresh()

    # -- pages ------------------------------------------------------------------------------------

    def refresh(self, current: int | None = None) -> None:
        row = self.list.currentRow() if current is None else current
        self.list.blockSignals(True)
        self.list.clear()
        for n, page in enumerate(self.pages, start=1):
            item = QListWidgetItem(QIcon(pixmap(page, THUMB)), self.tr("Trang {0}").format(n))
            self.list.addItem(item)
        self.list.blockSignals(False)
        if self.pages:
            self.list.setCurrentRow(max(0, min(row, len(self.pages) - 1)))
        self.on_current_changed(self.list.currentRow())
        total = sum(p.size for p in self.pages)
        self.status.setText(
            self.tr("{0} trang · khoảng {1} KB · 200 dpi thang xám").format(len(self.pages), max(1, total // 1024))
            if self.pages
            else self.tr(
                "Chưa có trang nào: đặt giấy vào máy quét rồi nhấn F7, hoặc nhập tệp (Ctrl+I), hoặc kéo tệp vào đây."
            )
        )
        device, feeder, _n = scanner_choice()
        self.scanner_label.setText(self.tr("Máy quét: {0}{1}").format(
            device or self.tr("máy đầu tiên tìm thấy"), self.tr(" · khay nạp giấy") if feeder else ""))  # fmt: skip
        self.keep_button.setEnabled(bool(self.pages) and not self.busy)
        self.pages_changed.emit()

    def on_current_changed(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            side = max(400, min(self.preview.width(), self.preview.height()) * 2)
            shown = pixmap(self.pages[row], side).scaled(self.preview.size() - QSize(8, 8),
                                                         Qt.AspectRatioMode.KeepAspectRatio,
                                                         Qt.TransformationMode.SmoothTransformation)  # fmt: skip
            self.preview.setPixmap(shown)
        else:
            self.preview.clear()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.on_current_changed(self.list.currentRow())

    def turn(self, quarter_turns: int) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.pages):
            self.pages[row] = self.pages[row].rotated(quarter_turns)
            self.refresh(row)

    def move_page(self, step: int) -> None:
        row = self.list.currentRow()
        to = row + step
        if 0 <= row < len(self.pages) and 0 <= to < len(self.pages):
            self.pages[row], self.pages[to] = self.pages[to], self.pages[row]
            self.refresh(to)

    def delete(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.pages):
            del self.pages[row]
            self.refresh(row)

    def add_pages(self, pages: list[Page]) -> None:
        start = len(self.pages)
        self.pages += pages
        self.set_busy(False)
        self.refresh(start)

    # -- more pages (in the scan worker) ---------------------------------------------------------

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        for b in (self.scan_button, self.import_button):
            b.setEnabled(not busy)
        self.keep_button.setEnabled(bool(self.pages) and not busy)
        if busy:
            self.status.setText(text)
        self.busy_changed.emit(busy)

    def show_failure(self, exc: BaseException) -> None:
        self.set_busy(False)
        self.refresh()
        text = error_text(exc)
        if text is None:
            from ui.errors import show_error

            show_error(exc, self)
            return
        self.message.setText(text)
        self.message.show()

    def scan_more(self) -> Op | None:
        if self.busy:
            return None
        self.message.hide()
        device, feeder, pages = scanner_choice()
        self.set_busy(True, self.tr("Đang quét…"))
        return Op(self.session.scan, lambda _ctx: scan_pages(device, feeder, pages), self).success(
            self.add_pages).failure(self.show_failure).run()  # fmt: skip

    def import_more(self) -> None:
        if self.busy:
            return
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Chọn tệp bản quét"), str(Path.home()),
                                                self.tr("Bản quét (*.pdf *.jpg *.jpeg *.png *.PDF *.JPG *.JPEG *.PNG)"))  # fmt: skip
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str]) -> Op | None:
        if self.busy or not paths:
            return None
        self.message.hide()
        self.set_busy(True, self.tr("Đang đọc tệp…"))
        return Op(self.session.scan, lambda _ctx: import_files(paths), self).success(self.add_pages).failure(
            self.show_failure).run()  # fmt: skip

    def choose_scanner(self) -> None:
        dialog = ScannerDialog(self.session, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def dragEnterEvent(self, event: Any) -> None:
        if dropped_files(event):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        paths = dropped_files(event)
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def accept(self) -> None:
        if self.pages and not self.busy:
            super().accept()
