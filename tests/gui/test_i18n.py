"""Translations: every English string keeps its placeholders; the .qm is current and switches the GUI to English."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.helpers.gui import OFFSCREEN_NOISE

pytestmark = OFFSCREEN_NOISE

I18N = Path(__file__).resolve().parents[2] / "resources" / "i18n"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def messages():
    for m in ET.parse(I18N / "desk_en.ts").getroot().iter("message"):
        yield m.findtext("source"), m.find("translation")


def test_translations_keep_their_placeholders_and_are_finished():
    problems = []
    for source, tr in messages():
        if tr.get("type") == "unfinished" or not tr.text:
            problems.append(f"unfinished: {source!r}")
            continue
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(tr.text)):
            problems.append(f"placeholders differ: {source!r} -> {tr.text!r}")
    assert problems == []


def test_every_string_of_the_code_is_in_the_ts_file(tmp_path):
    """pyside6-lupdate on ui/ finds no string that desk_en.ts lacks."""
    root = Path(__file__).resolve().parents[2]
    lupdate = root / ".venv" / "bin" / "pyside6-lupdate"
    if not lupdate.exists():
        import pytest

        pytest.skip("pyside6-lupdate not installed")
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(lupdate), *map(str, sorted((root / "ui").glob("*.py"))), "-ts", str(fresh)], check=True,
                   capture_output=True)  # fmt: skip
    ours = {s for s, _ in messages()}
    theirs = {m.findtext("source") for m in ET.parse(fresh).getroot().iter("message")}
    assert theirs - ours == set()
    assert (I18N / "desk_en.qm").stat().st_mtime >= (I18N / "desk_en.ts").stat().st_mtime - 1


def test_english_switches_the_window(qtbot, qt_settings, desk_with_clerk, qapp):
    from ui import formatting, i18n
    from ui.app import create_window

    try:
        w = create_window(desk_with_clerk, lang="en")
        qtbot.addWidget(w, before_close_func=lambda x: x.session.stop())
        assert w.tabs.tabText(1) == "Intake (F3)"
        assert w.intake.submit_button.text() == "Receive and print the receipt (Ctrl+Enter)"
        assert formatting.appointment("2026-02-13T15:00:00+07:00") == "Friday 13/02/2026, 15:00"
        w.close()
    finally:
        i18n.install(qapp, "vi")
    assert formatting.appointment("2026-02-13T15:00:00+07:00") == "15 giờ 00, Thứ Sáu 13/02/2026"


def test_every_label_of_the_core_is_listed_for_translation():
    """The core says each label once (desk.lifecycle, desk.printdata, …); ui/labels.py lists them all for lupdate."""
    import ast

    from desk import lifecycle
    from desk.appointment import TIMELINESS
    from desk.catalog import FORMS
    from desk.printdata import FORM_NAMES, FORM_SHORT_NAMES

    root = Path(__file__).resolve().parents[2]
    listed = set()
    for node in ast.walk(ast.parse((root / "ui" / "labels.py").read_text(encoding="utf-8"))):
        args = getattr(node, "args", [])
        if isinstance(node, ast.Call) and len(args) == 2 and all(isinstance(a, ast.Constant) for a in args) \
                and args[0].value == "labels":  # fmt: skip
            listed.add(node.args[1].value)
    core = {*lifecycle.STATUS_LABELS.values(), *lifecycle.CHANNEL_LABELS.values(), *lifecycle.RECORD_KINDS.values(),
            lifecycle.RECEIVED_LABEL, *FORMS.values(), *FORM_NAMES.values(), *FORM_SHORT_NAMES.values(),
            *TIMELINESS.values()}  # fmt: skip
    for step in lifecycle.STEPS.values():
        core |= {step.label, step.action}
    assert core - listed == set()


def test_qt_own_strings_speak_vietnamese(qapp):
    """The line-edit menu, message-box buttons and the file dialog of Qt itself (resources/i18n/qtbase_vi)."""
    from ui import i18n
    from ui.qt import QDialogButtonBox, QFileDialog, QLineEdit

    i18n.install(qapp, "vi")
    edit = QLineEdit()
    menu = edit.createStandardContextMenu()
    texts = [a.text().replace("&", "").split("\t")[0] for a in menu.actions() if a.text()]
    assert "Dán" in texts and "Chọn tất cả" in texts and "Paste" not in " ".join(texts)
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
    dialog = QFileDialog()
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.labelText(QFileDialog.DialogLabel.FileType) == "&Loại tệp:"
    assert dialog.labelText(QFileDialog.DialogLabel.LookIn) == "&Tìm trong:"
