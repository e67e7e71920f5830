"""Languages: Vietnamese (the source strings) by default, English from resources/i18n/desk_en.qm."""

from __future__ import annotations

from pathlib import Path

from ui.qt import QApplication, QFontDatabase, QLibraryInfo, QLocale, QTranslator

I18N = Path(__file__).resolve().parent.parent / "resources" / "i18n"
FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}

_installed: list[QTranslator] = []


def install(app: QApplication, lang: str) -> bool:
    """Install the translators of ``lang`` (nothing to do for Vietnamese). Returns whether a .qm was loaded."""
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if lang == "vi":
        # Qt ships no Vietnamese for its own strings (context menus, file dialogs, message-box buttons): the
        # project's resources/i18n/qtbase_vi.qm has those a clerk meets; Qt's own file wins where there is one.
        for folder in (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), str(I18N)):
            qt = QTranslator(app)
            if qt.load(QLocale("vi"), "qtbase", "_", folder):
                app.installTranslator(qt)
                _installed.append(qt)
                break
        return False
    ours = QTranslator(app)
    if not ours.load(str(I18N / f"desk_{lang}.qm")):
        return False
    app.installTranslator(ours)
    _installed.append(ours)
    return True


def register_fonts() -> list[str]:
    """Register the shipped TTFs so Vietnamese renders where the system lacks fonts."""
    families = []
    for path in sorted(FONTS.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families
