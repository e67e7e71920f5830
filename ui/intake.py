"""Intake at the counter: procedure, documents, applicant, sets, delivery — then Ctrl+Enter receives and prints.

Every check is the core's: the validators of desk.validation as the clerk types, Desk.due for the live appointment,
Desk.receive / Desk.request_supplement_at_intake (in the db worker) for the real thing.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desk import validation
from desk.catalog import FORMS, Procedure
from desk.errors import InvalidInput
from desk.intake import ReceiveRequest
from desk.printdata import Printable
from desk.text import fold
from ui import formatting, screen
from ui.labels import label as core_label
from ui.qt import (
    QAbstractItemView,
    QCheckBox,
    QEvent,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QObject,
    QPushButton,
    QRadioButton,
    QShortcut,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session, settings
from ui.workers import Op

if TYPE_CHECKING:
    from desk.service import Desk

MAX_MATCHES = 8
ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b6e20;"
HINT_STYLE = "color: #555;"


def procedure_keys(p: Procedure) -> tuple[str, str, str]:
    """What a typed word is looked for in: the name (with its other names), the code, the field."""
    return fold(" ".join((p.name, *p.aliases))), fold(p.code), fold(p.field_name or "")


def procedure_matches(procedures: list[Procedure], keys: list[tuple[str, str, str]], text: str) -> list[Procedure]:
    """Procedures whose name, code or field contain every typed word (accent-insensitive, đ = d).

    Matches on the name come first, then on the code, then those found only through their field; within each, the
    words as one phrase at the start of the name, then anywhere, then the shortest (most general) name.
    """
    words = fold(text).split()
    if not words:
        return list(procedures)
    q = " ".join(words)
    ranked = []
    for p, (name, code, field) in zip(procedures, keys, strict=True):
        if not all(w in f"{name} {code} {field}" for w in words):
            continue
        if all(w in name for w in words):
            tier = 0
        elif code.startswith(q) or all(w in code for w in words):
            tier = 1
        else:
            tier = 2
        ranked.append(((tier, not name.startswith(q), q not in name, len(p.name)), p))
    ranked.sort(key=lambda r: r[0])
    return [p for _rank, p in ranked]


class ProcedurePicker(QWidget):
    """A line to type part of a procedure's name or code, and the matches below; ↑/↓ move, Enter picks."""

    procedure_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.procedures: list[Procedure] = []
        self.keys: list[tuple[str, str, str]] = []
        self.chosen: Procedure | None = None
        self.edit = QLineEdit()
        self.edit.setObjectName("procedureEdit")
        self.edit.setPlaceholderText(self.tr("Gõ tên hoặc mã thủ tục, ví dụ «khai sinh», «1.001193»"))
        self.edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("procedureList")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(190)
        self.list.itemClicked.connect(self.on_item_clicked)
        self.chosen_label = QLabel()
        self.chosen_label.setObjectName("procedureChosen")
        self.chosen_label.setWordWrap(True)
        self.chosen_label.setTextFormat(Qt.TextFormat.PlainText)
        self.fee_label = QLabel()
        self.fee_label.setObjectName("procedureFee")
        self.fee_label.setWordWrap(True)
        self.fee_label.setTextFormat(Qt.TextFormat.PlainText)
        self.fee_label.setStyleSheet("background: #fffbe9; border: 1px solid #e5d9a8; padding: 4px;")
        self.fee_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        layout.addWidget(self.chosen_label)
        layout.addWidget(self.fee_label)
        self.edit.textEdited.connect(self.on_text_edited)
        self.edit.installEventFilter(self)
        self.setFocusProxy(self.edit)

    def set_procedures(self, procedures: list[Procedure]) -> None:
        self.procedures = procedures
        self.keys = [procedure_keys(p) for p in procedures]
        self.fill(self.edit.text())

    def fill(self, text: str) -> None:
        self.list.clear()
        for p in procedure_matches(self.procedures, self.keys, text)[:MAX_MATCHES]:
            item = QListWidgetItem(f"{p.name}  ·  {p.code}")
            item.setData(Qt.ItemDataRole.UserRole, p)
            item.setToolTip(f"{p.code} — {p.name} ({p.field_name})")
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        elif text.strip() and self.procedures:
            item = QListWidgetItem(
                self.tr("Không tìm thấy thủ tục nào khớp «{0}». Gõ ít chữ hơn, hoặc mã thủ tục (ví dụ 1.001193).")
                .format(text.strip())
            )  # fmt: skip
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setForeground(Qt.GlobalColor.darkRed)
            self.list.addItem(item)
        self.list.setVisible(self.chosen is None and bool(self.list.count()))

    def on_text_edited(self, text: str) -> None:
        if self.chosen is not None:
            self.chosen = None
            self.chosen_label.clear()
            self.fee_label.hide()
            self.procedure_chosen.emit(None)
        self.fill(text)

    def on_item_clicked(self, item: QListWidgetItem) -> None:
        if item.data(Qt.ItemDataRole.UserRole):
            self.choose(item.data(Qt.ItemDataRole.UserRole))

    def choose(self, proc: Procedure | None) -> None:
        self.chosen = proc
        if proc is None:
            self.edit.clear()
            self.chosen_label.clear()
            self.fee_label.hide()
            self.fill("")
        else:
            self.edit.setText(f"{proc.code} — {proc.name}")
            self.edit.setCursorPosition(0)
            self.chosen_label.setText(self.tr("Lĩnh vực: {0}").format(proc.field_name))
            self.fee_label.setText(self.fee_text(proc))
            self.fee_label.show()
            self.list.hide()
        self.procedure_chosen.emit(proc)

    def fee_text(self, proc: Procedure) -> str:
        """«Phí, lệ phí: 2.000 đồng — <the catalog's text>» (what the citizen pays, as the catalog says)."""
        from ui.timeline import money

        parts = []
        if proc.fee_amount is not None:
            parts.append(money(proc.fee_amount))
        if proc.fee_text:
            parts.append(proc.fee_text)
        return self.tr("Phí, lệ phí: {0}").format(" — ".join(parts) or self.tr("danh mục không ghi"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.list.isVisible():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
                self.list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier
            ):
                current = self.list.currentItem()
                if self.chosen is None and current is not None and current.data(Qt.ItemDataRole.UserRole):
                    self.choose(self.list.currentItem().data(Qt.ItemDataRole.UserRole))
                    self.focusNextChild()
                    return True
                if self.chosen is not None:
                    self.focusNextChild()
                    return True
            if key == Qt.Key.Key_Escape and self.chosen is None and self.edit.text():
                self.edit.clear()
                self.fill("")
                return True
        return super().eventFilter(watched, event)


COL_TICK, COL_NAME, COL_FORM, COL_QTY = range(4)


class DocumentsTable(QTableWidget):
    """The procedure's documents: Space ticks the row, + / − change the quantity; required ones marked (*)."""

    checks_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 4, parent)
        self.setObjectName("documentsTable")
        self.setHorizontalHeaderLabels([self.tr("Nộp"), self.tr("Tên giấy tờ"), self.tr("Hình thức"), self.tr("SL")])
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_TICK, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_FORM, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_QTY, QHeaderView.ResizeMode.ResizeToContents)
        self.itemChanged.connect(self.on_item_changed)
        self.docs: list[Any] = []

    def set_documents(self, docs: list[Any]) -> None:
        self.blockSignals(True)
        self.docs = list(docs)
        self.setRowCount(len(self.docs))
        for row, d in enumerate(self.docs):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            tick.setCheckState(Qt.CheckState.Unchecked)
            self.setItem(row, COL_TICK, tick)
            name = QTableWidgetItem(("* " if d.required else "") + d.name)
            name.setToolTip(d.name + (f"\n{d.note}" if d.note else ""))
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.setItem(row, COL_NAME, name)
            form = QTableWidgetItem(core_label(FORMS.get(d.form or "", "")) or "—")
            form.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.setItem(row, COL_FORM, form)
            qty = QTableWidgetItem(str(d.quantity or 1))
            qty.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            qty.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setItem(row, COL_QTY, qty)
        self.resizeRowsToContents()
        if self.docs:
            self.setCurrentCell(0, COL_TICK)
        self.blockSignals(False)
        self.checks_changed.emit()

    def on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == COL_TICK:
            self.checks_changed.emit()

    def is_ticked(self, row: int) -> bool:
        return self.item(row, COL_TICK).checkState() == Qt.CheckState.Checked

    def toggle(self, row: int) -> None:
        item = self.item(row, COL_TICK)
        item.setCheckState(Qt.CheckState.Unchecked if self.is_ticked(row) else Qt.CheckState.Checked)

    def tick_required(self) -> None:
        for row, d in enumerate(self.docs):
            if d.required and not self.is_ticked(row):
                self.toggle(row)

    def quantity(self, row: int) -> int:
        return int(self.item(row, COL_QTY).text())

    def change_quantity(self, row: int, step: int) -> None:
        self.item(row, COL_QTY).setText(str(max(1, min(999, self.quantity(row) + step))))

    def given(self) -> dict[str, int]:
        return {d.id: self.quantity(r) for r, d in enumerate(self.docs) if self.is_ticked(r)}

    def missing_required(self) -> list[Any]:
        return [d for r, d in enumerate(self.docs) if d.required and not self.is_ticked(r)]

    def keyPressEvent(self, event: Any) -> None:
        row = self.currentRow()
        key = event.key()
        if row >= 0 and key == Qt.Key.Key_Space:
            self.toggle(row)
            return
        if row >= 0 and key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.change_quantity(row, 1)
            return
        if row >= 0 and key == Qt.Key.Key_Minus:
            self.change_quantity(row, -1)
            return
        if row >= 0 and Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not event.modifiers():
            self.item(row, COL_QTY).setText(str(key - Qt.Key.Key_0))
            return
        super().keyPressEvent(event)


