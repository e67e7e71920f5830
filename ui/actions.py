"""The steps of a dossier after intake, one small dialog each (issue #5): hand-over, supplement request and receipt,
apology and extension, result, return, fee, refusal, withdrawal, stop, correction.

Each dialog only collects what the clerk types; the check and the write are the core's (desk.workflow, in the db
worker). A refusal comes back as InvalidInput naming its field: the message is shown under that field. Which steps a
status allows is the core's table (desk.lifecycle); a step not allowed says why, in the core's words.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from desk import lifecycle, timeutil, validation, workflow
from desk.errors import InvalidInput
from desk.lifecycle import CORRECTABLE
from ui import formatting
from ui.labels import label as core_label
from ui.qt import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QCoreApplication,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QKeySequence,
    QLabel,
    QLineEdit,
    QLocale,
    QPlainTextEdit,
    QRadioButton,
    QShortcut,
    Qt,
    QTime,
    QTimeEdit,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.session import Session
from ui.timeline import FIELD_LABELS, money, translated
from ui.workers import Op

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b6e20;"
HINT_STYLE = "color: #555;"
INVALID_BORDER = "border: 2px solid #b00020;"


def not_allowed(kind: str, dossier: dict[str, Any]) -> str | None:
    """Why the core would refuse this step in the dossier's status (its own message), or None when allowed."""
    from desk.attachments import return_refusal_of

    why = lifecycle.why_not(kind, dossier["status"], dossier["code"])
    if why is None and kind == "result_returned":
        why = return_refusal_of(dossier)  # the result digitised first, when the catalog asks (issue 19)
    return why


