"""desk.queries: the lazily read dossier list (count, pages by offset and anchor), filters and home counts."""

from __future__ import annotations

import datetime as dt

import pytest

from desk import paths, queries, readmodel
from desk.service import ReceiveRequest
from tests.conftest import vn

NOW = vn(2026, 2, 13, 10, 0)


@pytest.fixture
def filled(desk, data_dir):
    """25 dossiers over three days (same-day and 3-day procedures) and a reader connection."""
    procs = ["1.001193", "1.000894"]
    for i in range(25):
        day = NOW - dt.timedelta(days=2 - i // 10)
        at = day.replace(hour=8) + dt.timedelta(minutes=i)
        desk.receive(ReceiveRequest(procedure=procs[i % 2], name=f"Người {chr(65 + i)}", received_at=at),
                     actor="Lê Thị Hoa", now=at)  # fmt: skip
    conn = queries.open_reader(paths.store_path(data_dir))
    yield desk, conn
    conn.close()


def all_ids(desk, where="1", params=()):
    return [r[0] for r in desk.store.conn.execute(f"SELECT id FROM dossiers WHERE {where} ORDER BY id DESC", params)]


def test_pages_cover_the_list_newest_first(filled):
    desk, conn = filled
    flt = queries.ListFilter()
    assert queries.count(conn, flt, NOW) == 25
    ids = all_ids(desk)
    got = [r["id"] for off in range(0, 25, 7) for r in queries.page(conn, flt, NOW, off, 7)]
    assert got == ids
    # From an anchor (a row already read), and from the dense top id: the same rows.
    anchor = (7, ids[7])
    assert [r["id"] for r in queries.page(conn, flt, NOW, 14, 7, anchor=anchor)] == ids[14:21]
    n, top = queries.extent(conn)
    assert n == 25 and top == ids[0]
    assert [r["id"] for r in queries.page(conn, flt, NOW, 20, 10, dense_top=top)] == ids[20:]
    row = queries.page(conn, flt, NOW, 0, 1)[0]
    assert row["procedure_name"] and row["code"].startswith("000.00.12.H62-")


def test_filters(filled):
    desk, conn = filled
    today = queries.ListFilter("today")
    assert queries.count(conn, today, NOW) == 5
    assert {r["received_at"][:10] for r in queries.page(conn, today, NOW, 0, 50)} == {"2026-02-13"}
    overdue = queries.ListFilter("overdue")
    over = queries.page(conn, overdue, NOW, 0, 50)
    assert over and all(r["due_at"] < "2026-02-13T10:00:00+07:00" for r in over)
    assert all(queries.is_overdue(r, NOW) for r in over)
    with pytest.raises(ValueError):  # the warning window comes from the calendar: it must be given
        queries.count(conn, queries.ListFilter("due_soon"), NOW)
    window = queries.ListFilter("due_soon").with_window(readmodel.due_soon_threshold(desk, NOW))
    soon = queries.page(conn, window, NOW, 0, 50)
    assert soon and all("2026-02-13T10:00" <= r["due_at"] < window.until for r in soon)
    by_proc = queries.ListFilter(procedure="1.000894")
    assert queries.count(conn, by_proc, NOW) == 12
    assert queries.count(conn, queries.ListFilter(status=2), NOW) == 25
    assert queries.count(conn, queries.ListFilter(status=10), NOW) == 0
    with pytest.raises(ValueError):
        queries.ListFilter("someday").where(NOW)
    # Anchored pages of a filtered list.
    ids = all_ids(desk, "procedure_code = ?", ("1.000894",))
    assert [r["id"] for r in queries.page(conn, by_proc, NOW, 5, 4, anchor=(2, ids[2]))] == ids[5:9]


def test_home_counts_and_search(filled):
    desk, conn = filled
    until = readmodel.due_soon_threshold(desk, NOW)
    counts = queries.home_counts(conn, NOW, until)
    assert counts["today"] == 5 and counts["total"] == 25
    assert counts["overdue"] == queries.count(conn, queries.ListFilter("overdue"), NOW)
    assert counts["due_soon"] == queries.count(conn, queries.ListFilter("due_soon").with_window(until), NOW) >= 1
    assert counts["waiting"] == counts["ready"] == counts["pending_catalogs"] == 0
    # the same groups as `desk list`
    assert len(readmodel.list_codes(desk, "due-soon", now=NOW)) == counts["due_soon"]
    assert len(readmodel.list_codes(desk, "overdue", now=NOW)) == counts["overdue"]
    rows = queries.search(conn, "nguoi c")
    assert [r["name"] for r in rows] == ["Người C"]
    assert queries.rows_by_ids(conn, []) == []
    assert ("1.001193", "Thủ tục đăng ký khai sinh") in queries.procedures_in_use(conn)


def test_reader_is_read_only(filled):
    from desk import db

    _desk, conn = filled
    with pytest.raises(db.OperationalError):
        conn.execute("DELETE FROM dossiers")


def test_due_soon_before_opening_hours_counts_what_is_due_at_the_close_today(desk):
    """At 06:30 one working day ahead ends at 17:00 today: a dossier due exactly then is «sắp đến hạn»."""
    from desk.service import ReceiveRequest
    from tests.conftest import vn

    yesterday = vn(2026, 3, 3, 16, 0)  # a Tuesday; same-day procedure received after the 15:00 cut-off
    d = desk.receive(ReceiveRequest(procedure="2.000815", name="Lê Văn Dũng", received_at=yesterday), actor="Hoa",
                     now=yesterday)  # fmt: skip
    assert d["due_at"] == "2026-03-04T17:00:00+07:00"
    early = vn(2026, 3, 4, 6, 30)
    assert readmodel.list_codes(desk, "due-soon", now=early) == [d["code"]]
    counts = queries.home_counts(desk.store.conn, early, readmodel.due_soon_threshold(desk, early))
    assert counts["due_soon"] == 1
