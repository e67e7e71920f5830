"""Sync with the province in the GUI (issue #6): sync.client.SyncRunner on a thread of its own (never the GUI
thread; exponential back-off with jitter is the runner's), a round right after each intake when online, the
status bar's indicator (online/offline, events waiting, last successful sync, a warning when the PC clock is off),
and a window listing the events the server refused, with why, and the conflicts a person must look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desk import syncstate
from ui import formatting, screen
from ui.qt import (
    QAbstractItemView,
    QCoreApplication,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QObject,
    QPushButton,
    QShortcut,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QThread,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.timeline import kind_label
from ui.workers import Op

# The round function and the runner's schedule; tests put a fake round and short delays here.
SYNC_ROUND: Any = None  # None: sync.client.sync_round
RUNNER_OPTIONS: dict[str, Any] = {}

GREEN, RED, GREY, ORANGE = "#1b6e20", "#b00020", "#666666", "#a55f00"
_running: list[QThread] = []  # threads still finishing a round at shut-down (kept alive until the process ends)


class _SyncThread(QThread):
    """Runs the runner's loop (which blocks on network and waits) off the GUI thread."""

    def __init__(self, runner: Any):
        super().__init__()
        self.runner = runner
        self.setObjectName("desk-sync")

    def run(self) -> None:
        self.runner.run()


class SyncService(QObject):
    """Owns the background runner; its state reaches the GUI thread through ``state_changed``."""

    state_changed = Signal(object)  # sync.client.RunnerState
    _from_worker = Signal(object)

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.runner: Any = None
        self.thread: _SyncThread | None = None
        self.state: Any = None
        self.calls = 0
        self.stopped = False  # for good: a start asked for later (MainWindow.sync_soon) does nothing then
        self._from_worker.connect(self.on_state_from_worker)  # queued: emitted in the sync thread

    @property
    def started(self) -> bool:
        return self.runner is not None

    def start(self) -> None:
        """Start the background rounds (once the desk exists: after sign-in); never again once stopped."""
        if self.runner is not None or self.stopped:
            return
        from sync.client import SyncRunner, sync_round

        self.runner = SyncRunner(self.data_dir, on_change=self._from_worker.emit, sync=SYNC_ROUND or sync_round,
                                 **RUNNER_OPTIONS)  # fmt: skip
        self.thread = _SyncThread(self.runner)
        self.thread.start()

    def on_state_from_worker(self, state: Any) -> None:
        self.state = state
        self.state_changed.emit(state)

    def poke(self) -> None:
        """After an intake or a step: a round now when the last one reached the server (the runner decides)."""
        if self.runner is not None:
            self.runner.poke()

    def refresh(self) -> None:
        """Recount what waits, is refused or in conflict (in the sync thread), without a round."""
        if self.runner is not None:
            self.runner.refresh()

    def stop(self, wait_ms: int = 5000) -> None:
        self.stopped = True
        if self.runner is None or self.thread is None:
            return
        self.runner.stop(timeout=0)
        if not self.thread.wait(wait_ms):  # a request still in flight: let it end on its own, never kill it
            _running.append(self.thread)
        self.runner = None


def describe(state: Any) -> tuple[str, str, str]:
    """(the status bar's text, its colour, a tooltip) for a runner state."""
    if state is None:
        return QCoreApplication.translate("sync", "● Đồng bộ: chưa chạy"), GREY, ""
    st = state.status or {}
    tip = "\n".join(x for x in (st.get("server_url"), state.last_error, notice_text(state)) if x)
    parts = []
    if state.running:
        head, colour = QCoreApplication.translate("sync", "⟳ Đang đồng bộ…"), GREEN
    elif not state.enrolled:
        head, colour = QCoreApplication.translate("sync", "● Chưa đăng ký máy chủ tỉnh"), GREY
    elif state.online is True and not state.last_error:
        head, colour = QCoreApplication.translate("sync", "● Trực tuyến"), GREEN
    elif state.online is True:
        head, colour = QCoreApplication.translate("sync", "● Máy chủ từ chối"), RED
    elif state.online is False:
        head, colour = QCoreApplication.translate("sync", "● Ngoại tuyến"), RED
        if state.next_attempt_in is not None:
            parts.append(QCoreApplication.translate("sync", "thử lại sau {0}").format(_seconds(state.next_attempt_in)))
    else:
        head, colour = QCoreApplication.translate("sync", "● Đồng bộ: chưa chạy"), GREY
    if st.get("pending") is not None:
        parts.append(QCoreApplication.translate("sync", "chờ gửi: {0}").format(st["pending"]))
    last = st.get("last_sync")
    parts.append(
        QCoreApplication.translate("sync", "lần cuối: {0}").format(formatting.short(last))
        if last
        else QCoreApplication.translate("sync", "chưa đồng bộ lần nào")
    )
    return " · ".join([head, *parts]), colour, tip


