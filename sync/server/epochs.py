"""The server's identity and epochs: what a pull cursor carries, so that a restored server is noticed by the desks.

A cursor is ``<server id>.<epoch>.e<event seq>b<bundle id>`` (the older ``e<seq>b<id>`` is still read, as epoch 1
of this server). The server id is made once, with the database. A restored server starts a new epoch whose base is
the last event sequence number and bundle id of the backup: the numbers above it were handed out before the
restore, were lost with it, and are being handed out again. A cursor from an older epoch is read again from the
lowest base of the epochs after it (the safe point), a cursor from another server from the start, and a cursor from
the future (a restore nobody announced) starts a new epoch by itself, based on where the server stood when this
process started. Events a desk already holds are skipped by id, so reading again costs time, never data.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
from typing import Any

from sqlalchemy import Connection, func, select

from sync.server import storage as s
from sync.server.storage import Storage

log = logging.getLogger("desk.server")

_CURSOR = re.compile(
    r"^(?:(?P<sid>[0-9a-f]{32})\.(?P<epoch>[0-9]{1,9})\.)?e(?P<seq>[0-9]{1,18})b(?P<bundle>[0-9]{1,18})"
    r"(?:\.(?P<mac>[0-9a-f]{16}))?$"
)


def encode_position(event_seq: int, bundle_id: int) -> str:
    """The position part of a cursor: after an event sequence number and a bundle id."""
    return f"e{event_seq}b{bundle_id}"


def decode_position(cursor: str | None) -> tuple[int, int]:
    """(event sequence number, bundle id) of a cursor, in either form; (0, 0) for none."""
    parsed = parse(cursor)
    return (parsed[2], parsed[3]) if parsed else (0, 0)


def encode(server_id: str, epoch: int, event_seq: int, bundle_id: int, key: str = "") -> str:
    """A whole cursor; with the server's ``key``, sealed (a client cannot make one up: see ``resolve``)."""
    body = f"{server_id}.{epoch}.{encode_position(event_seq, bundle_id)}"
    return f"{body}.{_mac(key, body)}" if key else body


def _mac(key: str, body: str) -> str:
    return hmac.new(bytes.fromhex(key), body.encode(), hashlib.sha256).hexdigest()[:16]


def parse(cursor: str | None) -> tuple[str | None, int | None, int, int] | None:
    """(server id, epoch, seq, bundle) of a cursor (None for the parts an old cursor lacks); None when no cursor."""
    if not cursor:
        return None
    m = _CURSOR.match(cursor)
    if m is None:
        raise ValueError("not a cursor")
    epoch = int(m["epoch"]) if m["epoch"] else None
    return m["sid"], epoch, int(m["seq"]), int(m["bundle"])


def sealed(cursor: str, key: str) -> bool:
    """Whether a cursor carries the seal this server (or the backup it was restored from) put on it."""
    m = _CURSOR.match(cursor)
    if m is None or not m["mac"] or not m["sid"]:
        return False
    return hmac.compare_digest(m["mac"], _mac(key, cursor.rsplit(".", 1)[0]))


def cursor_key(conn: Connection) -> str:
    """The key that seals cursors: made once, kept in the database (a restored server keeps it, so a desk's cursor
    issued before the restore still proves where that desk was)."""
    key = _meta(conn, "cursor_key")
    if key is None:
        key = secrets.token_hex(32)
        conn.execute(s.server_meta.insert().values(key="cursor_key", value=key))
    return key


class ForgedCursor(ValueError):
    """A cursor in the new form whose seal does not hold: not issued by this server."""


def server_id(conn: Connection) -> str:
    return conn.execute(select(s.server_meta.c.value).where(s.server_meta.c.key == "server_id")).scalar_one()


def current(conn: Connection) -> dict[str, Any]:
    row = conn.execute(select(s.epochs).order_by(s.epochs.c.epoch.desc()).limit(1)).mappings().one()
    return dict(row)


def high_water(conn: Connection) -> tuple[int, int]:
    """The highest event sequence number and bundle id the server holds."""
    seq = conn.execute(select(func.max(s.events.c.server_seq))).scalar() or 0
    bundle = conn.execute(select(func.max(s.bundles.c.id))).scalar() or 0
    return int(seq), int(bundle)


def _meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(s.server_meta.c.value).where(s.server_meta.c.key == key)).scalar()


def _set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(s.server_meta.delete().where(s.server_meta.c.key == key))
    conn.execute(s.server_meta.insert().values(key=key, value=value))


def note_start(storage: Storage) -> None:
    """Remember where the server stood when this process started serving (the base of an unannounced restore)."""
    with storage.write() as conn:
        cursor_key(conn)
        seq, bundle = high_water(conn)
        _set_meta(conn, "start_position", encode_position(seq, bundle))


def new_epoch(conn: Connection, *, reason: str, at: str, base: tuple[int, int] | None = None,
              at_least: int = 0) -> dict[str, Any]:  # fmt: skip
    """Start a new epoch (inside a write transaction) based on ``base`` (default: what the server holds now)."""
    cur = current(conn)
    seq, bundle = base if base is not None else high_water(conn)
    number = max(cur["epoch"], at_least) + 1
    row = {"epoch": number, "base_seq": seq, "base_bundle": bundle, "started_at": at, "reason": reason[:200]}
    conn.execute(s.epochs.insert().values(**row))
    log.warning("máy chủ bắt đầu kỷ nguyên %s (gốc e%sb%s): %s", number, seq, bundle, reason)
    return row


