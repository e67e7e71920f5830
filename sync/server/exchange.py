"""The desks' side: enrolment, authentication, push (each event judged on its own), pull, and bundle bytes.

A desk's event is checked against the server's view of its dossier; one bad event in a batch is refused with a
reason the clerk reads, the others are accepted. Pull hands a desk what was made elsewhere on its dossiers, and
the bundles for its agency, after an opaque cursor.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Connection, exists, func, or_, select, update

from desk import lifecycle, timeutil
from desk.store import canonical_json, chain_hash
from sync import protocol as p
from sync.server import epochs
from sync.server import storage as s
from sync.server.common import (
    VIEW_STATE,
    Batch,
    Conflict,
    Device,
    EpochChanged,
    Forbidden,
    Missing,
    ServerBase,
    Throttled,
    Unauthorized,
    Unprocessable,
    _chunks,
    device_of,
    digest,
    hash_token,
    iso_ms,
    pydantic_reason,
    server_event,
    slot_holder,
    view_after,
)
from sync.server.limits import retry_after

# What a credential's kind is called in a refusal.
KIND_NAMES = {"desk": "bàn tiếp nhận", "processor": "đơn vị xử lý", "publisher": "đơn vị phát hành danh mục"}

ENROL_RETRY_S = 600  # the same desk may use its code again this long after (its first answer may have been lost)

log = logging.getLogger("desk.server")


def normalise_enrol_code(code: str) -> str:
    """An enrolment code as typed (any case, spaces, dashes) reduced to its letters and digits, in capitals."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