class MessageLabel(QLabel):
    """A field's message: one line is always kept for it (a short message never moves the form); a long one wraps."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() + 2)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)


class CheckedField(QWidget):
    """A line edit with its message underneath, checked by a core validator as the clerk types; Enter moves on."""

    edited = Signal(str)  # the field's name: its old problems no longer hold

    def __init__(self, name: str, validator: Callable[[str], Any] | None, describe: Callable[[Any], str] | None = None,
                 placeholder: str = "", parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.name = name
        self.edit = QLineEdit()
        self.edit.setObjectName(f"{name}Edit")
        self.edit.setPlaceholderText(placeholder)
        self.message = MessageLabel()
        self.message.setObjectName(f"{name}Message")
        self.validator = validator
        self.describe = describe
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self.on_text_edited)
        self.edit.editingFinished.connect(self.on_editing_finished)

    def text(self) -> str:
        return self.edit.text()

    def check(self, *, final: bool) -> bool:
        """Run the validator; show its refusal (when ``final`` or once the text is long enough) or a confirmation."""
        text = self.edit.text()
        if not text.strip() or self.validator is None:
            self.show_message("")
            return True
        try:
            value = self.validator(text)
        except InvalidInput as exc:
            if final or len(text.replace(" ", "")) >= 12:
                self.show_message(exc.message, ERROR_STYLE)
            else:
                self.show_message("")
            return False
        self.show_message("✓ " + self.describe(value) if self.describe else "", OK_STYLE)
        return True

    def show_message(self, text: str, style: str = HINT_STYLE) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.edit.setProperty("invalid", style == ERROR_STYLE and bool(text))
        self.edit.setStyleSheet("QLineEdit { border: 2px solid #b00020; }" if style == ERROR_STYLE and text else "")

    def on_text_edited(self, _text: str) -> None:
        self.check(final=False)
        self.edited.emit(self.name)

    def on_editing_finished(self) -> None:
        self.check(final=True)

    def clear(self) -> None:
        self.edit.clear()
        self.show_message("")


class OutcomePanel(QFrame):
    """After Ctrl+Enter, what the clerk tells the citizen: the code, the appointment, and what happened to the paper
    — sent to a printer, saved as a PDF (no printer), held, or not printed — until the next citizen's first key."""

    open_pdf_requested = Signal(str)
    choose_printer_requested = Signal()
    reprint_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("outcomePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setObjectName("outcomeTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 12pt; font-weight: bold; color: #1b6e20;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.due = QLabel()
        self.due.setObjectName("outcomeDue")
        self.due.setWordWrap(True)
        self.due.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.paper = QLabel()
        self.paper.setObjectName("outcomePaper")
        self.paper.setWordWrap(True)
        self.paper.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton(self.tr("&Mở PDF"))
        self.open_button.setObjectName("openPdfButton")
        self.open_button.clicked.connect(lambda: self.open_pdf_requested.emit(self.file or ""))
        self.printer_button = QPushButton(self.tr("Chọn má&y in…"))
        self.printer_button.setObjectName("choosePrinterButton")
        self.printer_button.clicked.connect(self.choose_printer_requested)
        self.again_button = QPushButton(self.tr("In &lại"))
        self.again_button.setObjectName("reprintButton")
        self.again_button.clicked.connect(self.reprint_requested)
        self.hint = QLabel(self.tr("Gõ để tiếp nhận hồ sơ tiếp theo."))
        self.hint.setStyleSheet(HINT_STYLE)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.printer_button, self.again_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.due)
        layout.addWidget(self.paper)
        layout.addLayout(buttons)
        layout.addStretch(1)
        layout.addWidget(self.hint)
        self.file: str | None = None
        self.state = ""

    def show_received(self, dossier: dict) -> None:
        self.title.setText(self.tr("✓ Đã tiếp nhận hồ sơ {0}").format(dossier["code"]))
        self.due.setText(self.tr("Hẹn trả kết quả: {0}").format(formatting.appointment(dossier["due_at"])))
        self.due.show()
        self._printing(self.tr("giấy tiếp nhận"))

    def show_supplement(self, result: dict) -> None:
        self.title.setText(self.tr("Chưa tiếp nhận: hồ sơ thiếu {0} giấy tờ bắt buộc (không cấp mã).").format(
            len(result.get("missing", []))))  # fmt: skip
        self.due.hide()
        self._printing(self.tr("phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"))

    def _printing(self, what: str) -> None:
        self.what = what
        self.file = None
        self.set_state("printing", self.tr("Đang in {0}…").format(what))

    def set_state(self, state: str, text: str, style: str = "") -> None:
        self.state = state
        self.paper.setText(text)
        self.paper.setStyleSheet(style)
        self.open_button.setVisible(state == "pdf")
        self.printer_button.setVisible(state in ("pdf", "failed", "held"))
        self.again_button.setVisible(state in ("failed", "held", "closed"))

    def printed(self, detail: dict) -> None:
        """The print system took the job (or the PDF-file «printer» wrote the file)."""
        if detail.get("file"):
            self.file = detail["file"]
            self.set_state("pdf", self.tr("CHƯA IN RA GIẤY: máy này chưa chọn máy in. {0} đã lưu thành tệp PDF:\n{1}")
                           .format(self.what.capitalize(), detail["file"]), "color: #8a4b00; font-weight: bold;")  # fmt: skip
        elif detail.get("held"):
            self.set_state("held", self.tr("CHƯA IN RA GIẤY: máy in «{0}» đang tạm dừng ({1}); lệnh in đang chờ. "
                                           "Bật máy in, hoặc chọn máy in khác rồi in lại.")
                           .format(detail.get("printer"), detail["held"]), ERROR_STYLE)  # fmt: skip
        else:
            self.set_state("printed", self.tr("Đã in {0} ở máy in «{1}» ({2} trang).").format(
                self.what, detail.get("printer"), detail.get("pages")), OK_STYLE)  # fmt: skip

    def failed(self, message: str) -> None:
        self.set_state("failed", self.tr("CHƯA IN ĐƯỢC {0}: {1}").format(self.what, message), ERROR_STYLE)

    def closed(self) -> None:
        """The preview was closed without printing."""
        self.set_state("closed", self.tr("Chưa in {0} (đã đóng bản xem trước).").format(self.what), ERROR_STYLE)


