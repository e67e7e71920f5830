"""Fixtures shared by the GUI tests: settings in a temp dir, a signed-in main window on a fresh desk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import AGENCY

# The offscreen platform plugin warns whenever a top-level window's minimum/maximum size changes (QWizard and
# QMessageBox do so as they lay out); xcb and Windows do not. Every GUI test module applies this mark.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

CLERK = {"username": "hoa.lt", "full_name": "Lê Thị Hoa", "password": "mat-khau-1"}


@pytest.fixture
def qt_settings(tmp_path: Path, qapp):
    """QSettings of the app written under tmp_path, not the user's."""
    from ui.qt import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    qapp.setOrganizationName("MotCuaDesk")
    qapp.setApplicationName("desk")
    from ui.session import settings

    settings().clear()
    settings().setValue("print/printer", "__pdf_file__")  # no printer on the test machine: the PDF-file printer
    yield tmp_path / "settings"
    settings().clear()


@pytest.fixture
def desk_with_clerk(data_dir: Path):
    """An initialised desk with one lead clerk (the sample catalog and calendar)."""
    from desk.accounts import add_clerk
    from desk.service import init_desk

    d = init_desk(data_dir, agency_code=AGENCY, agency_name="Trung tâm Phục vụ hành chính công xã Tân Phú",
                  parent_name="UBND XÃ TÂN PHÚ", place="Tân Phú")  # fmt: skip
    add_clerk(d.store, role="lead", actor="cài đặt", **CLERK)
    d.close()
    return data_dir


def type_text(qtbot, widget, text: str) -> None:
    """Type like a keyboard, one key event per character (QTest.keyClicks only knows ASCII)."""
    from ui.qt import QApplication, QEvent, QKeyEvent, Qt

    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def make_window(qtbot, data_dir: Path):
    from ui.app import create_window

    window = create_window(data_dir, lang="vi")
    qtbot.addWidget(window, before_close_func=lambda w: w.session.stop())
    window.show()
    return window


@pytest.fixture
def window(qtbot, qt_settings, desk_with_clerk):
    """The main window, signed in as the lead clerk, on the home tab."""
    w = make_window(qtbot, desk_with_clerk)
    w.start()
    sign_in(qtbot, w)
    yield w
    w.close()


def sign_in(qtbot, w, username: str = CLERK["username"], password: str = CLERK["password"]) -> None:
    from ui.qt import Qt

    page = w.sign_in
    qtbot.waitUntil(lambda: w.session.info is not None)
    page.username.clear()
    page.password.clear()
    page.username.setFocus()
    qtbot.keyClicks(page.username, username)
    qtbot.keyClick(page.username, Qt.Key.Key_Return)
    qtbot.keyClicks(page.password, password)
    with qtbot.waitSignal(w.ready, timeout=10_000):
        qtbot.keyClick(page.password, Qt.Key.Key_Return)


def idle(qtbot, w) -> None:
    """Wait until every worker has run what was posted to it."""
    s = w.session
    qtbot.waitUntil(lambda: all(x.pending == 0 for x in s.workers), timeout=10_000)
