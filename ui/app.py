"""The GUI's entry point: ``desk gui`` calls ``main(data_dir=...)``."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from desk import paths
from desk.logsafe import RedactingFormatter

ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "desk.svg"


def setup_logging(data_dir: Path) -> Path:
    """Log to <data dir>/logs/desk.log (rotated); the bug dialog names this file."""
    path = paths.log_path(data_dir)
    paths.make_dir(path.parent)
    root = logging.getLogger()
    if not any(getattr(h, "_desk", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
        # tracebacks without values: no citizen's personal data in the log (desk/logsafe.py)
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
        handler._desk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path


def create_window(data_dir: Path, *, lang: str | None = None):
    """The application's window (QApplication must exist): fonts, language, logging, then the main window."""
    from ui import errors, gc_guard, i18n
    from ui.main_window import MainWindow
    from ui.qt import QApplication, QIcon
    from ui.session import ORGANISATION, Session, settings

    app = QApplication.instance()
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName("desk")
    gc_guard.install(app)
    i18n.register_fonts()
    i18n.install(app, lang or settings().value("ui/language", "vi"))
    errors.set_log_path(setup_logging(data_dir))
    if ICON.exists():
        app.setWindowIcon(QIcon(str(ICON)))
    return MainWindow(Session(data_dir))


def main(argv: list[str] | None = None, data_dir: Path | None = None, notice: str | None = None) -> int:
    """Run the clerk's GUI on the desk in ``data_dir`` (the platform's data dir by default); ``notice``: something to
    tell the clerk once (the migration of a per-user store into the PC's)."""
    from ui import errors
    from ui.qt import QApplication

    argv = list(sys.argv if argv is None else argv)
    data_dir = Path(data_dir) if data_dir is not None else paths.data_dir()
    os.environ.setdefault("QT_ENABLE_HIGHDPI_SCALING", "1")
    app = QApplication.instance() or QApplication(argv)
    window = create_window(data_dir)
    errors.install_excepthook()
    window.show()
    window.start()
    if notice:
        from ui.qt import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Information, "Một cửa", notice, QMessageBox.StandardButton.Ok, window)
        box.setObjectName("startNotice")
        box.open()
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
