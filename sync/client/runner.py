"""The background sync runner for the GUI: rounds on a worker thread, exponential back-off with jitter when offline.

No Qt here: ``SyncRunner`` is driven from a GUI worker thread (ui/sync_status.py).
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from desk import syncstate
from desk.errors import DeskError
from sync.client.round import DEFAULT_REQUEST_TIMEOUT, DEFAULT_ROUND_TIMEOUT, sync_round
from sync.client.transport import Cancelled, CredentialRefused, NotEnrolled, RateLimited, ServerUnreachable

log = logging.getLogger("desk.sync")


@dataclass(frozen=True)
class RunnerState:
    """What the status bar shows, as of the last round (no I/O to read it)."""

    online: bool | None = None  # None: not tried yet
    enrolled: bool = True
    running: bool = False
    failures: int = 0
    last_error: str | None = None
    next_attempt_in: float | None = None
    status: dict[str, Any] = field(default_factory=dict)  # syncstate.status(): pending, refused, conflicts, …
    last_result: dict[str, Any] | None = None
    rounds: int = 0  # rounds tried since the runner started


class SyncRunner:
    """Background sync without Qt: rounds on a worker thread, exponential back-off with jitter when offline.

    ``run()`` is the worker loop (a QThread's run, or ``start()`` for a plain thread); ``poke()`` after an intake
    asks for a round at once when online; ``state()`` is a snapshot for the status bar; ``on_change(state)`` is
    called from the worker thread after each round or refresh (bridge it to a Qt signal).
    The runner opens its own desk connection in the worker thread (SQLite WAL: the GUI's reads are not blocked).
    """

    def __init__(
        self,
        data_dir: Path | None = None,
        *,
        open_desk: Callable[[], Any] | None = None,
        interval: float = 300.0,
        base_delay: float = 5.0,
        max_delay: float = 900.0,
        round_timeout: float = DEFAULT_ROUND_TIMEOUT,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        on_change: Callable[[RunnerState], None] | None = None,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.monotonic,
        sync: Callable[..., dict[str, Any]] = sync_round,
    ) -> None:
        if open_desk is None:
            if data_dir is None:
                raise ValueError("SyncRunner needs data_dir or open_desk")
            from desk.service import Desk

            open_desk = lambda: Desk.open(Path(data_dir))  # noqa: E731
        self._open_desk = open_desk
        self.interval = interval
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.round_timeout = round_timeout
        self.request_timeout = request_timeout
        self.on_change = on_change
        self.rng = rng or random.Random()
        self.clock = clock
        self._sync = sync
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._refresh = False
        self._desk: Any = None
        self._thread: threading.Thread | None = None
        self._next_at = clock()  # the first round at once
        self._state = RunnerState()

    # -- the schedule -----------------------------------------------------------------------------------------

    def backoff_delay(self, failures: int) -> float:
        """Seconds before the next try after ``failures`` failed rounds in a row: doubling, capped, jittered."""
        step = min(self.max_delay, self.base_delay * 2 ** max(0, failures - 1))
        return step / 2 + self.rng.uniform(0, step / 2)

    def state(self) -> RunnerState:
        with self._lock:
            left = None if self._stop.is_set() else max(0.0, self._next_at - self.clock())
            return replace(self._state, next_attempt_in=left)

    def poke(self) -> None:
        """After an intake: a round now when the last one reached the server; otherwise the back-off stands."""
        with self._lock:
            if self._state.online is not False and self._state.enrolled:
                self._next_at = self.clock()
            self._refresh = True
        self._wake.set()

    def refresh(self) -> None:
        """Recount what waits (on the worker thread) without a round."""
        with self._lock:
            self._refresh = True
        self._wake.set()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Ask the loop (and a round in progress) to stop, and wait for the worker thread started by ``start``."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def start(self) -> threading.Thread:
        """Run the loop on a daemon thread of its own."""
        self._thread = threading.Thread(target=self.run, name="desk-sync", daemon=True)
        self._thread.start()
        return self._thread

    # -- the worker side --------------------------------------------------------------------------------------

    def run(self) -> None:
        """The worker loop: wait for the next round (or a poke), run it, until ``stop``."""
        try:
            while not self._stop.is_set():
                with self._lock:
                    wait = self._next_at - self.clock()
                    refresh = self._refresh
                    self._refresh = False
                if refresh:
                    self._publish(None)
                if wait > 0:
                    self._wake.wait(wait)
                    self._wake.clear()
                    continue
                self.run_once()
        finally:
            if self._desk is not None:
                with contextlib.suppress(Exception):
                    self._desk.close()
                self._desk = None

    def run_once(self) -> dict[str, Any] | None:
        """One round now, on the calling thread; updates the back-off. Never raises for network trouble."""
        with self._lock:
            self._state = replace(self._state, running=True)
        result: dict[str, Any] | None = None
        online, enrolled, error = self._state.online, True, None
        failures = self._state.failures
        try:
            if self._desk is None:
                self._desk = self._open_desk()
            result = self._sync(
                self._desk, timeout=self.round_timeout, request_timeout=self.request_timeout, cancel=self._stop
            )
            online, failures = True, 0
            delay = self.interval * self.rng.uniform(0.9, 1.1) if result.get("complete") else 0.5
        except NotEnrolled as exc:
            enrolled, error, delay = False, exc.message, self.max_delay
        except CredentialRefused as exc:
            online, error, delay = True, exc.message, self.max_delay
        except Cancelled:
            delay = self.max_delay
        except RateLimited as exc:  # the server's own wait, honoured (it answered: online)
            online, error, failures = True, exc.message, 0
            delay = max(exc.retry_after, 1.0) * self.rng.uniform(1.0, 1.1)
        except DeskError as exc:  # unreachable, protocol trouble, store busy: try again later
            failures += 1
            online, error = (False if isinstance(exc, ServerUnreachable) else online), exc.message
            delay = self.backoff_delay(failures)
        except Exception as exc:  # a bug: logged with its traceback, and the runner keeps its schedule
            log.exception("sync: lỗi không lường trước trong vòng đồng bộ")
            failures += 1
            error = f"Lỗi không lường trước khi đồng bộ: {exc}"
            delay = self.backoff_delay(failures)
        with self._lock:
            self._next_at = self.clock() + delay
            self._state = replace(
                self._state,
                running=False,
                online=online,
                enrolled=enrolled,
                failures=failures,
                last_error=error,
                last_result=result or self._state.last_result,
                rounds=self._state.rounds + 1,
            )
        self._publish(result)
        return result

    def _publish(self, result: dict[str, Any] | None) -> None:
        if self._desk is None:
            with contextlib.suppress(DeskError):
                self._desk = self._open_desk()
        if self._desk is not None:
            with contextlib.suppress(Exception):
                status = syncstate.status(self._desk.store)
                with self._lock:
                    self._state = replace(self._state, status=status)
        if self.on_change is not None:
            try:
                self.on_change(self.state())
            except Exception:
                log.exception("sync: on_change")
