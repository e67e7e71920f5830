"""What the reference server does: enrolment, credentials, push, pull, bundles, and processing units' events.

The HTTP layer (app.py) and the admin CLI (cli.py) call these; nothing here knows about HTTP except the status
code a refusal of a whole request carries. Each event is judged on its own: one bad event in a batch is refused with
a reason the clerk reads, the others are accepted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Connection, func, or_, select, update

from desk import lifecycle, timeutil
from desk.appointment import timeliness
from desk.calendar import parse_calendar_bundle
from desk.catalog import parse_catalog_bundle
from desk.errors import InvalidInput
from desk.signing import is_envelope, open_bundle
from desk.store import canonical_json
from sync import protocol as p
from sync.server import storage as s
from sync.server.storage import Storage

VERSION = "1.0"
ENROL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: read aloud and typed by people
ENROL_RETRY_S = 600  # the same desk may use its code again this long after (its first answer may have been lost)
ADMIN_DEVICE = "00000000-0000-0000-0000-000000000000"
FUTURE_SLACK = dt.timedelta(minutes=10)


class Refusal(Exception):
    """A whole request refused: the HTTP status and a reason in Vietnamese."""

    status = 400

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class Unauthorized(Refusal):
    status = 401


class Forbidden(Refusal):
    status = 403


class Missing(Refusal):
    status = 404


class Conflict(Refusal):
    status = 409


@dataclass(frozen=True)
class Device:
    """Who is calling: a desk (with its slot) or a processing unit, of one agency."""

    id: str
    kind: str
    agency_code: str
    slot: int | None
    name: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_enrol_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def precise_now() -> dt.datetime:
    return dt.datetime.now(timeutil.VN_TZ)


def iso_ms(value: dt.datetime) -> str:
    return timeutil.to_vn(value).isoformat(timespec="milliseconds")


def digest(e: dict[str, Any]) -> str:
    """What makes two events with one id the same event."""
    fields = [
        e["id"],
        e.get("dossier_uid"),
        e["kind"],
        e["payload"],
        e["actor"],
        e["desk_id"],
        e["device_time"],
        e.get("hash") or "",
    ]
    return hashlib.sha256(canonical_json(fields).encode("utf-8", "surrogatepass")).hexdigest()


def encode_cursor(event_seq: int, bundle_id: int) -> str:
    return f"e{event_seq}b{bundle_id}"


def decode_cursor(cursor: str | None) -> tuple[int, int]:
    if not cursor:
        return 0, 0
    e, _, b = cursor[1:].partition("b")
    return int(e), int(b)


_Int = Annotated[int, Field(ge=0, le=2**31 - 1)]
_Str = Annotated[str, Field(max_length=300)]


class _Received(BaseModel):
    """The keys of a ``received`` payload that the desk's projection (and the server's view) read."""

    model_config = ConfigDict(extra="allow", strict=True)

    class _Procedure(BaseModel):
        model_config = ConfigDict(extra="allow", strict=True)
        code: _Str
        catalog_id: _Int

    class _Applicant(BaseModel):
        model_config = ConfigDict(extra="allow", strict=True)
        name: Annotated[str, Field(min_length=1, max_length=300)]

    code: _Str
    agency_code: _Str
    receipt_date: _Str
    order: _Int
    procedure: _Procedure
    applicant: _Applicant
    sets: _Int
    documents: list[Any]
    channel: _Int
    delivery: _Str
    received_at: _Str
    due_at: _Str
    calendar_version: _Str
    book_no: _Int
    entry_no: _Int


class Server:
    """The provincial server's rules over one database."""

    def __init__(self, storage: Storage, clock: Callable[[], dt.datetime] = precise_now):
        self.storage = storage
        self.clock = clock

    def now(self) -> dt.datetime:
        return timeutil.to_vn(self.clock())

    def now_iso(self) -> str:
        return iso_ms(self.now())

    # -- administration (the admin CLI) ----------------------------------------------------------------------------

    def create_enrol_code(
        self, agency_code: str, slot: int, *, label: str | None = None, valid_days: float = 7
    ) -> dict[str, Any]:
        """A one-time code a desk exchanges for its credential; refused while another desk holds the slot."""
        agency_code = _agency(agency_code)
        if not 1 <= slot <= 9:
            raise InvalidInput(f"Số hiệu bàn {slot}: phải từ 1 đến 9 (0 dành cho hệ thống của tỉnh).")
        if not 0 < valid_days <= 90:
            raise InvalidInput("Thời hạn của mã đăng ký: từ một phút đến 90 ngày.")
        code = "".join(secrets.choice(ENROL_ALPHABET) for _ in range(12))
        now = self.now()
        with self.storage.write() as conn:
            holder = _slot_holder(conn, agency_code, slot)
            if holder is not None:
                raise InvalidInput(
                    f"Bàn số {slot} của cơ quan {agency_code} đang được máy «{holder.name}» ({holder.id}) dùng. "
                    f"Thu hồi máy đó trước («desk-server revoke {holder.id}»), rồi tạo mã mới."
                )
            conn.execute(
                s.enrol_codes.insert().values(
                    code_hash=hash_token(code),
                    agency_code=agency_code,
                    slot=slot,
                    label=p.clean_text(label),
                    created_at=iso_ms(now),
                    expires_at=iso_ms(now + dt.timedelta(days=valid_days)),
                )
            )
        pretty = "-".join(code[i : i + 4] for i in range(0, 12, 4))
        return {
            "code": pretty,
            "agency_code": agency_code,
            "slot": slot,
            "label": p.clean_text(label),
            "expires_at": iso_ms(now + dt.timedelta(days=valid_days)),
        }

    def _credential(self, kind: str, agency_code: str, name: str, prefix: str, what: str) -> dict[str, Any]:
        """A new random credential for a processing unit or a publisher, stored hashed (shown once)."""
        name = p.clean_text(name) or ""
        if not name or len(name) > 200:
            raise InvalidInput(f"Tên {what}: bắt buộc, tối đa 200 ký tự.")
        token = prefix + secrets.token_urlsafe(32)
        device_id = str(uuid.uuid4())
        with self.storage.write() as conn:
            conn.execute(
                s.devices.insert().values(
                    id=device_id, kind=kind, agency_code=agency_code, slot=None, name=name,
                    token_hash=hash_token(token), created_at=self.now_iso(),
                )
            )  # fmt: skip
        return {"device_id": device_id, "credential": token, "agency_code": agency_code, "name": name}

    def create_processor(self, agency_code: str, name: str) -> dict[str, Any]:
        """A credential for a processing unit acting on the dossiers of one agency (shown once)."""
        return self._credential("processor", _agency(agency_code), name, "pk_", "đơn vị xử lý")

    def create_publisher(self, name: str) -> dict[str, Any]:
        """A credential for a catalog/calendar publisher (provincial or district IT) to upload signed bundles."""
        return self._credential("publisher", "*", name, "pub_", "đơn vị phát hành")

    def upload_bundle(self, device: Device, data: bytes, agencies: list[str] | None) -> list[dict[str, Any]]:
        """A publisher hands in a signed bundle for the desks of some agencies (or all); desks verify the signature."""
        if not is_envelope(data):
            raise InvalidInput("Chỉ nhận bộ dữ liệu đã ký số (desk-publish sign): tệp này chưa được ký.")
        inner = open_bundle(data, [], "bộ dữ liệu").payload
        try:
            fmt = json.loads(inner.decode("utf-8")).get("format")
        except (UnicodeDecodeError, json.JSONDecodeError, AttributeError):
            fmt = None
        kinds = {"desk-catalog/1": "catalog", "desk-calendar/1": "calendar"}
        if fmt not in kinds:
            raise InvalidInput(
                f'Nội dung đã ký phải là danh mục "desk-catalog/1" hoặc lịch "desk-calendar/1" (format = {fmt!r}).'
            )
        targets = [_agency(a) for a in agencies] if agencies else [None]  # all checked before anything is stored
        return [self.add_bundle(kinds[fmt], data, agency_code=a) | {"uploaded_by": device.name} for a in targets]

    def revoke(self, device_id: str) -> dict[str, Any]:
        """Revoke a desk's or processing unit's credential: every later request with it is refused."""
        with self.storage.write() as conn:
            row = conn.execute(select(s.devices).where(s.devices.c.id == device_id)).mappings().first()
            if row is None:
                raise InvalidInput(f"Không có máy nào mang mã {device_id} trên máy chủ («desk-server devices»).")
            when = row["revoked_at"] or self.now_iso()
            conn.execute(update(s.devices).where(s.devices.c.id == device_id).values(revoked_at=when))
        return {"device_id": device_id, "kind": row["kind"], "name": row["name"], "revoked_at": when}

    def devices(self) -> list[dict[str, Any]]:
        with self.storage.read() as conn:
            rows = conn.execute(
                select(
                    s.devices.c.id,
                    s.devices.c.kind,
                    s.devices.c.agency_code,
                    s.devices.c.slot,
                    s.devices.c.name,
                    s.devices.c.created_at,
                    s.devices.c.revoked_at,
                    s.devices.c.last_seen_at,
                ).order_by(s.devices.c.agency_code, s.devices.c.kind, s.devices.c.slot)
            ).mappings()
            return [dict(r) for r in rows]

    def add_bundle(
        self, kind: str, data: bytes, *, agency_code: str | None = None, label: str | None = None
    ) -> dict[str, Any]:
        """Publish a catalog or calendar bundle to the desks of one agency (or all); an invalid one is refused.

        The bytes are kept exactly (a signed envelope stays signed: each desk checks the signature itself).
        """
        if kind not in ("catalog", "calendar"):
            raise InvalidInput("Loại bộ dữ liệu: catalog (danh mục) hoặc calendar (lịch).")
        what = "danh mục" if kind == "catalog" else "lịch làm việc"
        inner = open_bundle(data, [], what).payload
        if kind == "catalog":
            bundle = parse_catalog_bundle(inner)
            auto_label = f"Danh mục {bundle.publisher_code} phiên bản {bundle.version}"
        else:
            cal = parse_calendar_bundle(inner)
            auto_label = f"Lịch làm việc phiên bản {cal.version}"
        agency = _agency(agency_code) if agency_code else None
        with self.storage.write() as conn:
            values = {
                "agency_code": agency,
                "kind": kind,
                "label": p.clean_text(label) or auto_label,
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
                "data": data,
                "created_at": self.now_iso(),
            }
            bundle_id = conn.execute(s.bundles.insert().values(**values)).inserted_primary_key[0]
        return {"id": bundle_id, **{k: v for k, v in values.items() if k != "data"}}

    def health(self) -> dict[str, Any]:
        with self.storage.read() as conn:
            conn.execute(select(1)).scalar()
        return {"status": "ok", "version": VERSION, "database": self.storage.dialect, "server_time": self.now_iso()}

    def stats(self) -> dict[str, int]:
        with self.storage.read() as conn:
            count = lambda t: conn.execute(select(func.count()).select_from(t)).scalar() or 0  # noqa: E731
            return {
                "devices": count(s.devices),
                "events": count(s.events),
                "dossiers": count(s.dossiers),
                "bundles": count(s.bundles),
            }

    # -- enrolment and credentials ----------------------------------------------------------------------------------

    def enrol(self, req: p.EnrolRequest) -> dict[str, Any]:
        """Exchange a one-time code for a desk credential (the code's agency and slot must be the desk's)."""
        code_hash = hash_token(normalise_enrol_code(req.code))
        now = self.now()
        if not p.canonical_uuid(req.desk_id):
            raise Conflict("Mã bàn (desk_id) không đúng dạng UUID viết thường.")
        with self.storage.write() as conn:
            row = conn.execute(select(s.enrol_codes).where(s.enrol_codes.c.code_hash == code_hash)).mappings().first()
            if row is None:
                raise Forbidden("Mã đăng ký không đúng. Kiểm tra lại mã quản trị viên đã cấp (12 ký tự).")
            if row["used_at"] is not None:
                used = timeutil.parse_instant(row["used_at"])
                if row["device_id"] != req.desk_id or (now - used).total_seconds() > ENROL_RETRY_S:
                    raise Forbidden("Mã đăng ký này đã được dùng. Xin quản trị viên cấp mã mới.")
            elif timeutil.parse_instant(row["expires_at"]) < now:
                raise Forbidden("Mã đăng ký đã hết hạn. Xin quản trị viên cấp mã mới.")
            if row["agency_code"] != req.agency_code or row["slot"] != req.slot:
                raise Conflict(
                    f"Mã đăng ký dành cho bàn số {row['slot']} của cơ quan {row['agency_code']}, nhưng bàn này là bàn "
                    f"số {req.slot} của cơ quan {req.agency_code}. Kiểm tra lại cài đặt bàn hoặc xin mã đúng."
                )
            holder = _slot_holder(conn, req.agency_code, req.slot)
            if holder is not None and holder.id != req.desk_id:
                raise Conflict(
                    f"Bàn số {req.slot} của cơ quan {req.agency_code} đã có máy khác đăng ký. Quản trị viên cần thu "
                    "hồi máy cũ trước."
                )
            existing = conn.execute(select(s.devices).where(s.devices.c.id == req.desk_id)).mappings().first()
            token = "dk_" + secrets.token_urlsafe(32)
            name = p.clean_text(req.label) or row["label"] or f"Bàn số {req.slot}"
            if existing is None:
                conn.execute(
                    s.devices.insert().values(
                        id=req.desk_id,
                        kind="desk",
                        agency_code=req.agency_code,
                        slot=req.slot,
                        name=name,
                        token_hash=hash_token(token),
                        created_at=iso_ms(now),
                    )
                )
            elif (
                existing["kind"] != "desk" or existing["agency_code"] != req.agency_code or existing["slot"] != req.slot
            ):
                raise Conflict("Mã bàn này đã đăng ký cho một cơ quan hoặc số hiệu bàn khác.")
            else:  # the same desk again (lost credential, re-enrolled after a revocation): a new credential
                conn.execute(
                    update(s.devices)
                    .where(s.devices.c.id == req.desk_id)
                    .values(token_hash=hash_token(token), revoked_at=None, name=name)
                )
            conn.execute(
                update(s.enrol_codes)
                .where(s.enrol_codes.c.id == row["id"])
                .values(used_at=row["used_at"] or iso_ms(now), device_id=req.desk_id)
            )
        return {
            "credential": token,
            "desk_id": req.desk_id,
            "agency_code": req.agency_code,
            "slot": req.slot,
            "label": name,
            "server_time": iso_ms(now),
        }

    def authenticate(self, token: str | None, kind: str | None = None) -> Device:
        if not token:
            raise Unauthorized("Thiếu chứng danh (Authorization: Bearer …).")
        with self.storage.read() as conn:
            row = conn.execute(select(s.devices).where(s.devices.c.token_hash == hash_token(token))).mappings().first()
        if row is None:
            raise Unauthorized("Chứng danh không hợp lệ. Đăng ký lại máy với mã do quản trị viên cấp.")
        if row["revoked_at"] is not None:
            raise Unauthorized(
                f"Chứng danh của máy này đã bị thu hồi lúc {row['revoked_at']}. Liên hệ quản trị viên máy chủ tỉnh."
            )
        if kind is not None and row["kind"] != kind:
            what = {"desk": "bàn tiếp nhận", "processor": "đơn vị xử lý", "publisher": "đơn vị phát hành danh mục"}[
                kind
            ]
            raise Forbidden(f"Chức năng này chỉ dành cho {what}.")
        return Device(row["id"], row["kind"], row["agency_code"], row["slot"], row["name"])

    # -- push -----------------------------------------------------------------------------------------------------

    def push(self, device: Device, incoming: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Judge and store a desk's events; one answer per event, in order."""
        if not incoming:
            return []
        received_at = self.now_iso()
        with self.storage.write() as conn:
            batch = _Batch(
                conn, device.agency_code, [e.get("dossier_uid") for e in incoming], [e["id"] for e in incoming]
            )
            batch.load_codes([e["payload"].get("code") for e in incoming if e["kind"] == "received"])
            answers = []
            for e in incoming:
                answers.append(batch.judge(e, lambda e=e: self._desk_event(batch, device, e), origin=device.id))
            batch.store(received_at)
            conn.execute(update(s.devices).where(s.devices.c.id == device.id).values(last_seen_at=received_at))
        return answers

    def _desk_event(self, batch: _Batch, device: Device, e: dict[str, Any]) -> tuple[str | None, dict | None]:
        """(why the event is refused, or None; the dossier view after it)."""
        if not p.canonical_uuid(e["id"]) or (e.get("dossier_uid") and not p.canonical_uuid(e["dossier_uid"])):
            return "Mã sự kiện hoặc mã hồ sơ không đúng dạng UUID viết thường.", None
        if e["desk_id"] != device.id:
            return f"Sự kiện ghi mã bàn {e['desk_id']}, không phải bàn đã đăng ký {device.id}.", None
        if p.parse_time(e["device_time"]) is None:
            return f"Thời điểm ghi sự kiện «{e['device_time']}» không hợp lệ.", None
        why = p.payload_refusal(e["payload"])
        if why:
            return why, None
        if len(canonical_json(e["payload"]).encode("utf-8")) > p.PAYLOAD_MAX_BYTES:
            return f"Nội dung sự kiện quá lớn (tối đa {p.PAYLOAD_MAX_BYTES // 1024} KB).", None
        kind, uid, payload = e["kind"], e.get("dossier_uid"), e["payload"]
        if kind in lifecycle.RECORD_KINDS or (kind == "printed" and uid is None):
            if uid is not None:
                return f"Sự kiện «{kind}» không gắn với hồ sơ nào nhưng lại ghi mã hồ sơ.", None
            return None, None
        if uid is None:
            return f"Sự kiện «{lifecycle.label(kind)}» thiếu mã hồ sơ (dossier_uid).", None
        if kind == "received":
            return self._received(batch, device, uid, payload)
        view = batch.dossier(uid)
        if view is None:
            return "Máy chủ chưa có hồ sơ này (sự kiện tiếp nhận của nó chưa được máy chủ nhận).", None
        if view["owner_desk"] != device.id:
            return f"Hồ sơ {view['code']} thuộc bàn tiếp nhận khác: bàn này không ghi được sự kiện cho nó.", None
        why = p.transition_refusal(kind, view["status"], view["code"]) or lifecycle.payload_refusal(kind, payload)
        if why:
            return why, None
        return None, _view_after(view, kind, payload)

    def _received(self, batch: _Batch, device: Device, uid: str, payload: dict[str, Any]):
        try:
            r = _Received.model_validate(payload)
        except ValidationError as exc:
            return f"Nội dung tiếp nhận thiếu hoặc sai: {_pydantic_reason(exc)}.", None
        m = p.CODE_RE.match(r.code)
        if m is None or m["agency"] != r.agency_code or r.agency_code != device.agency_code:
            return (
                f"Mã hồ sơ {r.code} không thuộc cơ quan {device.agency_code} của bàn này "
                f"(dạng <mã cơ quan>-<YYMMDD>-<NNNN>).",
                None,
            )
        if int(m["order"]) != r.order or r.order // p.SLOT_WIDTH != device.slot:
            return f"Số thứ tự {m['order']} của mã {r.code} không thuộc bàn số {device.slot}.", None
        try:
            day = dt.date.fromisoformat(r.receipt_date)
        except ValueError:
            day = None
        if day is None or f"{day:%y%m%d}" != m["yymmdd"]:
            return f"Ngày tiếp nhận {r.receipt_date} không khớp với mã hồ sơ {r.code}.", None
        if p.parse_time(r.received_at) is None or p.parse_time(r.due_at) is None:
            return "Thời điểm tiếp nhận hoặc hẹn trả không hợp lệ.", None
        if batch.dossier(uid) is not None:
            return f"Hồ sơ {uid} đã có trên máy chủ.", None
        other = batch.code_owner(r.code)
        if other is not None:
            return (
                f"Mã hồ sơ {r.code} đã được dùng cho một hồ sơ khác của cơ quan {device.agency_code} trên máy chủ: "
                "hai bàn cấp trùng mã. Kiểm tra số hiệu bàn và báo quản trị viên.",
                None,
            )
        first = lifecycle.first_state(payload)
        view = {
            "uid": uid,
            "agency_code": device.agency_code,
            "owner_desk": device.id,
            "procedure_code": r.procedure.code,
            **{k: first[k] for k in _VIEW_STATE},
        }
        return None, view

    # -- pull -----------------------------------------------------------------------------------------------------

    def pull(self, device: Device, cursor: str | None, limit: int) -> dict[str, Any]:
        """Events made elsewhere on this desk's dossiers, and bundles for its agency, after a cursor."""
        after_event, after_bundle = decode_cursor(cursor)
        limit = max(1, min(limit, p.PULL_PAGE_MAX))
        with self.storage.read() as conn:
            rows = (
                conn.execute(
                    select(s.events)
                    .where(s.events.c.deliver_to == device.id, s.events.c.server_seq > after_event)
                    .order_by(s.events.c.server_seq)
                    .limit(limit + 1)
                )
                .mappings()
                .all()
            )
            brows = (
                conn.execute(
                    select(
                        s.bundles.c.id,
                        s.bundles.c.kind,
                        s.bundles.c.label,
                        s.bundles.c.sha256,
                        s.bundles.c.size,
                        s.bundles.c.created_at,
                    )
                    .where(
                        s.bundles.c.id > after_bundle,
                        or_(s.bundles.c.agency_code == device.agency_code, s.bundles.c.agency_code.is_(None)),
                    )
                    .order_by(s.bundles.c.id)
                    .limit(p.PULL_BUNDLES_MAX + 1)
                )
                .mappings()
                .all()
            )
        more = len(rows) > limit or len(brows) > p.PULL_BUNDLES_MAX
        rows, brows = rows[:limit], brows[: p.PULL_BUNDLES_MAX]
        next_event = rows[-1]["server_seq"] if rows else after_event
        next_bundle = brows[-1]["id"] if brows else after_bundle
        return {
            "events": [_server_event(r) for r in rows],
            "bundles": [dict(b) for b in brows],
            "cursor": encode_cursor(next_event, next_bundle),
            "more": more,
            "server_time": self.now_iso(),
        }

    def bundle_data(self, device: Device, bundle_id: int) -> tuple[bytes, str]:
        with self.storage.read() as conn:
            row = conn.execute(
                select(s.bundles.c.data, s.bundles.c.sha256, s.bundles.c.agency_code).where(s.bundles.c.id == bundle_id)
            ).first()
        if row is None or row[2] not in (None, device.agency_code):
            raise Missing(f"Không có bộ dữ liệu số {bundle_id} cho cơ quan {device.agency_code}.")
        return bytes(row[0]), row[1]

    # -- processing units and the province ---------------------------------------------------------------------------

    def record(self, device: Device | None, incoming: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Events of a processing unit (``device``) or of the province's administrator (``None``) on desks' dossiers.

        Checked against the server's view of each dossier; accepted ones flow to the desk that owns the dossier on
        its next pull.
        """
        if not incoming:
            return []
        now = self.now()
        agency = device.agency_code if device else None
        origin = device.id if device else ADMIN_DEVICE
        with self.storage.write() as conn:
            uids = [e.get("dossier_uid") for e in incoming]
            batch = _Batch(conn, agency, uids, [e["id"] for e in incoming])
            batch.load_codes([e.get("code") for e in incoming if e.get("code")], by_code=True)
            answers = []
            for e in incoming:
                wire, view, why = self._processing_event(batch, device, e, now)
                if wire is None:
                    answers.append({"id": e["id"], "status": "refused", "reason": why})
                    continue
                # A retry of the same request is a duplicate even though its derived times would now differ.
                answers.append(
                    batch.judge(
                        wire,
                        lambda v=view, y=why: (y, v),
                        origin=origin,
                        deliver_to=wire_owner(batch, wire),
                        digest_value=request_digest(e),
                    )
                )
            batch.store(iso_ms(now))
        return answers

    def _processing_event(self, batch: _Batch, device: Device | None, e: dict[str, Any], now: dt.datetime):
        """(the event as desks receive it, the dossier view after it, why it is refused)."""
        kind, actor = e["kind"], p.clean_text(e.get("actor")) or (device.name if device else "Quản trị máy chủ tỉnh")
        if not p.canonical_uuid(e["id"]):
            return None, None, "Mã sự kiện không đúng dạng UUID viết thường."
        if kind not in p.PROCESSOR_KINDS:
            return None, None, f"Đơn vị xử lý không ghi được sự kiện «{kind}» (việc của bàn tiếp nhận)."
        view = batch.dossier(e["dossier_uid"]) if e.get("dossier_uid") else batch.by_code(e.get("code"))
        if view is None or (device is not None and view["agency_code"] != device.agency_code):
            what = e.get("code") or e.get("dossier_uid") or "?"
            return (
                None,
                None,
                f"Không có hồ sơ {what} trên máy chủ"
                + (f" trong các hồ sơ của cơ quan {device.agency_code}." if device else "."),
            )
        model = p.processing_payload_model(kind)
        assert model is not None
        try:
            given = model.model_validate(e.get("payload") or {}).model_dump()
        except ValidationError as exc:
            return None, None, f"Nội dung sự kiện sai: {_pydantic_reason(exc)}."
        why = p.transition_refusal(kind, view["status"], view["code"])
        payload, why2 = _processing_payload(kind, given, view, actor, device, now)
        wire = {
            "id": e["id"],
            "dossier_uid": view["uid"],
            "kind": kind,
            "payload": payload or {},
            "actor": actor,
            "desk_id": device.id if device else ADMIN_DEVICE,
            "device_time": iso_ms(now),
            "hash": "",
        }
        why = why or why2
        return wire, (None if why else _view_after(view, kind, wire["payload"])), why

    def dossier_view(self, device: Device | None, key: str, *, with_events: bool = True) -> dict[str, Any]:
        """The server's view of one dossier of the caller's agency, by code or uid."""
        with self.storage.read() as conn:
            q = select(s.dossiers).where(or_(s.dossiers.c.code == key, s.dossiers.c.uid == key))
            if device is not None:
                q = q.where(s.dossiers.c.agency_code == device.agency_code)
            row = conn.execute(q).mappings().first()
            if row is None:
                raise Missing(
                    f"Không có hồ sơ {key} trên máy chủ" + (f" (cơ quan {device.agency_code})." if device else ".")
                )
            out = _view(row)
            if with_events:
                evs = conn.execute(
                    select(s.events).where(s.events.c.dossier_uid == row["uid"]).order_by(s.events.c.server_seq)
                ).mappings()
                out["events"] = [_server_event(r) for r in evs]
        return out

    def dossier_list(self, device: Device, *, status: int | None, after: str | None, limit: int) -> list[dict]:
        """The agency's dossiers in code order (keyset paging with ``after``), optionally in one status."""
        with self.storage.read() as conn:
            q = select(s.dossiers).where(s.dossiers.c.agency_code == device.agency_code)
            if status is not None:
                q = q.where(s.dossiers.c.status == status)
            if after:
                q = q.where(s.dossiers.c.code > after)
            rows = conn.execute(q.order_by(s.dossiers.c.code).limit(limit)).mappings()
            return [_view(r) for r in rows]


class _Batch:
    """One write transaction's worth of events: what the database holds plus what this batch adds."""

    def __init__(self, conn: Connection, agency: str | None, uids: Iterable[str | None], ids: list[str]):
        self.conn = conn
        self.agency = agency
        wanted = sorted({u for u in uids if u})
        self.views: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(wanted):
            for r in conn.execute(select(s.dossiers).where(s.dossiers.c.uid.in_(chunk))).mappings():
                self.views[r["uid"]] = dict(r)
        self.known: dict[str, tuple[str, int, str]] = {}
        for chunk in _chunks(sorted(set(ids))):
            q = select(s.events.c.id, s.events.c.digest, s.events.c.server_seq, s.events.c.origin)
            for r in conn.execute(q.where(s.events.c.id.in_(chunk))):
                self.known[r[0]] = (r[1], r[2], r[3])
        self.codes: dict[tuple[str, str], str] = {}
        self.new_views: set[str] = set()
        self.changed: set[str] = set()
        self.rows: list[dict[str, Any]] = []
        self.next_seq = (conn.execute(select(func.max(s.events.c.server_seq))).scalar() or 0) + 1

    def load_codes(self, codes: Iterable[Any], *, by_code: bool = False) -> None:
        wanted = sorted({c for c in codes if isinstance(c, str)})
        for chunk in _chunks(wanted):
            q = select(s.dossiers).where(s.dossiers.c.code.in_(chunk))
            if self.agency is not None:
                q = q.where(s.dossiers.c.agency_code == self.agency)
            for r in self.conn.execute(q).mappings():
                self.codes[(r["agency_code"], r["code"])] = r["uid"]
                if by_code:
                    self.views.setdefault(r["uid"], dict(r))

    def dossier(self, uid: str | None) -> dict[str, Any] | None:
        return self.views.get(uid) if uid else None

    def code_owner(self, code: str) -> str | None:
        return self.codes.get((self.agency or "", code))

    def by_code(self, code: str | None) -> dict[str, Any] | None:
        if not code:
            return None
        uids = [uid for (agency, c), uid in self.codes.items() if c == code and self.agency in (None, agency)]
        return self.views.get(uids[0]) if len(uids) == 1 else None

    def judge(
        self,
        e: dict[str, Any],
        check: Callable[[], tuple[str | None, dict | None]],
        *,
        origin: str,
        deliver_to: str | None = None,
        digest_value: str | None = None,
    ) -> dict[str, Any]:
        """The answer for one event: duplicate of one held, refused (why), or accepted with its sequence number."""
        d = digest_value or digest(e)
        held = self.known.get(e["id"])
        if held is not None:
            if held[0] == d and held[2] == origin:
                return {"id": e["id"], "status": "duplicate", "server_seq": held[1]}
            return {
                "id": e["id"],
                "status": "refused",
                "reason": "Mã sự kiện này đã có trên máy chủ với nội dung khác (xung đột mã sự kiện).",
            }
        why, view = check()
        if why is not None:
            return {"id": e["id"], "status": "refused", "reason": why}
        seq = self.next_seq
        self.next_seq += 1
        self.known[e["id"]] = (d, seq, origin)
        if view is not None:
            view["last_seq"] = seq
            if view["uid"] not in self.views:
                self.new_views.add(view["uid"])
                self.codes[(view["agency_code"], view["code"])] = view["uid"]
            else:
                self.changed.add(view["uid"])
            self.views[view["uid"]] = view
        self.rows.append(
            {
                "server_seq": seq,
                "id": e["id"],
                "agency_code": (view or {}).get("agency_code") or self.agency or "",
                "dossier_uid": e.get("dossier_uid"),
                "kind": e["kind"],
                "payload": canonical_json(e["payload"]),
                "actor": e["actor"],
                "desk_id": e["desk_id"],
                "device_time": e["device_time"],
                "hash": e.get("hash") or "",
                "digest": d,
                "origin": origin,
                "deliver_to": deliver_to,
            }
        )
        return {"id": e["id"], "status": "accepted", "server_seq": seq}

    def store(self, received_at: str) -> None:
        if self.rows:
            self.conn.execute(s.events.insert(), [r | {"received_at": received_at} for r in self.rows])
        new = [self.views[u] for u in self.new_views]
        if new:
            self.conn.execute(s.dossiers.insert(), new)
        for uid in self.changed - self.new_views:
            v = self.views[uid]
            self.conn.execute(
                update(s.dossiers)
                .where(s.dossiers.c.uid == uid)
                .values(
                    status=v["status"],
                    due_at=v["due_at"],
                    original_due_at=v["original_due_at"],
                    paused_at=v["paused_at"],
                    holder=v["holder"],
                    last_seq=v["last_seq"],
                )
            )


def wire_owner(batch: _Batch, wire: dict[str, Any]) -> str | None:
    view = batch.dossier(wire.get("dossier_uid"))
    return view["owner_desk"] if view else None


def request_digest(e: dict[str, Any]) -> str:
    """A processing request's identity: what was asked, not the times the server filled in."""
    fields = [e["id"], e.get("dossier_uid"), e.get("code"), e["kind"], e.get("payload"), e.get("actor")]
    return hashlib.sha256(canonical_json(fields).encode("utf-8", "surrogatepass")).hexdigest()


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _agency(code: str) -> str:
    import re

    value = (code or "").strip().upper()
    if not re.fullmatch(p.AGENCY_PATTERN[1:-1], value):
        raise InvalidInput(f"Mã định danh cơ quan «{code}» không đúng dạng (ví dụ 000.00.12.H62).")
    return value


def _slot_holder(conn: Connection, agency_code: str, slot: int) -> Device | None:
    row = (
        conn.execute(
            select(s.devices).where(
                s.devices.c.kind == "desk",
                s.devices.c.agency_code == agency_code,
                s.devices.c.slot == slot,
                s.devices.c.revoked_at.is_(None),
            )
        )
        .mappings()
        .first()
    )
    return Device(row["id"], row["kind"], row["agency_code"], row["slot"], row["name"]) if row else None


def _server_event(r: Any) -> dict[str, Any]:
    return {
        "id": r["id"],
        "dossier_uid": r["dossier_uid"],
        "kind": r["kind"],
        "payload": json.loads(r["payload"]),
        "actor": r["actor"],
        "desk_id": r["desk_id"],
        "device_time": r["device_time"],
        "hash": r["hash"],
        "server_seq": r["server_seq"],
    }


def _view(r: Any) -> dict[str, Any]:
    return {
        "uid": r["uid"],
        "code": r["code"],
        "agency_code": r["agency_code"],
        "owner_desk": r["owner_desk"],
        "status": r["status"],
        "status_label": lifecycle.status_label(r["status"]),
        "procedure_code": r["procedure_code"],
        "received_at": r["received_at"],
        "due_at": r["due_at"],
        "holder": r["holder"],
        "events": [],
    }


def _pydantic_reason(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(x) for x in err["loc"])
        parts.append(f"{where}: {err['msg']}" if where else err["msg"])
    return "; ".join(parts)


# The parts of a dossier's state the server keeps (the desk keeps more; desk/lifecycle.py changes both alike).
_VIEW_STATE = ("code", "status", "received_at", "due_at", "original_due_at", "paused_at", "holder")


def _view_after(view: dict[str, Any], kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The server's view of a dossier after an accepted event: the lifecycle's changes to the parts it keeps."""
    changes = lifecycle.changes(kind, view, payload)
    return view | {k: v for k, v in changes.items() if k in _VIEW_STATE}


def _processing_payload(
    kind: str, given: dict[str, Any], view: dict[str, Any], actor: str, device: Device | None, now: dt.datetime
) -> tuple[dict[str, Any] | None, str | None]:
    """The payload as the desk's own workflow would have written it (desk/workflow.py), or why it cannot be."""
    at = p.parse_time(given.get("at")) if given.get("at") else now
    if at is None:
        return None, f"Thời điểm «{given.get('at')}» không hợp lệ."
    if at > now + FUTURE_SLACK:
        return None, f"Thời điểm {timeutil.iso(at)} ở tương lai."
    at_iso = timeutil.iso(at)
    due = p.parse_time(view.get("due_at"))
    original = p.parse_time(view.get("original_due_at")) or due
    unit = device.name if device else "Quản trị máy chủ tỉnh"
    if kind == "transferred":
        step_due = p.parse_time(given["step_due_at"]) if given.get("step_due_at") else due
        if given.get("step_due_at") and step_due is None:
            return None, "Hạn của bước xử lý (step_due_at) không hợp lệ."
        return {
            "from_unit": given.get("from_unit") or view.get("holder") or unit,
            "from_person": given.get("from_person") or actor,
            "to_unit": given["to_unit"],
            "to_person": given.get("to_person"),
            "at": at_iso,
            "step_due_at": timeutil.iso(step_due) if step_due else None,
            "note": given.get("note"),
        }, None
    if kind == "supplement_requested":
        return {"items": given["items"], "reason": given["reason"], "at": at_iso}, None
    if kind == "refused":
        return {"reasons": given["reasons"], "at": at_iso}, None
    if kind == "stopped":
        return {"reason": given["reason"], "decided_by": given.get("decided_by"), "at": at_iso}, None
    if kind == "apologized_extended":
        new_due = p.parse_time(given["new_due_at"])
        if new_due is None:
            return None, "Hẹn trả mới (new_due_at) không hợp lệ."
        if due is not None and new_due <= due:
            return None, f"Hẹn trả mới {timeutil.iso(new_due)} phải sau hẹn trả hiện tại {timeutil.iso(due)}."
        return {
            "reason": given["reason"],
            "late_unit": given["late_unit"],
            "letter_no": given.get("letter_no"),
            "previous_due_at": view.get("due_at"),
            "original_due_at": view.get("original_due_at"),
            "new_due_at": timeutil.iso(new_due),
            "at": at_iso,
            "sent_after_due": bool(due and at > due),
        }, None
    if kind == "result_ready":
        return {
            "at": at_iso,
            "result": given.get("result"),
            "timeliness": timeliness(at, due) if due else None,
            "timeliness_original": timeliness(at, original) if original else None,
        }, None
    return {"text": given["text"], "at": at_iso}, None
