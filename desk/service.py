"""The desk's front: one open desk (its store, settings and calendar) and the services the CLI and the GUI call.

``Desk`` is thin: each method hands over to the module that owns the rule — set-up (desk/setup.py), trust and
bundles (desk/bundles.py), intake (desk/intake.py), the steps after intake (desk/workflow.py), reading
(desk/readmodel.py) and printing (desk/printdata.py). The GUI adds no business rules of its own: it calls these
(from a worker thread).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from desk import audit, bundles, db, intake, paths, printdata, projections, readmodel, roles
from desk.accounts import Clerk
from desk.calendar import WorkCalendar
from desk.catalog import CatalogBundle, Procedure
from desk.errors import NotFound
from desk.intake import ReceiveRequest
from desk.setup import (
    DEFAULT_CALENDAR,
    SAMPLE_CATALOG,
    DeskSettings,
    init_desk,
    read_bundle_file,
    validate_settings,
)
from desk.signing import TrustedKey
from desk.store import Store
from desk.text import clean

__all__ = [
    "DEFAULT_CALENDAR",
    "SAMPLE_CATALOG",
    "Desk",
    "DeskSettings",
    "ReceiveRequest",
    "init_desk",
    "read_bundle_file",
    "validate_settings",
]


class Desk:
    """One open desk: its store, settings and calendar (both cached), and the services over them."""

    def __init__(self, store: Store):
        self.store = store
        self._calendar: WorkCalendar | None = None
        self._settings: DeskSettings | None = None

    @classmethod
    def open(cls, data_dir: Path, *, as_user: str | None = None, password: str | None = None) -> Desk:
        """Open the desk whose files are in ``data_dir`` (NotInitialised when there are none); a store from before
        encryption is encrypted first, sealed for the province's recovery key when the machine configuration has
        one. ``as_user``: act as that account (its role decides what this Desk may do, desk/roles.py); with its
        ``password``, signed in (a lead's or viewer's own rights need it)."""
        path = paths.store_path(data_dir)
        recovery_public = None
        if db.is_plain(path):
            from desk.config import load_machine_config

            recovery_public = load_machine_config().recovery_key
        desk = cls(Store.open(path, backups=paths.backups_dir(data_dir), recovery_public=recovery_public))
        if as_user is not None:
            try:
                desk.act_as(as_user, password)
            except BaseException:
                desk.close()
                raise
        return desk

    @property
    def principal(self) -> Clerk | None:
        """The account acting through this desk (None: nobody signed in)."""
        return self.store.principal

    def act_as(self, username: str | None, password: str | None = None) -> Clerk | None:
        """Act as the account ``username`` from now on (None: nobody), signed in when its ``password`` is given. A
        desk without accounts has nobody to be."""
        from desk import accounts

        if username is None:
            self.store.principal = None
            return None
        if password is not None:
            self.store.principal = accounts.authenticate(self.store, username, password)
            return self.store.principal
        account = accounts.find(self.store.conn, username)
        if account is None or not account.active:
            if not accounts.clerks(self.store.conn):
                return None
            raise NotFound(f"Không có tài khoản đang hoạt động «{username}» trên bàn này.", field="clerk")
        self.store.principal = account
        return account

    def close(self) -> None:
        self.store.close()

    @property
    def settings(self) -> DeskSettings:
        if self._settings is None:
            self._settings = DeskSettings.from_meta(self.store.meta())
        return self._settings

    def forget_settings(self) -> None:
        """Drop the cached settings (a lead changed them)."""
        self._settings = None

    def update_settings(self, values: dict[str, Any], *, actor: str, by: Clerk | None = None) -> dict[str, Any]:
        """Change printed settings (a lead's act, recorded as an event); returns what changed."""
        from desk.setup import update_settings

        return update_settings(self, values, actor=actor, by=by)

    def calendar(self) -> WorkCalendar:
        """The working-day calendar made of every imported bundle (cached until the next import)."""
        if self._calendar is None:
            self._calendar = bundles.load_calendar(self)
        return self._calendar

    def forget_calendar(self) -> None:
        """Drop the cached calendar (a new bundle was imported)."""
        self._calendar = None

    # -- trust and bundles ----------------------------------------------------------------------------------------

    def trusted_keys(self) -> list[TrustedKey]:
        return bundles.trusted_keys(self)

    def trust_key(self, key: TrustedKey, *, actor: str) -> None:
        bundles.trust_key(self, key, actor=actor)

    def untrust_key(self, key_id: str, *, actor: str) -> None:
        bundles.untrust_key(self, key_id, actor=actor)

    def open_catalog(self, data: bytes) -> tuple[CatalogBundle, str | None]:
        return bundles.open_catalog(self, data)

    def catalog_bundle(self, catalog_id: int) -> CatalogBundle:
        return bundles.catalog_bundle(self, catalog_id)

    def import_catalog(self, data: bytes, *, actor: str, force: bool = False, reason: str | None = None,
                       approve: bool = True) -> dict[str, Any]:  # fmt: skip
        return bundles.import_catalog(self, data, actor=actor, force=force, reason=reason, approve=approve)

    def pending_catalogs(self) -> list[dict[str, Any]]:
        """Imported catalogs waiting for a lead clerk's approval, with what they change."""
        return bundles.awaiting_approval(self)

    def catalog_changes(self, catalog_id: int) -> str:
        return bundles.catalog_changes(self, catalog_id)

    def approve_catalog(self, catalog_id: int, *, actor: str, by: Clerk | None = None) -> dict[str, Any]:
        return bundles.approve_catalog(self, catalog_id, actor=actor, by=by)

    def active_catalog(self, on: dt.date | None = None) -> dict[str, Any] | None:
        return bundles.active_catalog(self, on)

    def procedures(self, on: dt.date | None = None) -> list[Procedure]:
        return bundles.procedures(self, on)

    def procedure(self, code: str, on: dt.date | None = None) -> tuple[Procedure, dict[str, Any]]:
        return bundles.procedure(self, code, on)

    def import_calendar(self, data: bytes, *, actor: str) -> dict[str, Any]:
        return bundles.import_calendar(self, data, actor=actor)

    # -- intake ---------------------------------------------------------------------------------------------------

    def due(self, procedure_code: str, at: dt.datetime) -> dict[str, Any]:
        return intake.due(self, procedure_code, at)

    def receive(self, req: ReceiveRequest, *, actor: str, now: dt.datetime | None = None) -> dict[str, Any]:
        return intake.receive(self, req, actor=actor, now=now)

    def request_supplement_at_intake(self, req: ReceiveRequest, *, actor: str, reason: str | None = None,
                                     now: dt.datetime | None = None) -> dict[str, Any]:  # fmt: skip
        return intake.request_supplement_at_intake(self, req, actor=actor, reason=reason, now=now)

    def missing_documents(self, procedure_code: str, given: dict[str, int] | None) -> list[dict[str, Any]]:
        """The required documents of a procedure of today's catalog that ``given`` lacks."""
        return intake.missing_documents(bundles.procedure(self, procedure_code)[0], given)

    # -- printing -------------------------------------------------------------------------------------------------

    def printable(self, form: str, key: str) -> printdata.Printable:
        return printdata.printable(self, form, key)

    def record_print(self, form: str, *, actor: str, code: str | None = None, target: str = "pdf",
                     detail: dict[str, Any] | None = None) -> None:  # fmt: skip
        printdata.record_print(self, form, actor=actor, code=code, target=target, detail=detail)

    # -- reading --------------------------------------------------------------------------------------------------

    def dossier(self, key: str, *, with_events: bool = True) -> dict[str, Any]:
        """A dossier by code or uid, for the desk's own use (after a step, to print): not a person's reading."""
        return readmodel.dossier(self, key, with_events=with_events)

    def view(self, key: str) -> dict[str, Any]:
        """A person opens a dossier's detail (by code, or what ``search`` finds once): checked and access-logged."""
        roles.require(self.store, "view")
        code = readmodel.resolve(self, key)
        d = readmodel.dossier(self, code)
        audit.record(self.store, "view", "Xem chi tiết hồ sơ", code=code)
        return d

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """A person searches: by a name, ID number or phone, the search is access-logged."""
        roles.require(self.store, "search")
        hits = readmodel.search(self, query, limit)
        self.note_search(query, len(hits))
        return hits

    def note_search(self, query: str, hits: int) -> None:
        """Access-log a search that named a person (the GUI's search as you type, once the clerk has paused)."""
        from desk.search import names_a_person

        if names_a_person(query):
            audit.record(self.store, "search", f"Tìm «{clean(query)}»: {hits} hồ sơ")

    def access_log(self, date_from: dt.date, date_to: dt.date) -> list[audit.Access]:
        """The access log of a period (a lead's; reading it is recorded)."""
        return audit.entries(self.store, date_from, date_to)

    def info(self) -> dict[str, Any]:
        return readmodel.info(self)

    def backup(self, dest: Path) -> Path:
        """A person's backup of the whole store to ``dest`` (a lead's act, access-logged as an export)."""
        from desk import autobackup

        return autobackup.manual(self, dest)

    def rebuild(self) -> int:
        """Rebuild every projection from the event log; returns the number of events replayed."""
        roles.require(self.store, "settings")
        with self.store.write() as conn:
            return projections.rebuild(conn)
