"""Typed errors of the core. Each carries a Vietnamese message for the clerk; the CLI maps kinds to exit codes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class DeskError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: the field it is about (None when it is about the whole) and why."""

    field: str | None
    message: str


class InvalidInput(DeskError):
    """The input was refused; nothing was written. ``problems`` holds every field with its message, so each front
    end places them without validating again."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        field: str | None = None,
        errors: Sequence[str] | None = None,
        *,
        problems: Sequence[Problem] | None = None,
    ):
        super().__init__(message)
        if problems:
            self.problems = list(problems)
        else:
            self.problems = [Problem(field, e) for e in (errors or [message])]
        self.field = field if field is not None else self.problems[0].field

    @classmethod
    def of(cls, problems: Sequence[Problem], summary: str = "Dữ liệu chưa hợp lệ") -> InvalidInput:
        """One refusal for several problems: the message is the only problem, or «summary (N lỗi):»."""
        message = problems[0].message if len(problems) == 1 else f"{summary} ({len(problems)} lỗi):"
        return cls(message, problems=problems)

    @property
    def errors(self) -> list[str]:
        """Every problem's message, in order."""
        return [p.message for p in self.problems]

    def by_field(self) -> dict[str | None, list[str]]:
        """The messages grouped by the field they are about."""
        out: dict[str | None, list[str]] = {}
        for p in self.problems:
            out.setdefault(p.field, []).append(p.message)
        return out

    def problems_for(self, field: str) -> list[Problem]:
        """The problems, those about no field in particular given to ``field`` (a whole file, say)."""
        return [p if p.field else Problem(field, p.message) for p in self.problems]


class NotFound(InvalidInput):
    """A code, procedure or file that does not exist."""


class Forbidden(InvalidInput):
    """The signed-in clerk's role does not allow this."""


class NotInitialised(DeskError):
    """The data dir holds no store yet."""

    exit_code = 3


class StoreError(DeskError):
    """The store cannot be used as it is (newer schema, corrupt, busy, disk full)."""


class StoreTooNew(StoreError):
    """The store was written by a newer version of the app."""


class StoreBusy(StoreError):
    """Another program holds the store's write lock for too long."""


class DiskFull(StoreError):
    """The disk is full: the write was rolled back, the store is intact."""


class DiskError(StoreError):
    """The disk failed to read or write (I/O error): the write was rolled back; ``desk verify`` tells the rest."""
