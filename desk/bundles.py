"""Signed data the desk is given: trusted publisher keys, procedure catalogs (approved by a lead clerk before use)
and working-day calendars. A bundle that is refused changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from typing import TYPE_CHECKING, Any

from desk import journal, roles, timeutil
from desk.accounts import Clerk, require_lead
from desk.calendar import CalendarBundle, WorkCalendar, parse_calendar_bundle
from desk.catalog import CatalogBundle, Procedure, parse_catalog_bundle, procedure_from_dict
from desk.errors import InvalidInput, NotFound
from desk.signing import TrustedKey, open_bundle
from desk.text import clean

if TYPE_CHECKING:
    from desk.service import Desk


# -- trust ------------------------------------------------------------------------------------------------------------


def trusted_keys(desk: Desk) -> list[TrustedKey]:
    """The publisher keys this desk trusts.

    Empty (right after ``desk init`` without a key): a catalog or calendar file imported by hand (USB stick, with a
    lead's approval for catalogs) is still accepted, as in a demo, but nothing the server offers is applied until
    the desk trusts a key (sync/client/round.py: «chưa tin cậy khóa nào của đơn vị phát hành»).
    """
    raw = desk.store.meta().get("trusted_keys")
    return [TrustedKey(**k) for k in json.loads(raw)] if raw else []


def trust_key(desk: Desk, key: TrustedKey, *, actor: str) -> None:
    """Trust a publisher key (from set-up, the CLI, or the installer's machine-wide configuration)."""
    keys = [k for k in trusted_keys(desk) if k.key_id != key.key_id] + [key]
    with desk.store.write() as conn:
        desk.store.set_meta(conn, trusted_keys=json.dumps([k.__dict__ for k in keys], ensure_ascii=False))
        journal.record(desk.store, conn, kind="key_trusted", payload={"key_id": key.key_id, "name": key.name},
                       actor=actor)  # fmt: skip


def untrust_key(desk: Desk, key_id: str, *, actor: str) -> None:
    """Stop trusting a publisher key."""
    keys = trusted_keys(desk)
    if key_id not in {k.key_id for k in keys}:
        raise NotFound(f"Không có khóa «{key_id}» trong danh sách khóa tin cậy.", field="key_id")
    with desk.store.write() as conn:
        rest = [k.__dict__ for k in keys if k.key_id != key_id]
        desk.store.set_meta(conn, trusted_keys=json.dumps(rest, ensure_ascii=False))
        journal.record(desk.store, conn, kind="key_untrusted", payload={"key_id": key_id}, actor=actor)


# -- catalogs ---------------------------------------------------------------------------------------------------------


def open_catalog(desk: Desk, data: bytes) -> tuple[CatalogBundle, str | None]:
    """Verify (when keys are trusted) and validate a catalog file; returns the bundle and its signer."""
    opened = open_bundle(data, trusted_keys(desk), "danh mục")
    # The signer only when the signature was checked (with no trusted key, an envelope's key id proves nothing).
    return parse_catalog_bundle(opened.payload), opened.key_id if opened.signer is not None else None


def catalog_bundle(desk: Desk, catalog_id: int) -> CatalogBundle:
    """A stored catalog, parsed again from the bytes it was imported from."""
    row = desk.store.conn.execute("SELECT bundle FROM catalogs WHERE id = ?", (catalog_id,)).fetchone()
    if row is None:
        raise NotFound(f"Không có danh mục số {catalog_id}. Xem «desk catalog pending».", field="catalog")
    return parse_catalog_bundle(row[0])


def import_catalog(
    desk: Desk, data: bytes, *, actor: str, force: bool = False, reason: str | None = None, approve: bool = True
) -> dict[str, Any]:
    """Verify, validate and store a catalog bundle; a refused bundle changes nothing.

    With ``approve`` it is usable from its effective date at once; otherwise it waits for a lead clerk to see the
    changes (``catalog_changes``) and ``approve_catalog`` it.
    """
    bundle, signer = open_catalog(desk, data)
    return store_catalog(desk, bundle, signer=signer, actor=actor, force=force, reason=reason, approve=approve)


def store_catalog(
    desk: Desk,
    bundle: CatalogBundle,
    *,
    signer: str | None,
    actor: str,
    force: bool = False,
    reason: str | None = None,
    approve: bool = True,
) -> dict[str, Any]:
    """Store a catalog already verified and validated; versions only grow per publisher unless forced.

    The versions compared are those of approved catalogs, and of pending ones signed by a key the desk trusts (or
    any pending one while it trusts none): a catalog waiting for approval that no trusted key signed — imported
    before the desk trusted a key — never blocks a later legitimate one.
    """
    conn = desk.store.conn
    trusted = {k.key_id for k in trusted_keys(desk)}
    counted = [
        version
        for version, approved, signer in conn.execute(
            "SELECT version, approved_at, signed_by FROM catalogs WHERE publisher_code = ?", (bundle.publisher_code,)
        )
        if approved is not None or not trusted or signer in trusted
    ]
    newest = max(counted, default=None)
    if newest is not None and bundle.version <= newest and not force:
        raise InvalidInput(
            f"Danh mục phiên bản {bundle.version} của «{bundle.publisher_code}» không mới hơn phiên bản "
            f"{newest} đã nhập; danh mục đang dùng giữ nguyên. Xin bản mới hơn từ đơn vị phát hành.",
            field="version",
        )
    if bundle.version in counted:
        raise InvalidInput(
            f"Danh mục phiên bản {bundle.version} của «{bundle.publisher_code}» đã được nhập trước đây.",
            field="version",
        )
    if force and not clean(reason):
        raise InvalidInput("Nhập phiên bản không mới hơn cần ghi rõ lý do (được lưu vào nhật ký).", field="reason")
    now = timeutil.iso(timeutil.now())
    with desk.store.write() as wconn:
        db = desk.store.db
        row = {
            "publisher_code": bundle.publisher_code, "publisher_name": bundle.publisher_name,
            "version": bundle.version, "issued_at": bundle.issued_at,
            "effective_from": bundle.effective_from.isoformat(), "imported_at": now, "sha256": bundle.sha256,
            "bundle": bundle.raw_bytes, "signed_by": signer, "approved_at": now if approve else None,
            "approved_by": actor if approve else None,
        }  # fmt: skip
        catalog_id = db["catalogs"].insert(row).last_pk
        db["procedures"].insert_all(
            {"catalog_id": catalog_id, "code": p.code, "name": p.name, "field_code": p.field_code,
             "field_name": p.field_name, "data": json.dumps(p.to_dict(), ensure_ascii=False)}
            for p in bundle.procedures
        )  # fmt: skip
        payload: dict[str, Any] = {
            "catalog_id": catalog_id,
            "publisher": bundle.publisher_code,
            "version": bundle.version,
            "effective_from": bundle.effective_from.isoformat(),
            "sha256": bundle.sha256,
            "procedures": len(bundle.procedures),
            "signed_by": signer,
            "approved": approve,
        }
        if force:
            payload["forced"] = True
            payload["reason"] = clean(reason)
        journal.record(desk.store, wconn, kind="catalog_imported", payload=payload, actor=actor)
    return payload


def awaiting_approval(desk: Desk) -> list[dict[str, Any]]:
    """Imported catalogs that wait for a lead clerk's approval, with what they change."""
    rows = desk.store.conn.execute(
        "SELECT id, publisher_code, version, effective_from, imported_at, signed_by FROM catalogs"
        " WHERE approved_at IS NULL ORDER BY id"
    ).fetchall()
    keys = ("id", "publisher_code", "version", "effective_from", "imported_at", "signed_by")
    return [dict(zip(keys, r, strict=True)) | {"changes": catalog_changes(desk, r[0])} for r in rows]


def scheduled_count(desk: Desk, on: dt.date | None = None) -> int:
    """Approved catalogs that come into force after ``on`` (today)."""
    on = on or timeutil.now().date()
    return desk.store.conn.execute(
        "SELECT count(*) FROM catalogs WHERE approved_at IS NOT NULL AND effective_from > ?", (on.isoformat(),)
    ).fetchone()[0]


def catalog_changes(desk: Desk, catalog_id: int) -> str:
    """The changes of a stored catalog against the catalog in force now, in Vietnamese."""
    from desk.bundle_diff import describe_vi, diff_catalogs

    current = active_catalog(desk)
    old = catalog_bundle(desk, current["id"]) if current and current["id"] != catalog_id else None
    return describe_vi(diff_catalogs(old, catalog_bundle(desk, catalog_id)))


@roles.acts_as_by
def approve_catalog(desk: Desk, catalog_id: int, *, actor: str, by: Clerk | None = None) -> dict[str, Any]:
    """A lead clerk (``by``; anyone while the desk has no accounts) approves a pending catalog for its date."""
    lead = require_lead(desk.store, by)
    actor = lead.full_name if lead else actor
    row = desk.store.conn.execute(
        "SELECT version, effective_from, approved_at, signed_by FROM catalogs WHERE id = ?", (catalog_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"Không có danh mục số {catalog_id}. Xem «desk catalog pending».", field="catalog")
    if row[2] is not None:
        raise InvalidInput(f"Danh mục số {catalog_id} (phiên bản {row[0]}) đã được duyệt.", field="catalog")
    trusted = {k.key_id for k in trusted_keys(desk)}
    if trusted and row[3] not in trusted:
        raise InvalidInput(
            f"Danh mục số {catalog_id} (phiên bản {row[0]}) không được ký bằng khóa bàn này tin cậy (nhập khi bàn "
            "chưa tin cậy khóa nào): không duyệt được. Xin bản đã ký từ đơn vị phát hành.",
            field="catalog",
        )
    now = timeutil.iso(timeutil.now())
    with desk.store.write() as conn:
        conn.execute("UPDATE catalogs SET approved_at = ?, approved_by = ? WHERE id = ?", (now, actor, catalog_id))
        journal.record(desk.store, conn, kind="catalog_approved",
                       payload={"catalog_id": catalog_id, "version": row[0], "effective_from": row[1]},
                       actor=actor)  # fmt: skip
    return {"catalog_id": catalog_id, "version": row[0], "effective_from": row[1]}


def active_catalog(desk: Desk, on: dt.date | None = None) -> dict[str, Any] | None:
    """The catalog in force on a date: the newest in effect (latest effective date, then latest import)."""
    on = on or timeutil.now().date()
    row = desk.store.conn.execute(
        "SELECT id, publisher_code, publisher_name, version, effective_from, imported_at FROM catalogs"
        " WHERE effective_from <= ? AND approved_at IS NOT NULL ORDER BY effective_from DESC, id DESC LIMIT 1",
        (on.isoformat(),),
    ).fetchone()
    if row is None:
        return None
    keys = ("id", "publisher_code", "publisher_name", "version", "effective_from", "imported_at")
    return dict(zip(keys, row, strict=True))


def latest_calendar(desk: Desk) -> dict[str, Any] | None:
    """The calendar imported last: its publisher, version and years (None before any)."""
    row = desk.store.conn.execute("SELECT publisher, version, years FROM calendars ORDER BY id DESC LIMIT 1").fetchone()
    return None if row is None else {"publisher": row[0], "version": row[1], "years": json.loads(row[2])}


def procedures(desk: Desk, on: dt.date | None = None) -> list[Procedure]:
    """The procedures that can be chosen for a new dossier on a date."""
    cat = active_catalog(desk, on)
    if cat is None:
        return []
    rows = desk.store.conn.execute(
        "SELECT data FROM procedures WHERE catalog_id = ? ORDER BY code", (cat["id"],)
    ).fetchall()
    return [procedure_from_dict(json.loads(r[0])) for r in rows]


def procedure(desk: Desk, code: str, on: dt.date | None = None) -> tuple[Procedure, dict[str, Any]]:
    """One procedure of the catalog in force on ``on`` (today), with that catalog; refused when unknown or retired."""
    cat = active_catalog(desk, on)
    if cat is None:
        raise InvalidInput(
            "Chưa có danh mục thủ tục nào có hiệu lực. Nhập danh mục trước («desk catalog import»).", field="procedure"
        )
    code = clean(code)
    row = desk.store.conn.execute(
        "SELECT data FROM procedures WHERE catalog_id = ? AND code = ?", (cat["id"], code)
    ).fetchone()
    if row is None:
        retired = desk.store.conn.execute("SELECT 1 FROM procedures WHERE code = ? LIMIT 1", (code,)).fetchone()
        if retired:
            raise NotFound(
                f"Thủ tục «{code}» đã bị bãi bỏ trong danh mục đang dùng (phiên bản {cat['version']}): không "
                "tiếp nhận hồ sơ mới theo thủ tục này. Hồ sơ đã nhận trước đây vẫn giữ thủ tục cũ.",
                field="procedure",
            )
        raise NotFound(
            f"Thủ tục «{code}» không có trong danh mục đang dùng (phiên bản {cat['version']}). "
            "Xem danh sách bằng «desk catalog list».",
            field="procedure",
        )
    return _parsed(row[0]), cat


@functools.lru_cache(maxsize=256)
def _parsed(data: str) -> Procedure:
    """A procedure's JSON, parsed once (a catalog's rows never change: a new version is a new catalog)."""
    return procedure_from_dict(json.loads(data))


def procedure_snapshot(desk: Desk, catalog_id: int, code: str) -> Procedure:
    """A procedure as it was in a given catalog (the one a dossier was received under). A dossier received on
    another PC (a desk restored from the server) names that PC's catalog number: the newest catalog here that has
    the procedure stands in for it."""
    conn = desk.store.conn
    row = conn.execute("SELECT data FROM procedures WHERE catalog_id = ? AND code = ?", (catalog_id, code)).fetchone()
    if row is None:
        row = conn.execute(
            "SELECT p.data FROM procedures p JOIN catalogs c ON c.id = p.catalog_id WHERE p.code = ?"
            " ORDER BY c.version DESC, c.id DESC LIMIT 1",
            (code,),
        ).fetchone()
    if row is None:
        raise NotFound(
            f"Thủ tục {code} của hồ sơ không có trong danh mục nào của bàn này: nhập danh mục có thủ tục đó (đồng bộ "
            "với máy chủ tỉnh, hoặc desk catalog import).",
            field="procedure",
        )
    return procedure_from_dict(json.loads(row[0]))


def catalog_version(desk: Desk, catalog_id: int) -> int | None:
    """The version of a catalog of this desk (None: a number from another PC, see ``procedure_snapshot``)."""
    row = desk.store.conn.execute("SELECT version FROM catalogs WHERE id = ?", (catalog_id,)).fetchone()
    return row[0] if row else None


# -- calendars --------------------------------------------------------------------------------------------------------


def import_calendar(desk: Desk, data: bytes, *, actor: str) -> dict[str, Any]:
    """Verify (when keys are trusted), validate and import a working-day calendar bundle."""
    opened = open_bundle(data, trusted_keys(desk), "lịch làm việc")
    signer = opened.key_id if opened.signer is not None else None  # checked signatures only
    return store_calendar(desk, parse_calendar_bundle(opened.payload), signer=signer, actor=actor,
                          data=opened.payload)  # fmt: skip


def store_calendar(
    desk: Desk, bundle: CalendarBundle, *, signer: str | None, actor: str, data: bytes | None = None
) -> dict[str, Any]:
    """Store a calendar already verified and validated; versions only grow per publisher."""
    data = data if data is not None else json.dumps(bundle.raw, ensure_ascii=False).encode("utf-8")
    publisher = (bundle.publisher or {}).get("code") or (bundle.publisher or {}).get("name") or "?"
    conn = desk.store.conn
    newest = conn.execute("SELECT max(version) FROM calendars WHERE publisher = ?", (publisher,)).fetchone()[0]
    if newest is not None and bundle.version <= newest:
        raise InvalidInput(
            f"Lịch làm việc phiên bản {bundle.version} không mới hơn phiên bản {newest} đã nhập; lịch giữ nguyên.",
            field="version",
        )
    digest = hashlib.sha256(data).hexdigest()
    with desk.store.write() as wconn:
        row = {
            "publisher": publisher, "version": bundle.version, "years": json.dumps(list(bundle.years)),
            "issued_at": bundle.issued_at, "imported_at": timeutil.iso(timeutil.now()), "sha256": digest,
            "bundle": data, "signed_by": signer,
        }  # fmt: skip
        calendar_id = desk.store.db["calendars"].insert(row).last_pk
        payload = {"calendar_id": calendar_id, "publisher": publisher, "version": bundle.version,
                   "years": list(bundle.years), "sha256": digest}  # fmt: skip
        journal.record(desk.store, wconn, kind="calendar_imported", payload=payload, actor=actor)
    desk.forget_calendar()
    return payload


def load_calendar(desk: Desk) -> WorkCalendar:
    """The working-day calendar made of every imported bundle."""
    bundles = [
        parse_calendar_bundle(row[0]) for row in desk.store.conn.execute("SELECT bundle FROM calendars ORDER BY id")
    ]
    return WorkCalendar(bundles)
