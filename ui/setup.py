"""First start: the set-up wizard (who this desk is, catalog and calendar, trusted publisher keys, the first clerk
account). Values the installer wrote in the machine-wide configuration (desk.config) are filled in beforehand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desk.accounts import password_problems
from desk.service import validate_settings
from ui import screen
from ui.qt import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
    Signal,
)
from ui.session import Session
from ui.workers import Op

ERROR_STYLE = "color: #b00020;"


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("pageErrors")
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    return label


class AgencyPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Đơn vị tiếp nhận"))
        self.setSubTitle(self.tr("Thông tin in trên mọi phiếu. Mã định danh do tỉnh cấp, ví dụ 000.00.12.H62."))
        self.agency_code = QLineEdit()
        self.agency_code.setObjectName("agencyCode")
        self.agency_name = QLineEdit()
        self.agency_name.setObjectName("agencyName")
        self.agency_name.setPlaceholderText(self.tr("Trung tâm Phục vụ hành chính công xã …"))
        self.parent_name = QLineEdit()
        self.parent_name.setObjectName("parentName")
        self.parent_name.setPlaceholderText(self.tr("UBND XÃ …"))
        self.place = QLineEdit()
        self.place.setObjectName("placeName")
        self.place.setPlaceholderText(self.tr("Địa danh ghi ở dòng ngày tháng, ví dụ Tân Phú"))
        self.slot = QSpinBox()
        self.slot.setObjectName("deskSlot")
        self.slot.setRange(1, 9)
        self.errors = _error_label()
        form = QFormLayout(self)
        form.addRow(self.tr("&Mã định danh cơ quan:"), self.agency_code)
        form.addRow(self.tr("&Tên cơ quan tiếp nhận:"), self.agency_name)
        form.addRow(self.tr("Cơ quan &chủ quản:"), self.parent_name)
        form.addRow(self.tr("Đị&a danh:"), self.place)
        form.addRow(self.tr("Số hiệu &bàn (1–9):"), self.slot)
        form.addRow(self.errors)

    def validatePage(self) -> bool:
        problems = validate_settings(
            self.agency_code.text().strip().upper(), self.agency_name.text(), self.slot.value()
        )
        self.errors.setText("\n".join(p.message for p in problems))
        widgets = {"agency_code": self.agency_code, "agency_name": self.agency_name, "desk_slot": self.slot}
        if problems:
            widgets.get(problems[0].field or "", self.agency_code).setFocus()
        return not problems


class SignerPage(QWizardPage):
    """Who signs the letters, whom the supplement request names, how letters are numbered (changed later by a lead in
    Hệ thống › Cài đặt in trên phiếu)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from ui.settings import SignerFields

        self.setTitle(self.tr("Người ký văn bản và công chức hướng dẫn"))
        self.setSubTitle(self.tr("In trên văn bản xin lỗi (Mẫu 04), thông báo dừng (Mẫu 05) và phiếu yêu cầu bổ sung "
                                 "(Mẫu 02). Có thể sửa sau trong Hệ thống › Cài đặt in trên phiếu."))  # fmt: skip
        self.fields = SignerFields()
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addStretch(1)

    def validatePage(self) -> bool:
        return self.fields.check()


class DataPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Danh mục thủ tục, lịch làm việc và khóa tin cậy"))
        self.setSubTitle(self.tr("Dùng bản có sẵn trong phần mềm, hoặc tệp do tỉnh phát hành."))
        self.catalog_default = QRadioButton(self.tr("Danh mục thủ tục có sẵn (mẫu)"))
        self.catalog_default.setObjectName("catalogDefault")
        self.catalog_file = QRadioButton(self.tr("Danh mục từ tệp:"))
        self.catalog_path = QLineEdit()
        self.catalog_path.setObjectName("catalogPath")
        self.calendar_default = QRadioButton(self.tr("Lịch làm việc có sẵn (2025–2026)"))
        self.calendar_file = QRadioButton(self.tr("Lịch từ tệp:"))
        self.calendar_path = QLineEdit()
        self.calendar_path.setObjectName("calendarPath")
        self.catalog_default.setChecked(True)
        self.calendar_default.setChecked(True)
        layout = QVBoxLayout(self)
        for default, radio, edit in (
            (self.catalog_default, self.catalog_file, self.catalog_path),
            (self.calendar_default, self.calendar_file, self.calendar_path),
        ):
            layout.addWidget(default)
            row = QHBoxLayout()
            row.addWidget(radio)
            row.addWidget(edit, 1)
            browse = QPushButton(self.tr("Chọn tệp…"))
            browse.clicked.connect(lambda _c=False, e=edit, r=radio: self.on_browse_clicked(e, r))
            row.addWidget(browse)
            layout.addLayout(row)
            edit.textEdited.connect(lambda _t, r=radio: r.setChecked(True))
        keys_label = QLabel(self.tr("&Khóa công khai của đơn vị phát hành danh mục (không bắt buộc; mỗi dòng một "
                                    "khóa dạng ed25519:…, do tỉnh cung cấp):"))  # fmt: skip
        keys_label.setWordWrap(True)
        self.keys = QPlainTextEdit()
        self.keys.setObjectName("trustedKeys")
        self.keys.setTabChangesFocus(True)
        self.keys.setPlaceholderText("ed25519:3f2a…:MCowBQYDK2VwAyEA…")
        self.keys.setFixedHeight(self.keys.fontMetrics().lineSpacing() * 3 + 14)
        keys_label.setBuddy(self.keys)
        self.keys_hint = QLabel(self.tr("Có khóa: danh mục và lịch không có chữ ký đúng của khóa này sẽ bị từ chối. "
                                        "Để trống: nhận cả danh mục chưa ký (chỉ nên dùng để thử)."))  # fmt: skip
        self.keys_hint.setWordWrap(True)
        self.keys_hint.setStyleSheet("color: #555;")
        recovery_label = QLabel(self.tr("Khóa khôi phục của tỉn&h (x25519:…; không bắt buộc):"))
        self.recovery = QLineEdit()
        self.recovery.setObjectName("recoveryKey")
        self.recovery.setPlaceholderText("x25519:9c1d…:q83v…")
        recovery_label.setBuddy(self.recovery)
        recovery_hint = QLabel(self.tr("Dữ liệu trên máy được mã hóa. Có khóa này, tỉnh (và chỉ tỉnh) mở được dữ liệu "
                                       "hoặc bản sao lưu khi máy hỏng; không có, không ai mở được."))  # fmt: skip
        recovery_hint.setWordWrap(True)
        recovery_hint.setStyleSheet("color: #555;")
        self.errors = _error_label()
        layout.addSpacing(8)
        layout.addWidget(keys_label)
        layout.addWidget(self.keys)
        layout.addWidget(self.keys_hint)
        layout.addSpacing(4)
        layout.addWidget(recovery_label)
        layout.addWidget(self.recovery)
        layout.addWidget(recovery_hint)
        layout.addWidget(self.errors)
        layout.addStretch(1)

    def key_lines(self) -> list[str]:
        return [line.strip() for line in self.keys.toPlainText().splitlines() if line.strip()]

    def validatePage(self) -> bool:
        """Each key line is read by the core (desk.signing.parse_public_key): a bad one is refused with why."""
        from desk.errors import InvalidInput
        from desk.recovery import parse_public
        from desk.signing import parse_public_key

        problems = []
        for i, line in enumerate(self.key_lines(), start=1):
            try:
                parse_public_key(line)
            except InvalidInput as exc:
                problems.append(self.tr("Dòng {0}: {1}").format(i, exc.message))
        if self.recovery_key():
            try:
                parse_public(self.recovery_key() or "")
            except InvalidInput as exc:
                problems.append(exc.message)
                self.recovery.setFocus()
        self.errors.setText("\n".join(problems))
        return not problems

    def recovery_key(self) -> str | None:
        return self.recovery.text().strip() or None

    def on_browse_clicked(self, edit: QLineEdit, radio: QRadioButton) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Chọn tệp"), "", "JSON (*.json);;*")
        if path:
            edit.setText(path)
            radio.setChecked(True)

    def catalog(self) -> Path | None:
        return Path(self.catalog_path.text()) if self.catalog_file.isChecked() else None

    def calendar(self) -> Path | None:
        return Path(self.calendar_path.text()) if self.calendar_file.isChecked() else None


class AccountPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Tài khoản cán bộ phụ trách"))
        self.setSubTitle(self.tr("Tài khoản đầu tiên; người này thêm được tài khoản cho cán bộ khác."))
        self.full_name = QLineEdit()
        self.full_name.setObjectName("fullName")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setPlaceholderText(self.tr("chữ thường không dấu, ví dụ hoa.lt"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit()
        self.password2.setObjectName("password2")
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = _error_label()
        self.done_ok = False
        form = QFormLayout(self)
        form.addRow(self.tr("&Họ và tên (in trên phiếu):"), self.full_name)
        form.addRow(self.tr("Tên đăng &nhập:"), self.username)
        form.addRow(self.tr("&Mật khẩu (ít nhất 8 ký tự):"), self.password)
        form.addRow(self.tr("Nhập &lại mật khẩu:"), self.password2)
        form.addRow(self.errors)

    def validatePage(self) -> bool:
        if self.done_ok:
            return True
        problems = password_problems(self.password.text())
        if self.password.text() != self.password2.text():
            problems.append(self.tr("Hai lần nhập mật khẩu không giống nhau."))
        if problems:
            self.errors.setText("\n".join(problems))
            return False
        wizard = self.wizard()
        wizard.create_desk()  # asynchronous: the wizard finishes itself when the worker has made the desk
        return False


class SetupWizard(QWizard):
    """Makes the store (init_desk) and the first account (add_clerk) in the db worker, all at the end."""

    desk_created = Signal(object)  # the first Clerk

    def __init__(self, session: Session, parent: QWidget | None = None, *, account_only: bool = False):
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.session = session
        self.account_only = account_only
        self.setWindowTitle(self.tr("Cài đặt bàn tiếp nhận — lần đầu"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.agency = AgencyPage()
        self.signer = SignerPage()
        self.data = DataPage()
        self.account = AccountPage()
        for page in (self.account,) if account_only else (self.agency, self.data, self.signer, self.account):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Tiếp >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Quay lại"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Hoàn tất (Enter)"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Hủy (Esc)"))
        screen.fit(self, 760, 560)
        self.busy = False
        self.machine: Any = None
        self.load_machine_config()

    def load_machine_config(self) -> Op:
        """The installer's machine-wide configuration (read in the db worker): fill the fields it names."""
        from desk.config import load_machine_config

        return Op(self.session.db, lambda _ctx: load_machine_config(), self).success(self.on_machine_config_loaded) \
            .failure(self.on_machine_config_failed).run()  # fmt: skip

    def on_machine_config_loaded(self, config: Any) -> None:
        self.machine = config
        a = self.agency
        defaults = config.init_defaults()
        for key, edit in (("agency_code", a.agency_code), ("agency_name", a.agency_name),
                          ("parent_name", a.parent_name), ("place", a.place)):  # fmt: skip
            if key in defaults and not edit.text():
                edit.setText(str(defaults[key]))
        if "desk_slot" in defaults:
            a.slot.setValue(int(defaults["desk_slot"]))
        if config.trusted_keys and not self.data.keys.toPlainText().strip():
            self.data.keys.setPlainText("\n".join(config.trusted_keys))
        if config.recovery_key and not self.data.recovery.text():
            self.data.recovery.setText(config.recovery_key)
        if config.source and (defaults or config.trusted_keys):
            a.setSubTitle(a.subTitle() + " " + self.tr("Đã điền sẵn theo cấu hình máy {0}.").format(config.source))

    def on_machine_config_failed(self, exc: BaseException) -> None:
        from desk.errors import DeskError

        if isinstance(exc, DeskError):
            self.agency.errors.setText(exc.message)
        else:
            from ui.errors import show_error

            show_error(exc, self)

    def create_desk(self) -> None:
        if self.busy:
            return
        self.busy = True
        a, d, acc = self.agency, self.data, self.account
        values = {
            "agency_code": a.agency_code.text(),
            "agency_name": a.agency_name.text(),
            "parent_name": a.parent_name.text() or None,
            "place": a.place.text() or None,
            "desk_slot": a.slot.value(),
        }
        catalog, calendar = d.catalog(), d.calendar()
        machine = self.machine
        values["trusted_keys"] = d.key_lines()
        values["recovery_key"] = d.recovery_key()
        values["server_url"] = machine.server_url if machine else None
        values["form_set"] = machine.form_set if machine else None
        values["printed"] = self.signer.fields.values()
        user = {"username": acc.username.text(), "full_name": acc.full_name.text(), "password": acc.password.text()}
        acc.errors.setText(self.tr("Đang khởi tạo…"))

        account_only = self.account_only

        def work(ctx: Any) -> Any:
            from desk import accounts
            from desk.service import init_desk, read_bundle_file

            if account_only:  # a desk made by an older version, left without an account: only the account now
                return accounts.add_clerk(ctx.desk.store, role="lead", actor="cài đặt", **user)
            cat = read_bundle_file(catalog, "danh mục") if catalog else None
            cal = read_bundle_file(calendar, "lịch") if calendar else None
            # all or nothing: the desk and its first account together, or neither (init_desk)
            ctx.adopt(init_desk(ctx.data_dir, catalog=cat, calendar=cal, actor="cài đặt", first_clerk=user, **values))
            return accounts.find(ctx.desk.store.conn, user["username"])

        Op(self.session.db, work, self).success(self.on_desk_created).failure(self.on_create_failed).run()

    def on_desk_created(self, clerk: Any) -> None:
        self.busy = False
        self.account.done_ok = True
        self.account.errors.clear()
        self.desk_created.emit(clerk)
        self.accept()

    def on_create_failed(self, exc: BaseException) -> None:
        from desk.errors import InvalidInput

        self.busy = False
        if isinstance(exc, InvalidInput):
            self.account.errors.setText("\n".join(exc.errors))
        else:
            from ui.errors import show_error

            self.account.errors.clear()
            show_error(exc, self)