# The position part of a cursor (the whole cursor also names the server and its epoch: epochs.py).
encode_cursor = epochs.encode_position
decode_cursor = epochs.decode_position

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

    def enrol(self, req: p.EnrolRequest, *, address: str = "?") -> dict[str, Any]:
        """Exchange a one-time code for a desk credential (the code's agency and slot must be the desk's).

        Failed attempts are throttled per client address and per code (a lockout when either runs out). A used code
        never enrols again — except the same desk, still holding the credential that code gave, within
        ``ENROL_RETRY_S`` (its first answer was lost); so a revocation is final: enrolling the slot again takes a new
        code, issued after the revocation.
        """
        code = normalise_enrol_code(req.code)
        code_hash = hash_token(code)
        q = self.quotas
        waits = [q.enrol_address.wait(address), q.enrol_code.wait(code_hash)]
        if max(waits) > 0:
            log.warning("đăng ký bị hãm: địa chỉ %s, mã …%s (chờ %.0f s)", address, code_hash[:8], max(waits))
            raise Throttled(
                "Quá nhiều lần đăng ký sai từ máy này hoặc với mã này: tạm khóa. Thử lại sau, hoặc liên hệ quản trị "
                "viên máy chủ tỉnh.",
                max(waits),
            )
        try:
            return self._enrol(req, code_hash)
        except (Forbidden, Conflict) as exc:
            for throttle, key in ((q.enrol_address, address), (q.enrol_code, code_hash)):
                throttle.take(key)
                if throttle.locked(key):
                    log.warning("đăng ký: khóa tạm %s sau nhiều lần sai (%s)", key[:16], exc.detail[:80])
            log.info("đăng ký bị từ chối từ %s: %s", address, exc.detail[:120])
            raise

    def _enrol(self, req: p.EnrolRequest, code_hash: str) -> dict[str, Any]:
        now = self.now()
        if not p.canonical_uuid(req.desk_id):
            raise Conflict("Mã bàn (desk_id) không đúng dạng UUID viết thường.")
        with self.storage.write() as conn:
            row = conn.execute(select(s.enrol_codes).where(s.enrol_codes.c.code_hash == code_hash)).mappings().first()
            if row is None:
                raise Forbidden("Mã đăng ký không đúng. Kiểm tra lại mã quản trị viên đã cấp (12 ký tự).")
            existing = conn.execute(select(s.devices).where(s.devices.c.id == req.desk_id)).mappings().first()
            if row["used_at"] is not None:
                used = timeutil.parse_instant(row["used_at"])
                retry = (
                    row["device_id"] == req.desk_id
                    and existing is not None
                    and existing["revoked_at"] is None
                    and existing["enrolled_with"] == row["id"]
                    and (now - used).total_seconds() <= ENROL_RETRY_S
                )
                if not retry:
                    raise Forbidden("Mã đăng ký này đã được dùng. Xin quản trị viên cấp mã mới.")
            elif timeutil.parse_instant(row["expires_at"]) < now:
                raise Forbidden("Mã đăng ký đã hết hạn. Xin quản trị viên cấp mã mới.")
            if row["agency_code"] != req.agency_code or row["slot"] != req.slot:
                raise Conflict(
                    f"Mã đăng ký dành cho bàn số {row['slot']} của cơ quan {row['agency_code']}, nhưng bàn này là bàn "
                    f"số {req.slot} của cơ quan {req.agency_code}. Kiểm tra lại cài đặt bàn hoặc xin mã đúng."
                )
            revoked_after = conn.execute(
                select(func.max(s.devices.c.revoked_at)).where(
                    s.devices.c.kind == "desk",
                    s.devices.c.agency_code == req.agency_code,
                    s.devices.c.slot == req.slot,
                    s.devices.c.revoked_at.is_not(None),
                )
            ).scalar()
            if revoked_after is not None and timeutil.parse_instant(revoked_after) >= timeutil.parse_instant(
                row["created_at"]
            ):
                raise Forbidden(
                    f"Mã đăng ký này được cấp trước khi một máy của bàn số {req.slot} bị thu hồi ({revoked_after}): "
                    "không dùng được nữa. Xin quản trị viên cấp mã mới."
                )
            holder = slot_holder(conn, req.agency_code, req.slot)
            if holder is not None and holder.id != req.desk_id:
                raise Conflict(
                    f"Bàn số {req.slot} của cơ quan {req.agency_code} đã có máy khác đăng ký. Quản trị viên cần thu "
                    "hồi máy cũ trước."
                )
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
                        enrolled_with=row["id"],
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
                    .values(token_hash=hash_token(token), revoked_at=None, name=name, enrolled_with=row["id"])
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
        device = device_of(row)
        check_kind(device, kind)
        return device

    def charge_events(self, device: Device, count: int) -> None:
        """Take ``count`` events from the credential's quota, or refuse the whole request (429, Retry-After)."""
        wait = self.quotas.events.take(device.id, count)
        if wait > 0:
            log.warning("hạn mức sự kiện: %s (%s) chờ %.0f s", device.id, device.name, wait)
            raise Throttled(
                f"Vượt hạn mức số sự kiện của chứng danh này ({self.limits.events_per_s:g} sự kiện/giây, tối đa "
                f"{self.limits.events_burst} một lúc): gửi tiếp sau {retry_after(wait)} giây.",
                wait,
            )

    # -- push -----------------------------------------------------------------------------------------------------

    def push(self, device: Device, incoming: list[dict[str, Any]], since: str | None = None) -> list[dict[str, Any]]:
        """Judge and store a desk's events; one answer per event, in order.

        ``since`` is the desk's cursor: when it is from another epoch or server (the server was restored), nothing
        is stored and EpochChanged tells the desk where to read and what to send again.
        """
        if since:
            try:
                where = epochs.resolve(self.storage, since, at=self.now_iso())
            except epochs.ForgedCursor:  # not ours: it proves nothing; the pull that follows reads from the start
                where = None
            if where is not None and where.reset is not None:
                raise EpochChanged(where.reset["message"], where.reset)
        if not incoming:
            return []
        self.charge_events(device, len(incoming))
        received_at = self.now_iso()
        # What does not depend on the database is judged before the write lock, which serialises every push.
        prepared = [self._precheck(device, e) for e in incoming]
        with self.storage.write() as conn:
            batch = Batch(
                conn, device.agency_code, [e.get("dossier_uid") for e in incoming], [e["id"] for e in incoming]
            )
            batch.load_codes([e["payload"].get("code") for e in incoming if e["kind"] == "received"], by_code=True)
            chain = Chain(conn, device.id, [e["hash"] for e in incoming])
            answers = []
            for e, pre in zip(incoming, prepared, strict=True):
                answers.append(
                    batch.judge(
                        e,
                        lambda e=e, pre=pre: self._desk_event(batch, chain, device, e, pre),
                        origin=device.id,
                        digest_value=pre.digest,
                    )
                )
            batch.store(received_at)
            chain.store(received_at)
            conn.execute(update(s.devices).where(s.devices.c.id == device.id).values(last_seen_at=received_at))
        return answers

    def _precheck(self, device: Device, e: dict[str, Any]) -> _Prechecked:
        """What can be judged of an event without the database: the sender, the payload, the ids, the time."""
        d = digest(e)
        if e["desk_id"] != device.id:
            return _Prechecked(d, f"Sự kiện ghi mã bàn {e['desk_id']}, không phải bàn đã đăng ký {device.id}.")
        why = p.payload_refusal(e["payload"])
        if why:
            return _Prechecked(d, why)
        text = canonical_json(e["payload"])
        if len(text.encode("utf-8")) > p.PAYLOAD_MAX_BYTES:
            return _Prechecked(d, f"Nội dung sự kiện quá lớn (tối đa {p.PAYLOAD_MAX_BYTES // 1024} KB).")
        late = None
        if not p.canonical_uuid(e["id"]) or (e.get("dossier_uid") and not p.canonical_uuid(e["dossier_uid"])):
            late = "Mã sự kiện hoặc mã hồ sơ không đúng dạng UUID viết thường."
        else:
            late = self._time_refusal(device, e["device_time"])
        return _Prechecked(d, None, late, text)

    def _desk_event(
        self, batch: Batch, chain: Chain, device: Device, e: dict[str, Any], pre: _Prechecked
    ) -> tuple[str | None, dict | None]:
        """(why the event is refused, or None; the dossier view after it)."""
        if pre.before_chain:
            return pre.before_chain, None
        # The chain first: an event refused for what follows still links the next one.
        why = chain.link(e, pre.payload_json)
        if why:
            return why, None
        if pre.after_chain:
            return pre.after_chain, None
        kind, uid, payload = e["kind"], e.get("dossier_uid"), e["payload"]
        if kind not in p.EVENT_KINDS:
            return (
                f"Loại sự kiện «{kind}» không có trong giao thức {p.API_VERSION} của máy chủ này (phần mềm của bàn mới "
                "hơn máy chủ?). Báo quản trị viên máy chủ tỉnh.",
                None,
            )
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

    def _time_refusal(self, device: Device, device_time: str) -> str | None:
        """Why an event's time is outside the sane window of this desk (None when it is inside)."""
        when = p.parse_time(device_time)
        if when is None:
            return f"Thời điểm ghi sự kiện «{device_time}» không hợp lệ."
        now = self.now()
        skew = dt.timedelta(seconds=self.limits.clock_skew_s)
        allowance = dt.timedelta(days=self.limits.offline_allowance_days)
        enrolled = timeutil.parse_instant(device.created_at) if device.created_at else None
        try:
            if when > now + skew:
                return (
                    f"Thời điểm ghi sự kiện {device_time} muộn hơn giờ máy chủ tỉnh ({iso_ms(now)}) quá "
                    f"{_duration(skew)}: đồng hồ máy tính của bàn sai. Chỉnh lại ngày giờ máy tính rồi báo quản trị "
                    "viên."
                )
            if enrolled is not None and when < enrolled - allowance:
                return (
                    f"Thời điểm ghi sự kiện {device_time} sớm hơn ngày bàn đăng ký với máy chủ ({iso_ms(enrolled)}) "
                    f"quá {_duration(allowance)}: đồng hồ máy tính của bàn sai (hoặc dữ liệu không phải của bàn này)."
                )
        except OverflowError:
            return f"Thời điểm ghi sự kiện «{device_time}» nằm ngoài khoảng thời gian máy chủ xử lý được."
        return None

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
            return _code_clash(batch, device, r.code, other), None
        first = lifecycle.first_state(payload)
        view = {
            "uid": uid,
            "agency_code": device.agency_code,
            "owner_desk": device.id,
            "procedure_code": r.procedure.code,
            "receipt_date": r.receipt_date,
            "channel": r.channel,
            "field_code": _field_code(payload),
            **{k: first.get(k) for k in VIEW_STATE},
        }
        return None, view

    # -- what a desk says of itself ----------------------------------------------------------------------------------

    def desk_status(self, device: Device, status: dict[str, Any]) -> dict[str, Any]:
        """Keep what a desk said of itself after a sync round (the console's overview reads it)."""
        now = self.now()
        clock = p.parse_time(status["clock"])
        offset = round((clock - now).total_seconds()) if clock is not None else None
        if offset is not None and abs(offset) > 10 * 365 * 86400:
            offset = None
        values = {
            "reported_at": iso_ms(now),
            "pending": status["pending"],
            "refused": status["refused"],
            "clock_offset_s": offset,
            "catalog": p.clean_text(status.get("catalog")),
            "calendar": p.clean_text(status.get("calendar")),
            "app_version": status.get("app_version"),
        }
        with self.storage.write() as conn:
            held = conn.execute(select(s.desk_status.c.device_id).where(s.desk_status.c.device_id == device.id)).first()
            if held is None:
                conn.execute(s.desk_status.insert().values(device_id=device.id, **values))
            else:
                conn.execute(update(s.desk_status).where(s.desk_status.c.device_id == device.id).values(**values))
            conn.execute(
                update(s.devices).where(s.devices.c.id == device.id).values(last_seen_at=values["reported_at"])
            )
        return {"clock_offset_s": offset or 0, "server_time": iso_ms(now)}

    # -- pull -----------------------------------------------------------------------------------------------------

    def pull(self, device: Device, cursor: str | None, limit: int) -> dict[str, Any]:
        """Events made elsewhere on this desk's dossiers, and bundles for its agency, after a cursor.

        A cursor from another epoch or server is read again from its safe point, and ``reset`` says so.
        """
        try:
            where = epochs.resolve(self.storage, cursor, at=self.now_iso())
        except epochs.ForgedCursor:
            raise Unprocessable("Con trỏ không do máy chủ này cấp: đọc lại từ đầu (không gửi con trỏ).") from None
        after_event, after_bundle = where.seq, where.bundle
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
            "cursor": where.cursor(next_event, next_bundle),
            "more": more,
            "server_id": where.server_id,
            "epoch": where.epoch,
            "reset": where.reset,
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


