"""One dossier: applicant, procedure, appointment and state, documents, the timeline of its events, every step the
law allows from its status (issue #5), and prints."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from desk.lifecycle import CHANNEL_LABELS
from desk.printdata import Printable
from ui import formatting, screen
from ui.actions import STEPS, ActionDialog, Step, not_allowed, shorten, step_labels
from ui.labels import label as core_label
from ui.qt import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QMenu,
    QPushButton,
    QShortcut,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session
from ui.timeline import describe, form_label, kind_label, money
from ui.workers import Op

# The event a form is printed from (a form is offered once its event happened).
FORM_SOURCES = {"supplement": "supplement_requested", "refusal": "refused", "apology": "apologized_extended",
                "stop": "stopped"}  # fmt: skip
STATUS_COLOURS = {2: "#1a56a8", 3: "#6d6d6d", 4: "#1a56a8", 5: "#5b3d91", 7: "#6d6d6d", 8: "#6d6d6d",
                  9: "#1b6e20", 10: "#1b6e20"}  # fmt: skip
BANNER_STYLE = "background: #e8f5e9; border: 1px solid #8bc34a; border-radius: 4px; padding: 6px 10px;" \
               " font-size: 11pt;"  # fmt: skip


class DossierDetail(QDialog):
    """Opened from the list, the home screen or a scanned code. Alt+digit runs a step; Ctrl+P reprints the receipt."""

    loaded = Signal(dict)
    action_opened = Signal(object)  # the step's dialog (tests drive it)
    action_done = Signal(str, dict)  # kind, the dossier after it
    navigation_requested = Signal(str)  # F2, F3, F4, F6 or Ctrl+F pressed here: the main window goes there

    def __init__(self, session: Session, code: str, print_form: Callable[[Printable], Any],
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("dossierDetail")
        self.session = session
        self.code = code
        self.print_form_cb = print_form
        self.dossier: dict | None = None
        self.day_length: dt.timedelta | None = None
        self.dialog: ActionDialog | None = None
        self.setWindowTitle(self.tr("Hồ sơ {0}").format(code))
        self.title = QLabel(code)
        self.title.setObjectName("detailTitle")
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("detailStatus")
        self.banner = QLabel()
        self.banner.setObjectName("detailBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()

        self.applicant = QFormLayout()
        self.procedure = QFormLayout()
        self.state = QFormLayout()
        boxes = QHBoxLayout()
        for form, caption in ((self.applicant, self.tr("Người nộp")), (self.procedure, self.tr("Thủ tục")),
                              (self.state, self.tr("Hẹn trả và tình trạng"))):  # fmt: skip
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            box = QGroupBox(caption)
            box.setLayout(form)
            boxes.addWidget(box, 1)
        self.documents = self._table([self.tr("Tên giấy tờ"), self.tr("Hình thức"), self.tr("SL")])
        self.documents.setObjectName("detailDocuments")
        # Long catalog names wrap in a stretched first column: form and quantity stay in view, no side scrolling.
        self.documents.horizontalHeader().setStretchLastSection(False)
        self.documents.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.timeline = self._table([self.tr("Thời gian"), self.tr("Việc"), self.tr("Cán bộ"), self.tr("Chi tiết")])
        self.timeline.setObjectName("detailTimeline")
        docs_box = QGroupBox(self.tr("Thành phần hồ sơ"))
        QVBoxLayout(docs_box).addWidget(self.documents)
        time_box = QGroupBox(self.tr("Quá trình giải quyết (nhật ký)"))
        QVBoxLayout(time_box).addWidget(self.timeline)
        self.documents.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        # The steps, on the right: Alt + the key shown on each button.
        labels = step_labels()
        self.step_buttons: dict[str, QPushButton] = {}
        panel = QVBoxLayout()
        heading = QLabel(self.tr("Thao tác (Alt + phím)"))
        heading.setStyleSheet("font-weight: bold;")
        panel.addWidget(heading)
        for i, step in enumerate(STEPS):
            if i in (7, 10):  # closing a dossier early, then the other records
                panel.addWidget(self._separator())
            button = QPushButton(f"&{step.key}   {labels[step.kind]}")
            button.setObjectName(f"step_{step.kind}")
            button.setStyleSheet("text-align: left; padding: 5px 10px;")
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, s=step: self.open_step(s))
            panel.addWidget(button)
            self.step_buttons[step.kind] = button
        panel.addWidget(self._separator())
        self.receipt_button = QPushButton(self.tr("In lại giấy tiếp nhận (Ctrl+P)"))
        self.receipt_button.setObjectName("reprintReceipt")
        self.receipt_button.clicked.connect(lambda: self.print_form("receipt"))
        self.control_button = QPushButton(self.tr("In phiếu kiểm soát (Ctrl+K)"))
        self.control_button.setObjectName("printControl")
        self.control_button.clicked.connect(lambda: self.print_form("control"))
        self.forms_button = QPushButton(self.tr("In lại phiếu khác (Ctrl+Shift+P)"))
        self.forms_button.setObjectName("printOther")
        self.forms_menu = QMenu(self)
        self.forms_button.setMenu(self.forms_menu)
        close = QPushButton(self.tr("Đóng (Esc)"))
        close.clicked.connect(self.reject)
        for b in (self.receipt_button, self.control_button, self.forms_button):
            b.setStyleSheet("text-align: left; padding: 5px 10px;")
            b.setEnabled(False)
            panel.addWidget(b)
        panel.addStretch(1)
        panel.addWidget(close)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=lambda: self.print_form("receipt"))
        QShortcut(QKeySequence("Ctrl+K"), self, activated=lambda: self.print_form("control"))
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, activated=self.on_other_forms_requested)
        QShortcut(QKeySequence("F5"), self, activated=self.load)
        # The main window's keys work here too: the detail closes and that screen opens.
        for key in ("F2", "F3", "F4", "F6", "Ctrl+F"):
            QShortcut(QKeySequence(key), self, activated=lambda k=key: self.on_navigation_key(k))

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(self.status)
        top.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(top)
        left.addWidget(self.banner)
        left.addLayout(boxes)
        left.addWidget(docs_box)
        # Digitised documents and result (issue 19): F7 / Ctrl+I / F8 / Ctrl+R / Ctrl+E, ui/attachments.py.
        from ui.attachments import AttachmentsPanel

        self.attachments = AttachmentsPanel(session, self)
        self.attachments.changed.connect(self.load)
        left.addWidget(self.attachments)
        left.addWidget(time_box, 1)
        side = QWidget()
        side.setObjectName("stepsPanel")
        side.setLayout(panel)
        side.setFixedWidth(max(250, self.fontMetrics().horizontalAdvance("0") * 34))
        layout = QHBoxLayout(screen.scrolled(self, min_width=1000, min_height=600))
        layout.addLayout(left, 1)
        layout.addWidget(side)
        screen.fit(self, 1240, 780)
        self.load(opening=True)

    def _separator(self) -> QFrame:
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #ccc;")
        return line

    def _table(self, headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.verticalHeader().hide()
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setWordWrap(True)
        t.setTabKeyNavigation(False)
        t.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        h = t.horizontalHeader()
        for i in range(len(headers)):
            h.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        h.setStretchLastSection(True)
        return t

    # -- loading -----------------------------------------------------------------------------------

    def load(self, *, opening: bool = False) -> Op:
        """Read the dossier: ``opening`` (the detail shown to a person) is access-logged; a refresh is not."""
        code = self.code

        def work(ctx: Any) -> tuple[dict, dt.timedelta]:
            d = ctx.desk.view(code) if opening else ctx.desk.dossier(code)
            return d, ctx.desk.calendar().day_length

        return Op(self.session.db, work, self).success(self.on_loaded).run()

    def on_loaded(self, result: tuple[dict, dt.timedelta]) -> None:
        dossier, self.day_length = result
        self.show_dossier(dossier)

    def show_dossier(self, d: dict) -> None:
        first = self.dossier is None
        self.dossier = d
        a, p = d["applicant"], d["procedure"]
        colour = STATUS_COLOURS.get(d["status"], "#333")
        self.status.setText(core_label(d["status_label"]))
        self.status.setStyleSheet(
            f"font-size: 12pt; font-weight: bold; color: white; background: {colour}; padding: 3px 10px;"
            " border-radius: 4px;"
        )
        delivery = self.tr("Qua bưu chính công ích") if d["delivery"] == "post" else self.tr("Tại bộ phận tiếp nhận")
        self._fill(self.applicant, [
            (self.tr("Họ và tên:"), a["name"]),
            (self.tr("Số giấy tờ:"), a.get("id_number")),
            (self.tr("Điện thoại:"), a.get("phone")),
            (self.tr("Email:"), a.get("email")),
            (self.tr("Địa chỉ:"), a.get("address")),
            (self.tr("Nhận kết quả:"), delivery),
        ])  # fmt: skip
        full = p.get("fee_text") or self.tr("không ghi trong danh mục")
        if p.get("fee_amount") is not None:
            full = f"{money(p['fee_amount'])} — {full}"
        fee = self._value(shorten(full, 110))
        fee.setToolTip(full)  # the whole text is also in «Thu phí»
        fee_rows = [(self.tr("Phí, lệ phí:"), fee)]
        if d.get("fee_paid"):
            fee_rows.append((self.tr("Đã thu:"), money(d["fee_paid"])))
        self._fill(self.procedure, [
            (self.tr("Thủ tục:"), self.tr("{0} ({1}, danh mục v{2})").format(p["name"], p["code"], p["version"])),
            (self.tr("Thời hạn:"), p.get("duration_text")),
            (self.tr("Số bộ / kênh:"), f"{d['sets']} · {core_label(CHANNEL_LABELS.get(d['channel'], ''))}"),
            (self.tr("Sổ / số thứ tự:"), f"{d['book_no']} / {d['entry_no']}"),
            (self.tr("Người tiếp nhận:"), d["actor"]),
            *fee_rows,
        ])  # fmt: skip
        due = QLabel(formatting.appointment(d["due_at"]))
        due.setObjectName("detailDue")
        due.setWordWrap(True)
        due.setStyleSheet("font-size: 12pt; font-weight: bold;")
        state: list[tuple[str, Any]] = [
            (self.tr("Nhận lúc:"), formatting.appointment(d["received_at"])),
            (self.tr("Hẹn trả:"), due),
        ]
        if d.get("extensions"):
            state.append((self.tr("Hẹn ban đầu:"), self.tr("{0} (đã gia hạn {1} lần)").format(
                formatting.appointment(d.get("original_due_at")), d["extensions"])))  # fmt: skip
        if d.get("holder") and d["status"] in (4, 5):  # with a unit while being processed
            state.append((self.tr("Đang ở:"), d["holder"]))
        if d.get("paused_at") and d["status"] == 5:
            state.append((self.tr("Chờ bổ sung từ:"), self.tr("{0} — đang dừng tính thời gian; hẹn trả lùi theo thời "
                                                              "gian chờ khi nhận bổ sung").format(
                formatting.appointment(d["paused_at"]))))  # fmt: skip
        if d.get("result_at"):
            state.append((self.tr("Có kết quả:"), formatting.appointment(d["result_at"])))
        if d.get("returned_at"):
            state.append((self.tr("Đã trả:"), self.tr("{0} — {1}").format(
                formatting.appointment(d["returned_at"]), d.get("returned_to") or "")))  # fmt: skip
        elif d.get("closed_at"):
            state.append((self.tr("Kết thúc:"), formatting.appointment(d["closed_at"])))
        self._fill(self.state, state)

        self.documents.setRowCount(len(d["documents"]))
        for r, doc in enumerate(d["documents"]):
            for c, text in enumerate((doc["name"], core_label(doc.get("form_label")) or "—", str(doc["quantity"]))):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setToolTip(text)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.documents.setItem(r, c, item)
        events = d.get("events", [])
        self.timeline.setRowCount(len(events))
        for r, e in enumerate(events):
            values = (formatting.short(e["at"]), kind_label(e["kind"]), e["actor"], describe(e, self.day_length))
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c == 3:
                    item.setToolTip(text)
                self.timeline.setItem(r, c, item)
        self.documents.resizeRowsToContents()
        self.fit_documents()
        self.timeline.resizeRowsToContents()
        if events:
            self.timeline.scrollToBottom()
        self.attachments.show_dossier(d)
        self.update_steps(d)
        if first:
            self.receipt_button.setFocus()
        self.loaded.emit(d)

    def fit_documents(self) -> None:
        """The documents table as tall as its rows (up to about six), so the timeline gets the rest."""
        t = self.documents
        rows = sum(t.rowHeight(r) for r in range(min(t.rowCount(), 6)))
        extra = 0 if t.rowCount() <= 6 else t.rowHeight(0) // 2  # a half row shows there is more to scroll
        t.setFixedHeight(t.horizontalHeader().height() + rows + extra + 2 * t.frameWidth() + 2)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.dossier is not None:  # names wrap differently at another width
            self.documents.resizeRowsToContents()
            self.fit_documents()
            self.timeline.resizeRowsToContents()

    def _fill(self, form: QFormLayout, rows: list[tuple[str, Any]]) -> None:
        while form.rowCount():
            form.removeRow(0)
        for label, value in rows:
            form.addRow(QLabel(label), value if isinstance(value, QWidget) else self._value(value))

    def _value(self, value: Any) -> QLabel:
        label = QLabel(str(value) if value not in (None, "") else "—")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def can(self, capability: str) -> bool:
        """Whether the signed-in clerk's role grants ``capability`` (desk/roles.py; the core checks again)."""
        from desk import roles

        clerk = self.session.clerk
        return clerk is None or roles.allows(clerk.role, capability)

    def update_steps(self, d: dict) -> None:
        """Steps the status allows are enabled; the others say why (the core's message) in their tooltip. A viewer
        reads only: no step, no print."""
        acts, prints = self.can("counter"), self.can("print")
        for step in STEPS:
            button = self.step_buttons[step.kind]
            why = not_allowed(step.kind, d) if acts else self.tr("Tài khoản chỉ xem: không ghi nhận bước xử lý.")
            button.setEnabled(why is None)
            button.setToolTip(why or "")
        kinds = {e["kind"] for e in d.get("events", [])}
        self.forms_menu.clear()
        for form, kind in FORM_SOURCES.items():
            if kind in kinds:
                action = self.forms_menu.addAction(form_label(form))
                action.setObjectName(f"print_{form}")
                action.triggered.connect(lambda _c=False, f=form: self.print_form(f))
        for b in (self.receipt_button, self.control_button):
            b.setEnabled(prints)
        self.forms_button.setEnabled(prints and not self.forms_menu.isEmpty())

    def allowed_steps(self) -> list[str]:
        return [k for k, b in self.step_buttons.items() if b.isEnabled()]

    # -- steps -------------------------------------------------------------------------------------

    def open_step(self, step: Step) -> ActionDialog | None:
        if self.dossier is None or not self.step_buttons[step.kind].isEnabled():
            return None
        self.dialog = step.dialog(self.session, self.dossier, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.done.connect(lambda d, s=step: self.on_step_done(s, d))
        self.dialog.destroyed.connect(self.on_dialog_destroyed)
        self.dialog.finished.connect(self.on_dialog_finished)
        self.dialog.open()
        self.action_opened.emit(self.dialog)
        return self.dialog

    def on_dialog_destroyed(self, *_args: Any) -> None:
        self.dialog = None

    def on_dialog_finished(self, _result: int) -> None:
        """Back on this screen, ready for the next key (some platforms leave no window active otherwise)."""
        self.activateWindow()

    def on_step_done(self, step: Step, d: dict) -> None:
        self.show_dossier(d)
        self.show_banner(step.kind, d)
        self.session.sync.poke()
        self.session.dossiers_changed.emit()
        self.action_done.emit(step.kind, d)
        if step.dialog.form is not None:
            self.print_form(step.dialog.form)

    def show_banner(self, kind: str, d: dict) -> None:
        """What the step just did, in words (for a supplement received: the new appointment)."""
        last = next((e for e in reversed(d.get("events", [])) if e["kind"] == kind), None)
        text = kind_label(kind) + (f": {describe(last, self.day_length)}" if last else "")
        if kind == "supplement_received":
            text = self.tr("Đã nhận bổ sung. HẸN TRẢ MỚI: {0}. {1}").format(
                formatting.appointment(d["due_at"]), describe(last, self.day_length) if last else "")  # fmt: skip
        elif kind == "apologized_extended":
            text = self.tr("Đã gia hạn. HẸN TRẢ MỚI: {0}. {1}").format(
                formatting.appointment(d["due_at"]), describe(last, self.day_length) if last else "")  # fmt: skip
        self.banner.setText("✓ " + text)
        self.banner.show()

    # -- printing ----------------------------------------------------------------------------------

    def print_form(self, form: str) -> Op | None:
        """The form's data from the core (desk.printdata, db worker), then the preview and the printer."""
        if self.dossier is None or not self.can("print"):
            return None
        code = self.code

        return Op(self.session.db, lambda ctx: ctx.desk.printable(form, code), self).success(self.print_form_cb).run()

    def on_navigation_key(self, key: str) -> None:
        self.close()
        self.navigation_requested.emit(key)

    def on_other_forms_requested(self) -> None:
        if self.forms_button.isEnabled():
            self.forms_button.showMenu()