def lines(text: str) -> list[str]:
    """One item a line; empty lines dropped (the core cleans each item)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class FieldBox(QWidget):
    """A field with its hint and the message of its refusal (or of a live check) underneath."""

    def __init__(self, widget: QWidget, hint: str = "", validator: Callable[[str], Any] | None = None,
                 describe: Callable[[Any], str] | None = None, mark: QWidget | None = None,
                 parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.widget = widget
        self.mark = mark or widget  # the widget whose border turns red (a date, not the row that holds it)
        self.validator = validator
        self.describe = describe
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setVisible(bool(hint))
        self.message = QLabel()
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        layout.addWidget(self.hint)
        layout.addWidget(self.message)
        self.setFocusProxy(widget)
        if validator is not None and isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _t: self.check(final=False))
            widget.editingFinished.connect(lambda: self.check(final=True))

    def check(self, *, final: bool) -> bool:
        """The core's validator as the clerk types: its refusal once the text is long enough or left, or a ✓."""
        assert isinstance(self.widget, QLineEdit) and self.validator is not None
        text = self.widget.text()
        if not text.strip():
            self.clear()
            return True
        try:
            value = self.validator(text)
        except InvalidInput as exc:
            if final or len(text.replace(" ", "")) >= 12:
                self.show_error(exc.message)
            else:
                self.clear()
            return False
        if self.describe is not None:
            self.show_message("✓ " + self.describe(value), OK_STYLE)
        else:
            self.clear()
        return True

    def show_message(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.message.setVisible(bool(text))
        self.mark.setStyleSheet(f"{type(self.mark).__name__} {{ {INVALID_BORDER} }}" if style == ERROR_STYLE else "")

    def show_error(self, text: str) -> None:
        self.show_message(text, ERROR_STYLE)

    def clear(self) -> None:
        self.show_message("", HINT_STYLE)

    @property
    def error(self) -> str:
        return self.message.text() if self.message.isVisible() and self.message.styleSheet() == ERROR_STYLE else ""


def shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def context_text(d: dict[str, Any]) -> str:
    """Which dossier the dialog acts on: code, applicant, procedure, status, appointment."""
    return QCoreApplication.translate("actions", "{0} · {1} · {2}\nTrạng thái: {3} · Hẹn trả: {4}").format(
        d["code"], d["applicant"]["name"], shorten(d["procedure"]["name"]), core_label(d["status_label"]),
        formatting.appointment(d["due_at"]),
    )  # fmt: skip


class ActionDialog(QDialog):
    """The frame of every step's dialog: which dossier, the fields, the messages, «Ghi nhận» (Ctrl+Enter)."""

    kind: ClassVar[str] = ""
    form: ClassVar[str | None] = None  # the form the law asks for after this step (printed with a preview)

    done = Signal(dict)  # the dossier after the step (with its events)
    refused = Signal(object)  # the core's InvalidInput

    def __init__(self, session: Session, dossier: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(f"action_{self.kind}")
        self.session = session
        self.dossier = dossier
        self.code = dossier["code"]
        self.busy = False
        self.result: dict[str, Any] | None = None
        self.fields: dict[str, FieldBox] = {}
        self.aliases: dict[str, str] = {}
        self.chain: list[QWidget] = []
        self.setWindowTitle(f"{self.title()} — {self.code}")
        heading = QLabel(self.title())
        heading.setObjectName("actionHeading")
        heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        context = QLabel(context_text(dossier))
        context.setObjectName("actionContext")
        context.setWordWrap(True)
        context.setStyleSheet("color: #333; background: #f3f3f3; padding: 6px; border-radius: 4px;")
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        self.form_layout = QFormLayout()
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form_layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.summary = QLabel()
        self.summary.setObjectName("actionSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("actionOk")
        self.ok_button.setText(self.ok_text())
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("actions", "Hủy (Esc)")
        )
        self.buttons.accepted.connect(self.on_submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(context)
        layout.addWidget(line)
        layout.addLayout(self.form_layout)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.build()
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self.on_submit)
        # Tab order follows the form, then the buttons.
        chain = [*self.chain, self.ok_button, self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)
        self.setMinimumWidth(600)
        self._shown = False

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._shown and self.chain:  # the cursor starts in the first field
            self._shown = True
            self.chain[0].setFocus()

    # -- what a subclass provides ------------------------------------------------------------------

    def title(self) -> str:
        raise NotImplementedError

    def build(self) -> None:
        """Add the fields (``add``)."""

    def values(self) -> dict[str, Any]:
        """What the clerk typed, as the service's keyword arguments (GUI thread; widgets only)."""
        return {}

    @staticmethod
    def service(desk: Any, code: str, actor: str, values: dict[str, Any]) -> dict[str, Any]:
        """The core's call (db worker)."""
        raise NotImplementedError

    # -- helpers -----------------------------------------------------------------------------------

    def ok_text(self) -> str:
        if self.form is None:
            return QCoreApplication.translate("actions", "&Ghi nhận (Ctrl+Enter)")
        return QCoreApplication.translate("actions", "&Ghi nhận và in {0} (Ctrl+Enter)").format(
            form_marker(self.session, self.form)
        )

    def add(self, key: str, label: str, widget: QWidget, hint: str = "", *, aliases: tuple[str, ...] = (),
            validator: Callable[[str], Any] | None = None, describe: Callable[[Any], str] | None = None,
            mark: QWidget | None = None) -> FieldBox:  # fmt: skip
        """A row of the form; ``key`` (and ``aliases``) are the core's field names whose refusals show here."""
        box = FieldBox(widget, hint, validator, describe, mark)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form_layout.addRow(caption, box)
        self.fields[key] = box
        for alias in aliases:
            self.aliases[alias] = key
        widget.setObjectName(f"{key}Field")
        self.chain.append(widget)
        return box

    def info(self, label: str, text: str) -> QLabel:
        value = QLabel(text)
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form_layout.addRow(QLabel(label), value)
        return value

    # -- submitting --------------------------------------------------------------------------------

    def on_submit(self) -> None:
        if self.busy:
            return
        for box in self.fields.values():
            box.clear()
        self.summary.hide()
        values = self.values()
        code, actor, call = self.code, self.session.actor, type(self).service
        self.busy = True
        self.ok_button.setEnabled(False)
        Op(self.session.db, lambda ctx: call(ctx.desk, code, actor, values), self).success(self.on_done).failure(
            self.on_failed
        ).run()

    def on_done(self, dossier: dict[str, Any]) -> None:
        self.busy = False
        self.result = dossier
        self.done.emit(dossier)
        self.accept()

    def on_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.ok_button.setEnabled(True)
        if not isinstance(exc, InvalidInput):
            from ui.errors import show_error

            show_error(exc, self)
            return
        self.show_refusal(exc)
        self.refused.emit(exc)

    def show_refusal(self, exc: InvalidInput) -> None:
        """The message under the field the core named; anything else under the form."""
        key = self.aliases.get(exc.field or "", exc.field or "")
        box = self.fields.get(key)
        if box is not None:
            box.show_error("\n".join(exc.errors))
            box.setFocus()
        else:
            self.summary.setText("\n".join(exc.errors))
            self.summary.show()
        QTimer.singleShot(0, self.grow_to_fit)

    def grow_to_fit(self) -> None:
        """Make room for a message that appeared (the dialog keeps its width; only its height grows)."""
        layout = self.layout()
        layout.activate()
        need = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
        if need > self.height():
            self.resize(self.width(), need)


def form_marker(session: Session, form: str) -> str:
    """«Mẫu số 02» in the desk's form set (the province's choice)."""
    from desk.setup import DEFAULT_FORM_SET
    from printing.formsets import FORM_SETS

    form_set = FORM_SETS.get(session.info.form_set if session.info else DEFAULT_FORM_SET) or FORM_SETS[DEFAULT_FORM_SET]
    spec = form_set.forms.get(form)
    return QCoreApplication.translate("actions", "Mẫu số {0}").format(spec.number) if spec else form


def _line(placeholder: str = "", text: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    return edit


def _text(placeholder: str = "", height: int = 4) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * height + 14)
    return edit


# -- the steps ------------------------------------------------------------------------------------------------


class TransferDialog(ActionDialog):
    kind = "transferred"

    def title(self) -> str:
        return self.tr("Chuyển, giao hồ sơ")

    def build(self) -> None:
        d = self.dossier
        here = self.session.info.agency_name if self.session.info else ""
        holder = d.get("holder") or here
        self.info(self.tr("Đơn vị giao:"), holder)
        suggestions = [x for x in (d["procedure"].get("deciding_agency"), here, d.get("holder")) if x]
        default = here if d.get("holder") and d.get("holder") != here else (d["procedure"].get("deciding_agency") or "")
        self.to_unit = _line(self.tr("Đơn vị (bộ phận) nhận hồ sơ"), default)
        self.to_unit.selectAll()
        completer = QCompleter(list(dict.fromkeys(suggestions)), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.to_unit.setCompleter(completer)
        self.add("to_unit", self.tr("Đơn vị &nhận:"), self.to_unit,
                 self.tr("Trả hồ sơ về bộ phận một cửa: ghi tên bộ phận một cửa."))  # fmt: skip
        self.to_person = _line(self.tr("không bắt buộc"))
        self.add("to_person", self.tr("&Người nhận:"), self.to_person)
        self.step_days = QDoubleSpinBox()
        self.step_days.setRange(0, 60)
        self.step_days.setSingleStep(0.5)
        self.step_days.setDecimals(1)
        self.step_days.setLocale(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))  # «1,5»
        self.step_days.setSuffix(self.tr(" ngày làm việc"))
        self.step_days.setSpecialValueText(self.tr("theo hẹn trả của hồ sơ"))
        self.add("step_due_at", self.tr("&Thời hạn bước này:"), self.step_days,
                 self.tr("Số ngày làm việc đơn vị nhận được giao để xử lý (0: đến hẹn trả của hồ sơ)."),
                 aliases=("step_working_days",))  # fmt: skip
        self.with_units = _line(self.tr("không bắt buộc; nhiều cơ quan cách nhau bởi dấu chấm phẩy (;)"))
        self.add("with_units", self.tr("Cơ quan &phối hợp:"), self.with_units,
                 self.tr("In ở mục «Cơ quan phối hợp giải quyết hồ sơ» của phiếu kiểm soát."))  # fmt: skip
        self.note = _line(self.tr("không bắt buộc"))
        self.add("note", self.tr("Ghi &chú:"), self.note, aliases=("at",))

    def values(self) -> dict[str, Any]:
        days = self.step_days.value()
        units = [u.strip() for u in self.with_units.text().split(";") if u.strip()]
        return {"to_unit": self.to_unit.text(), "to_person": self.to_person.text() or None,
                "step_working_days": days if days > 0 else None, "note": self.note.text() or None,
                "with_units": units}  # fmt: skip

    @staticmethod
    def service(desk: Any, code: str, actor: str, values: dict[str, Any]) -> dict[str, Any]:
        return workflow.transfer(desk, code, actor=actor, **values)


class SupplementDialog(ActionDialog):
    kind = "supplement_requested"
    form = "supplement"

    def title(self) -> str:
        return self.tr("Yêu cầu bổ sung, hoàn thiện hồ sơ")

    def build(self) -> None:
        self.items = _text(self.tr("Mỗi dòng một giấy tờ hoặc nội dung cần bổ sung"), 5)
        self.add("items", self.tr("&Cần bổ sung:"), self.items,
                 self.tr("Ghi một lần đủ mọi nội dung còn thiếu. Thời gian chờ bổ sung không tính vào hạn giải quyết."))  # fmt: skip
        self.reason = _line(self.tr("ví dụ: Giấy chứng sinh bị mờ, không đọc được"))
        self.add("reason", self.tr("&Lý do:"), self.reason, aliases=("at",))

    def values(self) -> dict[str, Any]:
        return {"items": lines(self.items.toPlainText()), "reason": self.reason.text()}

    @staticmethod
    def service(desk: Any, code: str, actor: str, values: dict[str, Any]) -> dict[str, Any]:
        return workflow.request_supplement(desk, code, actor=actor, **values)


class ReceiveSupplementDialog(ActionDialog):
    kind = "supplement_received"

    def title(self) -> str:
        return self.tr("Nhận hồ sơ bổ sung")

    def build(self) -> None:
        d = self.dossier
        requested = [e for e in d.get("events", []) if e["kind"] == "supplement_requested"]
        items = requested[-1]["payload"].get("items", []) if requested else []
        self.requested = self.info(self.tr("Đã yêu cầu:"), "\n".join(f"• {i}" for i in items) or "—")
        self.info(self.tr("Chờ bổ sung từ:"), formatting.appointment(d.get("paused_at")))
        self.info(self.tr("Hẹn trả hiện tại:"), formatting.appointment(d["due_at"]))
        explain = QLabel(self.tr("Hẹn trả mới = hẹn trả hiện tại cộng thời gian làm việc đã chờ bổ sung; "
                                 "phần mềm tính và hiện ngay sau khi ghi nhận."))  # fmt: skip
        explain.setWordWrap(True)
        explain.setStyleSheet(HINT_STYLE)
        self.form_layout.addRow(explain)
        self.note = _line(self.tr("không bắt buộc, ví dụ: đã nộp Giấy chứng sinh bản chính"))
        self.add("note", self.tr("Ghi &chú:"), self.note, aliases=("at",))

    def values(self) -> dict[str, Any]:
        return {"note": self.note.text() or None}

    @staticmethod
    def service(desk: Any, code: str, actor: str, values: dict[str, Any]) -> dict[str, Any]:
        return workflow.receive_supplement(desk, code, actor=actor, **values)


class ExtendDialog(ActionDialog):
    kind = "apologized_extended"
    form = "apology"

    suggested = Signal()

    def title(self) -> str:
        return self.tr("Xin lỗi và hẹn lại ngày trả kết quả")

    def build(self) -> None:
        d = self.dossier
        self.info(self.tr("Hẹn trả hiện tại:"), formatting.appointment(d["due_at"]))
        if d.get("extensions"):
            self.info(self.tr("Hẹn trả ban đầu:"), formatting.appointment(d.get("original_due_at")))
        due = formatting.parse(d["due_at"]) or timeutil.now()
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setDate(QDate(due.year, due.month, due.day).addDays(1))
        self.time = QTimeEdit()
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(QTime(due.hour, due.minute))
        when = QWidget()
        row = QHBoxLayout(when)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date, 1)
        at = QLabel(self.tr("lúc"))
        row.addWidget(at)
        row.addWidget(self.time)
        box = self.add("new_due_at", self.tr("Hẹn trả &mới:"), when,
                       self.tr("Một ngày làm việc, sau hẹn trả hiện tại."), mark=self.date)  # fmt: skip
        box.setFocusProxy(self.date)
        self.chain[-1] = self.date
        self.chain.append(self.time)
        self._touched = False
        self.date.dateChanged.connect(self.on_date_changed)
        self.late_unit = _line(self.tr("đơn vị (bộ phận) làm chậm"),
                               d.get("holder") or d["procedure"].get("deciding_agency") or "")  # fmt: skip
        self.add("late_unit", self.tr("Đơn vị &làm chậm:"), self.late_unit)
        self.reason = _text(self.tr("Lý do chậm trả kết quả"), 3)
        self.add("reason", self.tr("Lý &do:"), self.reason)
        self.letter_no = _line(self.tr("để trống: phần mềm tự đánh số; hoặc số do văn thư cấp, ví dụ 12/XL-UBND"))
        self.add("letter_no", self.tr("&Số văn bản:"), self.letter_no)
        # The law asks for the letter no later than the appointment: once it has passed, the clerk confirms.
        self.late_notice = QCheckBox(self.tr("Tôi biết văn bản này gửi sau thời điểm hẹn trả"))
        self.late_box = self.add("late_notice", self.tr("&Gửi muộn:"), self.late_notice,
                                 self.tr("Hẹn trả đã qua: văn bản xin lỗi phải gửi chậm nhất vào thời điểm hẹn trả. "
                                         "Nếu vẫn gửi, văn bản sẽ ghi rõ là gửi muộn."))  # fmt: skip
        self.form_layout.setRowVisible(self.late_box, due < timeutil.now())
        self._suggest(due)

    def show_refusal(self, exc: InvalidInput) -> None:
        if exc.field == "late_notice":  # the appointment passed while the dialog was open
            self.form_layout.setRowVisible(self.late_box, True)
        super().show_refusal(exc)

    def _suggest(self, due: dt.datetime) -> None:
        """Offer the next working day after the current appointment (the core's calendar, in the db worker)."""

        def work(ctx: Any) -> dt.datetime:
            from desk.appointment import add_working_time

            cal = ctx.desk.calendar()
            return add_working_time(due, cal.day_length, cal)

        def got(when: dt.datetime) -> None:
            if not self._touched:
                when = timeutil.to_vn(when)
                self.date.blockSignals(True)
                self.date.setDate(QDate(when.year, when.month, when.day))
                self.time.setTime(QTime(when.hour, when.minute))
                self.date.blockSignals(False)
            self.suggested.emit()

        Op(self.session.db, work, self).success(got).failure(lambda _exc: self.suggested.emit()).run()

    def on_date_changed(self, _date: Any) -> None:
        self._touched = True

    def values(self) -> dict[str, Any]:
        day, time = self.date.date(), self.time.time()
        new_due = dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=timeutil.VN_TZ)
        return {"new_due_at": new_due, "reason": self.reason.toPlainText(), "late_unit": self.late_unit.text(),
                "letter_no": self.letter_no.text() or None,
                "late_notice": self.late_notice.isChecked() and self.late_box.isVisible()}  # fmt: skip

    @staticmethod
    def service(desk: Any, code: str, actor: str, values: dict[str, Any]) -> dict[str, Any]:
        return workflow.extend(desk, code, actor=actor, **values)


