"""Every dossier in one table that stays fluid at a million rows: counted, then read a page at a time on demand
(the reader worker), with search as you type and the filters a clerk needs. A scanner types a code and Enter: that
opens the dossier."""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

from desk import queries, timeutil
from desk.lifecycle import STATUS_LABELS
from desk.queries import ListFilter as GroupFilter
from desk.readmodel import due_soon_threshold as due_soon_until
from ui import formatting, screen
from ui.labels import label as core_label
from ui.qt import (
    QAbstractItemView,
    QAbstractTableModel,
    QBrush,
    QColor,
    QComboBox,
    QEvent,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QModelIndex,
    QObject,
    QShortcut,
    Qt,
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session
from ui.workers import Op

PAGE = 200
MAX_PAGES = 60  # pages kept in memory (12,000 rows); older ones are read again if the clerk scrolls back
SEARCH_LIMIT = 200
CODE_RE = re.compile(r"^.+-\d{6}-\d{4}$")
OVERDUE_BRUSH = QBrush(QColor("#fde2e1"))
LOADING = "…"

COLUMNS = ("code", "name", "procedure_name", "received_at", "due_at", "status")


class DossierListModel(QAbstractTableModel):
    """Rows come from ``desk.queries`` through the reader worker; only the pages on screen are in memory."""

    count_changed = Signal(int)
    page_loaded = Signal(int)
    search_finished = Signal(str, int)

    def __init__(self, session: Session, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.headers = [self.tr("Mã hồ sơ"), self.tr("Người nộp"), self.tr("Thủ tục"), self.tr("Ngày nhận"),
                        self.tr("Hẹn trả"), self.tr("Trạng thái")]  # fmt: skip
        self.filter = GroupFilter()
        self.active = self.filter  # the filter of the rows shown (with the due-soon window's end, when it has one)
        self.now = timeutil.now()
        self.rows = 0
        self.dense_top: int | None = None
        self.pages: OrderedDict[int, list[dict]] = OrderedDict()
        self.pending: dict[int, Op] = {}
        self.generation = 0
        self.search_text: str | None = None
        self.search_rows: list[dict] = []
        self._search_busy = False
        self._search_next: str | None = None

    # -- Qt model interface ------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return LOADING if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row[col]
            if col in ("received_at", "due_at"):
                return formatting.short(value)
            if col == "status":
                label = core_label(STATUS_LABELS.get(value, str(value)))
                return self.tr("QUÁ HẠN · {0}").format(label) if queries.is_overdue(row, self.now) else label
            if col == "procedure_name":
                return value or row["procedure_code"]
            return value
        if role == Qt.ItemDataRole.BackgroundRole and queries.is_overdue(row, self.now):
            return OVERDUE_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and col == "procedure_name":
            return f"{row['procedure_code']} — {row['procedure_name']}"
        if role == Qt.ItemDataRole.UserRole:
            return row["code"]
        return None

    # -- rows --------------------------------------------------------------------------------------

    def row_at(self, i: int) -> dict | None:
        if self.search_text is not None:
            return self.search_rows[i] if i < len(self.search_rows) else None
        p = i // PAGE
        page = self.pages.get(p)
        if page is None:
            self.request_page(p)
            return None
        self.pages.move_to_end(p)
        k = i - p * PAGE
        return page[k] if k < len(page) else None

    def code_at(self, i: int) -> str | None:
        row = self.row_at(i)
        return row["code"] if row else None

    # -- the filtered list -------------------------------------------------------------------------

    def set_filter(self, flt: GroupFilter) -> None:
        """Show the dossiers of a filter (leaves search mode): count first, then the pages as they are seen."""
        self.filter = flt
        self.search_text = None
        self.reload()

    def reload(self) -> None:
        """Count again and read the first page; the due-soon window's end comes from the core first (db worker)."""
        self.generation += 1
        gen, flt, now = self.generation, self.filter, timeutil.now()
        if not flt.needs_window:
            self._read(gen, flt, now)
            return

        def window_known(until: Any) -> None:
            if gen == self.generation:
                self._read(gen, flt.with_window(until), now)

        Op(self.session.db, lambda ctx: due_soon_until(ctx.desk, now), self).success(window_known).run()

    def _read(self, gen: int, flt: GroupFilter, now: Any) -> Op:
        def work(ctx: Any) -> tuple[int, int | None, list[dict]]:
            conn = ctx.conn
            if flt == GroupFilter():
                n, top = queries.extent(conn)
            else:
                n, top = queries.count(conn, flt, now), None
            first = queries.page(conn, flt, now, 0, PAGE, dense_top=top)
            return n, top, first

        def done(result: tuple[int, int | None, list[dict]]) -> None:
            if gen != self.generation:
                return
            n, top, first = result
            self.beginResetModel()
            self.now = now
            self.active = flt
            self.rows = n
            self.dense_top = top
            self.pages.clear()
            self.pending.clear()
            self.pages[0] = first
            self.endResetModel()
            self.count_changed.emit(n)
            self.page_loaded.emit(0)

        return Op(self.session.reader, work, self).success(done).run()

    def request_page(self, p: int) -> None:
        if p in self.pending or self.search_text is not None:
            return
        # Pages asked for while the scroll bar was dragged past them are dropped before they are read.
        for k in [k for k in self.pending if abs(k - p) > 2]:
            self.pending.pop(k).cancel()
        gen, flt, now, top = self.generation, self.active, self.now, self.dense_top
        anchor = None
        below = [k for k in self.pages if k < p and self.pages[k]]
        if below:
            k = max(below)
            anchor = (k * PAGE, self.pages[k][0]["id"])

        def work(ctx: Any) -> list[dict]:
            return queries.page(ctx.conn, flt, now, p * PAGE, PAGE, anchor=anchor, dense_top=top)

        def done(rows: list[dict]) -> None:
            self.pending.pop(p, None)
            if gen != self.generation:
                return
            self.pages[p] = rows
            while len(self.pages) > MAX_PAGES:
                self.pages.popitem(last=False)
            first, last = p * PAGE, min(self.rows, (p + 1) * PAGE) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
            self.page_loaded.emit(p)

        self.pending[p] = Op(self.session.reader, work, self).success(done).run()

    # -- search as you type ------------------------------------------------------------------------

    def search(self, text: str) -> None:
        """Results for ``text``; while a search runs, only the latest text typed meanwhile runs next."""
        if not text.strip():
            if self.search_text is not None:
                self.set_filter(self.filter)
            return
        if self._search_busy:
            self._search_next = text
            return
        self._search_busy = True
        self.generation += 1
        gen = self.generation

        def work(ctx: Any) -> list[dict]:
            return queries.search(ctx.conn, text, SEARCH_LIMIT)

        def done(rows: list[dict]) -> None:
            self._search_busy = False
            nxt, self._search_next = self._search_next, None
            if gen == self.generation:
                self.beginResetModel()
                self.now = timeutil.now()
                self.search_text = text
                self.search_rows = rows
                self.rows = len(rows)
                self.endResetModel()
                self.count_changed.emit(len(rows))
            if nxt is not None:
                self.search(nxt)
            elif gen == self.generation:
                self.search_finished.emit(text, len(rows))

        def failed(exc: BaseException) -> None:
            self._search_busy = False
            self._search_next = None
            from ui.errors import show_error

            show_error(exc)

        Op(self.session.search, work, self).success(done).failure(failed).run()

    @property
    def searching(self) -> bool:
        return self._search_busy or self._search_next is not None


AUDIT_PAUSE_MS = 1500  # a search is logged after the clerk stops typing this long


class DossierListWidget(QWidget):
    """Search box, filters and the table. Enter on a row (or a scanned code) opens the dossier."""

    dossier_activated = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dossierList")
        self.session = session
        self.model = DossierListModel(session, self)
        self._open_when_ready: str | None = None

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            self.tr("Tìm (Ctrl+F): mã hồ sơ, số cuối của mã, số giấy tờ, số điện thoại hoặc tên (không cần dấu)")
        )
        self.search_edit.textChanged.connect(self.on_search_text_changed)
        self.search_edit.returnPressed.connect(self.on_search_return_pressed)
        self.search_edit.installEventFilter(self)

        self.when_box = QComboBox()
        self.when_box.setObjectName("whenBox")
        for label, key in (
            (self.tr("Tất cả hồ sơ"), "all"),
            (self.tr("Nhận hôm nay"), "today"),
            (self.tr("Sắp đến hạn"), "due_soon"),
            (self.tr("Quá hạn"), "overdue"),
            (self.tr("Chờ bổ sung"), "waiting"),
            (self.tr("Chờ trả kết quả"), "ready"),
        ):
            self.when_box.addItem(label, key)
        self.status_box = QComboBox()
        self.status_box.setObjectName("statusBox")
        self.status_box.addItem(self.tr("Mọi trạng thái"), None)
        for code, text in STATUS_LABELS.items():
            self.status_box.addItem(core_label(text), code)
        self.procedure_box = QComboBox()
        self.procedure_box.setObjectName("procedureBox")
        self.procedure_box.addItem(self.tr("Mọi thủ tục"), None)
        self.procedure_box.setMaximumWidth(420)
        for box in (self.when_box, self.status_box, self.procedure_box):
            box.currentIndexChanged.connect(self.on_filter_changed)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.model.count_changed.connect(self.on_count_changed)
        self.model.search_finished.connect(self.on_search_finished)

        self.table = QTableView()
        self.table.setObjectName("dossierTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        # Fixed row heights and column widths: the view never measures a million rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        em = self.fontMetrics().horizontalAdvance("0")
        for col, chars in enumerate((27, 24, 44, 17, 17)):
            self.table.setColumnWidth(col, em * chars)
        self.table.activated.connect(self.on_row_activated)
        self.table.doubleClicked.connect(self.on_row_activated)

        top = QHBoxLayout()
        search_label = QLabel(self.tr("&Tìm:"))
        search_label.setBuddy(self.search_edit)
        top.addWidget(search_label)
        top.addWidget(self.search_edit, 1)
        filters = QHBoxLayout()
        when_label = QLabel(self.tr("&Lọc:"))
        when_label.setBuddy(self.when_box)
        filters.addWidget(when_label)
        filters.addWidget(self.when_box)
        filters.addWidget(self.status_box)
        filters.addWidget(self.procedure_box, 1)
        filters.addStretch(0)
        filters.addWidget(self.count_label)
        layout = QVBoxLayout(screen.scrolled(self, min_height=360))
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_search).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        # A search that names a person goes to the access log once the clerk pauses (not at each key typed), or
        # when a result is opened.
        self.audit_timer = QTimer(self)
        self.audit_timer.setSingleShot(True)
        self.audit_timer.setInterval(AUDIT_PAUSE_MS)
        self.audit_timer.timeout.connect(self.log_search)
        self._unlogged: tuple[str, int] | None = None
        self.dossier_activated.connect(lambda _code: self.log_search())
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(60_000)  # overdue marks follow the clock
        self.refresh_timer.timeout.connect(self.on_refresh_timer_timeout)
        self.refresh_timer.start()

    def start(self) -> None:
        """First load (after sign-in): the list, and the procedures for the filter."""
        self.model.set_filter(self.current_filter())
        Op(self.session.reader, lambda ctx: queries.procedures_in_use(ctx.conn), self).success(
            self.on_procedures_loaded
        ).run()

    def on_procedures_loaded(self, procs: list[tuple[str, str]]) -> None:
        self.procedure_box.blockSignals(True)
        for code, name in procs:
            self.procedure_box.addItem(f"{code} — {name}", code)
            self.procedure_box.setItemData(self.procedure_box.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        self.procedure_box.blockSignals(False)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def current_filter(self) -> GroupFilter:
        return GroupFilter(
            when=self.when_box.currentData(), status=self.status_box.currentData(),
            procedure=self.procedure_box.currentData(),
        )  # fmt: skip

    def show_filter(self, when: str) -> None:
        """Switch to one of the time filters (from the home screen), leaving search."""
        self.search_edit.clear()
        self.when_box.setCurrentIndex(max(0, self.when_box.findData(when)))
        self.model.set_filter(self.current_filter())

    def on_filter_changed(self, _i: int) -> None:
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.model.set_filter(self.current_filter())

    def on_refresh_timer_timeout(self) -> None:
        if self.model.search_text is None and self.isVisible():
            self.model.reload()

    def refresh(self) -> None:
        if self.model.search_text is not None:
            self.model.search(self.model.search_text)
        else:
            self.model.reload()

    def on_count_changed(self, n: int) -> None:
        if self.model.search_text is not None:
            text = self.tr("{0} kết quả").format(n) if n < SEARCH_LIMIT else self.tr("{0}+ kết quả").format(n)
        else:
            text = self.tr("{0} hồ sơ").format(f"{n:,}".replace(",", "."))
        self.count_label.setText(text)

    def on_search_finished(self, text: str, n: int) -> None:
        from desk.search import names_a_person

        if names_a_person(text):
            self._unlogged = (text, n)
            self.audit_timer.start()
        if self._open_when_ready is not None and text == self.search_edit.text():
            self.open_scanned()

    def log_search(self) -> Op | None:
        """Write the last search that named a person to the access log (db worker)."""
        self.audit_timer.stop()
        pending, self._unlogged = self._unlogged, None
        if pending is None:
            return None
        text, n = pending
        return Op(self.session.db, lambda ctx: ctx.desk.note_search(text, n), self).run()

    def on_search_text_changed(self, text: str) -> None:
        self._open_when_ready = None
        self.model.search(text)

    def on_search_return_pressed(self) -> None:
        text = self.search_edit.text().strip()
        if not text:
            return
        self._open_when_ready = text
        if not self.model.searching and self.model.search_text == self.search_edit.text():
            self.open_scanned()

    def open_scanned(self) -> None:
        """Open the dossier a scanned (or typed) code names; with several results, move into the table."""
        text, self._open_when_ready = self._open_when_ready, None
        rows = self.model.search_rows if self.model.search_text is not None else []
        if text is None or not rows:
            return
        exact = [r for r in rows if r["code"].upper() == text.upper()]
        if exact or len(rows) == 1:
            self.dossier_activated.emit((exact or rows)[0]["code"])
            self.search_edit.selectAll()
        else:
            self.table.setFocus()
            self.table.selectRow(0)

    def on_row_activated(self, index: QModelIndex) -> None:
        code = self.model.code_at(index.row())
        if code:
            self.dossier_activated.emit(code)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_edit and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            self.table.setFocus()
            if not self.table.currentIndex().isValid() and self.model.rows:
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)
