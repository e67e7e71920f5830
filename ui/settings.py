"""What the desk prints on its forms, set by a lead: who signs the letters (Mẫu 04, 05), the contact official of the
Phiếu yêu cầu bổ sung (Mẫu 02), the pattern of letter numbers, and the names of the header. The set-up wizard asks
the same fields (``SignerFields``); the core checks them (desk.setup.check_printed_settings, update_settings) and
names the field of each problem, shown under it."""

from __future__ import annotations

from typing import Any

from desk.errors import InvalidInput, Problem
from ui.qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QKeySequence,
    QLabel,
    QLineEdit,
    QShortcut,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session
from ui.workers import Op

ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: #555;"


class _Row(QWidget):
    """A field with its hint and its error underneath."""

    def __init__(self, widget: QWidget, hint: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.widget = widget
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setVisible(bool(hint))
        layout.addWidget(self.hint)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout.addWidget(self.error)
        self.setFocusProxy(widget)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


class FieldsForm(QWidget):
    """A form of named fields whose problems (desk.errors.Problem, by field) show under each."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: dict[str, _Row] = {}
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)

    def line(self, key: str, label: str, placeholder: str = "", hint: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"{key}Field")
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        self.add(key, label, edit, hint)
        return edit

    def add(self, key: str, label: str, widget: QWidget, hint: str = "") -> _Row:
        row = _Row(widget, hint)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, row)
        self.rows[key] = row
        return row

    def text_values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, row in self.rows.items():
            w = row.widget
            out[key] = w.currentData() if isinstance(w, QComboBox) else w.text()  # type: ignore[attr-defined]
        return out

    def set_values(self, values: dict[str, Any]) -> None:
        for key, row in self.rows.items():
            w, value = row.widget, values.get(key)
            if isinstance(w, QComboBox):
                index = w.findData(value)
                if index >= 0:
                    w.setCurrentIndex(index)
            elif isinstance(w, QLineEdit):
                w.setText(value or "")

    def show_problems(self, problems: list[Problem]) -> list[str]:
        """Each problem under its field; returns those about no field of this form. Focus goes to the first."""
        for row in self.rows.values():
            row.show_error("")
        others: list[str] = []
        first: _Row | None = None
        for p in problems:
            row = self.rows.get(p.field or "")
            if row is None:
                others.append(p.message)
                continue
            row.show_error("\n".join(filter(None, [row.error.text(), p.message])))
            first = first or row
        if first is not None:
            first.setFocus()
        return others


class SignerFields(FieldsForm):
    """Who signs the letters, whom Mẫu 02 names, how letters are numbered (the wizard and the settings screen)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.signer_authority = self.line(
            "signer_authority", self.tr("&Quyền hạn ký:"), self.tr("để trống khi Giám đốc ký; KT. GIÁM ĐỐC khi cấp phó ký thay"),
        )  # fmt: skip
        self.signer_title = self.line(
            "signer_title", self.tr("&Chức vụ người ký:"), self.tr("GIÁM ĐỐC hoặc PHÓ GIÁM ĐỐC")
        )
        self.signer_title.setText("GIÁM ĐỐC")
        self.signer_name = self.line(
            "signer_name", self.tr("Họ tên &người ký:"), self.tr("in dưới chữ ký trên văn bản xin lỗi, thông báo dừng"),
        )  # fmt: skip
        self.contact_official = self.line(
            "contact_official", self.tr("Công chức &hướng dẫn:"),
            self.tr("ví dụ: bà Vũ Thị Ngọc Trâm, công chức Tư pháp - Hộ tịch"),
            self.tr("In trên Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)."),
        )  # fmt: skip
        self.contact_phone = self.line(
            "contact_phone", self.tr("Số điện thoại &hướng dẫn:"), self.tr("ví dụ 0251 3861 234")
        )
        self.letter_no_pattern = self.line(
            "letter_no_pattern", self.tr("Mẫu &số văn bản:"), "{n}/{kind}-TTPVHCC",
            self.tr("{n} số thứ tự trong năm (01, 02…), {kind} TB (thông báo) hoặc XL (xin lỗi), {year} năm, "
                    "{slot} số hiệu bàn. Phần mềm tự đánh số theo năm, trừ khi nhập số do văn thư cấp."),
        )  # fmt: skip
        self.letter_no_pattern.setText("{n}/{kind}-TTPVHCC")

    def values(self) -> dict[str, Any]:
        return {k: v.strip() or None for k, v in self.text_values().items()}

    def check(self) -> bool:
        """The core's checks of these fields (no database), each problem under its field; whether all is well."""
        from desk.setup import check_printed_settings

        _cleaned, problems = check_printed_settings(self.values())
        self.show_problems(problems)
        return not problems


class SettingsDialog(QDialog):
    """Hệ thống › Cài đặt in trên phiếu: a lead changes what the forms print (recorded as an event)."""

    saved = Signal(dict)  # the changes

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.session = session
        self.busy = False
        self.setWindowTitle(self.tr("Cài đặt in trên phiếu"))
        desk_box = QGroupBox(self.tr("Đơn vị (in ở đầu mọi phiếu)"))
        self.desk_fields = FieldsForm()
        self.desk_fields.line("agency_name", self.tr("&Tên cơ quan tiếp nhận:"))
        self.desk_fields.line("parent_name", self.tr("Cơ quan &chủ quản:"), self.tr("UBND XÃ …"))
        self.desk_fields.line("place", self.tr("Đị&a danh:"), self.tr("địa danh ở dòng ngày tháng"))
        form_set = QComboBox()
        form_set.addItem(self.tr("Thông tư 03/2025/TT-VPCP (mặc định)"), "tt03-2025")
        form_set.addItem(self.tr("Thông tư 01/2018/TT-VPCP"), "tt01-2018")
        self.desk_fields.add("form_set", self.tr("&Bộ biểu mẫu:"), form_set)
        QVBoxLayout(desk_box).addWidget(self.desk_fields)
        signer_box = QGroupBox(self.tr("Người ký văn bản, công chức hướng dẫn, số văn bản"))
        self.signer = SignerFields()
        QVBoxLayout(signer_box).addWidget(self.signer)
        self.summary = QLabel()
        self.summary.setObjectName("settingsSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Lưu (Ctrl+Enter)"))
        self.ok_button.setEnabled(False)  # until the current values are in
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy (Esc)"))
        self.buttons.accepted.connect(self.on_save)
        self.buttons.rejected.connect(self.reject)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self.on_save)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("Chỉ cán bộ phụ trách được thay đổi; mỗi lần thay đổi được ghi vào nhật ký."))
        note.setWordWrap(True)
        note.setStyleSheet(HINT_STYLE)
        layout.addWidget(note)
        layout.addWidget(desk_box)
        layout.addWidget(signer_box)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.load()

    def load(self) -> Op:
        return Op(self.session.db, lambda ctx: ctx.desk.settings.as_dict(), self).success(self.on_loaded).run()

    def on_loaded(self, values: dict[str, Any]) -> None:
        self.desk_fields.set_values(values)
        self.signer.set_values(values)
        self.ok_button.setEnabled(True)
        self.desk_fields.rows["agency_name"].setFocus()

    def values(self) -> dict[str, Any]:
        return {**self.desk_fields.text_values(), **self.signer.values()}

    def on_save(self) -> None:
        if self.busy or not self.ok_button.isEnabled():
            return
        self.busy = True
        self.summary.hide()
        values, clerk = self.values(), self.session.clerk
        actor = clerk.full_name if clerk else ""
        Op(self.session.db, lambda ctx: ctx.desk.update_settings(values, actor=actor, by=clerk), self).success(
            self.on_saved
        ).failure(self.on_failed).run()

    def on_saved(self, changes: dict[str, Any]) -> None:
        self.busy = False
        self.saved.emit(changes)
        self.accept()

    def on_failed(self, exc: BaseException) -> None:
        self.busy = False
        if not isinstance(exc, InvalidInput):
            from ui.errors import show_error

            show_error(exc, self)
            return
        problems = exc.problems
        desk_keys, signer_keys = set(self.desk_fields.rows), set(self.signer.rows)
        self.signer.show_problems([p for p in problems if p.field in signer_keys])
        self.desk_fields.show_problems([p for p in problems if p.field in desk_keys])  # focus: the first field
        others = [p.message for p in problems if p.field not in desk_keys | signer_keys]
        if others:
            self.summary.setText("\n".join(others))
            self.summary.show()