class ResultDialog(ActionDialog):
    kind = "result_ready"

    def title(self) -> str:
        return self.tr("Đã có kết quả giải quyết")

    def build(self) -> None:
        d = self.dossier
        self.info(self.tr("Hẹn trả:"), formatting.appointment(d["due_at"]))
        if d.get("extensions"):
            self.info(self.tr("Hẹn trả ban đầu:"), formatting.appointment(d.get("original_due_at")))
        self.result_text = _line(d["procedure"].get("result") or self.tr("ví dụ: Giấy khai sinh (bản chính)"))
        self.add("result", self.tr("&Kết quả:"), self.result_text,
                 self.tr("Không bắt buộc. Trước hạn / đúng hạn / quá hạn do phần mềm xác định."), aliases=("at",))  # fmt: skip

    def values(self) -> dict[str, Any]:
        return {"result": self.result_text.text() or None}

    @staticmethod
    def service(desk: Any, code: str, actor: str, values: dict[str, Any]) -> dict[str, Any]:
        return workflow.result_ready(desk, code, actor=actor, **values)


def _describe_id(value: validation.IdNumber) -> str:
    return validation.ID_KINDS.get(value.kind, value.kind)


class ReturnDialog(ActionDialog):
    kind = "result_returned"

    def title(self) -> str:
        return self.tr("Trả kết quả")

    def build(self) -> None:
        d = self.dossier
        self.at_desk = QRadioButton(self.tr("Tại &quầy (người nhận xuất trình giấy tờ)"))
        self.by_post = QRadioButton(self.tr("Qua &bưu chính công ích"))
        group = QButtonGroup(self)
        group.addButton(self.at_desk)
        group.addButton(self.by_post)
        (self.by_post if d.get("delivery") == "post" else self.at_desk).setChecked(True)
        how = QWidget()
        row = QHBoxLayout(how)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.at_desk)
        row.addWidget(self.by_post)
        row.addStretch(1)
        self.add("by_post", self.tr("Cách trả:"), how)
        self.chain[-1] = self.at_desk
        self.chain.append(self.by_post)
        self.collected_by = _line(self.tr("Họ và tên người nhận kết quả"), d["applicant"]["name"])
        self.add("collected_by", self.tr("Người &nhận:"), self.collected_by, aliases=("name",),
                 validator=validation.person_name)  # fmt: skip
        self.id_number = _line(self.tr("số giấy tờ người nhận xuất trình"))
        self.id_box = self.add("id_number", self.tr("Số &giấy tờ:"), self.id_number,
                               self.tr("Số định danh 12 chữ số (CCCD), CMND 9 chữ số hoặc hộ chiếu."),
                               validator=validation.id_number, describe=_describe_id)  # fmt: skip
        self.tracking = _line(self.tr("mã bưu gửi, không bắt buộc"))
        self.add("post_tracking", self.tr("&Mã bưu gửi:"), self.tracking, aliases=("at",))
        self.by_post.toggled.connect(self.on_how_changed)
        self.on_how_changed(self.by_post.isChecked())

    def on_how_changed(self, post: bool) -> None:
        self.tracking.setEnabled(post)
        self.id_number.setEnabled(not post)

    def values(self) -> dict[str, Any]:
        post = self.by_post.isChecked()
        return {"collected_by": self.collected_by.text(), "id_number": None if post else self.id_number.text(),
                "by_post": post, "post_tracking": self.tracking.text() or None if post else None}  # fmt: skip

    @staticmethod
    def service(desk: Any, code: str, actor: str, values: dict[str, Any]) -> dict[str, Any]:
        return workflow.return_result(desk, code, actor=actor, **values)


