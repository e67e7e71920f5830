"""Work off the GUI thread: one worker thread per resource and operation objects in the spirit of Anki's QueryOp.

    Op(app.db, lambda ctx: ctx.desk.receive(req, actor=name)).success(on_done).failure(on_error).run()

- ``db``: owns the Desk (its sqlite connection is used by this thread only): every write and detail read.
- ``reader``: a second, read-only connection for the dossier list, search as you type and home counts, so a
  long write never delays a keystroke's results (WAL lets readers run beside the writer).
- ``pdf``: builds PDFs, rasterises pages and paints them on a QPrinter (allowed outside the GUI thread).

Callbacks run on the GUI thread (results come back through a queued signal). Jobs of one worker run in the order
they were posted. The GUI thread never waits on a worker except at shut-down.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from ui.qt import QObject, QThread, Signal, Slot, isValid

log = logging.getLogger(__name__)


class WorkerContext:
    """What a worker thread owns; ``fn(ctx)`` of an Op receives it. Subclasses add their resources."""

    def close(self) -> None:
        """Release the resources (called in the worker thread when it stops)."""


class _Runner(QObject):
    """Lives in the worker thread and runs the posted jobs there."""

    # One tuple (op, result, exception): None never crosses threads as a signal argument on its own (PySide6 on
    # Python 3.11 mis-counts references of a bare None sent through a queued Signal(object): "deallocating None").
    job_finished = Signal(object)

    def __init__(self, context: WorkerContext):
        super().__init__()
        self.context = context

    @Slot(object)
    def on_job_posted(self, op: Op) -> None:
        if op.cancelled:
            self.job_finished.emit((op, None, None))
            return
        try:
            result = op.fn(self.context)
        except BaseException as exc:  # handed to the GUI thread, which decides how to show it
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.job_finished.emit((op, None, exc))
        else:
            self.job_finished.emit((op, result, None))

    @Slot()
    def on_stop_requested(self) -> None:
        try:
            self.context.close()
        finally:
            QThread.currentThread().quit()


class Worker(QObject):
    """A named thread that runs operations one after another with exclusive use of its context."""

    job_posted = Signal(object)
    stop_requested = Signal()
    op_finished = Signal(object)  # the Op, after its callbacks ran (tests wait on this)

    def __init__(self, name: str, context: WorkerContext, parent: QObject | None = None):
        super().__init__(parent)
        self.name = name
        self._thread = QThread()
        self._thread.setObjectName(f"desk-{name}")
        self._runner = _Runner(context)
        self._runner.moveToThread(self._thread)
        self.job_posted.connect(self._runner.on_job_posted)
        self.stop_requested.connect(self._runner.on_stop_requested)
        self._runner.job_finished.connect(self.on_job_finished)
        self.pending = 0
        self._thread.start()

    @property
    def context(self) -> WorkerContext:
        """Only for code running in this worker's thread, or after ``stop``."""
        return self._runner.context

    def thread_handle(self) -> QThread:
        return self._thread

    def submit(self, op: Op) -> None:
        self.pending += 1
        self.job_posted.emit(op)

    @Slot(object)
    def on_job_finished(self, outcome: tuple[Op, Any, BaseException | None]) -> None:
        op, result, exc = outcome
        self.pending -= 1
        try:
            if op.cancelled or op.orphaned:
                return
            if exc is None:
                if op.on_success is not None:
                    op.on_success(result)
            elif op.on_failure is not None:
                op.on_failure(exc)
            else:
                from ui.errors import show_error

                show_error(exc, op.parent)
        finally:
            self.op_finished.emit(op)

    def stop(self) -> None:
        """Stop after the jobs already posted (at shut-down)."""
        if self._thread.isRunning():
            self.stop_requested.emit()
            self._thread.wait()


class Op:
    """One operation for a worker: ``Op(worker, fn).success(cb).failure(cb).run()``; ``fn(ctx)`` runs off the GUI."""

    def __init__(self, worker: Worker, fn: Callable[[Any], Any], parent: Any = None):
        self.worker = worker
        self.fn = fn
        self.parent = parent
        self.on_success: Callable[[Any], None] | None = None
        self.on_failure: Callable[[BaseException], None] | None = None
        self.cancelled = False

    def success(self, cb: Callable[[Any], None]) -> Op:
        self.on_success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> Op:
        self.on_failure = cb
        return self

    def cancel(self) -> None:
        """Drop the result (the work itself may already be running)."""
        self.cancelled = True

    @property
    def orphaned(self) -> bool:
        """The widget that asked was closed and deleted meanwhile: its callbacks must not run."""
        return isinstance(self.parent, QObject) and not isValid(self.parent)

    def run(self) -> Op:
        self.worker.submit(self)
        return self
