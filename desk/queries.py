"""Read-only queries for the desk's screens: a filtered dossier list read a page at a time, and home-screen counts.

Pure SQLite, no Qt. The list is ordered newest first (``id DESC``) and never loaded whole: the GUI asks for the
row count, then for the pages the clerk scrolls to. A page is found from the nearest page already read (an
"anchor": ``id < anchor`` then a short OFFSET), so scrolling costs the same at row 10 and at row 900,000, and a
jump to the far end of the scroll bar costs one OFFSET walk over an index, never a sort.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from desk import db, lifecycle, timeutil

# Statuses in which the clock runs: these can be "due soon" or "overdue". Status 5 (supplement requested) is left
# out: time waiting for a supplement does not count (domain.md §4). The groups are the lifecycle's.
RUNNING_STATUSES = lifecycle.RUNNING
WAITING_STATUS = lifecycle.WAITING
READY_STATUS = lifecycle.READY

# The groups a clerk asks for (``desk list``, the home tiles, the list's «Lọc» box), in the order shown.
GROUPS = ("all", "today", "due_soon", "overdue", "waiting", "ready", "open")

LIST_COLUMNS = (
    "id", "code", "name", "procedure_code", "procedure_name", "received_at", "due_at", "status", "id_number", "phone",
)  # fmt: skip


@dataclass(frozen=True)
class ListFilter:
    """Which dossiers a list shows.

    ``when``: ``all``; ``today`` (received today); ``due_soon`` (clock running, due between now and ``until``, the
    end of the warning window: ``desk.readmodel.due_soon_threshold``, one working day by default); ``overdue``
    (clock running, past due); ``waiting`` (for a supplement); ``ready`` (result waiting to be returned); ``open``
    (not finished). Plus an optional status and procedure code.
    """

    when: str = "all"
    status: int | None = None
    procedure: str | None = None
    until: str | None = None

    @property
    def needs_window(self) -> bool:
        """Whether the warning window's end must be computed (with the calendar) before the query can run."""
        return self.when == "due_soon" and self.until is None

    def with_window(self, until: dt.datetime) -> ListFilter:
        return replace(self, until=timeutil.iso(until))

    @property
    def selective(self) -> bool:
        """Whether an index narrows the filter to few rows: then let SQLite use it."""
        return self.when in ("today", "due_soon", "waiting", "ready")

    def where(self, now: dt.datetime, prefix: str = "") -> tuple[str, list[Any]]:
        """The SQL condition and its parameters at instant ``now`` (columns prefixed by ``prefix``)."""
        d = prefix
        now = timeutil.to_vn(now)
        parts: list[str] = []
        params: list[Any] = []
        running = ",".join("?" * len(RUNNING_STATUSES))
        if self.when == "today":
            parts.append(f"{d}receipt_date = ?")
            params.append(now.date().isoformat())
        elif self.when == "overdue":
            parts.append(f"{d}status IN ({running}) AND {d}due_at < ?")
            params += [*RUNNING_STATUSES, timeutil.iso(now)]
        elif self.when == "due_soon":
            if self.until is None:
                raise ValueError("the due-soon window is not known yet (with_window)")
            # the window's end is included: before opening hours, one working day ahead is 17:00 today exactly
            parts.append(f"{d}status IN ({running}) AND {d}due_at >= ? AND {d}due_at <= ?")
            params += [*RUNNING_STATUSES, timeutil.iso(now), self.until]
        elif self.when == "waiting":
            parts.append(f"{d}status = ?")
            params.append(WAITING_STATUS)
        elif self.when == "ready":
            parts.append(f"{d}status = ?")
            params.append(READY_STATUS)
        elif self.when == "open":
            parts.append(f"{d}status IN ({', '.join(map(str, lifecycle.OPEN))})")
        elif self.when != "all":
            raise ValueError(f"unknown list filter {self.when!r}")
        if self.status is not None:
            parts.append(f"{d}status = ?")
            params.append(int(self.status))
        if self.procedure:
            parts.append(f"{d}procedure_code = ?")
            params.append(self.procedure)
        return (" AND ".join(parts) or "1"), params


def open_reader(store_path: Path) -> db.Connection:
    """A read-only connection to a desk's store, usable from one worker thread (WAL: readers never block writers)."""
    from desk import keys

    path = Path(store_path).resolve()
    conn = db.connect(f"{path.as_uri()}?mode=ro", keys.load_key(path.parent), uri=True)
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA query_only = ON")
    # SQLCipher decrypts a page again each time it leaves the cache: the list, the counts and search read the same
    # pages over and over (64 MB on these reader connections only: the home tiles 3-5× faster at 1M dossiers).
    conn.execute("PRAGMA cache_size = -65536")
    return conn


