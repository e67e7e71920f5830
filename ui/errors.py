"""Errors in the GUI: environment errors get a short message and the next step; bugs get details and the log path."""

from __future__ import annotations

import logging
import sqlite3
import sys
import traceback
from pathlib import Path

from desk import db
from desk.errors import DeskError, InvalidInput
from desk.logsafe import redacted_exception
from ui.qt import QApplication, QCoreApplication, QMessageBox, Qt, QWidget

log = logging.getLogger("desk.gui")

_LOG_PATH: Path | None = None


def set_log_path(path: Path | None) -> None:
    global _LOG_PATH
    _LOG_PATH = path


def log_path() -> Path | None:
    return _LOG_PATH


def _sqlite_condition(exc: BaseException) -> str | None:
    """What an SQLite error says about the PC (busy, disk full, disk failing), or None: then it is a bug of ours
    (no such table, a wrong statement, …) and must not be shown as «wait a few seconds»."""
    if not isinstance(exc, sqlite3.OperationalError | db.OperationalError):  # the store's driver is SQLCipher's
        return None
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "busy"
    if "full" in text:
        return "full"
    if "disk i/o" in text or "unable to open" in text:
        return "io"
    return None


def is_environment(exc: BaseException) -> bool:
    """Errors the clerk can act on (refused input, full disk, busy store, missing printer or file)."""
    return isinstance(exc, DeskError | OSError) or _sqlite_condition(exc) is not None


def message_of(exc: BaseException) -> str:
    """The Vietnamese message of an environment error (the core words its own errors)."""
    if isinstance(exc, InvalidInput) and len(exc.errors) > 1:
        return exc.message + "\n" + "\n".join(f"• {e}" for e in exc.errors)
    if isinstance(exc, DeskError):
        return exc.message
    if isinstance(exc, OSError):
        if exc.errno is None and exc.args:  # raised by the app with its own Vietnamese words (a printer, say)
            return str(exc.args[0])
        if getattr(exc, "errno", None) == 28:
            return QCoreApplication.translate("errors", "Ổ đĩa đã đầy. Giải phóng dung lượng ổ đĩa rồi thử lại.")
        return QCoreApplication.translate("errors", "Không đọc/ghi được tệp: {0}").format(exc.strerror or exc)
    condition = _sqlite_condition(exc)
    if condition == "busy":
        return QCoreApplication.translate(
            "errors", "Dữ liệu đang bận (một chương trình khác đang ghi). Đợi vài giây rồi thử lại."
        )
    if condition == "full":
        return QCoreApplication.translate("errors", "Ổ đĩa đã đầy. Giải phóng dung lượng ổ đĩa rồi thử lại.")
    if condition == "io":
        return QCoreApplication.translate(
            "errors", "Không đọc/ghi được ổ đĩa chứa dữ liệu. Kiểm tra ổ đĩa; báo bộ phận CNTT nếu lỗi lặp lại."
        )
    return str(exc)


def details_of(exc: BaseException) -> str:
    text = getattr(exc, "__traceback_text__", None)
    return text or "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))


def show_error(exc: BaseException, parent: QWidget | None = None) -> QMessageBox:
    """Show an error without blocking (the box is opened, not exec'd)."""
    parent = parent if isinstance(parent, QWidget) else QApplication.activeWindow()
    box = QMessageBox(parent)
    box.setObjectName("errorBox")
    if is_environment(exc):
        log.warning("environment error: %s", type(exc).__name__)  # its message may name a citizen
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("errors", "Không thực hiện được"))
        box.setText(message_of(exc))
    else:
        log.error("bug: %s", redacted_exception(exc))
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("errors", "Lỗi phần mềm"))
        where = str(_LOG_PATH) if _LOG_PATH else QCoreApplication.translate("errors", "(chưa có tệp nhật ký)")
        box.setText(
            QCoreApplication.translate(
                "errors",
                "Phần mềm gặp lỗi không mong muốn. Công việc đã lưu không bị mất.\n"
                "Gửi nội dung chi tiết và tệp nhật ký cho bộ phận CNTT: {0}",
            ).format(where)
        )
        box.setDetailedText(details_of(exc))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def install_excepthook() -> None:
    """Uncaught exceptions in slots go to the bug dialog instead of vanishing."""
    previous = sys.excepthook

    def hook(kind, value, tb):
        if QApplication.instance() is None:
            previous(kind, value, tb)
            return
        value.__traceback_text__ = "".join(traceback.format_exception(kind, value, tb))
        show_error(value)

    sys.excepthook = hook
