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
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold; padding-top: 4px;")
        self.sub = QLabel()
        self.sub.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sub.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setObjectName("signInUser")
        self.password = QLineEdit()
        self.password.setObjectName("signInPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.opening = QLabel(self.tr(
            "Đang mở dữ liệu… Lần mở đầu tiên sau khi cập nhật phần mềm có thể mất vài phút (dữ liệu được sao lưu "
            "rồi sắp xếp lại cho phiên bản mới). Không tắt máy."
        ))  # fmt: skip
        self.opening.setObjectName("signInOpening")
        self.opening.setWordWrap(True)
        self.opening.setStyleSheet("color: #8a5a00;")
        self.opening_text = self.opening.text()
        self.opening.clear()
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

        card = self.card = QFrame()
        card.setObjectName("signInCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        # wide enough for a centre's long name on two lines; headings in a plain box layout, whose height follows
        # their wrapped text (a form row would cut the tops of accented capitals)
        card.setFixedWidth(max(460, self.fontMetrics().averageCharWidth() * 62))
        box = QVBoxLayout(card)
        box.setContentsMargins(20, 16, 20, 16)
        box.addWidget(self.heading)
        box.addWidget(self.sub)
        box.addSpacing(8)
        form = QFormLayout()
        form.addRow(user_label, self.username)
        form.addRow(pw_label, self.password)
        box.addLayout(form)
        box.addWidget(self.opening)
        box.addWidget(self.message)
        box.addWidget(self.button)
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
            self.heading.setText(self.tr("Đăng nhập — Bộ phận Một cửa"))

    def set_desk_name(self, name: str) -> None:
        if not self.lock:
            self.sub.setText(name)
            self.fit_card()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.fit_card()

    def show_opening(self, shown: bool) -> None:
        """The store is slow to open (the first start after an upgrade backs it up and rebuilds it): say so."""
        self.opening.setText(self.opening_text if shown else "")
        self.fit_card()

    def fit_card(self) -> None:
        """The card grows with its wrapped lines (a message of two lines, the opening notice): a layout placed with
        an alignment gives it only its size hint, which ignores the height wrapped text needs at the card's width."""
        layout = self.card.layout()
        self.card.setMinimumHeight(layout.heightForWidth(self.card.width()) if layout.hasHeightForWidth() else 0)

    def prepare(self) -> None:
        """Shown: clear the password and put the cursor where the clerk types (the last user name is kept)."""
        self.set_lock_mode()
        if not self.lock and not self.username.text():
            from ui.session import settings

            self.username.setText(settings().value("signin/username", "") or "")
        self.password.clear()
        self.say("")
        self.button.setEnabled(True)
        (self.password if self.lock or self.username.text() else self.username).setFocus()

    def on_sign_in_clicked(self) -> None:
        if not self.button.isEnabled():
            return
        username, password = self.username.text(), self.password.text()
        if not username.strip():
            self.say(self.tr("Nhập tên đăng nhập."))
            self.username.setFocus()
            return
        self.button.setEnabled(False)
        self.say(self.tr("Đang kiểm tra…"))

        def work(ctx: Any) -> Any:
            from desk.accounts import authenticate

            return authenticate(ctx.desk.store, username, password)

        Op(self.session.db, work, self).success(self.on_authenticated).failure(self.on_refused).run()

    def on_authenticated(self, clerk: Any) -> None:
        self.button.setEnabled(True)
        self.say("")
        self.password.clear()
        if self.lock and self.session.clerk is not None and clerk.username != self.session.clerk.username:
            self.say(self.tr("Màn hình đang khóa cho cán bộ khác."))
            return
        if not self.lock:
            from ui.session import settings

            settings().setValue("signin/username", clerk.username)
        self.signed_in.emit(clerk)

    def on_refused(self, exc: BaseException) -> None:
        from desk.errors import DeskError

        self.button.setEnabled(True)
        if not isinstance(exc, DeskError):
            from ui.errors import show_error

            show_error(exc, self)
            return
        self.say(exc.message)
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
        self.role.addItem(self.tr("Lãnh đạo (chỉ xem, không tiếp nhận)"), "viewer")
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
        form.addRow(self.tr("Tên đăng &nhập:"), self.username)
        form.addRow(self.tr("&Mật khẩu (người này phải đổi ở lần đăng nhập đầu):"), self.password)
        form.addRow(self.tr("&Vai trò:"), self.role)
        form.addRow(self.errors)
        form.addRow(buttons)

    def on_add_clicked(self) -> None:
        values = {"username": self.username.text(), "full_name": self.full_name.text(),
                  "password": self.password.text(), "role": self.role.currentData()}  # fmt: skip
        by = self.session.clerk

        def work(ctx: Any) -> Any:
            from desk.accounts import add_clerk

            return add_clerk(ctx.desk.store, actor=by.full_name, by=by, must_change=True, **values)

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


class ChangePasswordDialog(QDialog):
    """A clerk changes their own password; ``forced`` at the first sign-in of a demo or reset account (then the only
    way out is to change it, or to sign out)."""

    changed = Signal(object)  # the Clerk, who no longer must change

    def __init__(self, session: Session, clerk: Any, *, forced: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.session = session
        self.clerk = clerk
        self.setWindowTitle(self.tr("Đổi mật khẩu — {0}").format(clerk.full_name))
        intro = QLabel(
            self.tr("Tài khoản này dùng mật khẩu được cấp (mẫu, hoặc do cán bộ phụ trách đặt lại). Chọn mật khẩu "
                    "riêng trước khi làm việc.") if forced else self.tr("Đổi mật khẩu đăng nhập của bạn.")
        )  # fmt: skip
        intro.setWordWrap(True)
        self.old = QLineEdit()
        self.old.setObjectName("oldPassword")
        self.new = QLineEdit()
        self.new.setObjectName("newPassword")
        self.new2 = QLineEdit()
        self.new2.setObjectName("newPassword2")
        for edit in (self.old, self.new, self.new2):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = QLabel()
        self.errors.setObjectName("changePasswordErrors")
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Đổi mật khẩu (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("Đăng xuất (Esc)") if forced else self.tr("Hủy (Esc)")
        )
        buttons.accepted.connect(self.on_change_clicked)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow(self.tr("Mật khẩu &hiện tại:"), self.old)
        form.addRow(self.tr("Mật khẩu &mới (ít nhất 8 ký tự):"), self.new)
        form.addRow(self.tr("Nhập &lại mật khẩu mới:"), self.new2)
        form.addRow(self.errors)
        form.addRow(buttons)
        self.old.setFocus()

    def on_change_clicked(self) -> None:
        old, new = self.old.text(), self.new.text()
        if new != self.new2.text():
            self.errors.setText(self.tr("Hai lần nhập mật khẩu mới không giống nhau."))
            self.new2.selectAll()
            self.new2.setFocus()
            return
        clerk = self.clerk

        def work(ctx: Any) -> Any:
            from desk.accounts import change_password

            return change_password(ctx.desk.store, clerk, old, new)

        def failed(exc: BaseException) -> None:
            from desk.errors import InvalidInput

            if isinstance(exc, InvalidInput):
                self.errors.setText("\n".join(exc.errors))
                (self.old if exc.field == "password" else self.new).setFocus()
            else:
                from ui.errors import show_error

                show_error(exc, self)

        def done(changed: Any) -> None:
            self.changed.emit(changed)
            self.accept()

        Op(self.session.db, work, self).success(done).failure(failed).run()


class ResetPasswordDialog(QDialog):
    """A lead clerk gives another account a new password (its owner changes it at the next sign-in)."""

    reset_done = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("resetPasswordDialog")
        self.session = session
        self.setWindowTitle(self.tr("Đặt lại mật khẩu của cán bộ"))
        self.account = QComboBox()
        self.account.setObjectName("resetAccount")
        self.new = QLineEdit()
        self.new.setObjectName("resetPassword")
        self.new.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = QLabel()
        self.errors.setObjectName("resetErrors")
        self.errors.setStyleSheet(ERROR_STYLE)
        self.errors.setWordWrap(True)
        hint = QLabel(self.tr("Người đó đăng nhập bằng mật khẩu này rồi phải đổi ngay; tài khoản đang tạm khóa được "
                              "mở lại."))  # fmt: skip
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Đặt lại (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy (Esc)"))
        buttons.accepted.connect(self.on_reset_clicked)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Tài khoản:"), self.account)
        form.addRow(self.tr("Mật khẩu &mới:"), self.new)
        form.addRow(hint)
        form.addRow(self.errors)
        form.addRow(buttons)
        me = session.clerk.username if session.clerk else None

        def work(ctx: Any) -> list:
            from desk.accounts import clerks

            return [c for c in clerks(ctx.desk.store.conn) if c.username != me]

        Op(session.db, work, self).success(self.on_accounts_loaded).run()

    def on_accounts_loaded(self, found: list) -> None:
        for c in found:
            self.account.addItem(f"{c.full_name} ({c.username})", c.username)
        self.account.setFocus()

    def on_reset_clicked(self) -> None:
        username, new, lead = self.account.currentData(), self.new.text(), self.session.clerk
        if not username:
            self.errors.setText(self.tr("Chưa có tài khoản nào khác để đặt lại."))
            return

        def work(ctx: Any) -> Any:
            from desk.accounts import reset_password

            return reset_password(ctx.desk.store, lead, username, new)

        def failed(exc: BaseException) -> None:
            from desk.errors import InvalidInput

            if isinstance(exc, InvalidInput):
                self.errors.setText("\n".join(exc.errors))
            else:
                from ui.errors import show_error

                show_error(exc, self)

        def done(clerk: Any) -> None:
            self.reset_done.emit(clerk)
            self.accept()

        Op(self.session.db, work, self).success(done).failure(failed).run()
