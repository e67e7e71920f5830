"""Writing produced files safely: the core's atomic write (temp file, fsync, rename), re-exported for printing."""

from __future__ import annotations

from desk.fileio import write_atomic

__all__ = ["write_atomic"]
