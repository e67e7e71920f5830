"""Sign-in, the locked screen, and adding a clerk account (lead clerks only). Passwords are checked by
desk.accounts (scrypt) in the db worker."""

from __future__ import annotations

from typing import Any

from ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session
from ui.workers import Op

ERROR_STYLE = "color: #b00020;"


class SignInPage(QWidget):
    """User name and password; Enter signs in. As the lock screen, only the signed-in clerk's password is asked."""

    signed_in = Signal(object)
    sign_in_failed = Signal(str)

    def __init__(self, session: Session, *, lock: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.lock = lock
        self.setObjectName("lockPage" if lock else "signInPage")
        self.heading = QLabel()
        self.heading.setObjectName("signInHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.sub = QLabel()
        self.sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sub.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setObjectName("signInUser")
        self.password = QLineEdit()
        self.password.setObjectName("signInPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("signInMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.button = QPushButton(self.tr("Mở khóa (Enter)") if lock else self.tr("Đăng nhập (Enter)"))
        self.button.setObjectName("signInButton")
        self.button.setDefault(True)
        self.button.clicked.connect(self.on_sign_in_clicked)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.on_sign_in_clicked)
        user_label = QLabel(self.tr("&Tên đăng nhập:"))
        user_label.setBuddy(self.username)
        pw_label = QLabel(self.tr("&Mật khẩu:"))
        pw_label.setBuddy(self.password)

        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(520)
        form = QFormLayout(card)
        form.addRow(self.heading)
        form.addRow(self.sub)
        form.addRow(user_label, self.username)
        form.addRow(pw_label, self.password)
        form.addRow(self.message)
        form.addRow(self.button)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.set_lock_mode()

    def set_lock_mode(self) -> None:
        if self.lock and self.session.clerk is not None:
            self.heading.setText(self.tr("Màn hình đã khóa"))
            self.sub.setText(self.tr("Cán bộ {0} — nhập mật khẩu để mở lại.").format(self.session.clerk.full_name))
            self.username.setText(self.session.clerk.username)
            self.username.setReadOnly(True)
        elif not self.lock:
            self.heading.setText(self.tr("Bộ phận Một cửa — Đăng nhập"))

    def set_desk_name(self, name: str) -> None:
        if not self.lock:
            self.sub.setText(name)

    def prepare(self) -> None:
        """Shown: clear the password and put the cursor where the clerk types."""
        self.set_lock_mode()
        self.password.clear()
        self.message.clear()
        self.button.setEnabled(True)
        (self.password if self.lock or self.username.text() else self.username).setFocus()

    def on_sign_in_clicked(self) -> None:
        if not self.button.isEnabled():
            return
        username, password = self.username.text(), self.password.text()
        if not username.strip():
            self.message.setText(self.tr("Nhập tên đăng nhập."))
            self.username.setFocus()
            return
        self.button.setEnabled(False)
        self.message.setText(self.tr("Đang kiểm tra…"))

        def work(ctx: Any) -> Any:
            from desk.accounts import authenticate

            return authenticate(ctx.desk.store, username, password)

        Op(self.session.db, work, self).success(self.on_authenticated).failure(self.on_refused).run()

    def on_authenticated(self, clerk: Any) -> None:
        self.button.setEnabled(True)
        self.message.clear()
        self.password.clear()
        if self.lock and self.session.clerk is not None and clerk.username != self.session.clerk.username:
            self.message.setText(self.tr("Màn hình đang khóa cho cán bộ khác."))
            return
        self.signed_in.emit(clerk)

    def on_refused(self, exc: BaseException) -> None:
        from desk.errors import DeskError

        self.button.setEnabled(True)
        if not isinstance(exc, DeskError):
            from ui.errors import show_error

            show_error(exc, self)
            return
        self.message.setText(exc.message)
        self.password.selectAll()
        self.password.setFocus()
        self.sign_in_failed.emit(exc.message)


class AddClerkDialog(QDialog):
    """A lead clerk adds an account (desk.accounts.add_clerk decides who may)."""

    clerk_added = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("addClerkDialog")
        self.session = session
        self.setWindowTitle(self.tr("Thêm tài khoản cán bộ"))
        self.full_name = QLineEdit()
        self.full_name.setObjectName("newFullName")
        self.username = QLineEdit()
        self.username.setObjectName("newUsername")
        self.password = QLineEdit()
        self.password.setObjectName("newPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        self.role.addItem(self.tr("Cán bộ tiếp nhận"), "clerk")
        self.role.addItem(self.tr("Cán bộ phụ trách (thêm được tài khoản)"), "lead")
        self.errors = QLabel()
        self.errors.setObjectName("addClerkErrors")
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Thêm (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy (Esc)"))
        buttons.accepted.connect(self.on_add_clicked)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Họ và tên:"), self.full_name)
        form.addRow(self.tr("Tên đă&ng nhập:"), self.username)
        form.addRow(self.tr("&Mật khẩu:"), self.password)
        form.addRow(self.tr("&Vai trò:"), self.role)
        form.addRow(self.errors)
        form.addRow(buttons)

    def on_add_clicked(self) -> None:
        values = {"username": self.username.text(), "full_name": self.full_name.text(),
                  "password": self.password.text(), "role": self.role.currentData()}  # fmt: skip
        by = self.session.clerk

        def work(ctx: Any) -> Any:
            from desk.accounts import add_clerk

            return add_clerk(ctx.desk.store, actor=by.full_name, by=by, **values)

        def failed(exc: BaseException) -> None:
            from desk.errors import InvalidInput

            if isinstance(exc, InvalidInput):
                self.errors.setText("\n".join(exc.errors))
            else:
                from ui.errors import show_error

                show_error(exc, self)

        def added(clerk: Any) -> None:
            self.clerk_added.emit(clerk)
            self.accept()

        Op(self.session.db, work, self).success(added).failure(failed).run()
