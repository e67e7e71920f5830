"""What the console reads: every agency's intake and timeliness, each desk's sync health, one agency, one dossier's
timeline, a processing unit's work queue, devices, bundles.

The groups (late, due soon, waiting, received today) are the desk's own (desk/queries.py ``ListFilter``): the same
conditions run here on the server's ``dossiers`` table, each through an index (a province holds millions of finished
dossiers and few open ones).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from typing import Any

from sqlalchemy import Connection, func, or_, select, text

from desk import lifecycle, timeutil
from desk.appointment import add_working_time, timeliness
from desk.calendar import WorkCalendar, parse_calendar_bundle
from desk.errors import InvalidInput
from desk.queries import ListFilter
from desk.service import DEFAULT_CALENDAR
from desk.signing import open_bundle
from sync.server import storage as s
from sync.server.reporting import agency_names, known_agencies

GROUPS = ("today", "month", "overdue", "due_soon", "waiting")
TIMELINESS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}
_CAL: dict[str, Any] = {}
_CAL_LOCK = threading.Lock()


def calendar(conn: Connection) -> WorkCalendar:
    """The working-day calendar: the shipped one and every calendar bundle the server holds (cached per bundle)."""
    newest = conn.execute(select(func.max(s.bundles.c.id)).where(s.bundles.c.kind == "calendar")).scalar() or 0
    with _CAL_LOCK:
        if _CAL.get("id") == newest and "cal" in _CAL:
            return _CAL["cal"]
    bundles = [parse_calendar_bundle(DEFAULT_CALENDAR.read_bytes())]
    for (data,) in conn.execute(select(s.bundles.c.data).where(s.bundles.c.kind == "calendar")):
        try:
            bundles.append(parse_calendar_bundle(open_bundle(bytes(data), []).payload))
        except InvalidInput:
            continue
    cal = WorkCalendar(bundles)
    with _CAL_LOCK:
        _CAL.update(id=newest, cal=cal)
    return cal


def _named(where: str, params: list[Any], prefix: str) -> tuple[str, dict[str, Any]]:
    """A desk condition with ``?`` placeholders as named parameters for SQLAlchemy."""
    out: dict[str, Any] = {}
    parts = where.split("?")
    sql = parts[0]
    for i, part in enumerate(parts[1:]):
        out[f"{prefix}{i}"] = params[i]
        sql += f":{prefix}{i}" + part
    return sql, out


def group_condition(group: str, now: dt.datetime, until: dt.datetime) -> tuple[str, dict[str, Any]]:
    """The SQL condition of one overview group (the desk's ListFilter; ``month``: received this month so far)."""
    if group == "month":
        return "receipt_date >= :m0 AND receipt_date <= :m1", {
            "m0": now.date().replace(day=1).isoformat(),
            "m1": now.date().isoformat(),
        }
    flt = ListFilter(group).with_window(until) if group == "due_soon" else ListFilter(group)
    return _named(*flt.where(now), prefix=f"{group}_")


def due_soon_until(conn: Connection, now: dt.datetime, days: float = 1.0) -> dt.datetime:
    """The end of the warning window: one working day ahead, as on a desk (desk.readmodel.due_soon_threshold)."""
    cal = calendar(conn)
    return add_working_time(now, cal.day_length * days, cal)


def agency_counts(conn: Connection, agencies: list[str] | None, now: dt.datetime) -> dict[str, dict[str, int]]:
    """Per agency: received today and this month, late, due soon, waiting for a supplement."""
    until = due_soon_until(conn, now)
    out: dict[str, dict[str, int]] = {}
    scope, params = "", {}
    if agencies is not None:
        scope = " AND agency_code IN (" + ", ".join(f":a{i}" for i in range(len(agencies))) + ")"
        params = {f"a{i}": a for i, a in enumerate(agencies)}
        if not agencies:
            return {}
    for group in GROUPS:
        cond, values = group_condition(group, now, until)
        sql = f"SELECT agency_code, count(*) FROM dossiers WHERE {cond}{scope} GROUP BY agency_code"
        for code, n in conn.execute(text(sql), values | params):
            out.setdefault(code, dict.fromkeys(GROUPS, 0))[group] = int(n)
    return out


def desks(conn: Connection, agencies: list[str] | None) -> list[dict[str, Any]]:
    """The desks (not revoked) with what each said of itself at its last sync."""
    q = (
        select(
            s.devices.c.id, s.devices.c.agency_code, s.devices.c.slot, s.devices.c.name, s.devices.c.created_at,
            s.devices.c.last_seen_at, s.desk_status.c.reported_at, s.desk_status.c.pending, s.desk_status.c.refused,
            s.desk_status.c.clock_offset_s, s.desk_status.c.catalog, s.desk_status.c.calendar,
            s.desk_status.c.app_version, s.agencies.c.name.label("agency_name"),
        )
        .select_from(
            s.devices.outerjoin(s.desk_status, s.desk_status.c.device_id == s.devices.c.id).outerjoin(
                s.agencies, s.agencies.c.code == s.devices.c.agency_code
            )
        )
        .where(s.devices.c.kind == "desk", s.devices.c.revoked_at.is_(None))
        .order_by(s.devices.c.agency_code, s.devices.c.slot)
    )  # fmt: skip
    if agencies is not None:
        q = q.where(s.devices.c.agency_code.in_(agencies))
    return [dict(r) for r in conn.execute(q).mappings()]


def overview(conn: Connection, agencies: list[str] | None, now: dt.datetime) -> dict[str, Any]:
    """The console's first page: one row per agency, one per desk."""
    counts = agency_counts(conn, agencies, now)
    names = agency_names(conn)
    codes = agencies if agencies is not None else sorted(set(known_agencies(conn)) | set(counts))
    rows = [{"code": c, "name": names.get(c), **counts.get(c, dict.fromkeys(GROUPS, 0))} for c in codes]
    total = {g: sum(r[g] for r in rows) for g in GROUPS}
    return {"agencies": rows, "total": total, "desks": desks(conn, agencies), "now": now}


LIST_LIMIT = 50


def agency_lists(conn: Connection, code: str, now: dt.datetime) -> dict[str, list[dict[str, Any]]]:
    """An agency's dossiers in each group (the first LIST_LIMIT, soonest due first; today's newest first)."""
    until = due_soon_until(conn, now)
    out = {}
    for group in ("overdue", "due_soon", "waiting", "today"):
        cond, values = group_condition(group, now, until)
        order = "received_at DESC" if group == "today" else "due_at"
        sql = (
            "SELECT code, status, procedure_code, field_code, received_at, due_at, holder, paused_at FROM dossiers"
            f" WHERE agency_code = :agency AND {cond} ORDER BY {order} LIMIT {LIST_LIMIT}"
        )
        out[group] = [dict(r) for r in conn.execute(text(sql), values | {"agency": code}).mappings()]
    return out


_CODE_SEARCH = re.compile(r"^[0-9A-Za-z.-]{3,80}$")


def search_codes(conn: Connection, agencies: list[str] | None, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Dossiers whose code is the query, or ends with it (``260213-1001``, ``1001``)."""
    query = query.strip().upper()
    if not _CODE_SEARCH.match(query):
        raise InvalidInput("Tìm theo mã hồ sơ: nhập mã đầy đủ hoặc phần cuối của mã (ví dụ 260213-1001).", field="q")
    q = select(s.dossiers.c.code, s.dossiers.c.agency_code, s.dossiers.c.status, s.dossiers.c.received_at,
               s.dossiers.c.due_at, s.dossiers.c.holder)  # fmt: skip
    q = q.where(or_(s.dossiers.c.code == query, s.dossiers.c.code.like(f"%-{query}")))
    if agencies is not None:
        q = q.where(s.dossiers.c.agency_code.in_(agencies))
    return [dict(r) for r in conn.execute(q.order_by(s.dossiers.c.code).limit(limit)).mappings()]


def dossier_row(conn: Connection, code: str) -> dict[str, Any] | None:
    return conn.execute(select(s.dossiers).where(s.dossiers.c.code == code)).mappings().first()


def dossier_events(conn: Connection, uid: str) -> list[dict[str, Any]]:
    q = select(s.events).where(s.events.c.dossier_uid == uid).order_by(s.events.c.server_seq)
    return [dict(r) for r in conn.execute(q).mappings()]


# -- a processing unit's work -----------------------------------------------------------------------------------


def unit_device(conn: Connection, unit: str | None) -> dict[str, Any] | None:
    """The processing unit (a processor credential) an officer works for, if not revoked."""
    if not unit:
        return None
    row = conn.execute(select(s.devices).where(s.devices.c.id == unit)).mappings().first()
    return dict(row) if row and row["kind"] == "processor" and row["revoked_at"] is None else None


def handover(conn: Connection, uid: str, unit_name: str) -> dict[str, Any] | None:
    """The last hand-over of a dossier to a unit: when, from whom, the step's deadline."""
    rows = conn.execute(
        select(s.events.c.payload, s.events.c.server_seq)
        .where(s.events.c.dossier_uid == uid, s.events.c.kind == "transferred")
        .order_by(s.events.c.server_seq.desc())
        .limit(20)
    )
    for payload, seq in rows:
        p = json.loads(payload)
        if p.get("to_unit") == unit_name:
            return p | {"server_seq": seq}
    return None


def queue(conn: Connection, unit: dict[str, Any], now: dt.datetime) -> list[dict[str, Any]]:
    """The dossiers handed to a unit and still with it: the step's deadline and timeliness, whether it took them.

    Three statements whatever the length of the queue: the dossiers, their hand-overs, the unit's own events."""
    rows = (
        conn.execute(
            select(s.dossiers)
            .where(
                s.dossiers.c.agency_code == unit["agency_code"],
                s.dossiers.c.holder == unit["name"],
                s.dossiers.c.status.in_((2, 4, 5, 6)),
            )
            .order_by(s.dossiers.c.due_at)
            .limit(500)
        )
        .mappings()
        .all()
    )
    uids = [r["uid"] for r in rows]
    given: dict[str, dict[str, Any]] = {}  # the last hand-over of each dossier to this unit
    if uids:
        for uid, payload, seq in conn.execute(
            select(s.events.c.dossier_uid, s.events.c.payload, s.events.c.server_seq)
            .where(s.events.c.dossier_uid.in_(uids), s.events.c.kind == "transferred")
            .order_by(s.events.c.server_seq)
        ):
            p = json.loads(payload)
            if p.get("to_unit") == unit["name"]:
                given[uid] = p | {"server_seq": seq}
    taken: dict[str, str] = {}  # the unit's first event on each dossier after that hand-over
    if uids:
        for uid, seq, at in conn.execute(
            select(s.events.c.dossier_uid, s.events.c.server_seq, s.events.c.device_time).where(
                s.events.c.dossier_uid.in_(uids), s.events.c.origin == unit["id"]
            )
        ):
            if seq > (given.get(uid) or {}).get("server_seq", 0) and (uid not in taken or at < taken[uid]):
                taken[uid] = at
    out = []
    for r in rows:
        g = given.get(r["uid"]) or {}
        step_due = timeutil.parse_instant(g["step_due_at"]) if g.get("step_due_at") else None
        out.append(
            dict(r)
            | {
                "handed_at": g.get("at"),
                "from_unit": g.get("from_unit"),
                "step_due_at": g.get("step_due_at"),
                "accepted_at": taken.get(r["uid"]),
                "step_timeliness": timeliness(now, step_due) if step_due else None,
                "status_label": lifecycle.status_label(r["status"]),
            }
        )
    return out


def bundles(conn: Connection) -> list[dict[str, Any]]:
    q = select(
        s.bundles.c.id, s.bundles.c.agency_code, s.bundles.c.kind, s.bundles.c.label, s.bundles.c.size,
        s.bundles.c.created_at, s.bundles.c.key_id,
    ).order_by(s.bundles.c.id.desc()).limit(200)  # fmt: skip
    return [dict(r) for r in conn.execute(q).mappings()]


def enrol_codes(conn: Connection) -> list[dict[str, Any]]:
    q = select(
        s.enrol_codes.c.agency_code, s.enrol_codes.c.slot, s.enrol_codes.c.label, s.enrol_codes.c.created_at,
        s.enrol_codes.c.expires_at, s.enrol_codes.c.used_at, s.enrol_codes.c.device_id,
    ).order_by(s.enrol_codes.c.id.desc()).limit(50)  # fmt: skip
    return [dict(r) for r in conn.execute(q).mappings()]
