"""Python's cyclic garbage collector runs only on the GUI thread.

Otherwise a collection triggered by an allocation in a worker thread can free Qt wrappers that belong to the GUI
thread (a widget or timer caught in a reference cycle), and Qt aborts or crashes (seen here as a segfault
"Garbage-collecting" in a worker). Anki does the same (aqt.main.GarbageCollector): automatic collection off, a timer
on the GUI thread collects when the allocation counts say so.
"""

from __future__ import annotations

import gc

from ui.qt import QObject, QTimer

_guard: GcGuard | None = None


class GcGuard(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.threshold = gc.get_threshold()[0] or 700
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.on_timer_timeout)
        self.timer.start()

    def on_timer_timeout(self) -> None:
        gen0, gen1, gen2 = gc.get_count()
        if gen2 > 10 or gen1 > 10:
            gc.collect(2)
        elif gen0 > self.threshold:
            gc.collect(0)


def install(app: QObject) -> None:
    """Disable automatic collection and collect from a GUI-thread timer (once per application)."""
    global _guard
    if _guard is None:
        gc.disable()
        gc.collect()
        _guard = GcGuard(app)
