"""The one write path of the event log: every event is appended and projected here, in the caller's transaction.

A desk's own events are chained (tamper evidence, desk/store.py ``chain_hash``) and applied to the projections at
once; events made elsewhere (pulled from the provincial server) are stored with their server sequence number and
applied when the dossier's state allows them, or set aside for a person. Nothing else inserts into ``events``, so
the projections after any sequence of writes equal a rebuild from the log (``desk verify`` checks it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desk import db, projections, roles, timeutil
from desk.ids import uuid7
from desk.store import Event, Store, canonical_json, chain_hash


def _in_transaction(conn: db.Connection) -> None:
    if not conn.in_transaction:
        raise RuntimeError("events are written inside Store.write()")


def record(
    store: Store,
    conn: db.Connection,
    *,
    kind: str,
    payload: dict[str, Any],
    actor: str,
    dossier_uid: str | None = None,
    device_time: dt.datetime | None = None,
) -> Event:
    """Append one of this desk's events, chained to the previous one, and apply it to the projections.

    Call inside ``store.write()``: the event and its projection commit together or not at all.
    """
    _in_transaction(conn)
    roles.check_event(store, conn, kind, payload)
    desk_id = store.meta()["desk_id"]  # never changes once set
    # The chain head is read inside this transaction, never from a cache another thread may have filled.
    head = conn.execute("SELECT value FROM meta WHERE key = 'chain_head'").fetchone()
    prev = bytes.fromhex(head[0]) if head else b""
    event_id = uuid7()
    payload_json = canonical_json(payload)
    when = timeutil.iso(device_time or timeutil.now())
    digest = chain_hash(prev, event_id, dossier_uid, kind, payload_json, actor, desk_id, when)
    cur = conn.execute(
        "INSERT INTO events (id, dossier_uid, kind, payload, actor, desk_id, device_time, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (event_id, dossier_uid, kind, payload_json, actor, desk_id, when, digest),
    )
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('chain_head', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (digest.hex(),),
    )
    event = Event(cur.lastrowid or 0, event_id, dossier_uid, kind, payload, actor, desk_id, when, digest)
    projections.apply(conn, event)
    return event


def record_remote(conn: db.Connection, wire: dict[str, Any]) -> tuple[Event, str | None]:
    """Store an event made elsewhere (it carries its ``server_seq``) and apply it when the dossier allows it.

    Returns the event and, when it could not apply, why: the caller lists it in ``sync_conflicts`` for a person.
    """
    _in_transaction(conn)
    hash_ = bytes.fromhex(wire.get("hash") or "")
    cur = conn.execute(
        "INSERT INTO events (id, dossier_uid, kind, payload, actor, desk_id, device_time, hash, server_seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (wire["id"], wire.get("dossier_uid"), wire["kind"], canonical_json(wire["payload"]), wire["actor"],
         wire["desk_id"], wire["device_time"], hash_, wire["server_seq"]),
    )  # fmt: skip
    event = Event(cur.lastrowid or 0, wire["id"], wire.get("dossier_uid"), wire["kind"], wire["payload"],
                  wire["actor"], wire["desk_id"], wire["device_time"], hash_, wire["server_seq"])  # fmt: skip
    reason = projections.conflict(conn, event)
    if reason is None:
        # A payload that still cannot be projected must not block sync for ever: keep it for a person.
        conn.execute("SAVEPOINT remote_event")
        try:
            projections.apply(conn, event)
        except (KeyError, TypeError, ValueError, db.IntegrityError) as exc:
            conn.execute("ROLLBACK TO remote_event")
            reason = f"dữ liệu sự kiện không áp dụng được ({type(exc).__name__})"
        finally:
            conn.execute("RELEASE remote_event")
    return event, reason