def count(conn: db.Connection, flt: ListFilter, now: dt.datetime) -> int:
    """How many dossiers the filter shows."""
    where, params = flt.where(now)
    return conn.execute(f"SELECT count(*) FROM dossiers WHERE {where}", params).fetchone()[0]


def extent(conn: db.Connection) -> tuple[int, int | None]:
    """(number of dossiers, the highest id when ids have no gaps — else None) for direct paging of the full list."""
    n, lo, hi = conn.execute("SELECT count(*), min(id), max(id) FROM dossiers").fetchone()
    return n, (hi if n and hi - lo + 1 == n else None)


def page(
    conn: db.Connection,
    flt: ListFilter,
    now: dt.datetime,
    offset: int,
    limit: int,
    anchor: tuple[int, int] | None = None,
    dense_top: int | None = None,
) -> list[dict[str, Any]]:
    """Rows ``offset`` … ``offset + limit - 1`` of the filtered list, newest first.

    ``anchor`` = (row index, id) of a row already read at or before ``offset``: the walk starts there
    (``id <= anchor id``) instead of at the top, so nearby pages cost little however deep they are.
    ``dense_top`` = the highest id when the unfiltered list has no gaps in its ids (see ``extent``): row i is
    then id ``dense_top - i``, found without any walk.
    """
    where, params = flt.where(now, "d.")
    skip = offset
    if dense_top is not None and flt == ListFilter():
        where, params, skip = "d.id <= ?", [dense_top - offset], 0
    elif anchor is not None and anchor[0] <= offset:
        where = f"({where}) AND d.id <= ?"
        params = [*params, anchor[1]]
        skip = offset - anchor[0]
    # A broad filter walks the rowid backwards and filters, rather than let an index on the filter columns drive
    # the query and then sort the whole match by id (that sort is what would cost at a million rows).
    hint = "" if flt.selective else " NOT INDEXED"
    sql = (
        "SELECT d.id, d.code, d.name, d.procedure_code, p.name, d.received_at, d.due_at, d.status, d.id_number,"
        f" d.phone FROM dossiers AS d{hint}"
        " LEFT JOIN procedures AS p ON p.catalog_id = d.catalog_id AND p.code = d.procedure_code"
        f" WHERE {where} ORDER BY d.id DESC LIMIT ? OFFSET ?"
    )
    rows = conn.execute(sql, [*params, limit, skip]).fetchall()
    return [dict(zip(LIST_COLUMNS, r, strict=True)) for r in rows]


def rows_by_ids(conn: db.Connection, ids: list[int]) -> list[dict[str, Any]]:
    """List rows for the given dossier ids, in the order given (search results)."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    sql = (
        "SELECT d.id, d.code, d.name, d.procedure_code, p.name, d.received_at, d.due_at, d.status, d.id_number,"
        " d.phone FROM dossiers AS d"
        " LEFT JOIN procedures AS p ON p.catalog_id = d.catalog_id AND p.code = d.procedure_code"
        f" WHERE d.id IN ({marks})"
    )
    by_id = {r[0]: dict(zip(LIST_COLUMNS, r, strict=True)) for r in conn.execute(sql, ids)}
    return [by_id[i] for i in ids if i in by_id]


def search(conn: db.Connection, query: str, limit: int = 200) -> list[dict[str, Any]]:
    """Search as the clerk types (desk.search ranking), as list rows."""
    from desk.search import search_ids

    return rows_by_ids(conn, search_ids(conn, query, limit))


def is_overdue(row: dict[str, Any], now: dt.datetime) -> bool:
    """Whether a list row's clock runs and its appointment has passed."""
    return row["status"] in RUNNING_STATUSES and row["due_at"] < timeutil.iso(now)


def home_counts(conn: db.Connection, now: dt.datetime, until: dt.datetime) -> dict[str, int]:
    """The home tiles' numbers, each the row count of the list its tile opens; ``until`` ends the warning window."""
    window = timeutil.iso(until)
    out = {key: count(conn, ListFilter(key, until=window), now) for key in GROUPS if key not in ("all", "open")}
    out["total"] = conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
    out["pending_catalogs"] = conn.execute("SELECT count(*) FROM catalogs WHERE approved_at IS NULL").fetchone()[0]
    return out


def today_rows(conn: db.Connection, now: dt.datetime, limit: int = 100) -> list[dict[str, Any]]:
    """Today's receipts, newest first (the home screen's table)."""
    return page(conn, ListFilter("today"), now, 0, limit)


def procedures_in_use(conn: db.Connection) -> list[tuple[str, str]]:
    """(code, name) of the procedures of every catalog, for the list's procedure filter."""
    rows = conn.execute("SELECT code, name FROM procedures GROUP BY code ORDER BY code").fetchall()
    return [(c, n) for c, n in rows]
