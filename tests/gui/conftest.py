"""Fixtures shared by the GUI tests: settings in a temp dir, a desk with its lead clerk, a signed-in main window.

The plain helpers (CLERK, OFFSCREEN_NOISE, type_text, make_window, sign_in, idle) are in tests/helpers/gui.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import AGENCY
from tests.helpers.gui import CLERK, make_window, sign_in


@pytest.fixture
def qt_settings(tmp_path: Path, qapp):
    """QSettings of the app written under tmp_path, not the user's."""
    from ui.qt import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    # ui.session.settings() is QSettings(organisation, application): NativeFormat, whose path on Linux is its own
    # (~/.config), not IniFormat's. Without the second setPath every test read, wrote and cleared the user's
    # ~/.config/MotCuaDesk/desk.conf, and test runs on one machine wiped each other's keys.
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    qapp.setOrganizationName("MotCuaDesk")
    qapp.setApplicationName("desk")
    from ui.session import settings

    # elsewhere NativeFormat is the registry or a plist, which setPath does not move: fail rather than touch them
    assert Path(settings().fileName()).is_relative_to(tmp_path), settings().fileName()
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


@pytest.fixture
def window(qtbot, qt_settings, desk_with_clerk):
    """The main window, signed in as the lead clerk, on the home tab."""
    w = make_window(qtbot, desk_with_clerk)
    w.start()
    sign_in(qtbot, w)
    yield w
    w.close()
