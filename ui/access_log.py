"""Hệ thống › Nhật ký truy cập: who opened, searched, printed or exported citizens' data, and when (a lead's view;
the core refuses anyone else and records the reading itself)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ui import formatting, screen
from ui.qt import (
    QAbstractItemView,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session
from ui.workers import Op

DEFAULT_DAYS = 7


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class AccessLogDialog(QDialog):
    """A period (the last week by default), newest first; Enter in a date shows it again."""

    loaded = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        from desk import timeutil

        self.setObjectName("accessLogDialog")
        self.session = session
        self.setWindowTitle(self.tr("Nhật ký truy cập dữ liệu cá nhân"))
        today = timeutil.now().date()
        self.date_from = QDateEdit(_qdate(today - dt.timedelta(days=DEFAULT_DAYS - 1)))
        self.date_to = QDateEdit(_qdate(today))
        for edit, name in ((self.date_from, "accessFrom"), (self.date_to, "accessTo")):
            edit.setObjectName(name)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        self.show_button = QPushButton(self.tr("&Xem"))
        self.show_button.setObjectName("accessShow")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.load)
        self.count_label = QLabel()
        self.count_label.setObjectName("accessCount")
        period = QHBoxLayout()
        from_label = QLabel(self.tr("&Từ ngày"))
        from_label.setBuddy(self.date_from)
        to_label = QLabel(self.tr("Đế&n ngày"))
        to_label.setBuddy(self.date_to)
        for w in (from_label, self.date_from, to_label, self.date_to, self.show_button):
            period.addWidget(w)
        period.addStretch(1)
        period.addWidget(self.count_label)

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("accessTable")
        self.table.setHorizontalHeaderLabels([self.tr("Lúc"), self.tr("Người truy cập"), self.tr("Việc"),
                                              self.tr("Mã hồ sơ"), self.tr("Nội dung")])  # fmt: skip
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for col in range(4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        hint = QLabel(self.tr("Mọi lần mở chi tiết hồ sơ, tìm theo họ tên, số giấy tờ hoặc số điện thoại, in và xuất "
                              "dữ liệu đều được ghi lại trên máy này; không sửa, không xóa được. Lần xem nhật ký này "
                              "cũng được ghi."))  # fmt: skip
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(period)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        screen.fit(self, 1100, 620)
        self.load()

    def load(self) -> None:
        start, end = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        if end < start:
            self.count_label.setText(self.tr("«Đến ngày» phải không trước «Từ ngày»."))
            self.date_to.setFocus()
            return
        self.show_button.setEnabled(False)
        Op(self.session.db, lambda ctx: ctx.desk.access_log(start, end), self).success(self.on_loaded).failure(
            self.on_failed
        ).run()

    def on_failed(self, exc: BaseException) -> None:
        from ui.errors import show_error

        self.show_button.setEnabled(True)
        show_error(exc, self)

    def on_loaded(self, items: list[Any]) -> None:
        self.show_button.setEnabled(True)
        items = list(reversed(items))  # newest first
        self.table.setRowCount(len(items))
        for row, a in enumerate(items):
            d = a.as_dict()
            who = f"{a.actor} ({a.username})" if a.username else a.actor
            cells = [formatting.short(a.at), who, d["action_label"], a.code or "", a.what]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        self.count_label.setText(self.tr("{0} lần truy cập").format(len(items)))
        self.table.setFocus()
        self.loaded.emit(len(items))