def parse_amount(text: str) -> int | str:
    """«2.000», «2 000 đồng» → 2000; anything else is handed to the core as typed, which words the refusal."""
    digits = text.replace(".", "").replace(" ", "").replace("đồng", "").replace("đ", "").strip()
    return int(digits) if digits.isdigit() else text.strip() or 0


class PayDialog(ActionDialog):
    kind = "fee_paid"

    def title(self) -> str:
        return self.tr("Thu phí, lệ phí")

    def build(self) -> None:
        d, p = self.dossier, self.dossier["procedure"]
        fee = QLabel(p.get("fee_text") or self.tr("Danh mục không ghi phí, lệ phí của thủ tục này."))
        fee.setObjectName("feeText")
        fee.setWordWrap(True)
        fee.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        fee.setStyleSheet("background: #fffbe9; padding: 6px; border: 1px solid #e5d9a8;")
        self.form_layout.addRow(QLabel(self.tr("Theo danh mục:")), fee)
        if p.get("fee_amount") is not None:
            self.info(self.tr("Mức thu:"), money(p["fee_amount"]))
        if d.get("fee_paid"):
            self.info(self.tr("Đã thu trước đây:"), money(d["fee_paid"]))
        default = p.get("fee_amount")
        self.amount = _line(self.tr("số tiền, ví dụ 10.000"), f"{default:,}".replace(",", ".") if default else "")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.add("amount", self.tr("Số &tiền (đồng):"), self.amount)
        self.receipt_no = _line(self.tr("số biên lai thu phí, lệ phí"))
        self.add("receipt_no", self.tr("Số &biên lai:"), self.receipt_no)

    def values(self) -> dict[str, Any]:
        return {"amount": parse_amount(self.amount.text()), "receipt_no": self.receipt_no.text()}

    @staticmethod
    def service(desk: Any, code: str, actor: str, values: dict[str, Any]) -> dict[str, Any]:
        return workflow.pay(desk, code, actor=actor, **values)


