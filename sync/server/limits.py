"""Rate limits and quotas of the reference server: in-process token buckets, per client address, enrolment code and
credential.

One server process holds them in memory (a province that runs several processes behind a load balancer gets each
limit per process, which still bounds what one client can do). A bucket may go into debt: a request is let through
while the bucket holds anything, and what it costs is taken whole, so that a batch larger than the bucket passes
once and then waits in proportion; ``Retry-After`` says how long.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("desk.server")

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one client may do (``desk-server serve`` options; README «Giới hạn tốc độ và hạn mức»)."""

    # Enrolment: failed attempts per client address and per code, each bucket refilled over ``enrol_window_s``;
    # an empty bucket locks that address (or code) out for ``enrol_lockout_s``.
    enrol_failures_per_address: int = 10
    enrol_failures_per_code: int = 5
    enrol_window_s: float = 600.0
    enrol_lockout_s: float = 900.0
    # Per credential (desk, processing unit, publisher): events stored, and request bytes, as token buckets.
    events_burst: int = 20_000
    events_per_s: float = 50.0
    bytes_burst: int = 32 * MB
    bytes_per_s: float = 64 * 1024
    # Request bodies held in memory at once by the whole server (beyond: 503 with Retry-After).
    inflight_bytes: int = 256 * MB
    # The time window of a desk's events: no earlier than its first enrolment less the offline allowance, no later
    # than the server's time plus the clock-skew tolerance.
    offline_allowance_days: float = 90.0
    clock_skew_s: float = 24 * 3600.0


class Throttle:
    """Token buckets keyed by any string, with optional lockouts when one runs dry."""

    MAX_KEYS = 50_000  # beyond, full buckets are forgotten (an attacker's many addresses cost bounded memory)

    def __init__(self, capacity: float, per_second: float, *, lockout_s: float = 0.0,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.capacity = float(capacity)
        self.rate = float(per_second)
        self.lockout_s = lockout_s
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._locked: dict[str, float] = {}
        self._lock = threading.Lock()

    def _level(self, key: str, now: float) -> float:
        tokens, at = self._buckets.get(key, (self.capacity, now))
        return min(self.capacity, tokens + (now - at) * self.rate)

    def wait(self, key: str) -> float:
        """Seconds before ``key`` may act (0: now), without taking anything."""
        now = self.clock()
        with self._lock:
            until = self._locked.get(key)
            if until is not None:
                if until > now:
                    return until - now
                del self._locked[key]
            level = self._level(key, now)
        return 0.0 if level > 0 else self._refill_time(level)

    def take(self, key: str, cost: float = 1.0) -> float:
        """Take ``cost`` when the bucket holds anything (0 returned), else the seconds to wait (nothing taken)."""
        now = self.clock()
        with self._lock:
            until = self._locked.get(key)
            if until is not None and until > now:
                return until - now
            level = self._level(key, now)
            if level <= 0:
                return self._refill_time(level)
            level -= cost
            self._buckets[key] = (level, now)
            if level < 1 and self.lockout_s > 0:  # not one whole attempt left
                self._locked[key] = now + self.lockout_s
            if len(self._buckets) > self.MAX_KEYS:
                self._forget(now)
            return 0.0

    def locked(self, key: str) -> bool:
        with self._lock:
            until = self._locked.get(key)
            return until is not None and until > self.clock()

    def _refill_time(self, level: float) -> float:
        if self.rate <= 0:
            return 3600.0
        return (1e-6 - level) / self.rate

    def _forget(self, now: float) -> None:
        full = [k for k in self._buckets if self._level(k, now) >= self.capacity]
        for k in full:
            del self._buckets[k]
        for k in [k for k, until in self._locked.items() if until <= now]:
            del self._locked[k]


def retry_after(seconds: float) -> int:
    """A Retry-After value: whole seconds, at least one."""
    return max(1, math.ceil(seconds))


class Quotas:
    """The server's throttles, made from ``Limits``."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        window = max(limits.enrol_window_s, 1.0)
        self.enrol_address = Throttle(limits.enrol_failures_per_address,
                                      limits.enrol_failures_per_address / window,
                                      lockout_s=limits.enrol_lockout_s, clock=clock)  # fmt: skip
        self.enrol_code = Throttle(limits.enrol_failures_per_code, limits.enrol_failures_per_code / window,
                                   lockout_s=limits.enrol_lockout_s, clock=clock)  # fmt: skip
        self.events = Throttle(limits.events_burst, limits.events_per_s, clock=clock)
        self.bytes = Throttle(limits.bytes_burst, limits.bytes_per_s, clock=clock)
        self._inflight = 0
        self._inflight_lock = threading.Lock()

    def reserve(self, size: int) -> bool:
        """Hold ``size`` bytes of request bodies in memory, if the server-wide budget allows."""
        with self._inflight_lock:
            if self._inflight + size > self.limits.inflight_bytes:
                return False
            self._inflight += size
            return True

    def release(self, size: int) -> None:
        with self._inflight_lock:
            self._inflight = max(0, self._inflight - size)

    @property
    def inflight(self) -> int:
        return self._inflight
