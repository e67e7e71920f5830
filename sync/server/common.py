"""What the server's modules share: the refusals, the caller, time and token helpers, and the batch of events.

``ServerBase`` holds the storage and the clock; the administration (admin.py), the desks' exchange (exchange.py)
and the processing side (processing.py) build on it, and ``Server`` (service.py) joins them. ``Batch`` judges and
stores one write transaction's events, for a desk's push and for a processing unit's record alike.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, func, select, update

from desk import lifecycle, timeutil
from desk.store import canonical_json
from sync.server import storage as s
from sync.server.limits import Limits, Quotas
from sync.server.storage import Storage

VERSION = "1.0"


class Refusal(Exception):
    """A whole request refused: the HTTP status and a reason in Vietnamese."""

    status = 400

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class Unauthorized(Refusal):
    """No credential, or one the server does not know or has revoked."""

    status = 401


class Forbidden(Refusal):
    """A valid credential that may not do this."""

    status = 403


class Missing(Refusal):
    """Nothing of that name for the caller."""

    status = 404


class Conflict(Refusal):
    """The request clashes with what the server holds or expects."""

    status = 409


class Unprocessable(Refusal):
    """A request the schema allows whose meaning the server cannot take (a cursor it never issued, a bad bundle)."""

    status = 422


class Throttled(Refusal):
    """Too many requests, events or bytes for now: try again after ``retry_after`` seconds."""

    status = 429

    def __init__(self, detail: str, retry_after: float):
        super().__init__(detail)
        self.retry_after = retry_after


class EpochChanged(Conflict):
    """The desk's cursor is from another epoch or server (a restored server): ``reset`` says where to read again."""

    def __init__(self, detail: str, reset: dict[str, Any]):
        super().__init__(detail)
        self.reset = reset


@dataclass(frozen=True)
class Device:
    """Who is calling: a desk (with its slot) or a processing unit, of one agency."""

    id: str
    kind: str
    agency_code: str
    slot: int | None
    name: str
    created_at: str | None = None
    role: str | None = None


def device_of(row: Any) -> Device:
    """The caller from a ``devices`` row."""
    return Device(row["id"], row["kind"], row["agency_code"], row["slot"], row["name"], row["created_at"], row["role"])


def hash_token(token: str) -> str:
    """How a credential or an enrolment code is stored: its SHA-256, never the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def precise_now() -> dt.datetime:
    """The wall-clock time now, in Vietnam's time zone (the server's default clock)."""
    return dt.datetime.now(timeutil.VN_TZ)


def iso_ms(value: dt.datetime) -> str:
    """A time as the server writes it: ISO 8601 in Vietnam's time zone, to the millisecond."""
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


class ServerBase:
    """The provincial server over one database: its storage and its clock (the mixins' common ground)."""

    def __init__(self, storage: Storage, clock: Callable[[], dt.datetime] = precise_now, limits: Limits | None = None):
        self.storage = storage
        self.clock = clock
        self.limits = limits or Limits()
        self.quotas = Quotas(self.limits)

    def now(self) -> dt.datetime:
        """The server's time, in Vietnam's time zone."""
        return timeutil.to_vn(self.clock())

    def now_iso(self) -> str:
        """The server's time as ISO 8601 with milliseconds."""
        return iso_ms(self.now())


class Batch:
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
        """Learn which dossiers hold these codes (and, ``by_code``, load their views too)."""
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
        """The view of a dossier by uid, as of this batch."""
        return self.views.get(uid) if uid else None

    def code_owner(self, code: str) -> str | None:
        """The uid of the batch agency's dossier holding a code, if any."""
        return self.codes.get((self.agency or "", code))

    def by_code(self, code: str | None) -> dict[str, Any] | None:
        """The view of the one dossier holding a code (none if unknown or ambiguous)."""
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
        """Write the accepted events and the new or changed dossier views."""
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
                    result_at=v["result_at"],
                    closed_at=v["closed_at"],
                    extensions=v["extensions"],
                    last_seq=v["last_seq"],
                )
            )


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def slot_holder(conn: Connection, agency_code: str, slot: int) -> Device | None:
    """The desk (not revoked) that holds an agency's slot, if any."""
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
    return device_of(row) if row else None


def server_event(r: Any) -> dict[str, Any]:
    """A stored event as the protocol carries it."""
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


def pydantic_reason(exc: ValidationError) -> str:
    """The first few validation errors in one line, for a refusal's reason."""
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(x) for x in err["loc"])
        parts.append(f"{where}: {err['msg']}" if where else err["msg"])
    return "; ".join(parts)


# The parts of a dossier's state the server keeps (the desk keeps more; desk/lifecycle.py changes both alike).
VIEW_STATE = ("code", "status", "received_at", "due_at", "original_due_at", "paused_at", "holder", "result_at",
              "closed_at", "extensions")  # fmt: skip


def view_after(view: dict[str, Any], kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The server's view of a dossier after an accepted event: the lifecycle's changes to the parts it keeps."""
    changes = lifecycle.changes(kind, view, payload)
    return view | {k: v for k, v in changes.items() if k in VIEW_STATE}
