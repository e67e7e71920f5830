"""The desk's side of sync, without the network: what to send, what the server said, what came back.

sync/client/ (round.py) moves these over HTTP. Everything here is one transaction at a time, so a desk killed
in the middle of a sync round loses nothing and, on the next round, sends or applies nothing twice.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from desk import db, journal, timeutil
from desk.errors import InvalidInput
from desk.store import EVENT_COLUMNS, Event, Store


def event_to_wire(event: Event) -> dict[str, Any]:
    """An event as the sync protocol carries it (the hash as hex)."""
    return {
        "id": event.id,
        "dossier_uid": event.dossier_uid,
        "kind": event.kind,
        "payload": event.payload,
        "actor": event.actor,
        "desk_id": event.desk_id,
        "device_time": event.device_time,
        "hash": event.hash.hex(),
    }


# Every event of this desk up to this sequence number has the server's answer (meta ``sync_answered_upto``), so the
# questions «what is left to send» read the log's tail, not the whole log: at a million events that scan decrypted
# a gigabyte at every round and at every start. Moved up as answers come (``record_answers``), down when answers are
# forgotten (``resend``, ``restart``); read from the file each time, never from a connection's cache.
ANSWERED_UPTO = "sync_answered_upto"
_MARK = f"coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = '{ANSWERED_UPTO}'), 0)"
_UNANSWERED = (
    f" FROM events e LEFT JOIN event_acks a ON a.event_id = e.id WHERE e.seq > {_MARK}"
    " AND e.desk_id = ? AND e.server_seq IS NULL AND a.event_id IS NULL"
)


def _advance_answered_upto(store: Store, conn: db.Connection) -> None:
    """After answers were stored: up to just before the first event still unanswered (or the log's end)."""
    upto = conn.execute(
        f"SELECT coalesce((SELECT min(e.seq){_UNANSWERED}) - 1, (SELECT max(seq) FROM events), 0)",
        (store.meta()["desk_id"],),
    ).fetchone()[0]
    store.set_meta(conn, **{ANSWERED_UPTO: str(upto)})


def pending(store: Store, limit: int = 500) -> list[dict[str, Any]]:
    """This desk's events the server has not answered yet, oldest first, each with the hash it is chained to
    (``prev_hash``: the desk's own event before it, '' for the first), so the server can check the chain."""
    desk_id = store.meta()["desk_id"]
    rows = store.conn.execute(
        f"SELECT {', '.join('e.' + c.strip() for c in EVENT_COLUMNS.split(','))}{_UNANSWERED} ORDER BY e.seq LIMIT ?",
        (desk_id, limit),
    ).fetchall()
    events = [Event.from_row(r) for r in rows]
    if not events:
        return []
    # The hash before each one: the desk's own event just before it (acknowledged ones sit between after a resend).
    before = store.conn.execute(
        "SELECT hash FROM events WHERE desk_id = ? AND server_seq IS NULL AND seq < ? ORDER BY seq DESC LIMIT 1",
        (desk_id, events[0].seq),
    ).fetchone()
    prev = before[0] if before else b""
    previous: dict[int, bytes] = {}
    for seq, hash_ in store.conn.execute(
        "SELECT seq, hash FROM events WHERE desk_id = ? AND server_seq IS NULL AND seq BETWEEN ? AND ? ORDER BY seq",
        (desk_id, events[0].seq, events[-1].seq),
    ):
        previous[seq] = prev
        prev = hash_
    return [event_to_wire(e) | {"prev_hash": previous[e.seq].hex()} for e in events]


def pending_count(store: Store) -> int:
    """How many of this desk's events wait to be sent."""
    return store.conn.execute(f"SELECT count(*){_UNANSWERED}", (store.meta()["desk_id"],)).fetchone()[0]


def record_answers(store: Store, answers: list[dict[str, Any]], *, now: dt.datetime | None = None) -> dict[str, int]:
    """Store the server's per-event answers: accepted (with its sequence number) or refused (with the reason)."""
    when = timeutil.iso(now or timeutil.now())
    counts = {"accepted": 0, "refused": 0}
    with store.write() as conn:
        for a in answers:
            if a.get("status") in ("accepted", "duplicate"):
                conn.execute(
                    "INSERT INTO event_acks (event_id, server_seq, refused, at) VALUES (?, ?, NULL, ?)"
                    " ON CONFLICT (event_id) DO UPDATE SET server_seq = excluded.server_seq, refused = NULL",
                    (a["id"], a.get("server_seq"), when),
                )
                counts["accepted"] += 1
            else:
                conn.execute(
                    "INSERT INTO event_acks (event_id, server_seq, refused, at) VALUES (?, NULL, ?, ?)"
                    " ON CONFLICT (event_id) DO UPDATE SET refused = excluded.refused",
                    (a["id"], a.get("reason") or "máy chủ từ chối (không rõ lý do)", when),
                )
                counts["refused"] += 1
        _advance_answered_upto(store, conn)
    return counts


def refused_events(conn: db.Connection) -> list[dict[str, Any]]:
    """Events the server refused, with its reason, for the clerk to read."""
    rows = conn.execute(
        "SELECT e.id, e.kind, d.code, e.device_time, a.refused, a.at FROM event_acks a JOIN events e ON e.id = a.event_id"
        " LEFT JOIN dossiers d ON d.uid = e.dossier_uid WHERE a.refused IS NOT NULL ORDER BY e.seq"
    )
    keys = ("id", "kind", "code", "device_time", "reason", "answered_at")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def apply_remote(store: Store, events: list[dict[str, Any]], cursor: str | None, *,
                 now: dt.datetime | None = None) -> dict[str, int]:  # fmt: skip
    """Store and apply events made elsewhere (processing units, the province), and move the cursor — atomically.

    An event already held is skipped (a page pulled twice changes nothing); one that conflicts with the dossier's
    state is stored but not applied, and listed in ``sync_conflicts`` for a person to look at.
    """
    when = timeutil.iso(now or timeutil.now())
    counts = {"applied": 0, "duplicates": 0, "conflicts": 0}
    with store.write() as conn:
        for w in events:
            if conn.execute("SELECT 1 FROM events WHERE id = ?", (w["id"],)).fetchone():
                counts["duplicates"] += 1
                continue
            event, reason = journal.record_remote(conn, w)
            if reason is None:
                counts["applied"] += 1
            else:
                conn.execute(
                    "INSERT INTO sync_conflicts (event_id, dossier_uid, reason, at) VALUES (?, ?, ?, ?)",
                    (event.id, event.dossier_uid, reason, when),
                )
                counts["conflicts"] += 1
        if cursor is not None:
            store.set_meta(conn, sync_cursor=cursor)
    return counts


def resend(store: Store, event_id: str, *, actor: str) -> None:
    """Send a refused event again on the next round (after the cause was fixed on the server side)."""
    with store.write() as conn:
        row = conn.execute(
            "SELECT a.refused, e.seq FROM event_acks a JOIN events e ON e.id = a.event_id WHERE a.event_id = ?",
            (event_id,),
        ).fetchone()
        if row is None or row[0] is None:
            raise InvalidInput("Sự kiện này không bị máy chủ từ chối: không có gì để gửi lại.", field="event_id")
        conn.execute("DELETE FROM event_acks WHERE event_id = ?", (event_id,))
        upto = conn.execute(f"SELECT min({_MARK}, ?)", (row[1] - 1,)).fetchone()[0]
        store.set_meta(conn, **{ANSWERED_UPTO: str(upto)})  # it waits to be sent again
        journal.record(store, conn, kind="note", payload={"text": "Gửi lại sự kiện bị từ chối", "event_id": event_id,
                                                      "refused": row[0]}, actor=actor)  # fmt: skip


def resolve_conflict(store: Store, event_id: str, *, actor: str, note: str) -> None:
    """A person looked at a conflict and decided; it leaves the list, the note stays in the log."""
    text = (note or "").strip()
    if not text:
        raise InvalidInput("Ghi rõ đã xử lý xung đột thế nào.", field="note")
    with store.write() as conn:
        row = conn.execute(
            "SELECT dossier_uid FROM sync_conflicts WHERE event_id = ? AND resolved = 0", (event_id,)
        ).fetchone()
        if row is None:
            raise InvalidInput("Không có xung đột chưa xử lý với sự kiện này.", field="event_id")
        conn.execute("UPDATE sync_conflicts SET resolved = 1 WHERE event_id = ?", (event_id,))
        journal.record(store, conn, kind="note", payload={"text": text, "conflict_event_id": event_id}, actor=actor,
                           dossier_uid=row[0])  # fmt: skip


def conflicts(conn: db.Connection, *, include_resolved: bool = False) -> list[dict[str, Any]]:
    """Events from the server that did not apply, newest first."""
    rows = conn.execute(
        "SELECT c.event_id, e.kind, d.code, e.actor, e.device_time, c.reason, c.at, c.resolved FROM sync_conflicts c"
        " JOIN events e ON e.id = c.event_id LEFT JOIN dossiers d ON d.uid = c.dossier_uid"
        + ("" if include_resolved else " WHERE c.resolved = 0")
        + " ORDER BY e.seq DESC"
    )
    keys = ("event_id", "kind", "code", "actor", "device_time", "reason", "at", "resolved")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def note_round(store: Store, *, server_time: dt.datetime | None, now: dt.datetime | None = None) -> dict[str, Any]:
    """Remember a successful round and the PC clock's offset from the server (never refuses to work)."""
    now = timeutil.to_vn(now) if now else timeutil.now()
    values = {"last_sync": timeutil.iso(now)}
    if server_time is not None:
        values["clock_offset_s"] = str(int((now - timeutil.to_vn(server_time)).total_seconds()))
    with store.write() as conn:
        store.set_meta(conn, **values)
    return status(store)


CLOCK_WARNING_S = 300  # warn when the PC clock is off by more than five minutes


def restart(store: Store, reset: dict[str, Any], *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The server was restored (or is another server): read again from its safe point and send again what it lost.

    Every acknowledgement the server can no longer hold (a sequence number past ``safe_seq``; every refusal, whose
    link in the hash chain may be lost too) is forgotten, so those events are pushed again: the server answers
    ``duplicate`` for what it still has. The cursor moves to the safe point (events held are skipped by id), and the
    notice stays for the status bar until the next one. Returns how many events go again and the notice.
    """
    when = timeutil.iso(now or timeutil.now())
    with store.write() as conn:
        again = conn.execute(
            "DELETE FROM event_acks WHERE refused IS NOT NULL OR server_seq IS NULL OR server_seq > ?",
            (int(reset.get("safe_seq") or 0),),
        ).rowcount
        notice = {"at": when, "message": reset.get("message") or "", "resent": again, "why": reset.get("why")}
        store.set_meta(
            conn,
            **{ANSWERED_UPTO: "0"},  # answers forgotten anywhere in the log: the next answers find the mark again
            sync_cursor=reset.get("cursor") or "",
            sync_notice=json.dumps(notice, ensure_ascii=False),
        )
    return notice


def waiting_bundles(store: Store) -> list[dict[str, Any]]:
    """Bundles the server offered that wait for a trusted publisher key (``note_waiting_bundle``)."""
    raw = store.meta().get("sync_waiting_bundles")
    return json.loads(raw) if raw else []


def set_waiting_bundles(store: Store, bundles: list[dict[str, Any]]) -> None:
    """Remember the bundles the server offered while the desk trusted no publisher key (taken once it trusts one)."""
    with store.write() as conn:
        store.set_meta(conn, sync_waiting_bundles=json.dumps(bundles, ensure_ascii=False) if bundles else "")


def status(store: Store) -> dict[str, Any]:
    """What the status bar shows: events waiting, refused ones, conflicts, last success, clock offset."""
    meta = store.meta()
    offset = int(meta["clock_offset_s"]) if meta.get("clock_offset_s") else None
    notice = json.loads(meta["sync_notice"]) if meta.get("sync_notice") else None
    return {
        "notice": notice,
        "waiting_bundles": len(waiting_bundles(store)),
        "pending": pending_count(store),
        "refused": store.conn.execute("SELECT count(*) FROM event_acks WHERE refused IS NOT NULL").fetchone()[0],
        "conflicts": store.conn.execute("SELECT count(*) FROM sync_conflicts WHERE resolved = 0").fetchone()[0],
        "last_sync": meta.get("last_sync"),
        "cursor": meta.get("sync_cursor"),
        "server_url": meta.get("server_url"),
        "clock_offset_s": offset,
        "clock_warning": offset is not None and abs(offset) > CLOCK_WARNING_S,
    }
