"""One dossier: applicant, documents, appointment, status, the timeline of its events, and reprints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desk.projections import CHANNEL_LABELS
from ui import formatting
from ui.labels import label as core_label
from ui.qt import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
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
from ui.workers import Op

EVENT_LABELS = {
    "received": "Tiếp nhận hồ sơ",
    "printed": "In / xuất phiếu",
    "transferred": "Chuyển xử lý",
    "supplement_requested": "Yêu cầu bổ sung",
    "supplement_received": "Nhận bổ sung",
    "refused": "Từ chối tiếp nhận",
    "apologized_extended": "Xin lỗi, hẹn lại",
    "stopped": "Dừng xử lý",
    "withdrawn": "Rút hồ sơ",
    "result_ready": "Có kết quả",
    "result_returned": "Đã trả kết quả",
    "corrected": "Sửa thông tin",
    "note": "Ghi chú",
}
FORM_LABELS = {"receipt": "Giấy tiếp nhận", "supplement": "Phiếu bổ sung", "control": "Phiếu kiểm soát"}


class DossierDetail(QDialog):
    """Opened from the list, the home screen or a scanned code; Ctrl+P reprints the receipt."""

    loaded = Signal(dict)

    def __init__(self, session: Session, code: str, reprint: Callable[[str, dict, dict], None],
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.setObjectName("dossierDetail")
        self.session = session
        self.code = code
        self.reprint = reprint
        self.dossier: dict | None = None
        self.setWindowTitle(self.tr("Hồ sơ {0}").format(code))
        self.title = QLabel(code)
        self.title.setObjectName("detailTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("detailStatus")
        self.status.setStyleSheet("font-size: 12pt;")

        self.applicant = QFormLayout()
        self.procedure = QFormLayout()
        app_box = QGroupBox(self.tr("Người nộp"))
        app_box.setLayout(self.applicant)
        proc_box = QGroupBox(self.tr("Thủ tục và hẹn trả"))
        proc_box.setLayout(self.procedure)
        self.documents = self._table([self.tr("Tên giấy tờ"), self.tr("Hình thức"), self.tr("SL")])
        self.documents.setObjectName("detailDocuments")
        # Long catalog names wrap in a stretched first column: form and quantity stay in view, no side scrolling.
        self.documents.horizontalHeader().setStretchLastSection(False)
        self.documents.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.timeline = self._table([self.tr("Thời gian"), self.tr("Việc"), self.tr("Cán bộ"), self.tr("Chi tiết")])
        self.timeline.setObjectName("detailTimeline")
        docs_box = QGroupBox(self.tr("Thành phần hồ sơ"))
        QVBoxLayout(docs_box).addWidget(self.documents)
        time_box = QGroupBox(self.tr("Quá trình (nhật ký)"))
        QVBoxLayout(time_box).addWidget(self.timeline)

        self.receipt_button = QPushButton(self.tr("In lại &giấy tiếp nhận (Ctrl+P)"))
        self.receipt_button.setObjectName("reprintReceipt")
        self.receipt_button.clicked.connect(lambda: self.on_reprint_clicked("receipt"))
        self.control_button = QPushButton(self.tr("In phiếu &kiểm soát (Ctrl+K)"))
        self.control_button.setObjectName("printControl")
        self.control_button.clicked.connect(lambda: self.on_reprint_clicked("control"))
        close = QPushButton(self.tr("Đó&ng (Esc)"))
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=lambda: self.on_reprint_clicked("receipt"))
        QShortcut(QKeySequence("Ctrl+K"), self, activated=lambda: self.on_reprint_clicked("control"))

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.status)
        boxes = QHBoxLayout()
        boxes.addWidget(app_box, 1)
        boxes.addWidget(proc_box, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.receipt_button, self.control_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(boxes)
        layout.addWidget(docs_box, 1)
        layout.addWidget(time_box, 1)
        layout.addLayout(buttons)
        self.resize(980, 760)
        for b in (self.receipt_button, self.control_button):
            b.setEnabled(False)
        self.load()

    def _table(self, headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.verticalHeader().hide()
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setWordWrap(True)
        t.setTabKeyNavigation(False)
        h = t.horizontalHeader()
        for i in range(len(headers)):
            h.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        h.setStretchLastSection(True)
        return t

    def load(self) -> Op:
        code = self.code
        return Op(self.session.db, lambda ctx: ctx.desk.dossier(code), self).success(self.on_dossier_loaded).run()

    def on_dossier_loaded(self, d: dict) -> None:
        self.dossier = d
        a, p = d["applicant"], d["procedure"]
        self.status.setText(core_label(d["status_label"]))
        for label, value in (
            (self.tr("Họ và tên:"), a["name"]),
            (self.tr("Số giấy tờ:"), a.get("id_number")),
            (self.tr("Điện thoại:"), a.get("phone")),
            (self.tr("Email:"), a.get("email")),
            (self.tr("Địa chỉ:"), a.get("address")),
        ):
            self.applicant.addRow(label, self._value(value))
        delivery = self.tr("Qua bưu chính công ích") if d["delivery"] == "post" else self.tr("Tại bộ phận tiếp nhận")
        for label, value in (
            (self.tr("Thủ tục:"), f"{p['name']} ({p['code']}, danh mục v{p['version']})"),
            (self.tr("Thời hạn:"), p.get("duration_text")),
            (self.tr("Nhận lúc:"), formatting.appointment(d["received_at"])),
            (self.tr("Hẹn trả:"), formatting.appointment(d["due_at"])),
            (self.tr("Số bộ / kênh:"), f"{d['sets']} · {core_label(CHANNEL_LABELS.get(d['channel'], ''))}"),
            (self.tr("Nhận kết quả:"), delivery),
            (self.tr("Sổ / số thứ tự:"), f"{d['book_no']} / {d['entry_no']}"),
            (self.tr("Người tiếp nhận:"), d["actor"]),
        ):
            self.procedure.addRow(label, self._value(value))
        self.documents.setRowCount(len(d["documents"]))
        for r, doc in enumerate(d["documents"]):
            for c, text in enumerate((doc["name"], doc.get("form_label") or "—", str(doc["quantity"]))):
                self.documents.setItem(r, c, QTableWidgetItem(text))
        events = d.get("events", [])
        self.timeline.setRowCount(len(events))
        for r, e in enumerate(events):
            detail = self._event_detail(e)
            for c, text in enumerate((formatting.short(e["at"]), core_label(EVENT_LABELS.get(e["kind"], e["kind"])),
                                      e["actor"], detail)):  # fmt: skip
                self.timeline.setItem(r, c, QTableWidgetItem(text))
        self.documents.resizeRowsToContents()
        self.timeline.resizeRowsToContents()
        for b in (self.receipt_button, self.control_button):
            b.setEnabled(True)
        self.receipt_button.setFocus()
        self.loaded.emit(d)

    def _event_detail(self, e: dict) -> str:
        p = e.get("payload") or {}
        if e["kind"] == "printed":
            form = core_label(FORM_LABELS.get(p.get("form"), p.get("form") or ""))
            where = self.tr("máy in") if p.get("target") == "printer" else self.tr("tệp PDF")
            return f"{form} → {where} {p.get('printer') or p.get('file') or ''}".strip()
        if e["kind"] == "received":
            return self.tr("Hẹn trả {0}").format(formatting.short(p.get("due_at")))
        return ""

    def _value(self, value: Any) -> QLabel:
        label = QLabel(str(value) if value not in (None, "") else "—")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def on_reprint_clicked(self, form: str) -> None:
        if self.dossier is not None:
            self.reprint(form, self.dossier, {})
