"""Helpers of the GUI tests (tests/gui/): the clerk, the offscreen-noise mark, typing, a window, sign-in, idle.

The fixtures built on them (``qt_settings``, ``desk_with_clerk``, ``window``) are in tests/gui/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# The offscreen platform plugin warns whenever a top-level window's minimum/maximum size changes (QWizard and
# QMessageBox do so as they lay out); xcb and Windows do not. Every GUI test module applies this mark.
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

CLERK = {"username": "hoa.lt", "full_name": "Lê Thị Hoa", "password": "mat-khau-1"}


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
    window.backup_soon.setInterval(0)  # today's backup at once (20 s after sign-in in use): the tests look at it
    window.sync_soon.setInterval(0)  # sync at once too (1.5 s after sign-in in use)
    qtbot.addWidget(window, before_close_func=lambda w: w.session.stop())
    window.show()
    return window


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


def stored(data_dir, code) -> dict:
    from desk.service import Desk

    d = Desk.open(data_dir, as_user=CLERK["username"], password=CLERK["password"])
    try:
        return d.dossier(code)
    finally:
        d.close()


def open_detail(qtbot, w, code):
    idle(qtbot, w)
    with qtbot.waitSignal(w.detail_opened, timeout=10_000) as opened:
        w.open_dossier(code)
    detail = opened.args[0]
    qtbot.waitUntil(lambda: detail.dossier is not None, timeout=10_000)
    return detail


def press_step(qtbot, detail, key):
    """Alt+<key> on the detail screen opens the step's dialog."""
    from ui.qt import Qt

    qtbot.waitUntil(detail.isActiveWindow, timeout=5_000)  # back from the last dialog or preview
    with qtbot.waitSignal(detail.action_opened, timeout=5_000) as opened:
        qtbot.keyClick(detail, key, Qt.KeyboardModifier.AltModifier)
    dialog = opened.args[0]
    assert dialog.isVisible()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    return dialog


def submit(qtbot, detail, dialog):
    """Ctrl+Enter records the step; the detail shows the dossier after it."""
    from ui.qt import QApplication, Qt

    with qtbot.waitSignal(detail.action_done, timeout=10_000) as done:
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return done.args[1]