class RefuseDialog(ActionDialog):
    kind = "refused"
    form = "refusal"

    def title(self) -> str:
        return self.tr("Từ chối giải quyết hồ sơ")

    def build(self) -> None:
        self.reasons = _text(self.tr("Mỗi dòng một lý do từ chối"), 5)
        self.add("reasons", self.tr("&Lý do:"), self.reasons,
                 self.tr("Hồ sơ chuyển sang trạng thái «Không được tiếp nhận»; phiếu từ chối được in cho công dân."))  # fmt: skip

    def values(self) -> dict[str, Any]:
        return {"reasons": lines(self.reasons.toPlainText())}

    @staticmethod
    def service(desk: Any, code: str, actor: str, values: dict[str, Any]) -> dict[str, Any]:
        return workflow.refuse(desk, code, actor=actor, **values)


class WithdrawDialog(ActionDialog):
    kind = "withdrawn"

    def title(self) -> str:
        return self.tr("Công dân rút hồ sơ")

    def build(self) -> None:
        self.reason = _line(self.tr("không bắt buộc"))
        self.add("reason", self.tr("&Lý do:"), self.reason,
                 self.tr("Hồ sơ kết thúc ở trạng thái «Công dân yêu cầu rút hồ sơ»; không xử lý tiếp được."))  # fmt: skip

    def values(self) -> dict[str, Any]:
        return {"reason": self.reason.text() or None}

    @staticmethod
    def service(desk: Any, code: str, actor: str, values: dict[str, Any]) -> dict[str, Any]:
        return workflow.withdraw(desk, code, actor=actor, **values)


