"""The supplement requests given at intake (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ for a dossier that lacked
required documents: no code was issued): a list to find one, Enter to print it again."""

from __future__ import annotations

from typing import Any

from ui import formatting, screen
from ui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session
from ui.workers import Op


class IntakeSupplementsDialog(QDialog):
    """Newest first; Enter (or a double click) prints the chosen one again through the preview."""

    reprint_requested = Signal(object)  # a Printable
    loaded = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("intakeSupplementsDialog")
        self.session = session
        self.setWindowTitle(self.tr("Phiếu yêu cầu bổ sung đã lập khi tiếp nhận"))
        self.items: list[dict] = []
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("intakeSupplementsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Lúc"), self.tr("Người nộp"), self.tr("Thủ tục"),
                                              self.tr("Thiếu"), self.tr("Cán bộ")])  # fmt: skip
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for col in range(5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self.on_activated)
        self.table.doubleClicked.connect(self.on_activated)
        hint = QLabel(self.tr("Enter: in lại phiếu đã chọn (xem trước rồi in). Hồ sơ thiếu giấy tờ không được cấp mã: "
                              "khi công dân mang đủ giấy tờ, tiếp nhận như hồ sơ mới."))  # fmt: skip
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        screen.fit(self, 980, 560)

        def work(ctx: Any) -> list[dict]:
            from desk.readmodel import intake_supplements

            return intake_supplements(ctx.desk)

        Op(session.db, work, self).success(self.on_loaded).run()

    def on_loaded(self, items: list[dict]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for row, g in enumerate(items):
            cells = [formatting.short(g["at"]), g["applicant"]["name"], f"{g['procedure']['name']} ({g['procedure']['code']})",
                     self.tr("{0} giấy tờ").format(g["missing"]), g["actor"]]  # fmt: skip
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        if items:
            self.table.selectRow(0)
        self.table.setFocus()
        self.loaded.emit(len(items))

    def on_activated(self, index: Any = None) -> None:
        row = self.table.currentRow() if index is None else index.row()
        if not 0 <= row < len(self.items):
            return
        event_id = self.items[row]["event_id"]

        def work(ctx: Any) -> Any:
            from desk.printdata import intake_supplement

            return intake_supplement(ctx.desk, event_id)

        Op(self.session.db, work, self).success(self.reprint_requested.emit).run()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.on_activated()
            return
        super().keyPressEvent(event)
