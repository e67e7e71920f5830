"""The home screen: large counts a leader reads from a metre away (received today, due soon, overdue, waiting for a
supplement, results waiting to be returned), each opening the list of those dossiers; today's receipts; notices."""

from __future__ import annotations

from typing import Any

from desk import timeutil
from desk.lifecycle import STATUS_LABELS
from desk.queries import home_counts
from desk.readmodel import due_soon_threshold as due_soon_until
from ui import formatting, screen
from ui.labels import label as core_label
from ui.qt import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
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

NOTICE_STYLE = (
    "QPushButton { text-align: left; padding: 8px 12px; background: #fff3cd; border: 1px solid #d6b656;"
    " border-radius: 4px; font-size: 11pt; } QPushButton:focus { border: 2px solid #1a56a8; }"
)


def thousands(n: int) -> str:
    """«12.345» (Vietnamese digit grouping)."""
    return f"{n:,}".replace(",", ".")


class Tile(QPushButton):
    """A large bold number, its label and its key; Enter, a click or the key opens the matching list."""

    def __init__(self, label: str, key: str, tone: str, accent: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = label
        self.value: int | None = None
        self.setMinimumHeight(118)
        self.setStyleSheet(
            f"QPushButton {{ background: {tone}; border: 1px solid #b8b8b8; border-left: 6px solid {accent};"
            " border-radius: 6px; } QPushButton:focus { border: 2px solid #1a56a8;"
            f" border-left: 6px solid {accent}; }} QPushButton:hover {{ border-color: #1a56a8; }}"
        )
        self.number = QLabel("…")
        self.number.setObjectName("tileNumber")
        self.number.setStyleSheet(f"font-size: 30pt; font-weight: bold; color: {accent}; background: transparent;")
        self.caption = QLabel(label)
        self.caption.setObjectName("tileCaption")
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("font-size: 12pt; font-weight: bold; color: #222; background: transparent;")
        self.hint = QLabel()
        self.hint.setObjectName("tileHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("font-size: 9pt; color: #555; background: transparent;")
        self.key = QLabel(key)
        self.key.setStyleSheet(
            "font-size: 9pt; color: #333; background: #ffffffaa; border: 1px solid #aaa; border-radius: 3px;"
            " padding: 0 3px;"
        )
        grid = QGridLayout(self)
        grid.setContentsMargins(14, 6, 10, 8)
        grid.setVerticalSpacing(0)
        grid.addWidget(self.number, 0, 0)
        grid.addWidget(self.key, 0, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.caption, 1, 0, 1, 2)
        grid.addWidget(self.hint, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        for w in (self.number, self.caption, self.hint, self.key):
            w.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName(label)

    def set_value(self, n: int | None) -> None:
        self.value = n
        self.number.setText("…" if n is None else thousands(n))
        self.setAccessibleName(f"{self.label}: {self.number.text()}")

    def set_hint(self, text: str) -> None:
        self.hint.setText(text)


class HomeWidget(QWidget):
    """Counts come from the reader worker (the due-soon window from the core, in the db worker)."""

    filter_requested = Signal(str)
    dossier_activated = Signal(str)
    catalogs_requested = Signal()
    printer_requested = Signal()  # the clerk wants to choose a printer
    backup_requested = Signal()  # the backup tile was pressed
    counts_loaded = Signal(dict)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("home")
        self.session = session
        self.tiles = {
            "today": Tile(self.tr("Nhận hôm nay"), "Alt+1", "#eaf2fc", "#1a56a8"),
            "due_soon": Tile(self.tr("Sắp đến hạn"), "Alt+2", "#fff7e0", "#a55f00"),
            "overdue": Tile(self.tr("Quá hạn"), "Alt+3", "#fde7e6", "#b00020"),
            "waiting": Tile(self.tr("Chờ bổ sung"), "Alt+4", "#f1ecf8", "#5b3d91"),
            "ready": Tile(self.tr("Chờ trả kết quả"), "Alt+5", "#e8f5e9", "#1b6e20"),
        }
        self.tiles["today"].set_hint(self.tr("hồ sơ tiếp nhận trong ngày"))
        self.tiles["overdue"].set_hint(self.tr("chưa có kết quả, đã qua hẹn trả"))
        self.tiles["waiting"].set_hint(self.tr("đang dừng tính thời gian"))
        self.tiles["ready"].set_hint(self.tr("đã có kết quả, chưa trả công dân"))
        grid = QGridLayout()
        for i, (key, tile) in enumerate(self.tiles.items()):
            tile.setObjectName(f"tile_{key}")
            tile.clicked.connect(lambda _c=False, k=key: self.filter_requested.emit(k))
            grid.addWidget(tile, 0, i)
            grid.setColumnStretch(i, 1)
            sc = QShortcut(QKeySequence(f"Alt+{i + 1}"), self, activated=tile.click)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.catalog_notice = QPushButton()
        self.catalog_notice.setObjectName("catalogNotice")
        self.catalog_notice.setStyleSheet(NOTICE_STYLE)
        self.catalog_notice.clicked.connect(self.catalogs_requested)
        self.catalog_notice.hide()
        # Said plainly before the first citizen: without a printer, receipts are only saved as PDF files.
        self.printer_notice = QPushButton()
        self.printer_notice.setObjectName("printerNotice")
        self.printer_notice.setStyleSheet(NOTICE_STYLE)
        self.printer_notice.clicked.connect(self.printer_requested)
        self.printer_notice.hide()
        # «Sao lưu gần nhất …»: green, red after two days without one (desk/autobackup.py STALE_AFTER).
        self.backup_tile = QPushButton()
        self.backup_tile.setObjectName("backupTile")
        self.backup_tile.clicked.connect(self.backup_requested)
        self.backup_tile.hide()
        self.backup_problem: str | None = None
        # Dossiers a merge of two OS accounts' stores left out: their code was taken (desk/machine.py).
        self.merge_notice = QLabel()
        self.merge_notice.setObjectName("mergeNotice")
        self.merge_notice.setWordWrap(True)
        self.merge_notice.setStyleSheet("color: #b00020; background: #fde7e6; border: 1px solid #b00020; padding: 6px;")
        self.merge_notice.hide()
        self.sync_label = QLabel()
        self.sync_label.setObjectName("syncLabel")
        self.sync_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.sync_label.setWordWrap(True)
        from ui.sync_status import home_text

        self.sync_label.setText(home_text(None))  # then each sync round's state (MainWindow)
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
        self.today.setWordWrap(True)
        h = self.today.horizontalHeader()
        for i in range(5):
            h.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.today.activated.connect(self.on_today_activated)
        self.today.doubleClicked.connect(self.on_today_activated)
        box = QGroupBox(self.tr("Hồ sơ nhận hôm nay"))
        QVBoxLayout(box).addWidget(self.today)
        layout = QVBoxLayout(screen.scrolled(self, min_height=480))
        layout.addLayout(grid)
        layout.addWidget(self.printer_notice)
        layout.addWidget(self.catalog_notice)
        layout.addWidget(box, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.backup_tile)
        layout.addWidget(self.merge_notice)
        layout.addWidget(self.sync_label)
        self._busy = False
        self._again = False

    def show_printer(self, name: str | None) -> None:
        """No printer (None): a notice that receipts will only be PDF files, and a way to choose one."""
        self.printer_notice.setText(self.tr(
            "⚠ CHƯA CÓ MÁY IN: giấy tiếp nhận sẽ chỉ lưu thành tệp PDF, không in ra giấy. Nhấn để chọn máy in."))  # fmt: skip
        self.printer_notice.setVisible(name is None)

    def show_backup(self, st: dict | None, problem: str | None = None) -> None:
        """The last backup's age; red when it is too old, or when today's automatic backup failed (``problem``,
        kept until one succeeds: ``backup_problem``)."""
        if problem is not None:
            self.backup_problem = problem
        problem = self.backup_problem
        if st is None and problem is None:
            self.backup_tile.hide()
            return
        if st is not None and st.get("at"):
            text = self.tr("Sao lưu gần nhất: {0}").format(formatting.short(st["at"]))
        else:
            text = self.tr("Sao lưu gần nhất: chưa có bản nào")
        stale = problem is not None or st is None or st["stale"]
        if problem:
            text += " — " + self.tr("sao lưu tự động không được: {0}").format(problem)
        elif stale:
            text += " — " + self.tr("đã quá 2 ngày, cần sao lưu (Hệ thống › Sao lưu / Khôi phục)")
        colour, tone = ("#b00020", "#fde7e6") if stale else ("#1b6e20", "#e8f5e9")
        self.backup_tile.setText(("⚠ " if stale else "✔ ") + text)
        self.backup_tile.setProperty("stale", stale)
        self.backup_tile.setStyleSheet(
            f"QPushButton {{ text-align: left; padding: 6px 10px; font-size: 11pt; color: {colour};"
            f" background: {tone}; border: 1px solid {colour}; border-radius: 4px; }}"
        )
        self.backup_tile.show()

    def refresh(self) -> None:
        """Recount: the window's end from the core (db worker), then the counts and today's rows (reader)."""
        if self._busy:  # one refresh at a time; a request meanwhile runs once more afterwards
            self._again = True
            return
        self._busy = True
        now = timeutil.now()

        def counted(result: tuple[dict, list[dict], Any]) -> None:
            self._busy = False
            self.on_counts_loaded(result)
            if self._again:
                self._again = False
                self.refresh()

        def failed(exc: BaseException) -> None:
            self._busy = False
            from ui.errors import show_error

            show_error(exc, self)

        def window_known(until: Any) -> None:
            from desk import queries

            def work(ctx: Any) -> tuple[dict, list[dict], Any]:
                return home_counts(ctx.conn, now, until), queries.today_rows(ctx.conn, now), until

            Op(self.session.reader, work, self).success(counted).failure(failed).run()

        Op(self.session.db, lambda ctx: due_soon_until(ctx.desk, now), self).success(window_known).failure(failed).run()
        self.refresh_backup()

    def refresh_backup(self) -> Op:
        def work(ctx: Any) -> tuple[dict, list[dict]]:
            from desk import autobackup, machine

            return autobackup.status(ctx.desk), machine.conflicts(ctx.desk.store)

        def shown(result: tuple[dict, list[dict]]) -> None:
            st, conflicts = result
            self.show_backup(st)
            self.show_merge_conflicts(conflicts)

        return Op(self.session.db, work, self).success(shown).run()

    def show_merge_conflicts(self, conflicts: list[dict]) -> None:
        """Dossiers another OS account's store held under a code this desk had already given (never renumbered)."""
        if not conflicts:
            self.merge_notice.hide()
            return
        codes = ", ".join(c["code"] for c in conflicts[:6]) + (", …" if len(conflicts) > 6 else "")
        self.merge_notice.setText(self.tr(
            "⚠ Gộp dữ liệu của các tài khoản máy tính: {0} hồ sơ trùng mã với hồ sơ khác nên chưa gộp ({1}). Dữ liệu "
            "gốc được giữ trong {2}. Cán bộ phụ trách báo bộ phận CNTT để xử lý; không cấp lại mã.").format(
                len(conflicts), codes, conflicts[0].get("source", "—")))  # fmt: skip
        self.merge_notice.show()

    @property
    def busy(self) -> bool:
        return self._busy

    def on_counts_loaded(self, result: tuple[dict, list[dict], Any]) -> None:
        counts, rows, until = result
        for key, tile in self.tiles.items():
            tile.set_value(counts[key])
        self.tiles["due_soon"].set_hint(self.tr("hẹn trả trước {0}").format(formatting.short(until)))
        self.total_label.setText(self.tr("Tổng số hồ sơ trên máy: {0}").format(thousands(counts["total"])))
        pending = counts.get("pending_catalogs", 0)
        self.catalog_notice.setVisible(bool(pending))
        self.catalog_notice.setText(
            self.tr(
                "⚠ Có {0} danh mục thủ tục mới chờ cán bộ phụ trách duyệt — xem thay đổi và duyệt (Ctrl+Shift+D)"
            ).format(pending)
        )
        self.today.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = (formatting.short(row["received_at"])[-5:], row["code"], row["name"],
                      row["procedure_name"] or row["procedure_code"], formatting.short(row["due_at"]))  # fmt: skip
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c == 3:
                    item.setToolTip(f"{text}\n{core_label(STATUS_LABELS.get(row['status']))}")
                self.today.setItem(r, c, item)
        self.today.resizeRowsToContents()
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