def _seconds(s: float) -> str:
    if s < 60:
        return QCoreApplication.translate("sync", "{0} giây").format(max(1, round(s)))
    return QCoreApplication.translate("sync", "{0} phút").format(round(s / 60))


def clock_text(state: Any) -> str:
    """The warning when the PC clock is off from the server's (the core's wording), else empty."""
    st = (state.status or {}) if state is not None else {}
    if not st.get("clock_warning"):
        return ""
    from sync.client import clock_message

    return "⚠ " + (clock_message(st.get("clock_offset_s")) or "")


def clock_short(state: Any) -> str:
    """The status bar's short form of the clock warning (the whole sentence is its tooltip)."""
    st = (state.status or {}) if state is not None else {}
    offset = st.get("clock_offset_s")
    if not st.get("clock_warning") or offset is None:
        return ""
    minutes = round(abs(offset) / 60)
    if offset > 0:
        return QCoreApplication.translate("sync", "⚠ Giờ máy nhanh {0} phút").format(minutes)
    return QCoreApplication.translate("sync", "⚠ Giờ máy chậm {0} phút").format(minutes)


def problems_text(state: Any) -> str:
    st = (state.status or {}) if state is not None else {}
    refused, conflicts = st.get("refused") or 0, st.get("conflicts") or 0
    if not refused and not conflicts:
        return ""
    return QCoreApplication.translate("sync", "⚠ {0} bị từ chối · {1} xung đột").format(refused, conflicts)


def notice_text(state: Any) -> str:
    """What the last rounds found that a clerk should know (the core's wording): a restored server, bundles waiting
    for a trusted publisher key. Empty when there is nothing."""
    st = (state.status or {}) if state is not None else {}
    parts = []
    notice = st.get("notice")
    if notice and notice.get("message"):
        parts.append("ⓘ " + notice["message"])
    if st.get("waiting_bundles"):  # worded by the core, like the notice
        from sync.client.round import UNTRUSTED

        parts.append(f"ⓘ {st['waiting_bundles']} × {UNTRUSTED}")
    return " ".join(parts)


class SyncIndicator(QWidget):
    """The status bar's part: state, clock warning, and a button to the refused events and conflicts."""

    problems_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.label = QLabel()
        self.label.setObjectName("statusSync")
        self.clock = QLabel()
        self.clock.setObjectName("clockWarning")
        self.clock.setStyleSheet(f"color: {ORANGE}; font-weight: bold;")
        self.clock.hide()
        self.problems = QPushButton()
        self.problems.setObjectName("syncProblems")
        self.problems.setFlat(True)
        self.problems.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.problems.clicked.connect(self.problems_requested)
        self.problems.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.clock)
        row.addWidget(self.problems)
        row.addWidget(self.label)
        self.show_state(None)

    def show_state(self, state: Any) -> None:
        text, colour, tip = describe(state)
        self.label.setText(text)
        self.label.setStyleSheet(f"color: {colour};")
        self.label.setToolTip(tip)
        clock = clock_text(state)
        self.clock.setText(clock_short(state))
        self.clock.setToolTip(clock)
        self.clock.setVisible(bool(clock))
        problems = problems_text(state)
        self.problems.setText(problems + QCoreApplication.translate("sync", " (Shift+F9)") if problems else "")
        self.problems.setVisible(bool(problems))

    def show_starting(self) -> None:
        """Signed in, sync about to start (MainWindow.sync_soon): said as the Home screen says it."""
        self.label.setText(QCoreApplication.translate("sync", "● Đồng bộ: đang khởi động…"))
        self.label.setStyleSheet(f"color: {GREY};")
        self.label.setToolTip("")