class StopDialog(ActionDialog):
    kind = "stopped"
    form = "stop"

    def title(self) -> str:
        return self.tr("Dừng giải quyết hồ sơ")

    def build(self) -> None:
        self.reason = _text(self.tr("Lý do dừng giải quyết"), 3)
        self.add("reason", self.tr("&Lý do:"), self.reason)
        self.decided_by = _line(self.tr("người có thẩm quyền quyết định dừng, không bắt buộc"))
        self.add("decided_by", self.tr("&Người quyết định:"), self.decided_by)
        self.letter_no = _line(self.tr("để trống: phần mềm tự đánh số; hoặc số do văn thư cấp"))
        self.add("letter_no", self.tr("&Số thông báo:"), self.letter_no)

    def values(self) -> dict[str, Any]:
        return {"reason": self.reason.toPlainText(), "decided_by": self.decided_by.text() or None,
                "letter_no": self.letter_no.text() or None}  # fmt: skip

    @staticmethod
    def service(desk: Any, code: str, actor: str, values: dict[str, Any]) -> dict[str, Any]:
        return workflow.stop(desk, code, actor=actor, **values)


_VALIDATORS: dict[str, tuple[Callable[[str], Any] | None, Callable[[Any], str] | None]] = {
    "name": (validation.person_name, None),
    "id_number": (validation.id_number, _describe_id),
    "phone": (validation.phone, lambda v: v),
    "email": (validation.email, lambda v: v),
    "address": (None, None),
}


