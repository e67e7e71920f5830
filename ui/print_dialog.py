"""The print preview: the PDF's pages as images, a printer and paper choice (remembered), print and save as PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desk import paths, timeutil
from desk.printdata import FORM_NAMES
from ui import printer as prn
from ui import screen
from ui.labels import label as core_label
from ui.qt import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QImage,
    QKeySequence,
    QLabel,
    QPixmap,
    QPushButton,
    QScrollArea,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session, settings
from ui.workers import Op

PREVIEW_DPI = 96


def remembered_target(data_dir: Path) -> prn.PrintTarget:
    """The printer and paper chosen last time (the system default printer, A5, when never chosen)."""
    s = settings()
    name = s.value("print/printer", "") or None
    paper = s.value("print/paper", prn.PAPER_A5)
    if name == prn.PDF_FILE or (name is None and not prn.printer_names() and prn.default_printer() is None):
        return prn.PrintTarget(file=_pdf_file_dir(data_dir), paper=paper)
    # A chosen printer that has gone stays chosen: printing to it then says it is missing, instead of silently
    # sending the receipt to another printer, or nowhere.
    return prn.PrintTarget(printer=name, paper=paper)


def _pdf_file_dir(data_dir: Path) -> Path:
    return data_dir / "printed"


def resolve_file(target: prn.PrintTarget, form: str, code: str | None) -> prn.PrintTarget:
    """A "PDF file" printer writes into <data dir>/printed/<code>-<form>-<time>.pdf."""
    if target.file is None or target.file.suffix == ".pdf":
        return target
    paths.make_dir(target.file)
    stamp = dt.datetime.now(timeutil.VN_TZ).strftime("%Y%m%d-%H%M%S-%f")  # Vietnam time, whatever the PC's zone
    name = f"{code or 'phieu'}-{form}-{stamp}.pdf".replace("/", "_")
    return prn.PrintTarget(file=target.file / name, paper=target.paper)


class PrintPreview(QDialog):
    """Shows a form before it is printed; Enter prints to the chosen printer."""

    printed = Signal(dict)
    pages_shown = Signal(int)

    def __init__(
        self,
        session: Session,
        form: str,
        code: str | None,
        build: Callable[[str], bytes],
        parent: QWidget | None = None,
        *,
        paper_choice: bool = True,
    ):
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.session = session
        self.form = form
        self.code = code
        self.build = build
        self.pdf: bytes | None = None
        self._busy = False
        self.setWindowTitle(self.tr("Xem trước khi in — {0}").format(core_label(FORM_NAMES.get(form, form))))
        target = remembered_target(session.data_dir)

        self.printer_box = QComboBox()
        self.printer_box.setObjectName("printerBox")
        default = prn.default_printer()
        for name in prn.printer_names():
            label = name + (self.tr(" (mặc định)") if name == default else "")
            self.printer_box.addItem(label, name)
        self.printer_box.addItem(self.tr("Lưu ra tệp PDF (không có máy in)"), prn.PDF_FILE)
        wanted = prn.PDF_FILE if target.file is not None else (target.printer or default)
        index = self.printer_box.findData(wanted)
        self.printer_box.setCurrentIndex(max(index, 0))
        self.paper_box = QComboBox()
        self.paper_box.setObjectName("paperBox")
        self.paper_box.addItem(self.tr("Khổ A5 (mỗi liên một tờ)"), prn.PAPER_A5)
        self.paper_box.addItem(self.tr("Hai liên trên một tờ A4"), prn.PAPER_TWO_ON_A4)
        self.paper_box.setCurrentIndex(max(self.paper_box.findData(target.paper), 0))
        self.paper_box.setEnabled(paper_choice)
        self.paper_box.currentIndexChanged.connect(self.on_paper_changed)

        printer_label = QLabel(self.tr("&Máy in:"))
        printer_label.setBuddy(self.printer_box)
        paper_label = QLabel(self.tr("&Khổ giấy:"))
        paper_label.setBuddy(self.paper_box)
        self.print_button = QPushButton(self.tr("&In (Enter)"))
        self.print_button.setObjectName("printButton")
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.on_print_clicked)
        self.save_button = QPushButton(self.tr("&Lưu PDF… (Ctrl+S)"))
        self.save_button.clicked.connect(self.on_save_clicked)
        close_button = QPushButton(self.tr("Đó&ng (Esc)"))
        close_button.clicked.connect(self.reject)
        for b in (self.save_button, close_button):  # Enter prints, whichever button was last focused
            b.setAutoDefault(False)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.on_print_clicked)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.on_save_clicked)

        bar = QHBoxLayout()
        for w in (printer_label, self.printer_box, paper_label, self.paper_box):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.print_button, self.save_button, close_button):
            bar.addWidget(w)

        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.pages)
        self.scroll.setBackgroundRole(self.scroll.backgroundRole().Dark)
        self.status = QLabel(self.tr("Đang tạo bản in…"))
        self.status.setObjectName("printStatus")

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.status)
        screen.fit(self, 760, 900)
        self.print_button.setFocus()
        self.refresh()

    # -- building ----------------------------------------------------------------------------------

    @property
    def paper(self) -> str:
        return self.paper_box.currentData()

    def refresh(self) -> None:
        """Build the PDF for the chosen paper and rasterise it, in the pdf worker."""
        self.print_button.setEnabled(False)
        paper, build = self.paper, self.build

        def work(_ctx: Any) -> tuple[bytes, list[QImage]]:
            pdf = build(paper)
            return pdf, prn.render_pages(pdf, PREVIEW_DPI * 1.5)

        Op(self.session.pdf, work, self).success(self.on_pdf_built).failure(self.on_pdf_failed).run()

    def on_pdf_built(self, result: tuple[bytes, list[QImage]]) -> None:
        self.pdf, images = result
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for image in images:
            label = QLabel()
            pix = QPixmap.fromImage(image)
            pix.setDevicePixelRatio(1.5 * self.devicePixelRatioF())
            label.setPixmap(pix)
            label.setFrameShape(label.frameShape().Box)
            self.pages_layout.addWidget(label)
        self.status.setText(self.tr("{0} trang. Nhấn Enter để in.").format(len(images)))
        self.print_button.setEnabled(True)
        self.print_button.setFocus()
        self.pages_shown.emit(len(images))

    def on_pdf_failed(self, exc: BaseException) -> None:
        from ui.errors import show_error

        self.status.setText(self.tr("Không tạo được bản in."))
        show_error(exc, self)

    def on_paper_changed(self, _index: int) -> None:
        settings().setValue("print/paper", self.paper)
        self.refresh()

    # -- printing ----------------------------------------------------------------------------------

    def target(self) -> prn.PrintTarget:
        name = self.printer_box.currentData()
        if name == prn.PDF_FILE:
            return prn.PrintTarget(file=_pdf_file_dir(self.session.data_dir), paper=self.paper)
        return prn.PrintTarget(printer=name, paper=self.paper)

    def on_print_clicked(self) -> None:
        if self.pdf is None or self._busy:
            return
        s = settings()
        s.setValue("print/printer", self.printer_box.currentData())
        s.setValue("print/paper", self.paper)
        self._busy = True
        self.print_button.setEnabled(False)
        self.status.setText(self.tr("Đang in…"))
        send_to_printer(
            self.session, self.form, self.code, self.pdf, self.target(), self, self.on_print_done, self.on_print_failed
        )

    def on_print_done(self, detail: dict) -> None:
        self._busy = False
        self.print_button.setEnabled(True)
        self.status.setText(self.tr("Đã in ({0} trang).").format(detail.get("pages")))
        self.printed.emit(detail)
        self.accept()

    def on_print_failed(self, exc: BaseException) -> None:
        from ui.errors import show_error

        self._busy = False
        self.print_button.setEnabled(True)
        self.status.setText(self.tr("Chưa in được."))
        show_error(exc, self)

    def on_save_clicked(self) -> None:
        if self.pdf is None:
            return
        suggested = str(Path.home() / f"{self.code or 'phieu'}-{self.form}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu bản PDF"), suggested, "PDF (*.pdf)")
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> Op:
        pdf, form, code = self.pdf, self.form, self.code

        def write(_ctx: Any) -> Path:
            from printing import write_atomic

            return write_atomic(path, pdf)

        def logged(written: Path) -> None:
            record_print(self.session, form, code, "pdf", {"file": str(written)})
            self.status.setText(self.tr("Đã lưu {0}").format(written))

        return Op(self.session.pdf, write, self).success(logged).run()


def record_print(session: Session, form: str, code: str | None, target: str, detail: dict) -> Op:
    """Log that a form left the PC (personal data: who printed what, when)."""
    actor = session.actor

    def work(ctx: Any) -> None:
        ctx.desk.record_print(form, actor=actor, code=code, target=target, detail=detail)

    return Op(session.db, work).success(lambda _r: session.dossiers_changed.emit()).run()


def send_to_printer(
    session: Session,
    form: str,
    code: str | None,
    pdf: bytes,
    target: prn.PrintTarget,
    parent: Any = None,
    on_done: Callable[[dict], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None,
) -> Op:
    """Print ``pdf`` in the pdf worker; once printed, log the print in the db worker, then call ``on_done``."""
    target = resolve_file(target, form, code)

    def work(_ctx: Any) -> dict:
        return prn.print_pdf(pdf, target)

    def done(detail: dict) -> None:
        kind = "pdf" if target.file is not None else "printer"
        record_print(session, form, code, kind, detail | ({"file": str(target.file)} if target.file else {}))
        if on_done is not None:
            on_done(detail)

    op = Op(session.pdf, work, parent).success(done)
    if on_failed is not None:
        op.failure(on_failed)
    return op.run()
