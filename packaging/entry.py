"""Entry point of the frozen app (PyInstaller script), one script for both executables of the bundle.

- ``desk`` / ``desk.exe``: the command line (``desk selfcheck``, ``desk --version``, ``desk gui`` …).
- ``desk-gui`` / ``desk-gui.exe`` (windowed on Windows; a symlink to ``desk`` on Linux): the clerk's window,
  i.e. ``desk gui`` with the same options.

``DESK_PACKAGING_SMOKE=gui`` makes the frozen app start its real window on a throw-away data dir, let it run for
a moment (``DESK_PACKAGING_SMOKE_MS``, 1500), check what packaging must provide (a Qt platform plugin, the shipped
Vietnamese font registered and the default font covering Vietnamese, the SVG icon, the app's translations, no
error dialog, no traceback in the log), optionally save a picture of the first window
(``DESK_PACKAGING_SMOKE_SHOT=file.png``), and exit 0 or 1 with a JSON report on stdout (and in
``DESK_PACKAGING_SMOKE_OUT`` if set: the windowed desk-gui.exe has no stdout). packaging/check.sh and the release
workflow use it; it is a packaging test hook, not a user feature.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _fix_windowed_streams() -> None:
    """A windowed Windows executable has no console: sys.stdout/stderr are None, and the CLI writes to them."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process


def _program_name(path: str) -> str:
    """``desk-gui`` from /opt/desk/desk-gui or C:\\Program Files\\MotCuaDesk\\desk-gui.exe, on any system."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name.removesuffix(".exe")


def _invoked_as_gui() -> bool:
    """desk-gui.exe on Windows (sys.executable); the desk-gui symlink on Linux (argv[0] keeps the link's name)."""
    return "desk-gui" in {_program_name(sys.executable or ""), _program_name(sys.argv[0] if sys.argv else "")}


VIETNAMESE_SAMPLE = "Tiếp nhận hồ sơ: Nguyễn Văn Đức, Trần Thị Ngọc Ánh — Bộ phận Một cửa xã"


def _gui_smoke() -> int:
    """Start the real GUI offscreen (or on whatever QT_QPA_PLATFORM says) and check what packaging provides."""
    import json
    import tempfile

    from PySide6.QtCore import QLibraryInfo, QTimer
    from PySide6.QtGui import QFontDatabase, QFontMetrics
    from PySide6.QtWidgets import QApplication, QMessageBox

    import ui.app

    ms = int(os.environ.get("DESK_PACKAGING_SMOKE_MS", "1500"))
    report: dict[str, object] = {}
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="desk-gui-smoke-") as tmp:
        os.environ.setdefault("DESK_MACHINE_CONFIG", str(Path(tmp) / "no-machine-config.json"))
        app = QApplication.instance() or QApplication([sys.argv[0]])
        seen_dialogs: list[str] = []
        shown: list[str] = []

        shot = os.environ.get("DESK_PACKAGING_SMOKE_SHOT")

        def look() -> None:
            for w in QApplication.topLevelWidgets():
                if w.isVisible():
                    if shot and not shown:
                        w.grab().save(shot)
                    shown.append(f"{type(w).__name__}: {w.windowTitle()}")
                    if isinstance(w, QMessageBox):
                        seen_dialogs.append(w.text())
            app.quit()

        QTimer.singleShot(ms, look)
        rc = ui.app.main([sys.argv[0]], data_dir=Path(tmp) / "data")
        families = QFontDatabase.families()
        font = QApplication.font()
        metrics = QFontMetrics(font)
        missing = sorted({ch for ch in VIETNAMESE_SAMPLE if not ch.isspace() and not metrics.inFontUcs4(ord(ch))})
        icon = app.windowIcon()
        report = {
            "platform": QApplication.platformName(),
            "exec_rc": rc,
            "shipped_font": "Liberation Serif" in families,
            "font_families": len(families),
            "default_font": font.family(),
            "default_font_missing_glyphs": "".join(missing),
            "icon": not icon.isNull() and not icon.pixmap(32, 32).isNull(),
            "qtbase_translations": sorted(
                p.name for p in Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)).glob("qtbase_*.qm")
            ),
            "app_translations": sorted(
                p.name for p in (Path(ui.app.__file__).parent.parent / "resources").rglob("*.qm")
            ),
            "shown": shown,
            "dialogs": seen_dialogs,
        }
        log = Path(tmp) / "data" / "logs" / "desk.log"
        if log.exists() and "Traceback" in log.read_text(encoding="utf-8", errors="replace"):
            problems.append(f"traceback in the log: {log.read_text(encoding='utf-8', errors='replace')[-2000:]}")
        app.closeAllWindows()
    if rc != 0:
        problems.append(f"the event loop ended with {rc}")
    if not report["shipped_font"]:
        problems.append("the shipped font (Liberation Serif) is not registered")
    if report["default_font_missing_glyphs"]:
        problems.append(f"the default font {report['default_font']!r} lacks {report['default_font_missing_glyphs']}")
    if not report["icon"]:
        problems.append("the window icon (SVG) did not load: the svg iconengine/imageformat plugin is missing")
    if "desk_en.qm" not in report["app_translations"]:
        problems.append("the app's English translation (resources/i18n/desk_en.qm) is missing")
    if not shown:
        problems.append("no window was shown")
    if seen_dialogs:
        problems.append(f"a message box was open: {seen_dialogs}")
    report["problems"] = problems
    report["result"] = "OK" if not problems else "FAIL"
    text = json.dumps(report, ensure_ascii=False, indent=1)
    print(text)
    out = os.environ.get("DESK_PACKAGING_SMOKE_OUT")  # the windowed desk-gui.exe has no stdout
    if out:
        Path(out).write_text(text + "\n", encoding="utf-8")
    return 0 if not problems else 1


def run() -> int:
    _fix_windowed_streams()
    if os.environ.get("DESK_PACKAGING_SMOKE") == "gui":
        return _gui_smoke()
    from desk.cli import gui_main, main

    return gui_main() if _invoked_as_gui() else main()


if __name__ == "__main__":
    sys.exit(run())