class CorrectDialog(ActionDialog):
    kind = "corrected"

    def title(self) -> str:
        return self.tr("Sửa thông tin người nộp")

    def build(self) -> None:
        self.field = QComboBox()
        for key in CORRECTABLE:
            self.field.addItem(translated(FIELD_LABELS.get(key, key)), key)
        self.add("field", self.tr("&Thông tin:"), self.field)
        self.old = self.info(self.tr("Đang ghi:"), "")
        self.old.setObjectName("oldValue")
        self.value = _line()
        self.value_box = self.add("value", self.tr("Giá trị &mới:"), self.value,
                                  self.tr("Giá trị cũ vẫn được giữ trong nhật ký của hồ sơ."),
                                  aliases=tuple(CORRECTABLE))  # fmt: skip
        self.value.textEdited.connect(lambda _t: self.check_value(final=False))
        self.value.editingFinished.connect(lambda: self.check_value(final=True))
        self.reason = _line(self.tr("ví dụ: gõ nhầm khi tiếp nhận"))
        self.add("reason", self.tr("&Lý do sửa:"), self.reason)
        self.field.currentIndexChanged.connect(self.on_field_changed)
        self.on_field_changed(0)

    def on_field_changed(self, _index: int) -> None:
        key = self.field.currentData()
        old = self.dossier["applicant"].get(key)
        self.old.setText(old or "—")
        self.value.setText(old or "")
        self.value.selectAll()
        self.value_box.validator, self.value_box.describe = _VALIDATORS.get(key, (None, None))
        self.value_box.clear()

    def check_value(self, *, final: bool) -> None:
        if self.value_box.validator is not None:
            self.value_box.check(final=final)

    def values(self) -> dict[str, Any]:
        return {"field": self.field.currentData(), "value": self.value.text(), "reason": self.reason.text()}

    @staticmethod
    def service(desk: Any, code: str, actor: str, values: dict[str, Any]) -> dict[str, Any]:
        return workflow.correct(desk, code, actor=actor, **values)


@dataclass(frozen=True)
class Step:
    """One step on the detail screen: its key (Alt+key), the event kind and its dialog."""

    key: str
    dialog: type[ActionDialog]

    @property
    def kind(self) -> str:
        return self.dialog.kind


# In the order of a dossier's life; the keys are the digits a clerk presses with Alt.
STEPS = (
    Step("1", TransferDialog),
    Step("2", SupplementDialog),
    Step("3", ReceiveSupplementDialog),
    Step("4", ExtendDialog),
    Step("5", ResultDialog),
    Step("6", ReturnDialog),
    Step("7", PayDialog),
    Step("8", RefuseDialog),
    Step("9", WithdrawDialog),
    Step("0", StopDialog),
    Step("S", CorrectDialog),
)


def step_labels() -> dict[str, str]:
    """The buttons' texts (the core's, short; the dialog's title says it in full)."""
    return {kind: core_label(step.action) for kind, step in lifecycle.STEPS.items()}
