"""The clerk's window: sign-in, then home / intake / dossier list / report in tabs, the lock screen, printing,
the catalogs waiting for approval."""

from __future__ import annotations

from typing import Any

from desk.printdata import Printable
from ui import printer as prn
from ui.catalogs import PendingCatalogsDialog
from ui.dossier_detail import DossierDetail
from ui.dossier_list import DossierListWidget
from ui.home import HomeWidget
from ui.intake import IntakeWidget
from ui.print_dialog import PrintPreview, remembered_target, send_to_printer
from ui.qt import (
    QAction,
    QFileDialog,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    Qt,
    QTabWidget,
    QWidget,
    Signal,
)
from ui.session import DeskInfo, Session, settings
from ui.signin import AddClerkDialog, SignInPage
from ui.sync_status import SyncIndicator, SyncProblemsDialog, home_text
from ui.workers import Op

TAB_HOME, TAB_INTAKE, TAB_LIST, TAB_REPORT = range(4)


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
        self.catalogs: PendingCatalogsDialog | None = None

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
        self.statusBar().addPermanentWidget(self.clerk_label)
        self.statusBar().addPermanentWidget(self.sync_indicator)
        self._build_menus()
        self.set_work_enabled(False)
        geometry = settings().value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    # -- menus and shortcuts -----------------------------------------------------------------------

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
        self.sync_now_action = self._action(system, self.tr("Đồng &bộ ngay"), "F9", self.session.sync.poke,
                                            "syncNowAction")  # fmt: skip
        self.sync_problems_action = self._action(system, self.tr("Đồng bộ: sự kiện bị &từ chối, xung đột…"),
                                                 "Shift+F9", self.show_sync_problems, "syncProblemsAction")  # fmt: skip
        self.add_clerk_action = self._action(system, self.tr("&Thêm tài khoản cán bộ…"), None,
                                             self.on_add_clerk_triggered, "addClerkAction")  # fmt: skip
        self.settings_action = self._action(system, self.tr("&Cài đặt in trên phiếu…"), None,
                                            self.show_settings, "settingsAction")  # fmt: skip
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
        ]
        catalog = bar.addMenu(self.tr("Danh &mục"))
        self.pending_action = self._action(catalog, self.tr("Danh mục &chờ duyệt…"), "Ctrl+Shift+D",
                                           self.show_pending_catalogs, "pendingCatalogsAction")  # fmt: skip
        self.import_catalog_action = self._action(catalog, self.tr("&Nhập danh mục từ tệp…"), None,
                                                  self.on_import_catalog_triggered, "importCatalogAction")  # fmt: skip
        self.work_actions.append(self.pending_action)
        help_menu = bar.addMenu(self.tr("Trợ &giúp"))
        self._action(help_menu, self.tr("&Phím tắt"), "F1", self.show_shortcuts, "shortcutsAction")
        self._action(help_menu, self.tr("&Giới thiệu"), None, self.show_about, "aboutAction")

    def set_work_enabled(self, on: bool) -> None:
        for a in (*self.work_actions, self.lock_action, self.add_clerk_action, self.sign_out_action,
                  self.import_catalog_action, self.sync_now_action, self.sync_problems_action,
                  self.settings_action):  # fmt: skip
            a.setEnabled(on)
        if on:
            self.set_lead_actions()

    def set_lead_actions(self) -> None:
        """What only a lead clerk does: add accounts, import catalogs, change what forms print (the core checks
        again)."""
        lead = self.session.clerk is not None and self.session.clerk.is_lead
        for a in (self.add_clerk_action, self.import_catalog_action, self.settings_action):
            a.setEnabled(lead)
            a.setToolTip("" if lead else self.tr("Chỉ cán bộ phụ trách."))

    def show_tab(self, i: int) -> None:
        self.tabs.setCurrentIndex(i)
        {TAB_HOME: self.home.setFocus, TAB_INTAKE: self.intake.picker.setFocus,
         TAB_LIST: self.list.focus_search, TAB_REPORT: self.report.setFocus}[i]()  # fmt: skip

    def show_intake(self) -> None:
        self.show_tab(TAB_INTAKE)

    def show_search(self) -> None:
        self.show_tab(TAB_LIST)

    def show_shortcuts(self) -> None:
        text = self.tr(
            "F2 Trang chủ · F3 Tiếp nhận · F4 Danh sách · F6 Báo cáo · Ctrl+F Tìm · F5 Làm mới\n"
            "Trang chủ: Alt+1 … Alt+5 mở danh sách của ô số (nhận hôm nay, sắp đến hạn, quá hạn, chờ bổ sung, "
            "chờ trả kết quả)\n"
            "Tiếp nhận: Alt+1 Thủ tục · Alt+2 Giấy tờ (Dấu cách đánh dấu, + / − số lượng) · Ctrl+D Đủ giấy tờ "
            "bắt buộc · Alt+3 Người nộp · Ctrl+Enter Tiếp nhận và in · Ctrl+Shift+N Làm mới\n"
            "Hồ sơ: Alt+1 Chuyển · Alt+2 Yêu cầu bổ sung · Alt+3 Nhận bổ sung · Alt+4 Xin lỗi, gia hạn · "
            "Alt+5 Đã có kết quả · Alt+6 Trả kết quả · Alt+7 Thu phí · Alt+8 Từ chối · Alt+9 Rút hồ sơ · "
            "Alt+0 Dừng · Alt+S Sửa thông tin · Ctrl+Enter Ghi nhận · Ctrl+P In lại giấy tiếp nhận · "
            "Ctrl+K Phiếu kiểm soát · Ctrl+Shift+P Phiếu khác · Esc Đóng\n"
            "Báo cáo: Alt+K Kỳ báo cáo · Enter Lập báo cáo · Ctrl+E Xuất Excel · Ctrl+Shift+E Xuất PDF\n"
            "Ctrl+Shift+D Danh mục chờ duyệt · Ctrl+L Khóa màn hình · Ctrl+Q Thoát"
        )
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Phím tắt"), text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

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
            self.sign_in.prepare()
        else:
            from ui.setup import SetupWizard

            self.wizard = SetupWizard(self.session, self)
            self.wizard.desk_created.connect(self.on_desk_created)
            self.wizard.rejected.connect(self.on_setup_rejected)
            self.wizard.open()

    def load_desk_info(self) -> Op:
        def work(ctx: Any) -> DeskInfo:
            s = ctx.desk.settings
            form_set = ctx.desk.store.meta().get("form_set") or "tt03-2025"
            return DeskInfo(s.agency_code, s.agency_name, s.parent_name, s.place, s.desk_slot, form_set)

        return Op(self.session.db, work, self).success(self.on_desk_info_loaded).run()

    def on_desk_info_loaded(self, info: DeskInfo) -> None:
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
        self.session.set_clerk(clerk)
        self.clerk_label.setText(self.tr("Cán bộ: {0}").format(clerk.full_name))
        self.stack.setCurrentWidget(self.tabs)
        self.set_work_enabled(True)
        self.intake.load_procedures()
        self.session.sync.start()
        self.list.start()
        self.home.refresh()
        self.show_tab(TAB_HOME)
        self.ready.emit()

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
        self.detail.open()
        self.detail_opened.emit(self.detail)
        return self.detail

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

    def print_with_preview(self, doc: Printable) -> PrintPreview:
        form = doc.form
        self.preview = PrintPreview(self.session, form, doc.code, self.builder(doc), self.detail or self,
                                    paper_choice=form == "receipt")  # fmt: skip
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.printed.connect(lambda detail, f=form: self.printed.emit(f, detail))
        owner = self.detail or self
        self.preview.finished.connect(lambda _r: owner.activateWindow())
        self.preview.open()
        return self.preview

    def print_at_intake(self, doc: Printable) -> None:
        """Ctrl+Enter prints straight to the remembered printer (or shows the preview when the clerk asked so)."""
        if self.intake.preview_box.isChecked():
            self.print_with_preview(doc)
            return
        form = doc.form
        build = self.builder(doc)
        target = remembered_target(self.session.data_dir)
        if form != "receipt":
            target.paper = prn.PAPER_A5
        code = doc.code

        def printed(detail: dict) -> None:
            self.statusBar().showMessage(self.tr("Đã in {0}.").format(code or self.tr("phiếu")), 15000)
            self.printed.emit(form, detail)

        def failed(exc: BaseException) -> None:
            from ui.errors import message_of

            self.statusBar().showMessage(self.tr("Chưa in được: {0}").format(message_of(exc)), 15000)
            self.print_with_preview(doc)

        def built(pdf: bytes) -> None:
            send_to_printer(self.session, form, code, pdf, target, self, printed, failed)

        Op(self.session.pdf, lambda _ctx: build(target.paper), self).success(built).failure(failed).run()

    # -- closing -----------------------------------------------------------------------------------

    def closeEvent(self, event: Any) -> None:
        settings().setValue("window/geometry", self.saveGeometry())
        self.session.stop()
        super().closeEvent(event)
