"""Processing units and the province: their events on desks' dossiers, and the server's view of those dossiers.

Each event is checked against the server's view of its dossier (desk/lifecycle.py holds the rules); its payload is
completed as the desk's own workflow would have written it, and it reaches the owning desk on its next pull.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from pydantic import ValidationError
from sqlalchemy import or_, select

from desk import lifecycle, timeutil
from desk.appointment import timeliness
from desk.store import canonical_json
from sync import protocol as p
from sync.server import storage as s
from sync.server.common import Batch, Device, Missing, ServerBase, iso_ms, pydantic_reason, server_event, view_after

ADMIN_DEVICE = "00000000-0000-0000-0000-000000000000"
FUTURE_SLACK = dt.timedelta(minutes=10)


class Processing(ServerBase):
    """What processing units (``device``) and the province's administrator (``None``) call."""

    def record(self, device: Device | None, incoming: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Events of a processing unit (``device``) or of the province's administrator (``None``) on desks' dossiers.

        Checked against the server's view of each dossier; accepted ones flow to the desk that owns the dossier on
        its next pull.
        """
        if not incoming:
            return []
        if device is not None:
            self.charge_events(device, len(incoming))  # type: ignore[attr-defined]  (Exchange's, joined in Server)
        now = self.now()
        agency = device.agency_code if device else None
        origin = device.id if device else ADMIN_DEVICE
        with self.storage.write() as conn:
            uids = [e.get("dossier_uid") for e in incoming]
            batch = Batch(conn, agency, uids, [e["id"] for e in incoming])
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

    def _processing_event(self, batch: Batch, device: Device | None, e: dict[str, Any], now: dt.datetime):
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
            return None, None, f"Nội dung sự kiện sai: {pydantic_reason(exc)}."
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
        return wire, (None if why else view_after(view, kind, wire["payload"])), why

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
                role = device.role if device is not None else "full"
                out["events"] = [private_view(server_event(r), role) for r in evs]
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


HANDOVER_SCAN = 5000  # hand-over events read for one page of a unit's feed (the others are other units')


def encode_feed_cursor(seq: int) -> str:
    return f"h{seq}"


def decode_feed_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    if not (cursor.startswith("h") and cursor[1:].isdigit() and len(cursor) <= 20):
        raise Missing("Con trỏ của danh sách hồ sơ được giao không hợp lệ: đọc lại từ đầu (không gửi con trỏ).")
    return int(cursor[1:])


class HandoverFeed(ServerBase):
    """The hand-overs to a processing unit, in server order after a cursor (the console's work queue, as an API)."""

    def handovers(self, device: Device, cursor: str | None, limit: int) -> dict[str, Any]:
        after = decode_feed_cursor(cursor)
        limit = max(1, min(limit, 500))
        items: list[dict[str, Any]] = []
        last = after
        more = False
        with self.storage.read() as conn:
            rows = conn.execute(
                select(
                    s.events.c.server_seq,
                    s.events.c.dossier_uid,
                    s.events.c.payload,
                    s.events.c.actor,
                )
                .where(
                    s.events.c.agency_code == device.agency_code,
                    s.events.c.kind == "transferred",
                    s.events.c.server_seq > after,
                )
                .order_by(s.events.c.server_seq)
                .limit(HANDOVER_SCAN + 1)
            ).all()
            more = len(rows) > HANDOVER_SCAN
            for seq, uid, payload_text, actor in rows[:HANDOVER_SCAN]:
                payload = json.loads(payload_text)
                last = seq
                if payload.get("to_unit") != device.name:
                    continue
                row = conn.execute(select(s.dossiers).where(s.dossiers.c.uid == uid)).mappings().first()
                if row is None:
                    continue
                items.append(
                    {
                        "server_seq": seq,
                        "handed_at": payload.get("at"),
                        "from_unit": payload.get("from_unit"),
                        "from_person": payload.get("from_person") or actor,
                        "to_person": payload.get("to_person"),
                        "step_due_at": payload.get("step_due_at"),
                        "note": payload.get("note"),
                        "still_held": row["holder"] == device.name and row["status"] in lifecycle.OPEN,
                        "dossier": _view(row),
                    }
                )
                if len(items) >= limit:
                    more = more or seq != rows[min(len(rows), HANDOVER_SCAN) - 1][0]
                    break
        return {"handovers": items, "cursor": encode_feed_cursor(last), "more": more, "server_time": self.now_iso()}


# What a processing unit of the default role (``contact``) sees of an applicant: the name, the e-mail, and the
# phone's last three digits (to recognise a caller); the desk owns the rest and reaches the citizen. ``full`` sees all.
_CONTACT_KEYS = ("name", "email", "id_kind")
_PRIVATE_FIELDS = ("id_number", "phone", "address")


def mask_phone(phone: Any) -> str | None:
    """A phone number with all but its last three digits hidden."""
    if not isinstance(phone, str) or not phone:
        return None
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "•" * max(0, len(digits) - 3) + digits[-3:]


def _hide(field: Any, value: Any) -> Any:
    if value is None:
        return None
    return mask_phone(value) if field == "phone" else "(ẩn)"


def private_view(event: dict[str, Any], role: str | None) -> dict[str, Any]:
    """An event as a processing unit of ``role`` may see it: without the ID number, phone and address unless
    ``full`` (events flowing to desks are never changed; this is only what processors read)."""
    if role == "full":
        return event
    payload = dict(event["payload"])
    kind = event["kind"]
    if kind == "received" and isinstance(payload.get("applicant"), dict):
        a = payload["applicant"]
        shown = {k: a[k] for k in _CONTACT_KEYS if k in a}
        payload["applicant"] = shown | ({"phone": mask_phone(a.get("phone"))} if a.get("phone") else {})
    elif kind == "corrected" and payload.get("field") in _PRIVATE_FIELDS:
        payload["old"] = _hide(payload["field"], payload.get("old"))
        payload["new"] = _hide(payload["field"], payload.get("new"))
    if kind != "corrected":  # the ID shown at the return, or any kind that carries one at the top
        for key in _PRIVATE_FIELDS:
            if payload.get(key):
                payload[key] = _hide(key, payload[key])
    return event | {"payload": payload}


def wire_owner(batch: Batch, wire: dict[str, Any]) -> str | None:
    """The desk that owns the dossier an event is about (it receives the event on pull)."""
    view = batch.dossier(wire.get("dossier_uid"))
    return view["owner_desk"] if view else None


def request_digest(e: dict[str, Any]) -> str:
    """A processing request's identity: what was asked, not the times the server filled in."""
    fields = [e["id"], e.get("dossier_uid"), e.get("code"), e["kind"], e.get("payload"), e.get("actor")]
    return hashlib.sha256(canonical_json(fields).encode("utf-8", "surrogatepass")).hexdigest()


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
