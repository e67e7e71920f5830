"""The running desk as the GUI sees it: its workers, the signed-in clerk, the desk's identity and the settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desk import paths
from desk.accounts import Clerk
from desk.setup import DEFAULT_FORM_SET
from ui.qt import QObject, QSettings, Signal
from ui.workers import Worker, WorkerContext

ORGANISATION = "MotCuaDesk"
APPLICATION = "desk"


class DbContext(WorkerContext):
    """The db worker's context: the one Desk (and its connection), opened in the worker thread on first use.

    Each use acts as the clerk signed in at that moment (``principal``): the core checks their role (desk/roles.py).
    """

    def __init__(self, data_dir: Path, principal: Callable[[], Clerk | None] = lambda: None):
        self.data_dir = data_dir
        self._desk: Any = None
        self._principal = principal

    @property
    def exists(self) -> bool:
        return paths.store_path(self.data_dir).exists()

    @property
    def desk(self) -> Any:
        if self._desk is None:
            from desk.service import Desk

            self._desk = Desk.open(self.data_dir)
        self._desk.store.principal = self._principal()
        return self._desk

    def adopt(self, desk: Any) -> None:
        if self._desk is not None and self._desk is not desk:
            self._desk.close()
        self._desk = desk

    def close(self) -> None:
        if self._desk is not None:
            self._desk.close()
            self._desk = None


class ReaderContext(WorkerContext):
    """The reader worker's context: a read-only connection for the list, search and counts."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self._conn: Any = None

    @property
    def conn(self) -> Any:
        if self._conn is None:
            from desk.queries import open_reader

            self._conn = open_reader(paths.store_path(self.data_dir))
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


class PdfContext(WorkerContext):
    """The pdf worker needs no resource of its own."""


@dataclass
class DeskInfo:
    """Who this desk is, as printed on every form."""

    agency_code: str
    agency_name: str
    parent_name: str | None
    place: str | None
    desk_slot: int
    form_set: str = DEFAULT_FORM_SET

    def for_print(self) -> dict[str, Any]:
        return {"agency_code": self.agency_code, "agency_name": self.agency_name,
                "parent_name": self.parent_name, "place": self.place}  # fmt: skip


def settings() -> QSettings:
    """The app's per-user settings (printer, paper, window geometry, language)."""
    return QSettings(ORGANISATION, APPLICATION)


class Session(QObject):
    """Workers and state shared by the windows."""

    clerk_changed = Signal(object)
    dossiers_changed = Signal()  # something was received or printed: lists and counts refresh

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = data_dir
        self.db = Worker("db", DbContext(data_dir, lambda: self.clerk), self)
        self.reader = Worker("reader", ReaderContext(data_dir), self)
        # Search as you type has its own connection and thread: a slow count or a deep page never delays it.
        self.search = Worker("search", ReaderContext(data_dir), self)
        self.pdf = Worker("pdf", PdfContext(), self)
        # Reports read a whole period: their own thread and connection, so a year's report never delays the counter.
        self.reports = Worker("reports", DbContext(data_dir, lambda: self.clerk), self)
        # The scanner and the encoding of pages (seconds per page on a real scanner): never the db worker's time.
        self.scan = Worker("scan", WorkerContext(), self)
        from ui.sync_status import SyncService

        self.sync = SyncService(data_dir, self)  # started after sign-in (the desk exists by then)
        self.clerk: Clerk | None = None
        self.info: DeskInfo | None = None

    @property
    def store_exists(self) -> bool:
        return paths.store_path(self.data_dir).exists()

    def set_clerk(self, clerk: Clerk | None) -> None:
        self.clerk = clerk
        self.clerk_changed.emit(clerk)

    @property
    def actor(self) -> str:
        """The signed-in clerk's full name: the actor of every event and the name under «NGƯỜI TIẾP NHẬN HỒ SƠ»."""
        assert self.clerk is not None
        return self.clerk.full_name

    @property
    def workers(self) -> tuple[Worker, ...]:
        return (self.db, self.reader, self.search, self.reports, self.pdf, self.scan)

    def stop(self) -> None:
        self.sync.stop()
        for w in (self.scan, self.search, self.reader, self.reports, self.pdf, self.db):
            w.stop()
