"""The desk's services: everything a clerk or an installer does, for the CLI and the GUI alike.

The GUI adds no business rules of its own: it calls these functions (from a worker thread).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk import paths, projections, timeutil
from desk import validation as v
from desk.accounts import Clerk, require_lead
from desk.appointment import Duration, compute_due
from desk.calendar import CalendarBundle, WorkCalendar, parse_calendar_bundle
from desk.catalog import FORMS, CatalogBundle, Procedure, parse_catalog_bundle, procedure_from_dict
from desk.errors import InvalidInput, NotFound
from desk.ids import uuid7
from desk.projections import SLOT_WIDTH
from desk.signing import TrustedKey, open_bundle
from desk.store import Store
from desk.text import clean, fold

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
SAMPLE_CATALOG = RESOURCES / "catalog" / "sample-catalog.json"
DEFAULT_CALENDAR = RESOURCES / "calendar" / "calendar-vn-2025-2026.json"

AGENCY_CODE = re.compile(r"^[0-9A-Z]{1,6}(\.[0-9A-Z]{1,6}){2,6}$")
CODE_RE = re.compile(r"^(?P<agency>.+)-(?P<yymmdd>\d{6})-(?P<order>\d{4})$")
DELIVERY = {"desk": "Tại Bộ phận tiếp nhận và trả kết quả", "post": "Qua dịch vụ bưu chính công ích"}


@dataclass
class DeskSettings:
    """Who this desk is: printed on every form."""

    agency_code: str
    agency_name: str
    desk_slot: int
    parent_name: str | None = None
    place: str | None = None

    @classmethod
    def from_meta(cls, meta: dict[str, str]) -> DeskSettings:
        return cls(
            agency_code=meta["agency_code"],
            agency_name=meta["agency_name"],
            desk_slot=int(meta["desk_slot"]),
            parent_name=meta.get("parent_name") or None,
            place=meta.get("place") or None,
        )


@dataclass(frozen=True)
class _Intake:
    """An intake whose fields have all been checked and cleaned."""

    received_at: dt.datetime
    name: str
    ident: v.IdNumber | None
    phone: str | None
    email: str | None
    address: str | None
    note: str | None
    proc: Procedure
    cat: dict[str, Any]
    documents: list[dict[str, Any]]

    def applicant(self) -> dict[str, Any]:
        return {"name": self.name, "id_number": self.ident.value if self.ident else None, "phone": self.phone,
                "email": self.email, "address": self.address}  # fmt: skip


@dataclass
class ReceiveRequest:
    """What the clerk enters to receive a dossier."""

    procedure: str
    name: str
    id_number: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    sets: int = 1
    documents: dict[str, int] | None = None  # doc id -> quantity; None = every required one
    received_at: dt.datetime | None = None  # None = now; earlier = a paper receipt entered late
    note: str | None = None
    channel: int = 1
    delivery: str = "desk"
    extra: dict[str, Any] = field(default_factory=dict)


def validate_settings(agency_code: str, agency_name: str, desk_slot: int) -> list[str]:
    """Errors in the set-up values, in Vietnamese (empty when all is well)."""
    errors = []
    if not AGENCY_CODE.match(agency_code or ""):
        errors.append(
            f"Mã định danh cơ quan «{agency_code}»: không đúng dạng các nhóm ký tự cách nhau bởi dấu chấm, "
            "ví dụ 000.00.12.H62 (do tỉnh cấp)."
        )
    if not clean(agency_name):
        errors.append("Tên cơ quan tiếp nhận: chưa nhập.")
    if not 1 <= desk_slot <= 9:
        errors.append(f"Số hiệu bàn tiếp nhận {desk_slot}: phải từ 1 đến 9 (0 dành cho hệ thống của tỉnh).")
    return errors


def read_bundle_file(path: str | Path, what: str) -> bytes:
    """Read a bundle file; a missing or unreadable file is refused in Vietnamese."""
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"Không tìm thấy tệp {what}: {p}") from None
    except OSError as exc:
        raise InvalidInput(f"Không đọc được tệp {what} {p}: {exc.strerror}") from None


def init_desk(
    data_dir: Path,
    *,
    agency_code: str,
    agency_name: str,
    desk_slot: int = 1,
    parent_name: str | None = None,
    place: str | None = None,
    catalog: bytes | None = None,
    calendar: bytes | None = None,
    actor: str = "cài đặt",
    trusted_keys: list[str] | None = None,
    server_url: str | None = None,
    form_set: str | None = None,
) -> Desk:
    """Create the store of a new desk with its settings, a catalog and a calendar — all or nothing."""
    target = paths.store_path(data_dir)
    if target.exists():
        raise InvalidInput(f"Thư mục {data_dir} đã có dữ liệu bàn tiếp nhận; không khởi tạo lại để tránh mất dữ liệu.")
    from desk.signing import parse_public_key

    agency_code = clean(agency_code).upper()
    errors = validate_settings(agency_code, agency_name, desk_slot)
    keys = []
    for line in trusted_keys or []:
        try:
            keys.append(parse_public_key(line, "cấu hình máy"))
        except InvalidInput as exc:
            errors.append(exc.message)
    if form_set not in (None, "tt03-2025", "tt01-2018"):
        errors.append(f"Bộ biểu mẫu «{form_set}»: chọn tt03-2025 (Thông tư 03/2025) hoặc tt01-2018.")
    catalog_bytes = catalog if catalog is not None else SAMPLE_CATALOG.read_bytes()
    calendar_bytes = calendar if calendar is not None else DEFAULT_CALENDAR.read_bytes()
    cat = cal = None
    try:
        cat = parse_catalog_bundle(catalog_bytes)
    except InvalidInput as exc:
        errors += exc.errors
    try:
        cal = parse_calendar_bundle(calendar_bytes)
    except InvalidInput as exc:
        errors += exc.errors
    if errors:
        raise InvalidInput(errors[0] if len(errors) == 1 else f"Không khởi tạo được: {len(errors)} lỗi", errors=errors)
    assert cat is not None and cal is not None
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid7()}.init")
    try:
        store = Store.open(tmp, create=True)
        try:
            with store.write() as conn:
                store.set_meta(
                    conn,
                    agency_code=agency_code,
                    agency_name=clean(agency_name),
                    desk_slot=str(desk_slot),
                    parent_name=clean(parent_name),
                    place=clean(place),
                    desk_id=uuid7(),
                    created_at=timeutil.iso(timeutil.now()),
                    form_set=form_set or "tt03-2025",
                    server_url=clean(server_url),
                )
            desk = Desk(store)
            for key in keys:
                desk.trust_key(key, actor=actor)
            desk.import_catalog(catalog_bytes, actor=actor, _parsed=cat)
            desk.import_calendar(calendar_bytes, actor=actor, _parsed=cal)
        finally:
            store.close()
        for suffix in ("-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        tmp.replace(target)
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        raise
    return Desk.open(data_dir)


class Desk:
    """One open desk: its store, settings, catalog and calendar."""

    def __init__(self, store: Store):
        self.store = store
        self._calendar: WorkCalendar | None = None
        self._settings: DeskSettings | None = None

    @classmethod
    def open(cls, data_dir: Path) -> Desk:
        """Open the desk whose files are in ``data_dir`` (NotInitialised when there are none)."""
        return cls(Store.open(paths.store_path(data_dir), backups=paths.backups_dir(data_dir)))

    def close(self) -> None:
        self.store.close()

    @property
    def settings(self) -> DeskSettings:
        if self._settings is None:
            self._settings = DeskSettings.from_meta(self.store.meta())
        return self._settings

    # -- catalog -----------------------------------------------------------------------------------

    # -- trust -------------------------------------------------------------------------------------

    def trusted_keys(self) -> list[TrustedKey]:
        """The publisher keys this desk trusts (empty: unsigned bundles are accepted, as in a demo)."""
        raw = self.store.meta().get("trusted_keys")
        return [TrustedKey(**k) for k in json.loads(raw)] if raw else []

    def trust_key(self, key: TrustedKey, *, actor: str) -> None:
        """Trust a publisher key (from set-up, the CLI, or the installer's machine-wide configuration)."""
        keys = [k for k in self.trusted_keys() if k.key_id != key.key_id] + [key]
        with self.store.write() as conn:
            self.store.set_meta(conn, trusted_keys=json.dumps([k.__dict__ for k in keys], ensure_ascii=False))
            self.store.append_event(
                conn, kind="key_trusted", payload={"key_id": key.key_id, "name": key.name}, actor=actor
            )

    def untrust_key(self, key_id: str, *, actor: str) -> None:
        keys = self.trusted_keys()
        if key_id not in {k.key_id for k in keys}:
            raise NotFound(f"Không có khóa «{key_id}» trong danh sách khóa tin cậy.", field="key_id")
        with self.store.write() as conn:
            rest = [k.__dict__ for k in keys if k.key_id != key_id]
            self.store.set_meta(conn, trusted_keys=json.dumps(rest, ensure_ascii=False))
            self.store.append_event(conn, kind="key_untrusted", payload={"key_id": key_id}, actor=actor)

    # -- catalog -----------------------------------------------------------------------------------

    def open_catalog(self, data: bytes) -> tuple[CatalogBundle, str | None]:
        """Verify (when keys are trusted) and validate a catalog file; returns the bundle and its signer."""
        opened = open_bundle(data, self.trusted_keys(), "danh mục")
        return parse_catalog_bundle(opened.payload), opened.key_id

    def catalog_bundle(self, catalog_id: int) -> CatalogBundle:
        row = self.store.conn.execute("SELECT bundle FROM catalogs WHERE id = ?", (catalog_id,)).fetchone()
        return parse_catalog_bundle(row[0])

    def import_catalog(
        self,
        data: bytes,
        *,
        actor: str,
        force: bool = False,
        reason: str | None = None,
        approve: bool = True,
        _parsed: CatalogBundle | None = None,
    ) -> dict[str, Any]:
        """Verify, validate and store a catalog bundle; a refused bundle changes nothing.

        With ``approve`` it is usable from its effective date at once; otherwise it waits for a lead clerk to see
        the changes (``catalog_changes``) and ``approve_catalog`` it.
        """
        signer = None
        if _parsed is not None:
            bundle = _parsed
        else:
            bundle, signer = self.open_catalog(data)
        conn = self.store.conn
        newest = conn.execute(
            "SELECT max(version) FROM catalogs WHERE publisher_code = ?", (bundle.publisher_code,)
        ).fetchone()[0]
        if newest is not None and bundle.version <= newest and not force:
            raise InvalidInput(
                f"Danh mục phiên bản {bundle.version} của «{bundle.publisher_code}» không mới hơn phiên bản "
                f"{newest} đã nhập; danh mục đang dùng giữ nguyên. Xin bản mới hơn từ đơn vị phát hành.",
                field="version",
            )
        if conn.execute(
            "SELECT 1 FROM catalogs WHERE publisher_code = ? AND version = ?", (bundle.publisher_code, bundle.version)
        ).fetchone():
            raise InvalidInput(
                f"Danh mục phiên bản {bundle.version} của «{bundle.publisher_code}» đã được nhập trước đây.",
                field="version",
            )
        if force and not clean(reason):
            raise InvalidInput("Nhập phiên bản không mới hơn cần ghi rõ lý do (được lưu vào nhật ký).", field="reason")
        now = timeutil.iso(timeutil.now())
        with self.store.write() as wconn:
            cur = wconn.execute(
                "INSERT INTO catalogs (publisher_code, publisher_name, version, issued_at, effective_from,"
                " imported_at, sha256, bundle, signed_by, approved_at, approved_by)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    bundle.publisher_code,
                    bundle.publisher_name,
                    bundle.version,
                    bundle.issued_at,
                    bundle.effective_from.isoformat(),
                    now,
                    bundle.sha256,
                    bundle.raw_bytes,
                    signer,
                    now if approve else None,
                    actor if approve else None,
                ),
            )
            catalog_id = cur.lastrowid
            wconn.executemany(
                "INSERT INTO procedures (catalog_id, code, name, name_folded, field_code, field_name, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        catalog_id,
                        p.code,
                        p.name,
                        fold(p.code + " " + p.name + " " + " ".join(p.aliases)),
                        p.field_code,
                        p.field_name,
                        json.dumps(p.to_dict(), ensure_ascii=False),
                    )
                    for p in bundle.procedures
                ],
            )
            payload = {
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
            self.store.append_event(wconn, kind="catalog_imported", payload=payload, actor=actor)
        return payload

    def pending_catalogs(self) -> list[dict[str, Any]]:
        """Imported catalogs waiting for a lead clerk's approval, with what they change."""
        rows = self.store.conn.execute(
            "SELECT id, publisher_code, version, effective_from, imported_at, signed_by FROM catalogs"
            " WHERE approved_at IS NULL ORDER BY id"
        ).fetchall()
        keys = ("id", "publisher_code", "version", "effective_from", "imported_at", "signed_by")
        return [dict(zip(keys, r, strict=True)) | {"changes": self.catalog_changes(r[0])} for r in rows]

    def catalog_changes(self, catalog_id: int) -> str:
        """The changes of a stored catalog against the catalog in force now, in Vietnamese."""
        from desk.bundle_diff import describe_vi, diff_catalogs

        current = self.active_catalog()
        old = self.catalog_bundle(current["id"]) if current and current["id"] != catalog_id else None
        return describe_vi(diff_catalogs(old, self.catalog_bundle(catalog_id)))

    def approve_catalog(self, catalog_id: int, *, actor: str, by: Clerk | None = None) -> dict[str, Any]:
        """A lead clerk (``by``; anyone while the desk has no accounts) approves a pending catalog for its date."""
        lead = require_lead(self.store, by)
        actor = lead.full_name if lead else actor
        row = self.store.conn.execute(
            "SELECT version, effective_from, approved_at FROM catalogs WHERE id = ?", (catalog_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"Không có danh mục số {catalog_id}. Xem «desk catalog pending».", field="catalog")
        if row[2] is not None:
            raise InvalidInput(f"Danh mục số {catalog_id} (phiên bản {row[0]}) đã được duyệt.", field="catalog")
        now = timeutil.iso(timeutil.now())
        with self.store.write() as conn:
            conn.execute("UPDATE catalogs SET approved_at = ?, approved_by = ? WHERE id = ?", (now, actor, catalog_id))
            self.store.append_event(
                conn,
                kind="catalog_approved",
                payload={"catalog_id": catalog_id, "version": row[0], "effective_from": row[1]},
                actor=actor,
            )
        return {"catalog_id": catalog_id, "version": row[0], "effective_from": row[1]}

    def active_catalog(self, on: dt.date | None = None) -> dict[str, Any] | None:
        """The catalog in force on a date: the newest in effect (latest effective date, then latest import)."""
        on = on or timeutil.now().date()
        row = self.store.conn.execute(
            "SELECT id, publisher_code, publisher_name, version, effective_from, imported_at FROM catalogs"
            " WHERE effective_from <= ? AND approved_at IS NOT NULL ORDER BY effective_from DESC, id DESC LIMIT 1",
            (on.isoformat(),),
        ).fetchone()
        if row is None:
            return None
        keys = ("id", "publisher_code", "publisher_name", "version", "effective_from", "imported_at")
        return dict(zip(keys, row, strict=True))

    def procedures(self, on: dt.date | None = None) -> list[Procedure]:
        """The procedures that can be chosen for a new dossier on a date."""
        cat = self.active_catalog(on)
        if cat is None:
            return []
        rows = self.store.conn.execute(
            "SELECT data FROM procedures WHERE catalog_id = ? ORDER BY code", (cat["id"],)
        ).fetchall()
        return [procedure_from_dict(json.loads(r[0])) for r in rows]

    def procedure(self, code: str, on: dt.date | None = None) -> tuple[Procedure, dict[str, Any]]:
        """One procedure of the catalog in force, with that catalog; refused when unknown or retired."""
        cat = self.active_catalog(on)
        if cat is None:
            raise InvalidInput("Chưa có danh mục thủ tục nào có hiệu lực. Nhập danh mục trước («desk catalog import»).")
        code = clean(code)
        row = self.store.conn.execute(
            "SELECT data FROM procedures WHERE catalog_id = ? AND code = ?", (cat["id"], code)
        ).fetchone()
        if row is None:
            retired = self.store.conn.execute("SELECT 1 FROM procedures WHERE code = ? LIMIT 1", (code,)).fetchone()
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
        return procedure_from_dict(json.loads(row[0])), cat

    def _procedure_snapshot(self, catalog_id: int, code: str) -> Procedure:
        row = self.store.conn.execute(
            "SELECT data FROM procedures WHERE catalog_id = ? AND code = ?", (catalog_id, code)
        ).fetchone()
        return procedure_from_dict(json.loads(row[0]))

    # -- calendar ----------------------------------------------------------------------------------

    def import_calendar(self, data: bytes, *, actor: str, _parsed: CalendarBundle | None = None) -> dict[str, Any]:
        """Validate and import a working-day calendar bundle; versions only grow per publisher."""
        signer = None
        if _parsed is None:
            opened = open_bundle(data, self.trusted_keys(), "lịch làm việc")
            data, signer = opened.payload, opened.key_id
        bundle = _parsed or parse_calendar_bundle(data)
        publisher = (bundle.publisher or {}).get("code") or (bundle.publisher or {}).get("name") or "?"
        conn = self.store.conn
        newest = conn.execute("SELECT max(version) FROM calendars WHERE publisher = ?", (publisher,)).fetchone()[0]
        if newest is not None and bundle.version <= newest:
            raise InvalidInput(
                f"Lịch làm việc phiên bản {bundle.version} không mới hơn phiên bản {newest} đã nhập; lịch giữ nguyên.",
                field="version",
            )
        digest = hashlib.sha256(data).hexdigest()
        with self.store.write() as wconn:
            cur = wconn.execute(
                "INSERT INTO calendars (publisher, version, years, issued_at, imported_at, sha256, bundle, signed_by)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (publisher, bundle.version, json.dumps(list(bundle.years)), bundle.issued_at,
                 timeutil.iso(timeutil.now()), digest, data, signer),
            )  # fmt: skip
            payload = {"calendar_id": cur.lastrowid, "publisher": publisher, "version": bundle.version,
                       "years": list(bundle.years), "sha256": digest}  # fmt: skip
            self.store.append_event(wconn, kind="calendar_imported", payload=payload, actor=actor)
        self._calendar = None
        return payload

    def calendar(self) -> WorkCalendar:
        """The working-day calendar made of every imported bundle (cached until the next import)."""
        if self._calendar is None:
            bundles = [
                parse_calendar_bundle(row[0])
                for row in self.store.conn.execute("SELECT bundle FROM calendars ORDER BY id")
            ]
            self._calendar = WorkCalendar(bundles)
        return self._calendar

    # -- appointment -------------------------------------------------------------------------------

    def due(self, procedure_code: str, at: dt.datetime) -> dict[str, Any]:
        """The appointment for a dossier of a procedure received at ``at``, computed, not saved."""
        at = timeutil.to_vn(at)
        proc, cat = self.procedure(procedure_code, at.date())
        cal = self.calendar()
        due_at = compute_due(at, Duration.from_catalog(proc.duration), cal)
        return {
            "procedure": proc.code,
            "received_at": timeutil.iso(at),
            "due_at": timeutil.iso(due_at),
            "calendar_version": cal.version,
            "duration": Duration.from_catalog(proc.duration).describe_vi(),
            "catalog_version": cat["version"],
        }

    # -- intake ------------------------------------------------------------------------------------

    def _check_intake(self, req: ReceiveRequest, now: dt.datetime, *, documents_complete: bool = True) -> _Intake:
        """Every field of an intake checked at once; returns the cleaned values or raises one InvalidInput."""
        errors: list[str] = []
        fields: list[str] = []

        def check(fn, *args, **kwargs):  # collect every field error, not just the first
            try:
                return fn(*args, **kwargs)
            except InvalidInput as exc:
                errors.extend(exc.errors)
                fields.extend([exc.field or ""] * len(exc.errors))
                return None

        received_at = timeutil.to_vn(req.received_at) if req.received_at else now
        if received_at > now:
            errors.append(
                f"Thời điểm tiếp nhận {timeutil.iso(received_at)} ở tương lai (bây giờ là {timeutil.iso(now)}). "
                "Chỉ nhập lại hồ sơ đã nhận trên giấy với thời điểm đã qua."
            )
            fields.append("received_at")
        name = check(v.person_name, req.name)
        ident = (
            check(
                v.id_number,
                req.id_number,
            )
            if clean(req.id_number)
            else None
        )
        phone = check(v.phone, req.phone) if clean(req.phone) else None
        email = check(v.email, req.email) if clean(req.email) else None
        address = check(v.free_text, req.address, "address", "Địa chỉ", max_len=300)
        note = check(v.free_text, req.note, "note", "Ghi chú", max_len=1000)
        if not isinstance(req.sets, int) or not 1 <= req.sets <= 99:
            errors.append(f"Số lượng hồ sơ {req.sets}: phải là số nguyên từ 1 đến 99 (bộ).")
            fields.append("sets")
        if req.channel not in projections.CHANNEL_LABELS:
            errors.append(f"Kênh tiếp nhận {req.channel}: phải là 1 (trực tiếp), 2 (trực tuyến) hoặc 3 (bưu chính).")
            fields.append("channel")
        if req.delivery not in DELIVERY:
            errors.append(f"Nơi nhận kết quả «{req.delivery}»: phải là desk (tại bộ phận) hoặc post (bưu chính).")
            fields.append("delivery")
        proc = cat = None
        try:
            proc, cat = self.procedure(req.procedure, received_at.date())
        except InvalidInput as exc:
            errors.append(exc.message)
            fields.append("procedure")
        documents: list[dict[str, Any]] = []
        if proc is not None:
            documents = check(_documents_submitted, proc, req.documents, require_all=documents_complete) or []
        if errors:
            raise InvalidInput(
                errors[0] if len(errors) == 1 else f"Hồ sơ chưa hợp lệ ({len(errors)} lỗi):",
                field=fields[0] or None,
                errors=errors,
            )
        assert proc is not None and cat is not None and name is not None
        return _Intake(received_at, name, ident, phone, email, address, note, proc, cat, documents)

    def receive(self, req: ReceiveRequest, *, actor: str, now: dt.datetime | None = None) -> dict[str, Any]:
        """Check a dossier, issue its code and appointment, and record it — all or nothing."""
        now = timeutil.to_vn(now) if now else timeutil.now()
        checked = self._check_intake(req, now)
        received_at, ident, proc, cat = checked.received_at, checked.ident, checked.proc, checked.cat
        cal = self.calendar()
        due_at = compute_due(received_at, Duration.from_catalog(proc.duration), cal)
        settings = self.settings
        day = received_at.date()
        uid = uuid7()
        with self.store.write() as conn:
            order = _next_order(conn, settings, day)
            code = f"{settings.agency_code}-{day:%y%m%d}-{order:04d}"
            book_no = day.year
            entry_no = _next_entry(conn, book_no)
            payload = {
                "code": code,
                "agency_code": settings.agency_code,
                "receipt_date": day.isoformat(),
                "order": order,
                "procedure": {
                    "code": proc.code,
                    "catalog_id": cat["id"],
                    "version": cat["version"],
                    "field_code": proc.field_code,
                },
                "applicant": checked.applicant() | {"id_kind": ident.kind if ident else None},
                "sets": req.sets,
                "documents": checked.documents,
                "channel": req.channel,
                "delivery": req.delivery,
                "received_at": timeutil.iso(received_at),
                "due_at": timeutil.iso(due_at),
                "calendar_version": cal.version,
                "book_no": book_no,
                "entry_no": entry_no,
                "note": checked.note,
            }
            event = self.store.append_event(conn, kind="received", payload=payload, actor=actor, dossier_uid=uid,
                                            device_time=now)  # fmt: skip
            projections.apply(conn, event)
        return self.dossier(uid, with_events=False, _proc=proc, _cat=cat)

    def missing_documents(self, procedure_code: str, given: dict[str, int] | None) -> list[dict[str, Any]]:
        """The required documents of a procedure that ``given`` lacks (what a supplement request lists)."""
        proc, _ = self.procedure(procedure_code)
        given = given or {}
        return [
            {"id": d.id, "name": d.name, "form": d.form, "form_label": FORMS.get(d.form or ""),
             "quantity": d.quantity, "note": d.note}
            for d in proc.documents
            if d.required and d.id not in given
        ]  # fmt: skip

    def request_supplement_at_intake(
        self, req: ReceiveRequest, *, actor: str, reason: str | None = None, now: dt.datetime | None = None
    ) -> dict[str, Any]:
        """An incomplete dossier is not received: record the guidance given (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ).

        Returns the applicant, the procedure and every missing item, for the printed form. No code is issued.
        """
        now = timeutil.to_vn(now) if now else timeutil.now()
        c = self._check_intake(req, now, documents_complete=False)
        received_at, proc, cat, documents = c.received_at, c.proc, c.cat, c.documents
        missing = self.missing_documents(proc.code, {d["id"]: d["quantity"] for d in documents})
        if not missing:
            raise InvalidInput("Hồ sơ đã đủ giấy tờ bắt buộc: tiếp nhận hồ sơ thay vì lập phiếu yêu cầu bổ sung.")
        applicant = c.applicant()
        payload = {
            "procedure": {"code": proc.code, "catalog_id": cat["id"], "version": cat["version"]},
            "applicant": applicant,
            "submitted": documents,
            "missing": [m["id"] for m in missing],
            "reason": clean(reason) or None,
            "at": timeutil.iso(received_at),
        }
        with self.store.write() as conn:
            event = self.store.append_event(conn, kind="intake_supplement_requested", payload=payload, actor=actor,
                                            device_time=now)  # fmt: skip
        return {
            "event_id": event.id,
            "code": None,
            "procedure": {"code": proc.code, "name": proc.name, "version": cat["version"]},
            "applicant": applicant,
            "received_at": timeutil.iso(received_at),
            "documents": documents,
            "missing": missing,
            "reason": payload["reason"],
            "actor": actor,
        }

    def record_print(
        self,
        form: str,
        *,
        actor: str,
        code: str | None = None,
        target: str = "pdf",
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Log that a form left the PC on paper or as a file (personal data: who printed what, when)."""
        uid = None
        if code is not None:
            row = self._row(code)
            if row is None:
                raise NotFound(f"Không có hồ sơ mã «{clean(code)}» trên bàn tiếp nhận này.", field="code")
            uid = row["uid"]
        payload = {"form": form, "target": target, "code": code, **(detail or {})}
        with self.store.write() as conn:
            self.store.append_event(conn, kind="printed", payload=payload, actor=actor, dossier_uid=uid)

    # -- reading -----------------------------------------------------------------------------------

    def _rows(self, sql: str, params: tuple | list = ()) -> sqlite3.Cursor:
        """A read cursor whose rows are addressable by column name."""
        cur = self.store.conn.cursor()
        cur.row_factory = sqlite3.Row
        return cur.execute(sql, params)

    def _row(self, key: str) -> sqlite3.Row | None:
        key = clean(key)
        row = self._rows("SELECT * FROM dossiers WHERE code = ?", (key.upper(),)).fetchone()
        if row is None:
            row = self._rows("SELECT * FROM dossiers WHERE uid = ?", (key.lower(),)).fetchone()
        return row

    def dossier(self, key: str, *, with_events: bool = True, _proc: Procedure | None = None,
                _cat: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
        """One dossier by code or uid, as the JSON of contracts/cli.md."""
        row = self._row(key)
        if row is None:
            raise NotFound(f"Không có hồ sơ mã «{clean(key)}» trên bàn tiếp nhận này.", field="code")
        proc = _proc or self._procedure_snapshot(row["catalog_id"], row["procedure_code"])
        version = _cat["version"] if _cat else self.store.conn.execute(
            "SELECT version FROM catalogs WHERE id = ?", (row["catalog_id"],)
        ).fetchone()[0]  # fmt: skip
        return self._render(row, proc, version, with_events)

    def _render(self, row: sqlite3.Row, proc: Procedure, version: int, with_events: bool) -> dict[str, Any]:
        by_id = {d.id: d for d in proc.documents}
        documents = []
        for item in json.loads(row["documents"]):
            doc = by_id.get(item["id"])
            documents.append({
                "id": item["id"],
                "name": doc.name if doc else item["id"],
                "form": item.get("form", doc.form if doc else None),
                "form_label": FORMS.get(item.get("form") or "", None),
                "quantity": item["quantity"],
            })  # fmt: skip
        duration = Duration.from_catalog(proc.duration)
        out: dict[str, Any] = {
            "uid": row["uid"],
            "code": row["code"],
            "procedure": {
                "code": proc.code,
                "name": proc.name,
                "version": version,
                "field": {"code": proc.field_code, "name": proc.field_name},
                "duration": proc.duration,
                "duration_text": duration.describe_vi(),
                "fee_text": proc.fee_text,
                "fee_amount": proc.fee_amount,
                "deciding_agency": proc.deciding_agency,
                "result": proc.result,
            },
            "status": row["status"],
            "status_label": projections.STATUS_LABELS[row["status"]],
            "channel": row["channel"],
            "received_at": row["received_at"],
            "entered_at": row["entered_at"],
            "due_at": row["due_at"],
            "calendar_version": row["calendar_version"],
            "applicant": {
                "name": row["name"],
                "id_number": row["id_number"],
                "phone": row["phone"],
                "email": row["email"],
                "address": row["address"],
            },
            "sets": row["sets"],
            "documents": documents,
            "delivery": row["delivery"],
            "book_no": row["book_no"],
            "entry_no": row["entry_no"],
            "actor": row["actor"],
            "note": row["note"],
            "original_due_at": row["original_due_at"] or row["due_at"],
            "extensions": row["extensions"],
            "paused_at": row["paused_at"],
            "holder": row["holder"],
            "result_at": row["result_at"],
            "returned_at": row["returned_at"],
            "returned_to": row["returned_to"],
            "closed_at": row["closed_at"],
            "fee_paid": row["fee_paid"],
        }
        if with_events:
            out["events"] = [
                {"id": e.id, "kind": e.kind, "at": e.device_time, "actor": e.actor, "payload": e.payload}
                for e in self.store.events(dossier_uid=row["uid"])
            ]
        return out

    def search(self, query: str, limit: int = 50) -> list[dict[str, Any]]:
        """Dossiers by code (whole or last part), ID number, phone or name; best matches first."""
        from desk.search import search_ids

        ids = search_ids(self.store.conn, query, limit)
        if not ids:
            return []
        conn = self.store.conn
        marks = ",".join("?" * len(ids))
        rows = {r["id"]: r for r in self._rows(f"SELECT * FROM dossiers WHERE id IN ({marks})", ids)}
        names = dict(
            conn.execute(
                "SELECT catalog_id || ' ' || code, name FROM procedures WHERE (catalog_id, code) IN"
                f" (SELECT catalog_id, procedure_code FROM dossiers WHERE id IN ({marks}))",
                ids,
            ).fetchall()
        )
        out = []
        for i in ids:
            r = rows.get(i)
            if r is None:  # the name index is ahead of a damaged projection: «desk rebuild» mends it
                continue
            out.append({
                "uid": r["uid"],
                "code": r["code"],
                "procedure": {"code": r["procedure_code"], "name": names.get(f"{r['catalog_id']} {r['procedure_code']}")},
                "status": r["status"],
                "status_label": projections.STATUS_LABELS[r["status"]],
                "channel": r["channel"],
                "received_at": r["received_at"],
                "due_at": r["due_at"],
                "applicant": {"name": r["name"], "id_number": r["id_number"], "phone": r["phone"],
                              "email": r["email"], "address": r["address"]},
                "sets": r["sets"],
            })  # fmt: skip
        return out

    def rebuild(self) -> int:
        """Rebuild every projection from the event log; returns the number of events replayed."""
        with self.store.write() as conn:
            return projections.rebuild(conn)

    def info(self) -> dict[str, Any]:
        """What ``desk info`` shows."""
        s = self.settings
        cat = self.active_catalog()
        cal_row = self.store.conn.execute(
            "SELECT publisher, version, years FROM calendars ORDER BY id DESC LIMIT 1"
        ).fetchone()
        counts = self.store.counts()
        pending = self.store.conn.execute(
            "SELECT count(*) FROM catalogs WHERE effective_from > ?", (timeutil.now().date().isoformat(),)
        ).fetchone()[0]
        return {
            "agency_code": s.agency_code,
            "agency_name": s.agency_name,
            "parent_name": s.parent_name,
            "place": s.place,
            "desk_slot": s.desk_slot,
            "desk_id": self.store.meta()["desk_id"],
            "store": str(self.store.path),
            "schema_version": self.store.schema_version(),
            "catalog": None
            if cat is None
            else {
                "publisher": cat["publisher_code"],
                "name": cat["publisher_name"],
                "version": cat["version"],
                "effective_from": cat["effective_from"],
                "procedures": self.store.conn.execute(
                    "SELECT count(*) FROM procedures WHERE catalog_id = ?", (cat["id"],)
                ).fetchone()[0],
            },
            "catalogs_pending": pending,
            "calendar": None
            if cal_row is None
            else {
                "publisher": cal_row[0],
                "version": cal_row[1],
                "years": json.loads(cal_row[2]),
                "effective_version": self.calendar().version,
            },
            "counts": counts,
        }


def _documents_submitted(
    proc: Procedure, given: dict[str, int] | None, *, require_all: bool = True
) -> list[dict[str, Any]]:
    """The documents list of a dossier; refuses unknown ids, bad quantities and (when asked) missing required ones."""
    by_id = {d.id: d for d in proc.documents}
    if given is None:
        return [{"id": d.id, "form": d.form, "quantity": d.quantity or 1} for d in proc.documents if d.required]
    errors = []
    for doc_id, qty in given.items():
        if doc_id not in by_id:
            known = ", ".join(by_id) or "không có"
            errors.append(f"Giấy tờ «{doc_id}» không thuộc thủ tục {proc.code} (các mã giấy tờ: {known}).")
        elif not isinstance(qty, int) or not 1 <= qty <= 999:
            errors.append(f"Số lượng giấy tờ «{doc_id}» = {qty}: phải là số nguyên từ 1 đến 999.")
    missing = [d for d in proc.documents if d.required and d.id not in given]
    if missing and require_all:
        listed = "; ".join(f"{d.id}: {d.name}" for d in missing)
        errors.append(
            f"Thiếu giấy tờ bắt buộc của thủ tục {proc.code}: {listed}. Lập phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."
        )
    if errors:
        raise InvalidInput(
            errors[0] if len(errors) == 1 else f"Giấy tờ chưa hợp lệ ({len(errors)} lỗi):",
            field="documents",
            errors=errors,
        )
    return [{"id": d.id, "form": d.form, "quantity": given[d.id]} for d in proc.documents if d.id in given]


def _next_order(conn: sqlite3.Connection, settings: DeskSettings, day: dt.date) -> int:
    """The next order number of this desk's slot on a day; refused past the slot's 999 numbers."""
    base = settings.desk_slot * SLOT_WIDTH
    row = conn.execute(
        "SELECT last_order FROM code_counters WHERE agency_code = ? AND day = ? AND slot = ?",
        (settings.agency_code, day.isoformat(), settings.desk_slot),
    ).fetchone()
    last = row[0] if row else base
    if last >= base + SLOT_WIDTH - 1:
        raise InvalidInput(
            f"Bàn số {settings.desk_slot} đã cấp hết {SLOT_WIDTH - 1} mã hồ sơ của ngày {day:%d/%m/%Y}. "
            "Tiếp nhận tiếp ở bàn khác (số hiệu khác)."
        )
    return last + 1


def _next_entry(conn: sqlite3.Connection, book_no: int) -> int:
    row = conn.execute("SELECT last_entry FROM ledger_books WHERE book_no = ?", (book_no,)).fetchone()
    return (row[0] if row else 0) + 1
