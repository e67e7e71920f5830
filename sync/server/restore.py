"""A desk that replaces a dead PC on the same slot gets its past back from the server (desk/restore.py, the client in
sync/client/restore.py):

- ``slot_codes``: the highest order number the server holds per day for the desk's agency and slot, so that a desk
  restored from a backup never issues again a code the lost PC issued (and pushed) after the backup;
- ``restore_page``: every event of the slot's dossiers (whoever made it: the old PCs of the slot, processing units,
  the province) and the old PCs' own records (settings, catalog approvals…), in server order, a page at a time. The
  first page moves the slot's dossiers to the new PC: what processing units record on them from then on is
  delivered to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, func, or_, select, update

from sync import protocol as p
from sync.server import storage as s
from sync.server.common import Device, Forbidden, ServerBase, server_event

SLOT_WIDTH = 1000
MAX_DAYS = 400  # how far back slot-codes answers (a backup older than this restores into a fresh slot anyway)


def _slot_digit(code_column: Any) -> Any:
    """The slot of a dossier code ``<agency>-<YYMMDD>-<s×1000+n>``: the first of its last four digits."""
    return func.substr(code_column, func.length(code_column) - 3, 1)


class Restore(ServerBase):
    """What a desk asks when it was restored (from a backup, or on a new PC from the server)."""

    def _desk_only(self, device: Device) -> None:
        if device.kind != "desk" or device.slot is None:
            raise Forbidden("Chỉ bàn tiếp nhận (có số hiệu bàn) mới hỏi được số mã hồ sơ của bàn.")

    def slot_codes(self, device: Device, since: dt.date) -> dict[str, Any]:
        """The highest order number per day (from ``since``, at most MAX_DAYS back) of the desk's agency and slot."""
        self._desk_only(device)
        today = dt.date.fromisoformat(self.now_iso()[:10])
        since = max(since, today - dt.timedelta(days=MAX_DAYS))
        prefix = f"{device.agency_code}-"
        days: dict[str, int] = {}
        with self.storage.read() as conn:
            rows = conn.execute(
                select(s.dossiers.c.code).where(
                    s.dossiers.c.agency_code == device.agency_code,
                    _slot_digit(s.dossiers.c.code) == str(device.slot),
                    s.dossiers.c.received_at >= since.isoformat(),
                )
            ).all()
        for (code,) in rows:
            tail = code[len(prefix) :] if code.startswith(prefix) else ""
            yymmdd, _, order = tail.partition("-")
            if len(yymmdd) != 6 or not order.isdigit():
                continue
            day = f"20{yymmdd[:2]}-{yymmdd[2:4]}-{yymmdd[4:]}"
            if day >= since.isoformat():
                days[day] = max(days.get(day, 0), int(order))
        return {"slot": device.slot, "since": since.isoformat(),
                "days": [{"day": d, "last_order": n} for d, n in sorted(days.items())],
                "server_time": self.now_iso()}  # fmt: skip

    def restore_page(self, device: Device, after: int, limit: int) -> dict[str, Any]:
        """One page of the slot's past, after server sequence ``after``; the first page takes the slot's dossiers
        over for this desk."""
        self._desk_only(device)
        limit = max(1, min(limit, p.PULL_PAGE_MAX))
        slot_dossiers = select(s.dossiers.c.uid).where(
            s.dossiers.c.agency_code == device.agency_code, _slot_digit(s.dossiers.c.code) == str(device.slot)
        )
        old_pcs = select(s.devices.c.id).where(
            s.devices.c.kind == "desk",
            s.devices.c.agency_code == device.agency_code,
            s.devices.c.slot == device.slot,
            s.devices.c.id != device.id,
        )
        if after == 0:
            with self.storage.write() as conn:
                conn.execute(
                    update(s.dossiers)
                    .where(s.dossiers.c.uid.in_(slot_dossiers), s.dossiers.c.owner_desk != device.id)
                    .values(owner_desk=device.id)
                )
        with self.storage.read() as conn:
            rows = (
                conn.execute(
                    select(s.events)
                    .where(
                        s.events.c.server_seq > after,
                        s.events.c.agency_code == device.agency_code,
                        or_(
                            s.events.c.dossier_uid.in_(slot_dossiers),
                            and_(s.events.c.dossier_uid.is_(None), s.events.c.origin.in_(old_pcs)),
                        ),
                    )
                    .order_by(s.events.c.server_seq)
                    .limit(limit + 1)
                )
                .mappings()
                .all()
            )
        more = len(rows) > limit
        rows = rows[:limit]
        return {"events": [server_event(r) for r in rows], "more": more,
                "after": rows[-1]["server_seq"] if rows else after, "server_time": self.now_iso()}  # fmt: skip
