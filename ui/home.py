"""The home screen: today's receipts, what is due today and tomorrow, what is overdue, and the sync state."""

from __future__ import annotations

from typing import Any

from desk import queries, timeutil
from desk.projections import STATUS_LABELS
from ui import formatting
from ui.qt import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session
from ui.workers import Op


class Tile(QPushButton):
    """A big number with its label; Enter or a click opens the matching list."""

    def __init__(self, label: str, tone: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = label
        self.setMinimumHeight(84)
        self.setStyleSheet(
            f"QPushButton {{ text-align: left; padding: 8px 14px; background: {tone}; border: 1px solid #bbb;"
            " border-radius: 6px; font-size: 12pt; } QPushButton:focus { border: 2px solid #1a56a8; }"
        )
        self.set_value(None)

    def set_value(self, n: int | None) -> None:
        self.setText(f"{'…' if n is None else f'{n:,}'.replace(',', '.')}\n{self.label}")


class HomeWidget(QWidget):
    """Counts come from desk.queries in the reader worker."""

    filter_requested = Signal(str)
    dossier_activated = Signal(str)
    counts_loaded = Signal(dict)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("home")
        self.session = session
        self.tiles = {
            "today": Tile(self.tr("Nhận hôm nay"), "#e8f1fb"),
            "due_today": Tile(self.tr("Đến hạn hôm nay"), "#fff6dd"),
            "due_tomorrow": Tile(self.tr("Đến hạn ngày mai"), "#fffbe9"),
            "overdue": Tile(self.tr("Quá hạn"), "#fde2e1"),
        }
        targets = {"today": "today", "due_today": "due_soon", "due_tomorrow": "due_soon", "overdue": "overdue"}
        grid = QGridLayout()
        for i, (key, tile) in enumerate(self.tiles.items()):
            tile.setObjectName(f"tile_{key}")
            tile.clicked.connect(lambda _c=False, k=targets[key]: self.filter_requested.emit(k))
            grid.addWidget(tile, 0, i)
        self.sync_label = QLabel()
        self.sync_label.setObjectName("syncLabel")
        self.sync_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.sync_label.setWordWrap(True)
        self.sync_label.setText(
            self.tr(
                "Đồng bộ với tỉnh: NGOẠI TUYẾN — chức năng đồng bộ chưa được cài đặt. "
                "Mọi việc vẫn làm được trên máy này; dữ liệu sẽ được gửi khi có đồng bộ."
            )
        )
        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        self.today = QTableWidget(0, 5)
        self.today.setObjectName("todayTable")
        self.today.setHorizontalHeaderLabels([self.tr("Giờ nhận"), self.tr("Mã hồ sơ"), self.tr("Người nộp"),
                                              self.tr("Thủ tục"), self.tr("Hẹn trả")])  # fmt: skip
        self.today.verticalHeader().hide()
        self.today.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.today.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.today.setTabKeyNavigation(False)
        h = self.today.horizontalHeader()
        for i in range(5):
            h.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.today.activated.connect(self.on_today_activated)
        self.today.doubleClicked.connect(self.on_today_activated)
        box = QGroupBox(self.tr("Hồ sơ nhận hôm nay"))
        QVBoxLayout(box).addWidget(self.today)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(box, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.sync_label)

    def refresh(self) -> Op:
        now = timeutil.now()

        def work(ctx: Any) -> tuple[dict, list[dict]]:
            return queries.home_counts(ctx.conn, now), queries.today_rows(ctx.conn, now)

        return Op(self.session.reader, work, self).success(self.on_counts_loaded).run()

    def on_counts_loaded(self, result: tuple[dict, list[dict]]) -> None:
        counts, rows = result
        for key, tile in self.tiles.items():
            tile.set_value(counts[key])
        self.total_label.setText(
            self.tr("Tổng số hồ sơ trên máy: {0}").format(f"{counts['total']:,}".replace(",", "."))
        )
        self.today.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = (formatting.short(row["received_at"])[-5:], row["code"], row["name"],
                      row["procedure_name"] or row["procedure_code"], formatting.short(row["due_at"]))  # fmt: skip
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c == 3:
                    item.setToolTip(f"{text}\n{STATUS_LABELS.get(row['status'], '')}")
                self.today.setItem(r, c, item)
        self.counts_loaded.emit(counts)

    def on_today_activated(self, index: Any) -> None:
        item = self.today.item(index.row(), 1)
        if item is not None:
            self.dossier_activated.emit(item.text())

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(self.focusWidget(), Tile):
            self.focusWidget().click()
            return
        super().keyPressEvent(event)