def restored(storage: Storage, *, at: str) -> dict[str, Any]:
    """``desk-server restored``: the database was put back from a backup; desks read again from here."""
    with storage.write() as conn:
        return new_epoch(conn, reason="khôi phục từ bản sao lưu (desk-server restored)", at=at) | {
            "server_id": server_id(conn)
        }


class Resolved:
    """Where to read after a desk's cursor, and, when that is not the cursor itself, why (``reset``)."""

    def __init__(self, server_id: str, epoch: int, seq: int, bundle: int, reset: dict[str, Any] | None, key: str):
        self.server_id = server_id
        self.epoch = epoch
        self.seq = seq
        self.bundle = bundle
        self.reset = reset
        self.key = key

    def cursor(self, seq: int, bundle: int) -> str:
        return encode(self.server_id, self.epoch, seq, bundle, self.key)


def resolve(storage: Storage, cursor: str | None, *, at: str) -> Resolved:
    """The position to read from after ``cursor``, noticing another server, an older epoch and the future.

    Only a sealed cursor (one this server issued) from the future starts a new epoch for everyone; an old-form
    cursor from the future is read again from where the server stood at its start, for that desk alone; a cursor in
    the new form with a broken seal is refused (ForgedCursor).
    """
    parsed = parse(cursor)
    with storage.read() as conn:
        sid = server_id(conn)
        cur = current(conn)
        key = _meta(conn, "cursor_key") or ""
        if parsed is None:
            return Resolved(sid, cur["epoch"], 0, 0, None, key)
        c_sid, c_epoch, seq, bundle = parsed
        if c_sid is not None and c_sid != sid:
            return Resolved(sid, cur["epoch"], 0, 0, _reset(sid, cur, 0, 0, "other_server", key), key)
        if c_sid is not None and not sealed(cursor or "", key):
            raise ForgedCursor("cursor not sealed by this server")
        c_epoch = c_epoch or 1
        high = high_water(conn)
        if c_epoch == cur["epoch"] and seq <= high[0] and bundle <= high[1]:
            return Resolved(sid, cur["epoch"], seq, bundle, None, key)
        future = c_epoch > cur["epoch"] or (c_epoch == cur["epoch"] and (seq > high[0] or bundle > high[1]))
        start = decode_position(_meta(conn, "start_position"))
    if future and c_sid is None:  # an old-form cursor proves nothing: this desk alone reads again from the start point
        safe_seq, safe_bundle = min(seq, start[0], high[0]), min(bundle, start[1], high[1])
        return Resolved(sid, cur["epoch"], safe_seq, safe_bundle,
                        _reset(sid, cur, safe_seq, safe_bundle, "restored", key), key)  # fmt: skip
    if future:  # restored without «desk-server restored»: start the new epoch now, once
        with storage.write() as conn:
            now = current(conn)
            if now["epoch"] == cur["epoch"]:
                start = decode_position(_meta(conn, "start_position"))
                high = high_water(conn)
                base = (min(start[0], high[0]), min(start[1], high[1]))
                new_epoch(conn, reason="tự phát hiện: một bàn giữ con trỏ vượt quá dữ liệu của máy chủ",
                          at=at, base=base, at_least=c_epoch)  # fmt: skip
    with storage.read() as conn:
        cur = current(conn)
        later = conn.execute(
            select(func.min(s.epochs.c.base_seq), func.min(s.epochs.c.base_bundle)).where(s.epochs.c.epoch > c_epoch)
        ).one()
    if later[0] is None:  # a cursor of an epoch numbered past ours (epochs lost with a restore): the current base
        later = (cur["base_seq"], cur["base_bundle"])
    safe_seq, safe_bundle = min(seq, int(later[0])), min(bundle, int(later[1]))
    return Resolved(sid, cur["epoch"], safe_seq, safe_bundle,
                    _reset(sid, cur, safe_seq, safe_bundle, "restored", key), key)  # fmt: skip


def _reset(sid: str, cur: dict[str, Any], seq: int, bundle: int, why: str, key: str) -> dict[str, Any]:
    if why == "other_server":
        text = (
            "Máy chủ tỉnh ở địa chỉ này là một máy chủ khác (cơ sở dữ liệu mới): bàn đọc lại từ đầu và gửi lại các "
            "sự kiện của mình."
        )
    else:
        text = (
            f"Máy chủ tỉnh đã được khôi phục từ bản sao lưu (kỷ nguyên {cur['epoch']}, từ {cur['started_at']}): "
            "bàn đọc lại từ vị trí an toàn và gửi lại những sự kiện máy chủ đã mất."
        )
    return {
        "why": why,
        "server_id": sid,
        "epoch": cur["epoch"],
        "safe_seq": seq,
        "cursor": encode(sid, cur["epoch"], seq, bundle, key),
        "message": text,
    }