def home_text(state: Any) -> str:
    """The home screen's sentence about sync."""
    st = (state.status or {}) if state is not None else {}
    pending = st.get("pending")
    last = (
        formatting.short(st["last_sync"]) if st.get("last_sync") else QCoreApplication.translate("sync", "chưa lần nào")
    )
    if state is None:
        text = QCoreApplication.translate("sync", "Đồng bộ với tỉnh: đang khởi động.")
    elif not state.enrolled:
        text = QCoreApplication.translate("sync", "Đồng bộ với tỉnh: CHƯA ĐĂNG KÝ — bàn này chưa được đăng ký với máy chủ tỉnh (xin mã đăng ký "
                          "của quản trị viên tỉnh). Mọi việc vẫn làm được trên máy này.")  # fmt: skip
    elif state.online is False:
        text = QCoreApplication.translate("sync", "Đồng bộ với tỉnh: NGOẠI TUYẾN — {0} sự kiện chờ gửi; lần cuối: {1}. Mọi việc vẫn làm được "
                          "trên máy này; dữ liệu tự gửi khi có mạng.").format(pending, last)  # fmt: skip
    else:
        text = QCoreApplication.translate(
            "sync", "Đồng bộ với tỉnh: TRỰC TUYẾN — {0} sự kiện chờ gửi; lần cuối: {1}."
        ).format(pending, last)
    extra = [x for x in (problems_text(state), clock_text(state), notice_text(state)) if x]
    return " ".join([text, *extra])