def _describe_id(value: validation.IdNumber) -> str:
    return validation.ID_KINDS.get(value.kind, value.kind)


def receive_with_receipt(desk: Desk, req: ReceiveRequest, actor: str,
                         after: Callable[[Desk, dict], list[str]] | None = None) -> tuple[dict, Printable]:  # fmt: skip
    """Receive a dossier and prepare its receipt, both in the db worker (the core builds what is printed); ``after``
    keeps what was digitised at the counter (ui/attachments.py) once the dossier exists."""
    dossier = desk.receive(req, actor=actor)
    if after is not None:
        dossier["digitise_problems"] = after(desk, dossier)
    return dossier, desk.printable("receipt", dossier["code"])


def supplement_at_intake(desk: Desk, req: ReceiveRequest, actor: str, reason: str | None) -> tuple[dict, Printable]:
    """Record the guidance given for an incomplete dossier and prepare its Phiếu yêu cầu bổ sung."""
    from desk.printdata import intake_supplement

    result = desk.request_supplement_at_intake(req, actor=actor, reason=reason)
    return result, intake_supplement(desk, result["event_id"])


class IntakeWidget(QWidget):
    """The intake form. Ctrl+Enter receives and prints (or, with a required document missing, prints the
    supplement request instead)."""

    dossier_received = Signal(dict)
    supplement_requested = Signal(dict)
    preview_requested = Signal(object)  # a Printable: show it in the preview (choose a printer, print again)
    submit_failed = Signal(object)
    due_updated = Signal(str)

    def __init__(self, session: Session, print_receipt: Callable[[Printable, Any], None],
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("intake")
        self.session = session
        self.print_form = print_receipt
        self.busy = False
        self._due_op: Op | None = None

        self.picker = ProcedurePicker()
        self.documents = DocumentsTable()
        self.documents.checks_changed.connect(self.on_documents_changed)
        self.all_button = QPushButton(self.tr("Đủ giấy tờ bắt buộc (Ctrl+D)"))
        self.all_button.setObjectName("tickRequiredButton")
        self.all_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.all_button.clicked.connect(self.documents.tick_required)
        doc_hint = QLabel(self.tr("Dấu cách: đánh dấu đã nộp · + / −: số lượng · (*) bắt buộc"))
        doc_hint.setStyleSheet(HINT_STYLE)
        doc_hint.setWordWrap(True)

        self.name = CheckedField("name", validation.person_name, None, self.tr("Họ và tên người nộp"))
        self.id_number = CheckedField("idNumber", validation.id_number, _describe_id,
                                      self.tr("12 chữ số (CCCD), 9 chữ số (CMND) hoặc hộ chiếu"))  # fmt: skip
        self.phone = CheckedField("phone", validation.phone, lambda v: v, self.tr("ví dụ 0912 345 678"))
        self.email = CheckedField("email", validation.email, lambda v: v, self.tr("không bắt buộc"))
        self.address = CheckedField("address", None, None, self.tr("Số nhà, đường/thôn, xã/phường, tỉnh"))
        self.sets = QSpinBox()
        self.sets.setObjectName("setsSpin")
        self.sets.setRange(1, 99)
        self.desk_radio = QRadioButton(self.tr("Tại &bộ phận tiếp nhận"))
        self.desk_radio.setObjectName("deliveryDesk")
        self.post_radio = QRadioButton(self.tr("Qua bưu chính &công ích"))
        self.post_radio.setObjectName("deliveryPost")
        self.desk_radio.setChecked(True)
        self.note = QLineEdit()
        self.note.setObjectName("noteEdit")
        self.note.setPlaceholderText(self.tr("Ghi chú (hoặc lý do khi lập phiếu bổ sung)"))
        self.preview_box = QCheckBox(self.tr("&Xem trước khi in"))
        self.preview_box.setObjectName("previewBox")
        self.preview_box.setChecked(settings().value("intake/preview", "false") == "true")
        self.preview_box.toggled.connect(lambda on: settings().setValue("intake/preview", "true" if on else "false"))

        self.due_label = QLabel("—")
        self.due_label.setObjectName("dueLabel")
        self.due_label.setWordWrap(True)
        self.due_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.duration_label = QLabel()
        self.duration_label.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("intakeSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.hide()
        self.submit_button = QPushButton()
        self.submit_button.setObjectName("submitButton")
        self.submit_button.setMinimumHeight(40)
        self.submit_button.clicked.connect(self.on_submit_clicked)
        self.clear_button = QPushButton(self.tr("Làm mới (Ctrl+Shift+N)"))
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(self.reset)

        # Left: what is asked and what was brought. Right: who, how many, where the result goes, when.
        proc_box = QGroupBox(self.tr("1. Thủ tục (Alt+1)"))
        QVBoxLayout(proc_box).addWidget(self.picker)
        docs_box = QGroupBox(self.tr("2. Thành phần hồ sơ (Alt+2)"))
        docs_layout = QVBoxLayout(docs_box)
        docs_layout.addWidget(self.documents, 1)
        row = QHBoxLayout()
        row.addWidget(doc_hint, 1)
        row.addWidget(self.all_button)
        docs_layout.addLayout(row)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(proc_box)
        left.addWidget(docs_box, 1)

        who_box = QGroupBox(self.tr("3. Người nộp hồ sơ (Alt+3)"))
        form = QFormLayout(who_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(2)
        for label, widget in (
            (self.tr("&Họ và tên:"), self.name),
            (self.tr("Số &giấy tờ:"), self.id_number),
            (self.tr("Số điện th&oại:"), self.phone),
            (self.tr("&Email:"), self.email),
            (self.tr("Đị&a chỉ:"), self.address),
        ):
            lab = QLabel(label)
            lab.setBuddy(widget.edit)
            form.addRow(lab, widget)
        more_box = QGroupBox(self.tr("4. Số bộ hồ sơ và nơi nhận kết quả"))
        more = QGridLayout(more_box)
        sets_label = QLabel(self.tr("Số &bộ:"))
        sets_label.setBuddy(self.sets)
        more.addWidget(sets_label, 0, 0)
        more.addWidget(self.sets, 0, 1)
        more.addWidget(QLabel(self.tr("Nhận kết quả:")), 1, 0)
        more.addWidget(self.desk_radio, 1, 1)
        more.addWidget(self.post_radio, 1, 2)
        note_label = QLabel(self.tr("Gh&i chú:"))
        note_label.setBuddy(self.note)
        more.addWidget(note_label, 2, 0)
        more.addWidget(self.note, 2, 1, 1, 2)
        more.setColumnStretch(2, 1)
        due_box = QGroupBox(self.tr("Hẹn trả kết quả"))
        due_layout = QVBoxLayout(due_box)
        due_layout.addWidget(self.due_label)
        due_layout.addWidget(self.duration_label)
        due_layout.addStretch(1)
        # The appointment while a dossier is typed; after Ctrl+Enter, what happened, until the next first key.
        self.outcome = OutcomePanel()
        self.outcome.open_pdf_requested.connect(self.on_open_pdf_requested)
        self.outcome.choose_printer_requested.connect(self.on_choose_printer_requested)
        self.outcome.reprint_requested.connect(self.on_reprint_requested)
        self.result_stack = QStackedWidget()
        self.result_stack.addWidget(due_box)
        self.result_stack.addWidget(self.outcome)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(who_box)
        right.addWidget(more_box)
        right.addWidget(self.result_stack, 1)
        right.addWidget(self.summary)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_box)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        right.addLayout(buttons)
        right.addWidget(self.submit_button)

        # A fixed split: what the columns hold (a long name, a message, the button's text) never moves it.
        columns = []
        for inner in (left, right):
            column = QWidget()
            column.setLayout(inner)
            column.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            column.setMinimumWidth(1)
            columns.append(column)
        layout = QHBoxLayout(screen.scrolled(self, min_width=900, min_height=560))
        layout.addWidget(columns[0], 5)
        layout.addWidget(columns[1], 4)

        # Tab order follows the form: procedure → documents → applicant → sets → delivery → note → action.
        chain = [self.picker.edit, self.documents, self.name.edit, self.id_number.edit, self.phone.edit,
                 self.email.edit, self.address.edit, self.sets, self.desk_radio, self.post_radio, self.note,
                 self.preview_box, self.submit_button]  # fmt: skip
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)
        # Enter moves on through the applicant's fields (Ctrl+Enter receives).
        self._enter_next = {self.name.edit: self.id_number.edit, self.id_number.edit: self.phone.edit,
                            self.phone.edit: self.email.edit, self.email.edit: self.address.edit,
                            self.address.edit: self.sets, self.sets: self.desk_radio, self.note: self.submit_button}  # fmt: skip
        for widget in self._enter_next:
            widget.installEventFilter(self)
        # The first key of the next citizen puts the appointment back in place of the last outcome; a fixed field
        # drops its problems from the list under the form.
        self._problems: list[Any] = []
        for f in (self.name, self.id_number, self.phone, self.email, self.address):
            f.edited.connect(self.on_field_edited)
        self.picker.edit.textEdited.connect(lambda _t: self.on_field_edited("procedure"))
        self.documents.checks_changed.connect(lambda: self.on_field_edited("documents"))

        for seq, slot in (
            ("Ctrl+Return", self.on_submit_clicked),
            ("Ctrl+Enter", self.on_submit_clicked),
            ("Ctrl+D", self.documents.tick_required),
            ("Ctrl+Shift+N", self.reset),
            ("Alt+1", self.picker.setFocus),
            ("Alt+2", self.documents.setFocus),
            ("Alt+3", self.name.setFocus),
        ):
            sc = QShortcut(QKeySequence(seq), self, activated=slot)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self.picker.procedure_chosen.connect(self.on_procedure_chosen)
        self.due_timer = QTimer(self)
        self.due_timer.setInterval(60_000)
        self.due_timer.timeout.connect(self.refresh_due)
        self.due_timer.start()
        self.update_submit_label()
        # Digitising at the counter (issue 19): F7 / Ctrl+I / F8 / Ctrl+R on the documents, kept at Ctrl+Enter.
        from ui.attachments import IntakeScans

        self.scans = IntakeScans(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:  # fmt: skip
            target = self._enter_next.get(watched)
            if target is not None:
                target.setFocus()
                return True
        return super().eventFilter(watched, event)

    # -- data --------------------------------------------------------------------------------------

    def load_procedures(self) -> Op:
        return Op(self.session.db, lambda ctx: ctx.desk.procedures(), self).success(self.picker.set_procedures).run()

    def on_procedure_chosen(self, proc: Procedure | None) -> None:
        self.documents.set_documents(list(proc.documents) if proc else [])
        self.refresh_due()

    def refresh_due(self) -> None:
        proc = self.picker.chosen
        if proc is None:
            self.due_label.setText("—")
            self.duration_label.clear()
            return
        if self._due_op is not None:
            self._due_op.cancel()
        from desk import timeutil

        code, at = proc.code, timeutil.now()
        self._due_op = Op(self.session.db, lambda ctx: ctx.desk.due(code, at), self).success(self.on_due_computed)
        self._due_op.run()

    def on_due_computed(self, due: dict) -> None:
        self._due_op = None
        text = formatting.appointment(due["due_at"])
        self.due_label.setText(text)
        self.duration_label.setText(self.tr("Thời hạn giải quyết: {0}").format(due["duration"]))
        self.due_updated.emit(text)

    def on_documents_changed(self) -> None:
        self.update_submit_label()

    @property
    def supplement_mode(self) -> bool:
        return self.picker.chosen is not None and bool(self.documents.missing_required())

    def update_submit_label(self) -> None:
        if self.supplement_mode:
            n = len(self.documents.missing_required())
            self.submit_button.setText(self.tr("Lập phiếu yêu cầu bổ sung — thiếu {0} giấy tờ (Ctrl+Enter)").format(n))
            self.submit_button.setStyleSheet("background: #fff3cd;")
        else:
            self.submit_button.setText(self.tr("Tiếp nhận và in giấy hẹn (Ctrl+Enter)"))
            self.submit_button.setStyleSheet("")

    def request(self) -> Any:
        proc = self.picker.chosen
        return ReceiveRequest(
            procedure=proc.code if proc else self.picker.edit.text(),
            name=self.name.text(),
            id_number=self.id_number.text() or None,
            phone=self.phone.text() or None,
            email=self.email.text() or None,
            address=self.address.text() or None,
            sets=self.sets.value(),
            documents=self.documents.given(),
            delivery="post" if self.post_radio.isChecked() else "desk",
            note=self.note.text() or None,
        )

    # -- the action --------------------------------------------------------------------------------

    def on_submit_clicked(self) -> None:
        if self.busy:
            return
        self.show_errors(None)
        if self.picker.chosen is None:
            self.show_errors(InvalidInput(self.tr("Chưa chọn thủ tục: gõ tên hoặc mã thủ tục rồi nhấn Enter."),
                                          field="procedure"))  # fmt: skip
            return
        req = self.request()
        actor = self.session.actor
        self.busy = True
        self.submit_button.setEnabled(False)
        if self.supplement_mode:
            reason = self.note.text() or None
            req.note = None
            op = Op(self.session.db, lambda ctx: supplement_at_intake(ctx.desk, req, actor, reason), self)
            op.success(self.on_supplement_recorded)
        else:
            after = self.scans.attacher()
            op = Op(self.session.db, lambda ctx: receive_with_receipt(ctx.desk, req, actor, after), self)
            op.success(self.on_dossier_received)
        op.failure(self.on_submit_failed).run()

    def on_dossier_received(self, done: tuple[dict, Printable]) -> None:
        dossier, receipt = done
        self.busy = False
        self.submit_button.setEnabled(True)
        self.dossier_received.emit(dossier)
        self.reset()
        self.outcome.show_received(dossier)
        if dossier.get("digitise_problems"):
            self.scans.hint.setText(self.tr("Hồ sơ {0} đã tiếp nhận, nhưng bản số hóa chưa lưu được: {1} Mở hồ sơ (F4) "
                                            "và quét lại.").format(dossier["code"], " ".join(dossier["digitise_problems"])))  # fmt: skip
        self.result_stack.setCurrentWidget(self.outcome)
        self.last_printable = receipt
        self.print_form(receipt, self.outcome)

    def on_supplement_recorded(self, done: tuple[dict, Printable]) -> None:
        result, form = done
        self.busy = False
        self.submit_button.setEnabled(True)
        self.supplement_requested.emit(result)
        self.reset()
        self.outcome.show_supplement(result)
        self.result_stack.setCurrentWidget(self.outcome)
        self.last_printable = form
        self.print_form(form, self.outcome)

    def on_field_edited(self, field: str) -> None:
        """The clerk typed: the outcome of the last citizen gives way, and the field's old problems go."""
        if self.result_stack.currentWidget() is self.outcome and field in ("procedure", "name"):
            self.result_stack.setCurrentIndex(0)
        if any(p.field == field for p in self._problems):
            self._problems = [p for p in self._problems if p.field != field]
            self._show_summary()

    def on_open_pdf_requested(self, path: str) -> None:
        from ui.qt import QDesktopServices, QUrl

        if path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def on_choose_printer_requested(self) -> None:
        """The preview, where the clerk picks a printer (remembered for the next receipts) and prints again."""
        if getattr(self, "last_printable", None) is not None:
            self.preview_requested.emit(self.last_printable)

    def on_reprint_requested(self) -> None:
        if getattr(self, "last_printable", None) is not None:
            self.outcome._printing(self.outcome.what)
            self.print_form(self.last_printable, self.outcome)

    def on_submit_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.submit_button.setEnabled(True)
        if isinstance(exc, InvalidInput):
            self.show_errors(exc)
            self.submit_failed.emit(exc)
        else:
            from ui.errors import show_error

            show_error(exc, self)

    def show_errors(self, exc: InvalidInput | None) -> None:
        """Each problem next to its field (the core names every field), the whole list once under the form."""
        self._problems = list(exc.problems) if exc is not None else []
        if exc is None:
            self._show_summary()
            return
        fields = {"name": self.name, "id_number": self.id_number, "phone": self.phone, "email": self.email,
                  "address": self.address}  # fmt: skip
        others = {"procedure": self.picker, "documents": self.documents, "sets": self.sets, "note": self.note}
        first = None
        for field, messages in exc.by_field().items():
            widget = fields.get(field or "")
            if widget is not None:
                widget.show_message(" ".join(messages), ERROR_STYLE)
            first = first or widget or others.get(field or "")
        self._show_summary()
        (first or self.picker).setFocus()

    def _show_summary(self) -> None:
        unique = list(dict.fromkeys(p.message for p in self._problems))
        self.summary.setText("\n".join(f"• {e}" for e in unique))
        self.summary.setVisible(bool(unique))

    def reset(self) -> None:
        """Ready for the next citizen: everything cleared, the cursor in the procedure field."""
        self.picker.choose(None)
        for f in (self.name, self.id_number, self.phone, self.email, self.address):
            f.clear()
        self.sets.setValue(1)
        self.desk_radio.setChecked(True)
        self.note.clear()
        self._problems = []
        self._show_summary()
        self.update_submit_label()
        self.result_stack.setCurrentIndex(0)
        if hasattr(self, "scans"):
            self.scans.clear()
        self.picker.setFocus()