def _field_code(payload: dict[str, Any]) -> str | None:
    """The field (lĩnh vực) of a received dossier's procedure, as the desk's projection reads it."""
    code = (payload.get("procedure") or {}).get("field_code")
    return code if isinstance(code, str) and len(code) <= 64 else None


def check_kind(device: Device, kind: str | None) -> None:
    """Refuse a credential of another kind than ``kind`` (any when None)."""
    if kind is not None and device.kind != kind:
        raise Forbidden(f"Chức năng này chỉ dành cho {KIND_NAMES[kind]}.")


def _duration(d: dt.timedelta) -> str:
    seconds = d.total_seconds()
    if seconds >= 86400:
        return f"{seconds / 86400:g} ngày"
    if seconds >= 3600:
        return f"{seconds / 3600:g} giờ"
    return f"{seconds / 60:g} phút"


def _code_clash(batch: Batch, device: Device, code: str, other_uid: str) -> str:
    """Why a code already held by another dossier was issued again: a restored desk, or two desks on one slot."""
    view = batch.dossier(other_uid)
    owner = view["owner_desk"] if view else None
    if owner == device.id:
        return (
            f"Mã hồ sơ {code} bàn này đã cấp cho một hồ sơ khác, đã gửi lên máy chủ trước đây: dữ liệu của bàn đã "
            "được khôi phục từ bản sao lưu cũ nên bàn cấp lại số đã dùng. Báo quản trị viên tỉnh; hồ sơ này cần mã mới."
        )
    name = batch.conn.execute(select(s.devices.c.name).where(s.devices.c.id == owner)).scalar() if owner else None
    return (
        f"Mã hồ sơ {code} đã được một máy khác ({name or owner or '?'}) dùng bàn số {device.slot} của cơ quan "
        f"{device.agency_code} cấp: hai máy cùng một số hiệu bàn cấp trùng mã. Kiểm tra số hiệu bàn của từng máy và "
        "báo quản trị viên."
    )


