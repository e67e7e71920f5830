"""The clerk's window: sign-in, then home / intake / dossier list / report in tabs, the lock screen, printing,
the catalogs waiting for approval."""

from __future__ import annotations

from typing import Any

from desk.printdata import Printable
from ui import formatting, screen
from ui import printer as prn
from ui.catalogs import PendingCatalogsDialog
from ui.dossier_detail import DossierDetail
from ui.dossier_list import DossierListWidget
from ui.home import HomeWidget
from ui.intake import IntakeWidget
from ui.print_dialog import PrintPreview, remembered_target, send_to_printer
from ui.qt import (
    QAction,
    QDialog,
    QFileDialog,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    Qt,
    QTabWidget,
    QTimer,
    QWidget,
    Signal,
)
from ui.session import DeskInfo, Session, settings
from ui.signin import AddClerkDialog, SignInPage
from ui.sync_status import SyncIndicator, SyncProblemsDialog, home_text
from ui.workers import Op

TAB_HOME, TAB_INTAKE, TAB_LIST, TAB_REPORT = range(4)
SYNC_START_DELAY_MS = 1500  # after sign-in (see ``sync_soon``)


class MainWindow(QMainWindow):
    """Owns the Session (its workers stop when the window closes)."""

    ready = Signal()  # signed in, work area shown
    printed = Signal(str, dict)  # form, detail: a form left the PC
    detail_opened = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session = session
        self.setWindowTitle(self.tr("Một cửa — Tiếp nhận và trả kết quả"))
        self.wizard: Any = None
        self.detail: DossierDetail | None = None
        self.preview: PrintPreview | None = None
        self.password_dialog: Any = None
        self.supplements_dialog: Any = None
        self.catalogs: PendingCatalogsDialog | None = None
        self.access_log_dialog: Any = None
        self.backup_dialog: Any = None
        self.restored_box: Any = None
        self.opening_notice_ms = 1500  # the sign-in page says «Đang mở dữ liệu…» when opening takes longer
        self.not_yours_box: Any = None

        self.stack = QStackedWidget()
        self.sign_in = SignInPage(session)
        self.sign_in.signed_in.connect(self.on_clerk_signed_in)
        self.lock_page = SignInPage(session, lock=True)
        self.lock_page.signed_in.connect(self.on_screen_unlocked)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.home = HomeWidget(session)
        self.intake = IntakeWidget(session, self.print_at_intake)
        self.list = DossierListWidget(session)
        from ui.report_view import ReportWidget

        self.report = ReportWidget(session)
        self.tabs.addTab(self.home, self.tr("Trang chủ (F2)"))
        self.tabs.addTab(self.intake, self.tr("Tiếp nhận hồ sơ (F3)"))
        self.tabs.addTab(self.list, self.tr("Danh sách, tìm hồ sơ (F4)"))
        self.tabs.addTab(self.report, self.tr("Báo cáo (F6)"))
        self.tabs.currentChanged.connect(self.on_tab_changed)
        for w in (self.sign_in, self.tabs, self.lock_page):
            self.stack.addWidget(w)
        self.setCentralWidget(self.stack)

        self.home.filter_requested.connect(self.on_home_filter_requested)
        self.home.dossier_activated.connect(self.open_dossier)
        self.home.catalogs_requested.connect(self.show_pending_catalogs)
        self.home.printer_requested.connect(self.choose_printer)
        self.home.backup_requested.connect(self.show_backup)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(3_600_000)  # hourly: a desk left running past midnight backs up the next day
        self.backup_timer.timeout.connect(lambda: self.run_auto_backup())
        # Today's backup starts a little after sign-in, not with it: copying the whole store (seconds of both cores at
        # 100,000 dossiers) would take the CPU from the clerk's first list and search. At once only when the last
        # copy is missing or too old (``run_auto_backup(only_if_stale=True)`` at sign-in).
        self.backup_soon = self._later(20_000, lambda: self.run_auto_backup())
        # Sync starts a moment after sign-in too: loading its client (pydantic models, requests) holds the GUI thread
        # for 0.1–0.2 s, which the first list page and the Home tiles would otherwise wait for. An intake meanwhile
        # loses nothing: the first round sends whatever waits.
        self.sync_soon = self._later(SYNC_START_DELAY_MS, self.session.sync.start)
        self.intake.preview_requested.connect(lambda doc: self.print_with_preview(doc, self.intake.outcome))
        self.list.dossier_activated.connect(self.open_dossier)
        self.intake.dossier_received.connect(self.on_dossier_received)
        self.session.dossiers_changed.connect(self.on_dossiers_changed)
        self.printed.connect(self.on_form_printed)

        self.clerk_label = QLabel()
        self.clerk_label.setObjectName("clerkLabel")
        self.sync_indicator = SyncIndicator()
        self.sync_indicator.problems_requested.connect(self.show_sync_problems)
        self.sync_problems: SyncProblemsDialog | None = None
        self._sync_rounds = 0
        self.session.sync.state_changed.connect(self.on_sync_state_changed)
        self.printer_label = QLabel()
        self.printer_label.setObjectName("printerLabel")
        self.statusBar().addPermanentWidget(self.printer_label)
        self.statusBar().addPermanentWidget(self.clerk_label)
        self.statusBar().addPermanentWidget(self.sync_indicator)
        self._build_menus()
        self.set_work_enabled(False)
        geometry = settings().value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            screen.fit(self, 1280, 800)

    # -- menus and shortcuts -----------------------------------------------------------------------

    def _later(self, ms: int, slot: Any) -> QTimer:
        """A single-shot timer of the window (started when needed; tests shorten its interval)."""
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def _action(self, menu: Any, text: str, shortcut: str | None, slot: Any, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        system = bar.addMenu(self.tr("&Hệ thống"))
        self.lock_action = self._action(system, self.tr("&Khóa màn hình"), "Ctrl+L", self.lock, "lockAction")
        self.sync_now_action = self._action(system, self.tr("Đồng &bộ ngay"), "F9", self.sync_now,
                                            "syncNowAction")  # fmt: skip
        self.sync_problems_action = self._action(system, self.tr("Đồng bộ: &sự kiện bị từ chối, xung đột…"),
                                                 "Shift+F9", self.show_sync_problems, "syncProblemsAction")  # fmt: skip
        self.add_clerk_action = self._action(system, self.tr("&Thêm tài khoản cán bộ…"), None,
                                             self.on_add_clerk_triggered, "addClerkAction")  # fmt: skip
        self.reset_password_action = self._action(system, self.tr("Đặt &lại mật khẩu của cán bộ…"), None,
                                                  self.on_reset_password_triggered, "resetPasswordAction")  # fmt: skip
        self.change_password_action = self._action(system, self.tr("Đổi &mật khẩu của tôi…"), None,
                                                   self.on_change_password_triggered, "changePasswordAction")  # fmt: skip
        self.settings_action = self._action(system, self.tr("&Cài đặt in trên phiếu…"), None,
                                            self.show_settings, "settingsAction")  # fmt: skip
        self.access_log_action = self._action(system, self.tr("Nhật ký tr&uy cập dữ liệu cá nhân…"), None,
                                              self.show_access_log, "accessLogAction")  # fmt: skip
        self.backup_action = self._action(system, self.tr("Sao lưu / Khôi &phục…"), None, self.show_backup,
                                          "backupAction")  # fmt: skip
        self.sign_out_action = self._action(system, self.tr("Đăng &xuất"), "Ctrl+Shift+L", self.sign_out,
                                            "signOutAction")  # fmt: skip
        language = system.addMenu(self.tr("&Ngôn ngữ / Language"))
        self._action(language, "Tiếng Việt", None, lambda: self.set_language("vi"), "langVi")
        self._action(language, "English", None, lambda: self.set_language("en"), "langEn")
        system.addSeparator()
        self._action(system, self.tr("T&hoát"), "Ctrl+Q", self.close, "quitAction")
        work = bar.addMenu(self.tr("Hồ &sơ"))
        self.work_actions = [
            self._action(work, self.tr("&Trang chủ"), "F2", lambda: self.show_tab(TAB_HOME), "homeAction"),
            self._action(work, self.tr("Tiếp &nhận hồ sơ mới"), "F3", self.show_intake, "intakeAction"),
            self._action(work, self.tr("&Danh sách hồ sơ"), "F4", lambda: self.show_tab(TAB_LIST), "listAction"),
            self._action(work, self.tr("Tì&m hồ sơ"), "Ctrl+F", self.show_search, "searchAction"),
            self._action(work, self.tr("&Báo cáo"), "F6", lambda: self.show_tab(TAB_REPORT), "reportAction"),
            self._action(work, self.tr("Làm mới số liệu"), "F5", self.on_dossiers_changed, "refreshAction"),
            self._action(
                work,
                self.tr("Phiếu yêu cầu &bổ sung đã lập khi tiếp nhận…"),
                "Ctrl+Shift+B",
                self.show_intake_supplements,
                "intakeSupplementsAction",
            ),
        ]
        catalog = bar.addMenu(self.tr("Danh &mục"))
        self.pending_action = self._action(catalog, self.tr("Danh mục &chờ duyệt…"), "Ctrl+Shift+D",
                                           self.show_pending_catalogs, "pendingCatalogsAction")  # fmt: skip
        self.import_catalog_action = self._action(catalog, self.tr("&Nhập danh mục từ tệp…"), None,
                                                  self.on_import_catalog_triggered, "importCatalogAction")  # fmt: skip
        self.work_actions.append(self.pending_action)
        named = {a.objectName(): a for a in self.work_actions}
        self.intake_action = named["intakeAction"]
        self.intake_supplements_action = named["intakeSupplementsAction"]
        self.report_action = named["reportAction"]
        help_menu = bar.addMenu(self.tr("Trợ &giúp"))
        self._action(help_menu, self.tr("&Phím tắt"), "F1", self.show_shortcuts, "shortcutsAction")
        self._action(help_menu, self.tr("&Giới thiệu"), None, self.show_about, "aboutAction")

    def set_work_enabled(self, on: bool) -> None:
        for a in (*self.work_actions, self.lock_action, self.add_clerk_action, self.sign_out_action,
                  self.import_catalog_action, self.sync_now_action, self.sync_problems_action,
                  self.reset_password_action, self.change_password_action,
                  self.settings_action, self.access_log_action, self.backup_action):  # fmt: skip
            a.setEnabled(on)
        if on:
            self.set_lead_actions()

    def can(self, capability: str) -> bool:
        """Whether the signed-in clerk's role grants ``capability`` (desk/roles.py; the core checks again)."""
        from desk import roles

        return self.session.clerk is not None and roles.allows(self.session.clerk.role, capability)

    def set_lead_actions(self) -> None:
        """Offer only what the signed-in clerk's role allows: a lead manages accounts, catalogs, settings and reads
        the access log; a clerk works the counter; a viewer (the commune's leaders) reads dossiers and the report."""
        only = {
            self.add_clerk_action: ("accounts", self.tr("Chỉ cán bộ phụ trách.")),
            self.reset_password_action: ("accounts", self.tr("Chỉ cán bộ phụ trách.")),
            self.import_catalog_action: ("bundles", self.tr("Chỉ cán bộ phụ trách.")),
            self.settings_action: ("settings", self.tr("Chỉ cán bộ phụ trách.")),
            self.access_log_action: ("audit", self.tr("Chỉ cán bộ phụ trách.")),
            self.backup_action: ("backup", self.tr("Chỉ cán bộ phụ trách.")),
            self.intake_supplements_action: ("print", self.tr("Tài khoản chỉ xem: không in phiếu.")),
            self.sync_now_action: ("sync", self.tr("Tài khoản chỉ xem: không đồng bộ.")),
        }
        for action, (capability, why) in only.items():
            allowed = self.can(capability)
            action.setEnabled(allowed)
            action.setToolTip("" if allowed else why)
        # F3 and F6 stay live for everyone: on a screen the role does not use they say so (show_tab).
        self.tabs.setTabEnabled(TAB_INTAKE, self.can("counter"))
        self.tabs.setTabEnabled(TAB_REPORT, self.can("report"))

    def show_backup(self) -> Any:
        """Hệ thống › Sao lưu / Khôi phục (a lead's); others pressing the Home tile are told whom to ask."""
        if not self.can("backup"):
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Sao lưu"),
                              self.tr("Sao lưu tự động chạy mỗi ngày. Sao lưu ngay hoặc khôi phục: nhờ cán bộ phụ "
                                      "trách (Hệ thống › Sao lưu / Khôi phục)."), QMessageBox.StandardButton.Ok, self)  # fmt: skip
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.not_yours_box = box
            box.open()
            return box
        from ui.backup_dialog import BackupDialog

        dialog = BackupDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.backed_up.connect(lambda _p: self.home.refresh_backup())
        dialog.restored.connect(self.on_restored)
        self.backup_dialog = dialog
        dialog.open()
        return dialog

    def on_restored(self, done: dict) -> None:
        """The store was replaced under the window: say what happened, then close (the next start opens it)."""
        if self.backup_dialog is not None:
            self.backup_dialog.close()
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Đã khôi phục"), self.tr(
            "Đã khôi phục {0} hồ sơ từ bản sao lưu lúc {1}. Dữ liệu trước đó được sao lưu vào {2}.\n\nPhần mềm sẽ đóng; "
            "mở lại để làm việc tiếp. Đăng ký lại với máy chủ tỉnh nếu bàn dùng đồng bộ.").format(
                done["dossiers"], formatting.short(done["made_at"]), done["safety_copy"] or "—"),
            QMessageBox.StandardButton.Ok, self)  # fmt: skip
        box.setObjectName("restoredBox")
        box.finished.connect(lambda _r: self.close())
        self.restored_box = box
        box.open()

    def run_auto_backup(self, only_if_stale: bool = False) -> None:
        """Today's automatic backup, when due, in the reports worker (its own connection: the counter never waits).

        ``only_if_stale``: only when there is none, or the last is too old (the Home tile is red): at sign-in, so a
        desk without a recent copy gets one at once; the usual daily one waits for ``backup_soon``."""
        if self.session.clerk is None:
            return

        def work(ctx: Any) -> Any:
            from desk import autobackup

            return autobackup.run_due(ctx.desk, only_if_stale=only_if_stale)

        def failed(exc: BaseException) -> None:
            from ui.errors import message_of

            self.home.show_backup(None, message_of(exc))

        def done(_result: Any) -> None:
            self.home.backup_problem = None
            self.home.refresh_backup()

        Op(self.session.reports, work, self).success(done).failure(failed).run()

    def show_access_log(self) -> Any:
        from ui.access_log import AccessLogDialog

        dialog = AccessLogDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.access_log_dialog = dialog
        dialog.open()
        return dialog

    def show_tab(self, i: int) -> None:
        if not self.tabs.isTabEnabled(i):
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Không dùng được"),
                              self.tr("Tài khoản của bạn ({0}) không dùng màn hình này.").format(
                                  self.session.clerk.role_label if self.session.clerk else "—"),
                              QMessageBox.StandardButton.Ok, self)  # fmt: skip
            box.setObjectName("notYoursBox")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.not_yours_box = box
            box.open()
            return
        self.tabs.setCurrentIndex(i)
        {TAB_HOME: self.home.setFocus, TAB_INTAKE: self.intake.picker.setFocus,
         TAB_LIST: self.list.focus_search, TAB_REPORT: self.report.setFocus}[i]()  # fmt: skip

    def show_intake(self) -> None:
        self.show_tab(TAB_INTAKE)

    def show_search(self) -> None:
        self.show_tab(TAB_LIST)

    def shortcut_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The keys, by screen: what F1 shows."""
        tr = self.tr
        return [
            (tr("Mọi màn hình"), [("F2", tr("Trang chủ")), ("F3", tr("Tiếp nhận hồ sơ")), ("F4", tr("Danh sách hồ sơ")),
                                  ("F6", tr("Báo cáo")), ("Ctrl+F", tr("Tìm hồ sơ")), ("F5", tr("Làm mới số liệu")),
                                  ("F9", tr("Đồng bộ ngay")), ("Ctrl+L", tr("Khóa màn hình")), ("Ctrl+Q", tr("Thoát"))]),
            (tr("Trang chủ"), [("Alt+1 … Alt+5", tr("Mở danh sách của ô: nhận hôm nay, sắp đến hạn, quá hạn, chờ bổ "
                                                   "sung, chờ trả kết quả"))]),
            (tr("Tiếp nhận"), [("Alt+1", tr("Thủ tục: gõ tên hoặc mã, ↑/↓ chọn, Enter")),
                               ("Alt+2", tr("Giấy tờ: Dấu cách đánh dấu đã nộp, + / − số lượng")),
                               ("Ctrl+D", tr("Đủ giấy tờ bắt buộc")), ("Alt+3", tr("Người nộp; Enter sang ô sau")),
                               ("Ctrl+Enter", tr("Tiếp nhận và in (hoặc lập phiếu bổ sung khi thiếu giấy tờ)")),
                               ("Ctrl+Shift+N", tr("Làm mới biểu mẫu")),
                               ("Ctrl+Shift+B", tr("Phiếu yêu cầu bổ sung đã lập khi tiếp nhận: in lại")),
                               ("F7", tr("Quét giấy tờ đang chọn")), ("Ctrl+I", tr("Thêm tệp PDF/ảnh vào giấy tờ")),
                               ("F8", tr("Xem, xoay, sắp xếp các trang đã quét")),
                               ("Ctrl+R", tr("Dùng lại bản số hóa đã có của công dân"))]),
            (tr("Hồ sơ"), [("Alt+1 … Alt+0", tr("Các bước: chuyển, bổ sung, gia hạn, kết quả, trả, thu phí, từ "
                                               "chối, rút, dừng")), ("Alt+S", tr("Sửa thông tin người nộp")),
                           ("Ctrl+Enter", tr("Ghi nhận bước")), ("Ctrl+P", tr("In lại giấy tiếp nhận")),
                           ("Ctrl+K", tr("Phiếu kiểm soát")), ("Ctrl+Shift+P", tr("In lại phiếu khác")),
                           ("F7 / Ctrl+I / Ctrl+R", tr("Số hóa: quét, thêm tệp, dùng lại (giấy tờ hoặc kết quả)")),
                           ("F8", tr("Mở bản số hóa đã chọn")), ("Ctrl+E", tr("Xuất bản số hóa ra tệp (phụ trách)")),
                           ("Esc", tr("Đóng"))]),
            (tr("Báo cáo"), [("Alt+K", tr("Kỳ báo cáo")), ("Enter", tr("Lập báo cáo")), ("Ctrl+E", tr("Xuất Excel")),
                             ("Ctrl+Shift+E", tr("Xuất PDF")), ("Ctrl+Shift+S", tr("Tỷ lệ số hóa"))]),
            (tr("Danh mục"), [("Ctrl+Shift+D", tr("Danh mục chờ duyệt"))]),
        ]  # fmt: skip

    def show_shortcuts(self) -> QDialog:
        """F1: the keys, grouped by screen, in a table that fits the screen."""
        from html import escape

        from ui.qt import QDialogButtonBox, QTextBrowser, QVBoxLayout

        rows = []
        for group, keys in self.shortcut_groups():
            rows.append(f"<tr><th colspan='2' align='left' style='padding-top:8px'>{escape(group)}</th></tr>")
            rows += [f"<tr><td style='padding-right:16px'><b>{escape(k)}</b></td><td>{escape(what)}</td></tr>"
                     for k, what in keys]  # fmt: skip
        dialog = QDialog(self)
        dialog.setObjectName("shortcutsDialog")
        dialog.setWindowTitle(self.tr("Phím tắt (F1)"))
        view = QTextBrowser()
        view.setHtml("<table cellspacing='2'>" + "".join(rows) + "</table>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(view)
        layout.addWidget(buttons)
        screen.fit(dialog, 640, 620)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> None:
        """The version (the installers carry the same), and where this desk keeps its files and settings."""
        from desk import __version__, paths
        from desk.config import machine_config_path

        text = self.tr(
            "Phần mềm Bộ phận Một cửa cấp xã — phiên bản {0}\n\n"
            "Thư mục dữ liệu: {1}\nTệp dữ liệu: {2}\nNhật ký lỗi: {3}\nCấu hình máy (bộ cài ghi): {4}"
        ).format(
            __version__,
            self.session.data_dir,
            paths.store_path(self.session.data_dir),
            paths.log_path(self.session.data_dir),
            machine_config_path(),
        )
        box = QMessageBox(
            QMessageBox.Icon.Information, self.tr("Giới thiệu"), text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("aboutBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- start, sign-in, lock ----------------------------------------------------------------------

    def start(self) -> None:
        """First start opens the set-up wizard; otherwise the sign-in page."""
        self.stack.setCurrentWidget(self.sign_in)
        if self.session.store_exists:
            self.load_desk_info()
            # Opening takes a blink, except the first start after an upgrade that changes the store (a backup, then
            # the projections rebuilt: minutes on a large desk): then the sign-in page says why nothing happens.
            QTimer.singleShot(self.opening_notice_ms, self.say_if_still_opening)

            def has_accounts(ctx: Any) -> bool:
                from desk.accounts import clerks

                return bool(clerks(ctx.desk.store.conn))

            Op(self.session.db, has_accounts, self).success(self.on_accounts_known).run()
        else:
            self.open_setup(account_only=False)

    def on_accounts_known(self, any_account: bool) -> None:
        """A desk nobody can sign in to (left so by an older version) reopens set-up at its account page."""
        if any_account:
            self.sign_in.prepare()
        else:
            self.open_setup(account_only=True)

    def open_setup(self, *, account_only: bool) -> None:
        from ui.setup import SetupWizard

        self.wizard = SetupWizard(self.session, self, account_only=account_only)
        self.wizard.desk_created.connect(self.on_desk_created)
        self.wizard.rejected.connect(self.on_setup_rejected)
        self.wizard.open()

    def say_if_still_opening(self) -> None:
        if self.session.info is None and self.session.store_exists:
            self.sign_in.show_opening(True)

    def load_desk_info(self) -> Op:
        def work(ctx: Any) -> DeskInfo:
            s = ctx.desk.settings
            return DeskInfo(s.agency_code, s.agency_name, s.parent_name, s.place, s.desk_slot, s.form_set)

        def failed(exc: BaseException) -> None:
            from ui.errors import show_error

            self.sign_in.show_opening(False)
            show_error(exc, self)

        return Op(self.session.db, work, self).success(self.on_desk_info_loaded).failure(failed).run()

    def on_desk_info_loaded(self, info: DeskInfo) -> None:
        self.sign_in.show_opening(False)
        self.session.info = info
        self.sign_in.set_desk_name(info.agency_name)
        self.setWindowTitle(self.tr("Một cửa — {0}").format(info.agency_name))

    def on_desk_created(self, clerk: Any) -> None:
        self.wizard = None
        self.load_desk_info()
        self.on_clerk_signed_in(clerk)

    def on_setup_rejected(self) -> None:
        self.wizard = None
        self.close()

    def on_clerk_signed_in(self, clerk: Any) -> None:
        if getattr(clerk, "must_change", False):  # a demo or reset password: the clerk's own first
            from ui.signin import ChangePasswordDialog

            dialog = ChangePasswordDialog(self.session, clerk, forced=True, parent=self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.changed.connect(self.on_clerk_signed_in)
            dialog.rejected.connect(self.sign_out)
            self.password_dialog = dialog
            dialog.open()
            return
        self.session.set_clerk(clerk)
        self.clerk_label.setText(self.tr("Cán bộ: {0}").format(clerk.full_name))
        self.stack.setCurrentWidget(self.tabs)
        self.set_work_enabled(True)
        self.intake.load_procedures()
        self.list.start()
        self.home.refresh()
        if not self.session.sync.started:
            self.sync_soon.start()
            self.sync_indicator.show_starting()
        self.run_auto_backup(only_if_stale=True)
        self.backup_soon.start()
        self.backup_timer.start()
        self.update_printer_state()
        self.show_tab(TAB_HOME)
        self.ready.emit()

    def sync_now(self) -> None:
        """F9: a round now; in the moment after sign-in, sync starts at once (its first round is that round)."""
        if self.sync_soon.isActive():
            self.sync_soon.stop()
            self.session.sync.start()
        else:
            self.session.sync.poke()

    def lock(self) -> None:
        if self.session.clerk is None:
            return
        for window in (self.detail, self.catalogs, self.sync_problems):
            if window is not None:
                window.close()
        self.stack.setCurrentWidget(self.lock_page)
        self.set_work_enabled(False)
        self.lock_page.prepare()

    def on_screen_unlocked(self, _clerk: Any) -> None:
        self.stack.setCurrentWidget(self.tabs)
        self.set_work_enabled(True)

    def sign_out(self) -> None:
        for window in (self.detail, self.catalogs, self.sync_problems):
            if window is not None:
                window.close()
        self.session.set_clerk(None)
        self.clerk_label.clear()
        self.set_work_enabled(False)
        self.stack.setCurrentWidget(self.sign_in)
        self.sign_in.username.clear()
        self.sign_in.prepare()

    def on_change_password_triggered(self) -> None:
        from ui.signin import ChangePasswordDialog

        if self.session.clerk is None:
            return
        dialog = ChangePasswordDialog(self.session, self.session.clerk, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(lambda c: self.statusBar().showMessage(self.tr("Đã đổi mật khẩu."), 8000))
        self.password_dialog = dialog
        dialog.open()

    def on_reset_password_triggered(self) -> None:
        from ui.signin import ResetPasswordDialog

        dialog = ResetPasswordDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.reset_done.connect(lambda c: self.statusBar().showMessage(
            self.tr("Đã đặt lại mật khẩu của {0}; người đó đổi ở lần đăng nhập tới.").format(c.username), 10000))  # fmt: skip
        self.password_dialog = dialog
        dialog.open()

    def on_add_clerk_triggered(self) -> None:
        dialog = AddClerkDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.clerk_added.connect(
            lambda c: self.statusBar().showMessage(self.tr("Đã thêm tài khoản {0}.").format(c.username), 8000)
        )
        dialog.open()

    def show_settings(self) -> Any:
        """Hệ thống › Cài đặt in trên phiếu (a lead's): the signer of letters, the contact official, the header."""
        from ui.settings import SettingsDialog

        dialog = SettingsDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.on_settings_saved)
        dialog.open()
        return dialog

    def on_settings_saved(self, changes: dict) -> None:
        self.load_desk_info()  # the header and the form set of what is printed from now on
        text = self.tr("Đã lưu {0} thay đổi thiết lập in trên phiếu.").format(len(changes)) if changes else \
            self.tr("Không có gì thay đổi.")  # fmt: skip
        self.statusBar().showMessage(text, 10000)

    def set_language(self, lang: str) -> None:
        settings().setValue("ui/language", lang)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Ngôn ngữ / Language"),
                          "Ngôn ngữ mới được dùng từ lần mở phần mềm tiếp theo.\n"
                          "The new language applies the next time the program starts.",
                          QMessageBox.StandardButton.Ok, self)  # fmt: skip
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- work --------------------------------------------------------------------------------------

    def on_tab_changed(self, i: int) -> None:
        if i == TAB_HOME and self.session.clerk is not None:
            self.home.refresh()

    def show_pending_catalogs(self) -> PendingCatalogsDialog | None:
        """The catalogs waiting for a lead clerk's approval, with what they change."""
        if self.session.clerk is None:
            return None
        if self.catalogs is not None:
            self.catalogs.raise_()
            self.catalogs.activateWindow()
            return self.catalogs
        self.catalogs = PendingCatalogsDialog(self.session, self)
        self.catalogs.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.catalogs.destroyed.connect(self.on_catalogs_destroyed)
        self.catalogs.approved.connect(self.on_catalog_approved)
        self.catalogs.open()
        return self.catalogs

    def on_catalogs_destroyed(self, *_args: Any) -> None:
        self.catalogs = None

    def on_catalog_approved(self, res: dict) -> None:
        self.statusBar().showMessage(self.tr("Đã duyệt danh mục phiên bản {0}.").format(res["version"]), 15000)
        self.intake.load_procedures()  # in force at once when its effective date has come

    def on_import_catalog_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp danh mục thủ tục"), "",
                                              self.tr("Danh mục (*.json);;Mọi tệp (*)"))  # fmt: skip
        if path:
            self.import_catalog(path)

    def import_catalog(self, path: Any) -> PendingCatalogsDialog | None:
        """Import a catalog file as pending, then show it with its changes (or the reason it was refused)."""
        from pathlib import Path

        dialog = self.show_pending_catalogs()
        if dialog is not None:
            dialog.import_file(Path(path))
        return dialog

    def on_home_filter_requested(self, when: str) -> None:
        self.tabs.setCurrentIndex(TAB_LIST)
        self.list.show_filter(when)
        self.list.table.setFocus()

    def on_dossier_received(self, dossier: dict) -> None:
        self.statusBar().showMessage(
            self.tr("Đã tiếp nhận hồ sơ {0} — {1}").format(dossier["code"], dossier["applicant"]["name"]), 15000
        )
        self.session.sync.poke()  # a round at once when online: the province sees the dossier within seconds
        self.on_dossiers_changed()

    # -- sync --------------------------------------------------------------------------------------

    def on_sync_state_changed(self, state: Any) -> None:
        self.sync_indicator.show_state(state)
        self.home.sync_label.setText(home_text(state))
        result = state.last_result if state.rounds != self._sync_rounds else None
        self._sync_rounds = state.rounds
        if result and (result.get("applied") or result.get("bundles")):  # events or a catalog came from elsewhere
            self.on_dossiers_changed()

    def show_sync_problems(self) -> SyncProblemsDialog | None:
        """Events the server refused and conflicts kept for a person."""
        if self.session.clerk is None:
            return None
        if self.sync_problems is None:
            self.sync_problems = SyncProblemsDialog(self.session, self.session.sync, self)
            self.sync_problems.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.sync_problems.destroyed.connect(self.on_sync_problems_destroyed)
            self.sync_problems.dossier_activated.connect(self.open_dossier)
            self.sync_problems.open()
        return self.sync_problems

    def on_sync_problems_destroyed(self, *_args: Any) -> None:
        self.sync_problems = None

    def on_dossiers_changed(self) -> None:
        if self.session.clerk is None:
            return
        self.home.refresh()
        self.list.refresh()

    def on_form_printed(self, _form: str, _detail: dict) -> None:
        if self.detail is not None:  # the print is logged before this: the timeline shows it
            self.detail.load()

    def open_dossier(self, code: str) -> DossierDetail:
        if self.detail is not None:
            self.detail.close()
        self.detail = DossierDetail(self.session, code, self.print_with_preview, self)
        self.detail.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.detail.destroyed.connect(self.on_detail_destroyed)
        self.detail.navigation_requested.connect(self.on_navigation_key)
        self.detail.open()
        self.detail_opened.emit(self.detail)
        return self.detail

    def show_intake_supplements(self) -> Any:
        from ui.supplements import IntakeSupplementsDialog

        dialog = IntakeSupplementsDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.reprint_requested.connect(self.print_with_preview)
        self.supplements_dialog = dialog
        dialog.open()
        return dialog

    def on_navigation_key(self, key: str) -> None:
        """A key of the main window pressed in a window over it."""
        {"F2": lambda: self.show_tab(TAB_HOME), "F3": self.show_intake, "F4": lambda: self.show_tab(TAB_LIST),
         "F6": lambda: self.show_tab(TAB_REPORT), "Ctrl+F": self.show_search}[key]()  # fmt: skip
        self.activateWindow()

    def on_detail_destroyed(self, *_args: Any) -> None:
        self.detail = None

    # -- printing ----------------------------------------------------------------------------------

    @staticmethod
    def builder(doc: Printable) -> Any:
        """A function paper -> PDF bytes (runs in the pdf worker) of a form the core prepared (desk.printdata)."""

        def build(paper: str) -> bytes:
            import printing

            return printing.render(doc, two_on_a4=paper == prn.PAPER_TWO_ON_A4)

        return build

    def print_with_preview(self, doc: Printable, report: Any = None) -> PrintPreview:
        """The preview: the clerk sees the form, picks a printer and paper (remembered), Enter prints."""
        form = doc.form
        self.preview = PrintPreview(self.session, form, doc.code, self.builder(doc), self.detail or self,
                                    paper_choice=form == "receipt")  # fmt: skip
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.printed.connect(lambda detail, f=form: self.printed.emit(f, detail))
        self.preview.printed.connect(self.on_printed_somewhere)
        if report is not None:
            done: list[bool] = []
            self.preview.printed.connect(lambda detail: (done.append(True), report.printed(detail)))
            self.preview.rejected.connect(lambda: None if done else report.closed())
        owner = self.detail or self
        self.preview.finished.connect(lambda _r: owner.activateWindow())
        self.preview.open()
        return self.preview

    def print_at_intake(self, doc: Printable, report: Any) -> None:
        """Ctrl+Enter prints straight to the remembered printer (or shows the preview when the clerk asked so).

        ``report`` (the intake's outcome panel) hears what really happened to the paper: «Đã in» only once a
        printer took the job; a PDF file, a held job or a failure are said as they are.
        """
        if self.intake.preview_box.isChecked():
            self.print_with_preview(doc, report)
            return
        form = doc.form
        build = self.builder(doc)
        target = remembered_target(self.session.data_dir)
        if form != "receipt":
            target.paper = prn.PAPER_A5
        code = doc.code

        def printed(detail: dict) -> None:
            report.printed(detail)
            self.on_printed_somewhere(detail)
            self.printed.emit(form, detail)

        def failed(exc: BaseException) -> None:
            from ui.errors import message_of

            report.failed(message_of(exc))
            self.statusBar().showMessage(self.tr("Chưa in được {0}: {1}").format(code or "", message_of(exc)), 30000)

        def built(pdf: bytes) -> None:
            send_to_printer(self.session, form, code, pdf, target, self, printed, failed)

        Op(self.session.pdf, lambda _ctx: build(target.paper), self).success(built).failure(failed).run()

    def on_printed_somewhere(self, detail: dict) -> None:
        """The status bar says what happened to the paper, then which printer the next receipt goes to."""
        if detail.get("file"):
            text = self.tr("Chưa in ra giấy: đã lưu tệp PDF {0}").format(detail["file"])
        elif detail.get("held"):
            text = self.tr("Chưa in ra giấy: máy in «{0}» đang tạm dừng").format(detail.get("printer"))
        else:
            text = self.tr("Đã in ở máy in «{0}»").format(detail.get("printer"))
        self.statusBar().showMessage(text, 30000)
        self.update_printer_state()

    def update_printer_state(self) -> None:
        """Which printer receipts go to, in the status bar and (when there is none) on Home."""
        target = remembered_target(self.session.data_dir)
        name = None if target.file is not None else (target.printer or prn.default_printer())
        if name and name not in prn.printer_names():
            self.printer_label.setText(self.tr("⚠ Không thấy máy in «{0}»").format(name))
            self.printer_label.setStyleSheet("color: #b00020; font-weight: bold;")
        elif name:
            self.printer_label.setText(self.tr("Máy in: {0}").format(name))
            self.printer_label.setStyleSheet("")
        else:
            self.printer_label.setText(self.tr("⚠ Chưa có máy in (lưu PDF)"))
            self.printer_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.home.show_printer(name)

    def choose_printer(self) -> None:
        """The preview of a sample of the receipt is where a printer is chosen: open it on the last receipt, or
        explain where the choice is made."""
        last = getattr(self.intake, "last_printable", None)
        if last is not None:
            self.print_with_preview(last)
            return
        from ui.qt import QMessageBox

        QMessageBox.information(self, self.tr("Chọn máy in"), self.tr(
            "Máy in được chọn trong cửa sổ «Xem trước khi in»: đánh dấu «Xem trước khi in» ở màn hình tiếp nhận "
            "(hoặc nhấn Ctrl+P trên một hồ sơ), chọn máy in rồi in; phần mềm nhớ máy in đó cho các lần sau."))  # fmt: skip

    # -- closing -----------------------------------------------------------------------------------

    def closeEvent(self, event: Any) -> None:
        settings().setValue("window/geometry", self.saveGeometry())
        self.session.stop()
        super().closeEvent(event)
