"""Catalogs waiting for approval (issue #7): a bundle that arrived by sync or from a file is shown to the lead clerk
as a summary of its changes; approved, it is used from its effective date. Only a lead clerk imports or approves.

The checks (signature against the trusted keys, format, versions) and the summary are the core's
(Desk.import_catalog(approve=False), Desk.pending_catalogs, Desk.approve_catalog), in the db worker.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from desk.errors import InvalidInput
from ui import screen
from ui.qt import (
    QCoreApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session
from ui.workers import Op

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b6e20;"


def _day(iso: str | None) -> str:
    try:
        return dt.date.fromisoformat(iso or "").strftime("%d/%m/%Y")
    except ValueError:
        return iso or "—"


def lead_of(ctx: Any, clerk: Any) -> Any:
    """The signed-in clerk as the store knows them now; refused unless an active lead clerk (db worker)."""
    from desk import accounts

    return accounts.require_lead(ctx.desk.store, clerk, "nhập và duyệt được danh mục thủ tục") or clerk


class PendingCatalogsDialog(QDialog):
    """The pending catalogs, what each changes, and «Duyệt» for a lead clerk."""

    loaded = Signal(list)
    approved = Signal(dict)
    imported = Signal(dict)
    refused = Signal(object)  # an InvalidInput: import or approval refused, with the reason shown

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pendingCatalogs")
        self.session = session
        self.items: list[dict] = []
        self.setWindowTitle(self.tr("Danh mục thủ tục chờ duyệt"))
        lead = session.clerk is not None and session.clerk.is_lead
        intro = QLabel(
            self.tr("Danh mục thủ tục mới (nhận qua đồng bộ hoặc từ tệp) chỉ được dùng khi cán bộ phụ trách đã xem "
                    "các thay đổi và duyệt; từ ngày hiệu lực ghi trong danh mục. Hồ sơ đã nhận giữ thủ tục cũ.")
        )  # fmt: skip
        intro.setWordWrap(True)
        heading = QLabel(self.tr("Danh mục thủ tục chờ duyệt"))
        heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.list = QListWidget()
        self.list.setObjectName("pendingList")
        self.list.setMaximumHeight(self.list.fontMetrics().lineSpacing() * 5 + 12)
        self.list.currentRowChanged.connect(self.on_row_changed)
        self.changes = QPlainTextEdit()
        self.changes.setObjectName("catalogChanges")
        self.changes.setReadOnly(True)
        self.changes.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        changes_label = QLabel(self.tr("Những gì thay đổi so với danh mục đang dùng:"))
        changes_label.setStyleSheet("font-weight: bold;")
        self.message = QLabel()
        self.message.setObjectName("catalogMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.approve_button = QPushButton(self.tr("&Duyệt danh mục này (Ctrl+Enter)"))
        self.approve_button.setObjectName("approveButton")
        self.approve_button.clicked.connect(self.on_approve_clicked)
        self.import_button = QPushButton(self.tr("&Nhập danh mục từ tệp… (Ctrl+O)"))
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.on_import_clicked)
        for b in (self.approve_button, self.import_button):
            b.setEnabled(lead)
            if not lead:
                b.setToolTip(self.tr("Chỉ cán bộ phụ trách mới nhập và duyệt được danh mục thủ tục."))
        close = QPushButton(self.tr("Đó&ng (Esc)"))
        close.clicked.connect(self.reject)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self.on_approve_clicked)
        QShortcut(QKeySequence("Ctrl+O"), self, activated=self.on_import_clicked)
        self.lead_note = QLabel(
            self.tr("Bạn đang đăng nhập bằng tài khoản cán bộ tiếp nhận: xem được thay đổi, nhưng cần cán bộ phụ "
                    "trách đăng nhập để duyệt.")
        )  # fmt: skip
        self.lead_note.setWordWrap(True)
        self.lead_note.setStyleSheet("background: #fff3cd; padding: 6px;")
        self.lead_note.setVisible(not lead)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.lead_note)
        layout.addWidget(self.list)
        layout.addWidget(changes_label)
        layout.addWidget(self.changes, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        screen.fit(self, 900, 640)
        self.load()

    def load(self, select: int | None = None) -> Op:
        def done(items: list[dict]) -> None:
            self.items = items
            self.list.clear()
            for c in items:
                signer = (
                    QCoreApplication.translate("catalogs", "ký bởi khóa {0}").format(c["signed_by"])
                    if c.get("signed_by")
                    else QCoreApplication.translate("catalogs", "chưa ký")
                )
                text = QCoreApplication.translate("catalogs", "Phiên bản {0} của {1} — hiệu lực từ {2} — {3}").format(
                    c["version"], c["publisher_code"], _day(c["effective_from"]), signer
                )
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c["id"])
                self.list.addItem(item)
            if not items:
                self.changes.setPlainText(self.tr("Không có danh mục nào chờ duyệt."))
            ids = [c["id"] for c in items]
            self.list.setCurrentRow(ids.index(select) if select in ids else (0 if items else -1))
            self.update_buttons()
            self.loaded.emit(items)

        return Op(self.session.db, lambda ctx: ctx.desk.pending_catalogs(), self).success(done).run()

    def on_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.items):
            self.changes.setPlainText(self.items[row]["changes"])
        self.update_buttons()

    def update_buttons(self) -> None:
        lead = self.session.clerk is not None and self.session.clerk.is_lead
        self.approve_button.setEnabled(lead and self.current() is not None)

    def current(self) -> dict | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def show_message(self, text: str, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    # -- approving ---------------------------------------------------------------------------------

    def on_approve_clicked(self) -> None:
        chosen = self.current()
        if chosen is not None:
            self.approve(chosen["id"])

    def approve(self, catalog_id: int) -> Op:
        """Approve as the signed-in clerk (refused unless a lead clerk, with the reason shown)."""
        clerk = self.session.clerk

        def work(ctx: Any) -> dict:
            lead = lead_of(ctx, clerk)
            return ctx.desk.approve_catalog(catalog_id, actor=lead.full_name, by=lead)

        def done(res: dict) -> None:
            self.show_message(
                self.tr("Đã duyệt danh mục phiên bản {0}: dùng từ ngày {1}.").format(
                    res["version"], _day(res["effective_from"])
                ),
                True,
            )
            self.session.dossiers_changed.emit()
            self.approved.emit(res)
            self.load()

        return Op(self.session.db, work, self).success(done).failure(self.on_refused).run()

    def on_refused(self, exc: BaseException) -> None:
        if not isinstance(exc, InvalidInput):
            from ui.errors import show_error

            show_error(exc, self)
            return
        head = QCoreApplication.translate("catalogs", "Không thực hiện được: ")
        self.show_message(head + "\n".join(exc.errors), False)
        self.refused.emit(exc)

    # -- importing ---------------------------------------------------------------------------------

    def on_import_clicked(self) -> None:
        if not self.import_button.isEnabled():
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp danh mục thủ tục"), "", self.tr("Danh mục (*.json);;Mọi tệp (*)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> Op:
        """Verify and store a catalog file as pending (refused with the core's reason: signature, format, version)."""
        clerk = self.session.clerk

        def work(ctx: Any) -> dict:
            from desk.service import read_bundle_file

            lead = lead_of(ctx, clerk)
            data = read_bundle_file(path, "danh mục")
            return ctx.desk.import_catalog(data, actor=lead.full_name, approve=False)

        def done(res: dict) -> None:
            self.show_message(
                self.tr("Đã nhập danh mục phiên bản {0} ({1} thủ tục), chờ duyệt. Xem thay đổi bên trên.").format(
                    res["version"], res["procedures"]
                ),
                True,
            )
            self.session.dossiers_changed.emit()
            self.imported.emit(res)
            self.load(select=res["catalog_id"])

        self.show_message(self.tr("Đang kiểm tra tệp {0}…").format(path.name), True)
        return Op(self.session.db, work, self).success(done).failure(self.on_refused).run()
