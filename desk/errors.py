"""Typed errors of the core. Each carries a Vietnamese message for the clerk; the CLI maps kinds to exit codes."""

from __future__ import annotations


class DeskError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidInput(DeskError):
    """The input was refused; nothing was written. ``field`` names what is wrong when there is one."""

    exit_code = 2

    def __init__(self, message: str, field: str | None = None, errors: list[str] | None = None):
        super().__init__(message)
        self.field = field
        self.errors = errors or [message]


class NotFound(InvalidInput):
    """A code, procedure or file that does not exist."""


class NotInitialised(DeskError):
    """The data dir holds no store yet."""

    exit_code = 3


class StoreError(DeskError):
    """The store cannot be used as it is (newer schema, corrupt, busy, disk full)."""


class StoreTooNew(StoreError):
    """The store was written by a newer version of the app."""


class StoreBusy(StoreError):
    """Another program holds the store's write lock for too long."""
