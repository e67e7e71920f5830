"""Hệ thống › Sao lưu / Khôi phục (a lead's): the last backup and its folder, a backup now, the folder of the daily
automatic backups, and a restore from one of the backups (desk/autobackup.py, desk/restore.py).

A restore replaces the store the window has open: the window closes every connection first, and closes itself
afterwards (the next start opens the restored store and asks who signs in).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui import formatting, screen
from ui.qt import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session
from ui.workers import Op


class BackupDialog(QDialog):
    loaded = Signal()
    backed_up = Signal(str)
    restored = Signal(dict)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.session = session
        self.setWindowTitle(self.tr("Sao lưu / Khôi phục dữ liệu"))
        self.files: list[Path] = []
        self.status_label = QLabel()
        self.status_label.setObjectName("backupStatus")
        self.status_label.setWordWrap(True)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("backupFolder")
        self.folder_label.setWordWrap(True)
        self.now_button = QPushButton(self.tr("&Sao lưu ngay"))
        self.now_button.setObjectName("backupNow")
        self.now_button.clicked.connect(self.backup_now)
        self.folder_button = QPushButton(self.tr("&Chọn thư mục sao lưu tự động…"))
        self.folder_button.setObjectName("backupFolderButton")
        self.folder_button.clicked.connect(self.choose_folder)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels([self.tr("Lúc sao lưu"), self.tr("Loại"), self.tr("Tệp")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.restore_button = QPushButton(self.tr("&Khôi phục từ bản đã chọn…"))
        self.restore_button.setObjectName("restoreSelected")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton(self.tr("Khôi phục từ &tệp khác…"))
        self.restore_file_button.clicked.connect(self.restore_other)
        hint = QLabel(self.tr(
            "Bản sao lưu được mã hóa như dữ liệu, chỉ mở được trên máy này (tài khoản này) hoặc bằng khóa khôi phục "
            "của tỉnh. Khôi phục: dữ liệu hiện tại được sao lưu trước; số thứ tự hồ sơ các ngày từ lúc sao lưu nhảy "
            "lên từ 501 để không cấp trùng mã, cho đến khi đồng bộ với máy chủ tỉnh. Máy mới: «desk restore --server»."
        ))  # fmt: skip
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        top = QHBoxLayout()
        top.addWidget(self.now_button)
        top.addWidget(self.folder_button)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.restore_button)
        bottom.addWidget(self.restore_file_button)
        bottom.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.folder_label)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        screen.fit(self, 980, 600)
        self.load()

    # -- reading -------------------------------------------------------------------------------------

    def load(self) -> None:
        def work(ctx: Any) -> tuple[dict, list[Path]]:
            from desk import autobackup, paths

            st = autobackup.status(ctx.desk)
            found: set[Path] = set()
            for d in {Path(st["folder"]), paths.backups_dir(ctx.data_dir)}:
                if d.is_dir():
                    found |= set(d.glob("*.desk-backup"))
            return st, sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)

        Op(self.session.db, work, self).success(self.on_loaded).failure(self.on_failed).run()

    def on_loaded(self, result: tuple[dict, list[Path]]) -> None:
        st, self.files = result
        when = formatting.short(st["at"]) if st["at"] else self.tr("chưa có")
        colour = "#b00020" if st["stale"] else "#1b6e20"
        self.status_label.setText(f"<b style='color:{colour}'>" + self.tr("Sao lưu gần nhất: {0}").format(when)
                                  + "</b>" + (f" — {st['file']}" if st["file"] else ""))  # fmt: skip
        self.folder_label.setText(self.tr("Sao lưu tự động mỗi ngày vào: {0}").format(st["folder"]))
        self.table.setRowCount(len(self.files))
        for row, f in enumerate(self.files):
            name = f.name
            kind = (self.tr("tự động") if name.startswith("desk-auto-") else
                    self.tr("trước khi khôi phục") if "before-restore" in name else
                    self.tr("trước khi nâng cấp") if "-schema" in name else self.tr("thủ công"))  # fmt: skip
            import datetime as dt

            from desk import timeutil

            at = dt.datetime.fromtimestamp(f.stat().st_mtime, timeutil.VN_TZ)
            for col, text in enumerate((formatting.short(at), kind, str(f))):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if self.files:
            self.table.selectRow(0)
        self.restore_button.setEnabled(bool(self.files))
        self.loaded.emit()

    def on_failed(self, exc: BaseException) -> None:
        from ui.errors import show_error

        for b in (self.now_button, self.folder_button, self.restore_button, self.restore_file_button):
            b.setEnabled(True)
        show_error(exc, self)

    # -- backing up ----------------------------------------------------------------------------------

    def backup_now(self) -> None:
        self.now_button.setEnabled(False)

        def work(ctx: Any) -> str:
            from desk import autobackup, paths, timeutil
            from desk.store import BACKUP_SUFFIX

            dest = autobackup.folder(ctx.desk) / f"desk-{timeutil.now():%Y%m%d-%H%M%S}{BACKUP_SUFFIX}"
            paths.make_dir(dest.parent)
            return str(ctx.desk.backup(dest))

        def done(path: str) -> None:
            self.now_button.setEnabled(True)
            self.backed_up.emit(path)
            self.load()

        Op(self.session.reports, work, self).success(done).failure(self.on_failed).run()

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Thư mục sao lưu tự động"))
        if path:
            self.set_folder(path)

    def set_folder(self, path: str | None) -> Op:
        def work(ctx: Any) -> str:
            from desk import autobackup

            return str(autobackup.set_folder(ctx.desk, path))

        return Op(self.session.db, work, self).success(lambda _p: self.load()).failure(self.on_failed).run()

    # -- restoring -----------------------------------------------------------------------------------

    def restore_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.files):
            self.confirm_restore(self.files[row])

    def restore_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn bản sao lưu"), "",
                                              self.tr("Bản sao lưu (*.desk-backup)"))  # fmt: skip
        if path:
            self.confirm_restore(Path(path))

    def confirm_restore(self, file: Path) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Khôi phục dữ liệu"), self.tr(
            "Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu {0}?\n\nDữ liệu hiện tại được sao lưu trước. Những hồ sơ "
            "tiếp nhận sau lúc sao lưu sẽ không còn trên máy (máy chủ tỉnh vẫn giữ nếu đã đồng bộ). Phần mềm sẽ đóng "
            "sau khi khôi phục; mở lại để làm việc tiếp.").format(file.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)  # fmt: skip
        box.setObjectName("confirmRestore")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Khôi phục"))
        box.accepted.connect(lambda: self.restore(file))
        box.open()
        self.confirm_box = box
        return box

    def restore(self, file: Path) -> None:
        """Close every connection the window holds, then restore in the db worker (its own desk closed first)."""
        for b in (self.now_button, self.folder_button, self.restore_button, self.restore_file_button):
            b.setEnabled(False)
        s = self.session

        def check(ctx: Any) -> None:
            from desk import roles

            roles.require(ctx.desk.store, "backup")

        def closed_all(_r: Any = None) -> None:
            s.sync.stop()
            for worker in (s.reader, s.search, s.reports):
                Op(worker, lambda ctx: ctx.close(), self).run()

            def work(ctx: Any) -> dict:
                from desk.restore import restore_file

                data_dir = ctx.data_dir
                ctx.close()
                return restore_file(file, data_dir, over=True)

            Op(s.db, work, self).success(self.restored.emit).failure(self.on_failed).run()

        Op(s.db, check, self).success(closed_all).failure(self.on_failed).run()