class SyncProblemsDialog(QDialog):
    """Events the server refused (and why) and conflicts kept for a person: nothing is overwritten silently."""

    loaded = Signal()
    dossier_activated = Signal(str)
    sync_requested = Signal()

    def __init__(self, session: Any, service: SyncService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("syncProblems")
        self.session = session
        self.service = service
        self.setWindowTitle(self.tr("Đồng bộ: sự kiện bị từ chối và xung đột"))
        heading = QLabel(self.tr("Tình trạng đồng bộ với máy chủ tỉnh"))
        heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.summary = QLabel()
        self.summary.setObjectName("syncSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refused = self._table(
            [self.tr("Hồ sơ"), self.tr("Việc"), self.tr("Ghi lúc"), self.tr("Lý do máy chủ từ chối")]
        )
        self.refused.setObjectName("refusedTable")
        self.conflicts = self._table([self.tr("Hồ sơ"), self.tr("Việc"), self.tr("Người làm"), self.tr("Ghi lúc"),
                                      self.tr("Vì sao không áp dụng")])  # fmt: skip
        self.conflicts.setObjectName("conflictsTable")
        self.resend_button = QPushButton(self.tr("&Gửi lại sự kiện đã chọn (đã sửa nguyên nhân)"))
        self.resend_button.setObjectName("resendButton")
        self.resend_button.clicked.connect(self.on_resend_clicked)
        refused_box = QGroupBox(self.tr("Sự kiện của bàn này bị máy chủ từ chối"))
        refused_layout = QVBoxLayout(refused_box)
        refused_layout.addWidget(self.refused)
        refused_layout.addWidget(self.resend_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.note = QLineEdit()
        self.note.setObjectName("conflictNote")
        self.note.setPlaceholderText(self.tr("ví dụ: đã gọi Sở Tư pháp, kết quả đã trả tại xã; giữ trạng thái của bàn"))
        note_label = QLabel(self.tr("Đã xử &lý thế nào:"))
        note_label.setBuddy(self.note)
        self.resolve_button = QPushButton(self.tr("Đã xem, đóng &xung đột"))
        self.resolve_button.setObjectName("resolveButton")
        self.resolve_button.clicked.connect(self.on_resolve_clicked)
        self.note.returnPressed.connect(self.on_resolve_clicked)
        resolve_row = QHBoxLayout()
        resolve_row.addWidget(note_label)
        resolve_row.addWidget(self.note, 1)
        resolve_row.addWidget(self.resolve_button)
        conflicts_box = QGroupBox(self.tr("Xung đột: sự kiện từ nơi khác không áp dụng được (cần cán bộ xem)"))
        conflicts_layout = QVBoxLayout(conflicts_box)
        conflicts_layout.addWidget(self.conflicts)
        conflicts_layout.addLayout(resolve_row)
        self.message = QLabel()
        self.message.setObjectName("syncMessage")
        self.message.setWordWrap(True)
        hint = QLabel(self.tr("Enter trên một dòng mở hồ sơ đó. Không có gì bị ghi đè: cán bộ xem và xử lý tiếp "
                              "trên hồ sơ."))  # fmt: skip
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.sync_button = QPushButton(self.tr("Đồng bộ &ngay (F9)"))
        self.sync_button.setObjectName("syncNow")
        self.sync_button.clicked.connect(self.on_sync_clicked)
        close = QPushButton(self.tr("Đó&ng (Esc)"))
        close.clicked.connect(self.reject)
        QShortcut(QKeySequence("F9"), self, activated=self.on_sync_clicked)
        for b in (self.resend_button, self.resolve_button, self.sync_button, close):
            b.setAutoDefault(False)  # Enter in the note closes the conflict, nothing else
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        layout.addWidget(refused_box, 1)
        layout.addWidget(conflicts_box, 1)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        screen.fit(self, 980, 620)
        service.state_changed.connect(self.on_state_changed)
        self.on_state_changed(service.state)

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
        t.activated.connect(lambda index, table=t: self.on_row_activated(table, index))
        t.doubleClicked.connect(lambda index, table=t: self.on_row_activated(table, index))
        return t

    def on_state_changed(self, state: Any) -> None:
        text, _colour, tip = describe(state)
        lines = [text]
        if state is not None and state.last_error:
            lines.append(self.tr("Lần thử gần nhất: {0}").format(state.last_error))
        clock = clock_text(state)
        if clock:
            lines.append(clock)
        notice = notice_text(state)
        if notice:
            lines.append(notice)
        self.summary.setText("\n".join(lines))
        self.summary.setToolTip(tip)
        self.load()

    def load(self) -> Op:
        def work(ctx: Any) -> tuple[list[dict], list[dict]]:
            return syncstate.refused_events(ctx.conn), syncstate.conflicts(ctx.conn)

        return Op(self.session.reader, work, self).success(self.on_loaded).run()

    def on_loaded(self, result: tuple[list[dict], list[dict]]) -> None:
        refused, conflicts = result
        self.refused_ids = [r["id"] for r in refused]
        self.conflict_ids = [c["event_id"] for c in conflicts]
        self.resend_button.setEnabled(bool(refused))
        self.resolve_button.setEnabled(bool(conflicts))
        self.note.setEnabled(bool(conflicts))
        self._fill(self.refused, [(r["code"] or "—", kind_label(r["kind"]), formatting.short(r["device_time"]),
                                   r["reason"]) for r in refused])  # fmt: skip
        self._fill(self.conflicts, [(c["code"] or "—", kind_label(c["kind"]), c["actor"],
                                     formatting.short(c["device_time"]), c["reason"] or "")
                                    for c in conflicts])  # fmt: skip
        self.loaded.emit()

    def _fill(self, table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                item = QTableWidgetItem(str(text))
                if c == len(values) - 1:
                    item.setToolTip(str(text))
                table.setItem(r, c, item)
        table.resizeRowsToContents()

    def on_row_activated(self, table: QTableWidget, index: Any) -> None:
        item = table.item(index.row(), 0)
        if item is not None and item.text() != "—":
            self.dossier_activated.emit(item.text())

    def on_sync_clicked(self) -> None:
        self.service.poke()
        self.sync_requested.emit()

    # -- what a clerk does about them (desk.syncstate, in the db worker) -------------------------

    def _chosen(self, table: QTableWidget, ids: list[str]) -> str | None:
        row = table.currentRow()
        if row < 0 and len(ids) == 1:
            row = 0
        return ids[row] if 0 <= row < len(ids) else None

    def on_resend_clicked(self) -> None:
        event_id = self._chosen(self.refused, getattr(self, "refused_ids", []))
        if event_id is None:
            self.show_message(self.tr("Chọn một sự kiện trong bảng trên."), False)
            return
        actor = self.session.actor
        op = Op(self.session.db, lambda ctx: syncstate.resend(ctx.desk.store, event_id, actor=actor), self)
        op.success(lambda _r: self.on_changed(self.tr("Sự kiện sẽ được gửi lại ở lần đồng bộ tới."))).failure(
            self.on_refused
        ).run()

    def on_resolve_clicked(self) -> None:
        event_id = self._chosen(self.conflicts, getattr(self, "conflict_ids", []))
        if event_id is None:
            self.show_message(self.tr("Chọn một xung đột trong bảng trên."), False)
            return
        actor, note = self.session.actor, self.note.text()
        op = Op(self.session.db, lambda ctx: syncstate.resolve_conflict(ctx.desk.store, event_id, actor=actor,
                                                                          note=note), self)  # fmt: skip
        op.success(lambda _r: self.on_changed(self.tr("Đã ghi cách xử lý vào nhật ký của hồ sơ."))).failure(
            self.on_refused
        ).run()

    def on_changed(self, text: str) -> None:
        self.note.clear()
        self.show_message(text, True)
        self.service.refresh()
        self.service.poke()
        self.load()

    def on_refused(self, exc: BaseException) -> None:
        from desk.errors import InvalidInput

        if isinstance(exc, InvalidInput):
            self.show_message(exc.message, False)
            if exc.field == "note":
                self.note.setFocus()
            return
        from ui.errors import show_error

        show_error(exc, self)

    def show_message(self, text: str, ok: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {GREEN if ok else RED};")
