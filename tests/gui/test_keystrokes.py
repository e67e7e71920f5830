"""One full intake of every sample procedure by keyboard alone, keystrokes counted: a change that makes the clerk
type more fails here (the table below is the budget; lower it when a change saves keys).

The clerk types the procedure's name (no accents) until it is the first match, Enter; Ctrl+D ticks the required
documents; Alt+3 goes to the applicant; name, Enter, ID number, Enter, phone; Ctrl+Enter receives and prints.
"""

from __future__ import annotations

from desk.text import fold
from tests.helpers.gui import OFFSCREEN_NOISE, idle
from ui.qt import QApplication, Qt

pytestmark = OFFSCREEN_NOISE

NAME, ID_NUMBER, PHONE = "Nguyen Van An", "079085001234", "0912345678"
# Keystrokes per procedure (what this flow cost when measured, 2026-12-02); the test prints what it spends now.
BUDGET = {
    "1.000656": 42, "1.000689": 60, "1.000894": 51, "1.001022": 50, "1.001193": 55, "1.001776": 45,
    "1.004837": 50, "1.004845": 50, "1.004859": 44, "1.004873": 46, "1.004884": 50, "2.000635": 42,
    "2.000815": 53, "2.000884": 60, "2.000908": 55, "2.000986": 42, "2.000992": 53, "2.001035": 43,
}  # fmt: skip


class Keys:
    """Keys sent to whatever has the focus, counted."""

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.count = 0

    def press(self, key, mod=Qt.KeyboardModifier.NoModifier) -> None:
        self.count += 1
        self.qtbot.keyClick(QApplication.focusWidget(), key, mod)

    def type(self, text: str) -> None:
        self.count += len(text)
        self.qtbot.keyClicks(QApplication.focusWidget(), text)


def _search_text(picker, code: str) -> str:
    """The shortest start of the procedure's folded name (without «thủ tục») that puts it first."""
    proc = next(p for p in picker.procedures if p.code == code)
    words = fold(proc.name).replace("thu tuc ", "", 1)
    for n in range(1, len(words) + 1):
        picker.fill(words[:n])
        item = picker.list.item(0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) is proc:
            picker.fill("")
            return words[:n]
    picker.fill("")
    return proc.code


def test_every_sample_procedure_by_keyboard_alone_within_its_keystroke_budget(qtbot, window, capsys):
    w = window
    idle(qtbot, w)
    qtbot.keyClick(w, Qt.Key.Key_F3)
    intake = w.intake
    qtbot.waitUntil(lambda: bool(intake.picker.procedures))
    codes = [p.code for p in intake.picker.procedures]
    assert set(codes) == set(BUDGET), set(codes) ^ set(BUDGET)
    spent = {}
    for code in codes:
        assert QApplication.focusWidget() is intake.picker.edit
        keys = Keys(qtbot)
        keys.type(_search_text(intake.picker, code))
        keys.press(Qt.Key.Key_Return)
        assert intake.picker.chosen.code == code
        keys.press(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        keys.press(Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is intake.name.edit
        keys.type(NAME)
        keys.press(Qt.Key.Key_Return)
        keys.type(ID_NUMBER)
        keys.press(Qt.Key.Key_Return)
        keys.type(PHONE)
        with qtbot.waitSignal(w.printed, timeout=30_000):
            keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert intake.outcome.title.text().startswith("✓ Đã tiếp nhận hồ sơ"), intake.outcome.title.text()
        spent[code] = keys.count
    with capsys.disabled():
        print("\nkeystrokes per intake: " + ", ".join(f"{c} {n}" for c, n in spent.items()))
    over = {c: (n, BUDGET[c]) for c, n in spent.items() if n > BUDGET[c]}
    assert over == {}, f"more keystrokes than before (spent, budget): {over}"
    idle(qtbot, w)
