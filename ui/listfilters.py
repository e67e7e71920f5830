"""The list's and home screen's groups of dossiers, on top of desk.queries.ListFilter.

desk.queries knows «all», «today», «due_soon» (a fixed two calendar days) and «overdue». The clerk's groups of
issue #5 are those of ``desk list`` (desk.workflow.LIST_FILTERS): «sắp đến hạn» is the core's warning window
(``workflow.due_soon_threshold``: working days, setting ``warn_working_days``), «chờ bổ sung» is status 5 and
«chờ trả kết quả» status 9. Until desk.queries takes the window itself, this subclass adds the three groups to the
paged, read-only list queries; the window's end is computed by the core in the db worker (it needs the calendar).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from desk import queries, timeutil

WAITING_STATUS = 5  # Yêu cầu bổ sung giấy tờ
READY_STATUS = 9  # Đã xử lý xong: the result waits at the desk

# Groups a clerk can ask for (the home tiles and the list's «Lọc» box), in the order shown.
GROUPS = ("all", "today", "due_soon", "overdue", "waiting", "ready")


@dataclass(frozen=True)
class GroupFilter(queries.ListFilter):
    """A ListFilter that also knows «waiting» and «ready», and «due_soon» up to ``until`` (an ISO instant)."""

    until: str | None = None

    @property
    def needs_window(self) -> bool:
        """Whether the core's due-soon window must be computed before the query can run."""
        return self.when == "due_soon"

    @property
    def selective(self) -> bool:
        # Status 5 and 9, and the window, are narrow ranges of the (status, due_at) index.
        return self.when in ("today", "due_soon", "waiting", "ready")

    def where(self, now: dt.datetime, prefix: str = "") -> tuple[str, list[Any]]:
        if self.when not in ("due_soon", "waiting", "ready"):
            return queries.ListFilter(self.when, self.status, self.procedure).where(now, prefix)
        base, params = queries.ListFilter("all", self.status, self.procedure).where(now, prefix)
        parts = [] if base == "1" else [base]
        d = prefix
        if self.when == "waiting":
            parts.insert(0, f"{d}status = ?")
            params = [WAITING_STATUS, *params]
        elif self.when == "ready":
            parts.insert(0, f"{d}status = ?")
            params = [READY_STATUS, *params]
        else:
            if self.until is None:
                raise ValueError("the due-soon window is not known yet")
            marks = ",".join("?" * len(queries.OPEN_STATUSES))
            parts.insert(0, f"{d}status IN ({marks}) AND {d}due_at >= ? AND {d}due_at < ?")
            params = [*queries.OPEN_STATUSES, timeutil.iso(timeutil.to_vn(now)), self.until, *params]
        return " AND ".join(parts), params

    def with_window(self, until: dt.datetime) -> GroupFilter:
        return replace(self, until=timeutil.iso(until))


def due_soon_until(desk: Any, now: dt.datetime) -> dt.datetime:
    """The end of the warning window (the core's rule; runs in the db worker)."""
    from desk.workflow import due_soon_threshold

    return due_soon_threshold(desk, now)


def home_counts(conn: Any, now: dt.datetime, until: dt.datetime) -> dict[str, int]:
    """The home tiles' numbers (reader worker): each equals the row count of the list the tile opens."""
    window = timeutil.iso(until)
    out = {key: queries.count(conn, GroupFilter(key, until=window), now) for key in GROUPS if key != "all"}
    out["total"] = conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    out["pending_catalogs"] = conn.execute("SELECT count(*) FROM catalogs WHERE approved_at IS NULL").fetchone()[0]
    return out