@dataclass(frozen=True)
class _Prechecked:
    """An event judged before the write lock: its digest, a refusal that comes before its chain link (the sender,
    the payload) or after it (ids, time), and its payload's canonical JSON."""

    digest: str
    before_chain: str | None = None
    after_chain: str | None = None
    payload_json: str | None = None


class Chain:
    """One desk's hash chain as the server has seen it, for one push: verify each event's link, then store them."""

    def __init__(self, conn: Connection, device_id: str, hashes: list[str]):
        self.conn = conn
        self.device_id = device_id
        row = conn.execute(select(s.chain_heads.c.head).where(s.chain_heads.c.device_id == device_id)).first()
        self.had_head = row is not None
        self.head = row[0] if row else ""
        # A desk that pushed before the server checked chains: its first link now is taken as it is.
        self.legacy = row is None and bool(
            conn.execute(select(exists().where(s.events.c.origin == device_id))).scalar()
        )
        self.links: dict[str, tuple[str, str, str]] = {}
        for chunk in _chunks(sorted(set(hashes))):
            q = select(s.chain_links.c.hash, s.chain_links.c.prev_hash, s.chain_links.c.event_id,
                       s.chain_links.c.device_time)  # fmt: skip
            q = q.where(s.chain_links.c.device_id == device_id, s.chain_links.c.hash.in_(chunk))
            for r in conn.execute(q):
                self.links[r[0]] = (r[1], r[2], r[3])
        self.new: list[dict[str, Any]] = []

    def link(self, e: dict[str, Any], payload_json: str | None = None) -> str | None:
        """Why this event does not continue the desk's chain (None when it does; the link is then kept).

        ``payload_json``: the payload's canonical JSON, when the caller made it already."""
        given = e.get("prev_hash")
        if given is None and self.legacy and not self.had_head and not self.new:
            self._add(e, "")
            return None
        prev = self.head if given is None else given
        try:
            text = payload_json if payload_json is not None else canonical_json(e["payload"])
            computed = chain_hash(bytes.fromhex(prev), e["id"], e.get("dossier_uid"), e["kind"], text, e["actor"],
                                  e["desk_id"], e["device_time"]).hex()  # fmt: skip
        except (UnicodeEncodeError, ValueError):
            return "Không tính được mã băm của sự kiện (dữ liệu có ký tự không hợp lệ)."
        if computed != e["hash"]:
            if given is None:
                return (
                    "Chuỗi băm của bàn bị đứt: sự kiện này không nối tiếp sự kiện cuối cùng máy chủ nhận được từ bàn "
                    "(dữ liệu bị sửa, hoặc bàn được khôi phục từ bản sao lưu cũ). Báo quản trị viên tỉnh."
                )
            return "Mã băm của sự kiện không khớp với nội dung của nó (dữ liệu bị sửa hoặc hỏng trên đường truyền)."
        known = self.links.get(e["hash"])
        if known is not None:  # a link seen before: the same event sent again (a lost answer, a resend)
            if known[0] == prev and known[1] == e["id"]:
                return None
            return "Mã băm này đã có trong chuỗi của bàn với một sự kiện khác."
        if prev == self.head or (self.legacy and not self.had_head and not self.new):
            self._add(e, prev)
            return None
        forked = self.links.get(prev) if prev else None
        if forked is None and prev:
            r = self.conn.execute(
                select(s.chain_links.c.prev_hash, s.chain_links.c.event_id, s.chain_links.c.device_time).where(
                    s.chain_links.c.device_id == self.device_id, s.chain_links.c.hash == prev
                )
            ).first()
            forked = tuple(r) if r else None
        if forked is not None or not prev:
            since = f" sự kiện ghi lúc {forked[2]}" if forked is not None else " lúc khởi tạo bàn"
            return (
                f"Chuỗi sự kiện của bàn rẽ nhánh từ{since}, trong khi máy chủ đã nhận các sự kiện sau đó: dữ liệu của "
                "bàn đã được khôi phục từ bản sao lưu cũ (hoặc bị sao chép sang máy khác). Máy chủ giữ nguyên phần đã "
                "nhận; báo quản trị viên tỉnh trước khi tiếp nhận tiếp (mã hồ sơ có thể bị cấp trùng)."
            )
        return (
            "Chuỗi băm của bàn bị đứt: máy chủ chưa nhận sự kiện liền trước sự kiện này (thiếu sự kiện ở giữa). "
            "Gửi lại các sự kiện bị từ chối trước đó, hoặc báo quản trị viên tỉnh."
        )

    def _add(self, e: dict[str, Any], prev: str) -> None:
        row = {"device_id": self.device_id, "hash": e["hash"], "prev_hash": prev, "event_id": e["id"],
               "device_time": e["device_time"]}  # fmt: skip
        self.new.append(row)
        self.links[e["hash"]] = (prev, e["id"], e["device_time"])
        self.head = e["hash"]

    def store(self, at: str) -> None:
        if not self.new:
            return
        self.conn.execute(s.chain_links.insert(), self.new)
        if self.had_head:
            self.conn.execute(
                update(s.chain_heads).where(s.chain_heads.c.device_id == self.device_id).values(head=self.head,
                                                                                              updated_at=at)
            )  # fmt: skip
        else:
            self.conn.execute(s.chain_heads.insert().values(device_id=self.device_id, head=self.head, updated_at=at))
