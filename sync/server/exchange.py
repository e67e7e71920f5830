"""The desks' side: enrolment, authentication, push (each event judged on its own), pull, and bundle bytes.

A desk's event is checked against the server's view of its dossier; one bad event in a batch is refused with a
reason the clerk reads, the others are accepted. Pull hands a desk what was made elsewhere on its dossiers, and
the bundles for its agency, after an opaque cursor.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import or_, select, update

from desk import lifecycle, timeutil
from desk.store import canonical_json
from sync import protocol as p
from sync.server import storage as s
from sync.server.common import (
    VIEW_STATE,
    Batch,
    Conflict,
    Device,
    Forbidden,
    Missing,
    ServerBase,
    Unauthorized,
    hash_token,
    iso_ms,
    pydantic_reason,
    server_event,
    slot_holder,
    view_after,
)

ENROL_RETRY_S = 600  # the same desk may use its code again this long after (its first answer may have been lost)


def normalise_enrol_code(code: str) -> str:
    """An enrolment code as typed (any case, spaces, dashes) reduced to its letters and digits, in capitals."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def encode_cursor(event_seq: int, bundle_id: int) -> str:
    """The pull cursor after an event sequence number and a bundle id."""
    return f"e{event_seq}b{bundle_id}"


def decode_cursor(cursor: str | None) -> tuple[int, int]:
    """(event sequence number, bundle id) of a pull cursor; (0, 0) for none."""
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


class Exchange(ServerBase):
    """What the desks call: enrol, authenticate, push, pull and bundle bytes."""

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
            holder = slot_holder(conn, req.agency_code, req.slot)
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
        """The device a bearer credential belongs to; refused if missing, unknown, revoked or not of ``kind``."""
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
            batch = Batch(
                conn, device.agency_code, [e.get("dossier_uid") for e in incoming], [e["id"] for e in incoming]
            )
            batch.load_codes([e["payload"].get("code") for e in incoming if e["kind"] == "received"])
            answers = []
            for e in incoming:
                answers.append(batch.judge(e, lambda e=e: self._desk_event(batch, device, e), origin=device.id))
            batch.store(received_at)
            conn.execute(update(s.devices).where(s.devices.c.id == device.id).values(last_seen_at=received_at))
        return answers

    def _desk_event(self, batch: Batch, device: Device, e: dict[str, Any]) -> tuple[str | None, dict | None]:
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
        return None, view_after(view, kind, payload)

    def _received(self, batch: Batch, device: Device, uid: str, payload: dict[str, Any]):
        try:
            r = _Received.model_validate(payload)
        except ValidationError as exc:
            return f"Nội dung tiếp nhận thiếu hoặc sai: {pydantic_reason(exc)}.", None
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
            **{k: first[k] for k in VIEW_STATE},
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
            "events": [server_event(r) for r in rows],
            "bundles": [dict(b) for b in brows],
            "cursor": encode_cursor(next_event, next_bundle),
            "more": more,
            "server_time": self.now_iso(),
        }

    def bundle_data(self, device: Device, bundle_id: int) -> tuple[bytes, str]:
        """A bundle's bytes and SHA-256, if it is for the desk's agency (or all)."""
        with self.storage.read() as conn:
            row = conn.execute(
                select(s.bundles.c.data, s.bundles.c.sha256, s.bundles.c.agency_code).where(s.bundles.c.id == bundle_id)
            ).first()
        if row is None or row[2] not in (None, device.agency_code):
            raise Missing(f"Không có bộ dữ liệu số {bundle_id} cho cơ quan {device.agency_code}.")
        return bytes(row[0]), row[1]
