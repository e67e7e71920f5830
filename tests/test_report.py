"""Biểu II.06a: a scripted year of dossiers whose right answer the test computes from its own script.

The expected counts come from what the script did (when each dossier was received, its channel, when it was
supplemented, extended, resolved or closed, and the appointments the workflow returned), with the timeliness rule
written out again here — never from desk.report. Every cell of every row is compared, for several periods and
both rules for refused/withdrawn/stopped dossiers. The spreadsheet is read back with openpyxl and converted by
LibreOffice; the PDF is read back with pypdf.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import shutil
import subprocess
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from desk import workflow as wf
from desk.errors import InvalidInput
from desk.service import Desk, ReceiveRequest, init_desk
from tests.conftest import AGENCY

VN = dt.timezone(dt.timedelta(hours=7))
ACTOR = "Lê Thị Hoa"
HORIZON = dt.datetime(2027, 2, 1, 8, 0, tzinfo=VN)  # nothing in the script happens after this

# Procedures of the sample catalog, by field (codes sorted: the order of the report's rows).
FIELDS = {
    "TP-CT": ("Chứng thực", ["2.000815", "2.001035"]),
    "TP-HT": ("Hộ tịch", ["1.001193", "1.004873", "1.004884"]),
    "TP-HTLT": ("Hộ tịch (liên thông)", ["2.000986"]),
    "YT-BTXH": ("Bảo trợ xã hội", ["1.001776"]),
}
PROC_FIELD = {p: f for f, (_n, procs) in FIELDS.items() for p in procs}

NUMERIC = ("received", "received_online", "received_direct", "carried_over", "resolved", "early", "on_time", "late",
           "in_progress", "within_due", "overdue")  # fmt: skip
EXTRA = ("late_original_apology", "refused", "withdrawn", "stopped")

PERIODS = {
    "q1": (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
    "q2": (dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
    "year": (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    "july": (dt.date(2026, 7, 1), dt.date(2026, 7, 31)),
    "custom": (dt.date(2025, 12, 15), dt.date(2026, 12, 14)),
}

NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Đức Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Võ Thị Giang",
         "Đặng Minh Hải", "Bùi Thị Hạnh", "Đỗ Quang Khải", "Ngô Thị Lan")  # fmt: skip


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)


def parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(VN)


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), VN)


# -- the script ---------------------------------------------------------------------------------------------------


@dataclass
class Scripted:
    """What the script did to one dossier, as the test knows it."""

    name: str
    code: str
    field: str
    channel: int
    received: dt.datetime
    original_due: dt.datetime
    # (instant, appointment in force from then on, instant the clock stopped or None)
    states: list[tuple[dt.datetime, dt.datetime, dt.datetime | None]] = field(default_factory=list)
    finish: tuple[str, dt.datetime] | None = None  # ("result" | "refused" | "withdrawn" | "stopped", when)
    extensions: list[dt.datetime] = field(default_factory=list)

    def state_before(self, instant: dt.datetime, *, inclusive: bool = False) -> tuple[dt.datetime, dt.datetime | None]:
        """(appointment, pause start) in force just before ``instant`` (or at it, when inclusive)."""
        due, paused = self.original_due, None
        for at, d, p in self.states:
            if at < instant or (inclusive and at == instant):
                due, paused = d, p
        return due, paused

    @property
    def due(self) -> dt.datetime:
        return self.states[-1][1]

    @property
    def paused(self) -> dt.datetime | None:
        return self.states[-1][2]


class Script:
    """Drives the desk through the workflow, recording what happened."""

    def __init__(self, desk: Desk):
        self.desk = desk
        self.items: list[Scripted] = []
        self.cal = desk.calendar()
        self._n = 0

    def receive(self, name: str, procedure: str, at: dt.datetime, *, channel: int = 1) -> Scripted:
        self._n += 1
        req = ReceiveRequest(procedure=procedure, name=NAMES[self._n % len(NAMES)], received_at=at, channel=channel,
                             phone=f"09{self._n:08d}", address="Ấp 1, xã Tân Phú")  # fmt: skip
        d = self.desk.receive(req, actor=ACTOR, now=at)
        due = parse(d["due_at"])
        s = Scripted(name, d["code"], PROC_FIELD[procedure], channel, at, due, [(at, due, None)])
        self.items.append(s)
        return s

    def _apply(self, s: Scripted, result: dict, at: dt.datetime) -> None:
        due = parse(result["due_at"])
        paused = parse(result["paused_at"]) if result["paused_at"] else None
        s.states.append((at, due, paused))

    def transfer(self, s: Scripted, at: dt.datetime) -> None:
        wf.transfer(self.desk, s.code, to_unit="Công chức Tư pháp - Hộ tịch", actor=ACTOR, now=at)

    def supplement(self, s: Scripted, asked: dt.datetime, brought: dt.datetime | None) -> None:
        r = wf.request_supplement(self.desk, s.code, items=["Bản sao giấy khai sinh"], reason="Thiếu giấy tờ",
                                  actor=ACTOR, now=asked)  # fmt: skip
        self._apply(s, r, asked)
        if brought is not None:
            r = wf.receive_supplement(self.desk, s.code, actor=ACTOR, now=brought)
            self._apply(s, r, brought)

    def extend(self, s: Scripted, at: dt.datetime, days: int) -> None:
        new_due = s.due + dt.timedelta(days=days)
        while not self.cal.is_working_day(new_due.date()):
            new_due += dt.timedelta(days=1)
        r = wf.extend(self.desk, s.code, new_due_at=new_due, reason="Chờ xác minh", late_unit="Công chức Tư pháp",
                      actor=ACTOR, letter_no=f"{len(s.extensions) + 1}/XL", late_notice=True, now=at)  # fmt: skip
        self._apply(s, r, at)
        s.extensions.append(at)

    def result(self, s: Scripted, at: dt.datetime, *, returned: bool = False) -> None:
        wf.result_ready(self.desk, s.code, actor=ACTOR, result="Đã ký", now=at)
        s.finish = ("result", at)
        if returned:
            back = at + dt.timedelta(hours=20)
            if back <= HORIZON:
                wf.return_result(self.desk, s.code, collected_by="Nguyễn Văn An", by_post=True, actor=ACTOR, now=back)

    def close(self, s: Scripted, kind: str, at: dt.datetime) -> None:
        if kind == "refused":
            wf.refuse(self.desk, s.code, reasons=["Không thuộc thẩm quyền"], actor=ACTOR, now=at)
        elif kind == "withdrawn":
            wf.withdraw(self.desk, s.code, actor=ACTOR, reason="Công dân xin rút", now=at)
        else:
            wf.stop(self.desk, s.code, reason="Có văn bản dừng giải quyết", actor=ACTOR, now=at)
        s.finish = (kind, at)


def _edge_cases(sc: Script) -> None:
    """Hand-made dossiers at the period boundaries and through every path of the state at a period's end."""
    s = sc.receive("carried into Q2, result at the first second of Q2", "1.004873", vn(2026, 3, 31, 16, 30))
    sc.result(s, vn(2026, 4, 1, 0, 0, 0))
    s = sc.receive("received at the last second of Q2, open at its end", "1.004884", vn(2026, 6, 30, 23, 59, 59))
    sc.result(s, vn(2026, 7, 3, 9, 0))
    s = sc.receive("result at the last second of Q2", "1.004873", vn(2026, 6, 25, 9, 0))
    sc.result(s, vn(2026, 6, 30, 23, 59, 59))
    s = sc.receive("result at the first second of Q3", "1.004873", vn(2026, 6, 26, 9, 0))
    sc.result(s, vn(2026, 7, 1, 0, 0, 0))
    s = sc.receive("result exactly at the appointment: on time", "1.004873", vn(2026, 5, 4, 9, 15))
    sc.result(s, s.due)
    s = sc.receive("one minute after the appointment: late", "1.004873", vn(2026, 5, 5, 9, 15), channel=2)
    sc.result(s, s.due + dt.timedelta(minutes=1))
    s = sc.receive("at 00:00 of the appointment's day: on time", "2.001035", vn(2026, 5, 6, 14, 0))
    sc.result(s, midnight(s.due.date()))
    s = sc.receive("at 23:59 the day before the appointment: early", "2.001035", vn(2026, 5, 7, 8, 0), channel=3)
    sc.result(s, midnight(s.due.date()) - dt.timedelta(minutes=1))
    s = sc.receive("same-day procedure, result at 17:00 sharp", "2.000815", vn(2026, 5, 8, 9, 0))
    sc.result(s, s.due)
    s = sc.receive("waiting for a supplement across Q2's end, within due", "1.004884", vn(2026, 6, 10, 9, 0))
    sc.supplement(s, vn(2026, 6, 11, 10, 0), vn(2026, 7, 6, 9, 0))
    sc.result(s, s.due - dt.timedelta(hours=1))
    s = sc.receive("overdue before the supplement request, waiting across Q2's end", "1.004873", vn(2026, 6, 1, 9, 0))
    sc.supplement(s, vn(2026, 6, 8, 10, 0), vn(2026, 7, 10, 9, 0))
    sc.result(s, vn(2026, 7, 15, 10, 0))
    s = sc.receive("waiting across Q2's end, then withdrawn", "1.004884", vn(2026, 6, 15, 9, 0))
    sc.supplement(s, vn(2026, 6, 16, 10, 0), None)
    sc.close(s, "withdrawn", vn(2026, 7, 20, 10, 0))
    s = sc.receive("overdue at Q2's end, extended in July, early against the new one", "1.004873", vn(2026, 6, 1, 10))
    sc.extend(s, vn(2026, 7, 3, 9, 0), 17)
    sc.result(s, vn(2026, 7, 15, 10, 0))
    s = sc.receive("extended before due, result between the two appointments", "1.001776", vn(2026, 2, 2, 9, 0))
    sc.extend(s, s.due - dt.timedelta(hours=2), 7)
    sc.result(s, s.original_due + dt.timedelta(days=2))
    s = sc.receive("extended twice, late against the new one too", "1.004884", vn(2026, 8, 3, 9, 0), channel=2)
    sc.extend(s, s.due - dt.timedelta(hours=1), 3)
    sc.extend(s, s.due - dt.timedelta(hours=1), 3)
    sc.result(s, s.due + dt.timedelta(days=1))
    s = sc.receive("carried from 2025, never finished", "1.001776", vn(2025, 12, 15, 9, 0))
    s = sc.receive("received and withdrawn in 2025: outside 2026", "1.004873", vn(2025, 11, 3, 9, 0))
    sc.close(s, "withdrawn", vn(2025, 11, 20, 9, 0))
    s = sc.receive("received 2025, withdrawn February 2026", "1.004873", vn(2025, 12, 22, 9, 0))
    sc.close(s, "withdrawn", vn(2026, 2, 10, 9, 0))
    s = sc.receive("received 2025-12-31 late evening, result in 2026", "1.004873", vn(2025, 12, 31, 21, 0), channel=2)
    sc.result(s, vn(2026, 1, 2, 10, 0))
    s = sc.receive("result at the first second of 2026", "1.004873", vn(2025, 12, 29, 9, 0))
    sc.result(s, vn(2026, 1, 1, 0, 0, 0))
    s = sc.receive("result at the last second of 2025", "1.004873", vn(2025, 12, 29, 9, 30))
    sc.result(s, vn(2025, 12, 31, 23, 59, 59))
    s = sc.receive("refused in Q2", "2.000986", vn(2026, 4, 20, 9, 0))
    sc.close(s, "refused", vn(2026, 4, 21, 9, 0))
    s = sc.receive("stopped while waiting for a supplement", "1.001776", vn(2026, 5, 11, 9, 0))
    sc.supplement(s, vn(2026, 5, 12, 9, 0), None)
    sc.close(s, "stopped", vn(2026, 6, 1, 9, 0))
    s = sc.receive("received end of December, result January 2027", "1.001776", vn(2026, 12, 28, 9, 0))
    sc.result(s, vn(2027, 1, 8, 9, 0))
    s = sc.receive("due between 20 and 31 December, result in January", "1.004884", vn(2026, 12, 16, 9, 0))
    sc.result(s, vn(2027, 1, 4, 9, 0))
    s = sc.receive("received 2026-12-31 23:00, open", "1.004884", vn(2026, 12, 31, 23, 0), channel=3)
    s = sc.receive("waiting for a supplement at the end of the year", "1.004873", vn(2026, 12, 1, 9, 0))
    sc.supplement(s, vn(2026, 12, 2, 9, 0), None)
    s = sc.receive("overdue at the end of the year, open", "2.001035", vn(2026, 11, 2, 9, 0), channel=2)
    s = sc.receive("in progress at the end of the year, due in 2027", "1.001776", vn(2026, 12, 24, 9, 0))


def _random_dossiers(sc: Script, n: int, seed: int) -> None:
    """n dossiers received on working days from October 2025 to December 2026, each down one path."""
    rng = random.Random(seed)
    days = []
    day = dt.date(2025, 10, 1)
    while day <= dt.date(2026, 12, 30):
        if sc.cal.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    procedures = list(PROC_FIELD)
    for i in range(n):
        day = rng.choice(days)
        minute = rng.randrange(7 * 60, 17 * 60)
        at = vn(day.year, day.month, day.day, minute // 60, minute % 60)
        channel = rng.choices((1, 2, 3), weights=(6, 3, 1))[0]
        s = sc.receive(f"random {i}", rng.choice(procedures), at, channel=channel)
        path = rng.choices(
            ("result", "supplement", "extend", "refused", "withdrawn", "stopped", "open"),
            weights=(50, 12, 8, 4, 5, 3, 4),
        )[0]
        t = at
        if rng.random() < 0.4:
            t = at + dt.timedelta(minutes=rng.randint(10, 200))
            sc.transfer(s, t)
        if path in ("refused", "withdrawn", "stopped"):
            when = t + dt.timedelta(hours=rng.randint(1, 300))
            if rng.random() < 0.4 and path != "refused":
                sc.supplement(s, t + dt.timedelta(hours=1), None)
                when = max(when, t + dt.timedelta(hours=2))
            if when <= HORIZON:
                sc.close(s, path, when)
            continue
        if path == "open":
            continue
        if path == "supplement":
            asked = t + dt.timedelta(hours=rng.randint(1, 30))
            brought = asked + dt.timedelta(hours=rng.randint(2, 400))
            if brought > HORIZON:
                if asked <= HORIZON:
                    sc.supplement(s, asked, None)
                continue
            sc.supplement(s, asked, brought)
            t = brought
        if path == "extend":
            when = max(t + dt.timedelta(minutes=5), s.due - dt.timedelta(hours=rng.randint(1, 20)))
            if when > HORIZON:
                continue
            sc.extend(s, when, rng.randint(2, 12))
            t = when
        due = s.due
        choice = rng.choice(("early", "early", "on_time", "boundary", "boundary", "late", "late2"))
        if choice == "early":
            when = due - dt.timedelta(days=rng.randint(1, 4), minutes=rng.randint(0, 600))
        elif choice == "on_time":
            when = midnight(due.date()) + (due - midnight(due.date())) * rng.random()
        elif choice == "boundary":
            when = rng.choice((due, due + dt.timedelta(minutes=1), midnight(due.date()),
                               midnight(due.date()) - dt.timedelta(minutes=1), due - dt.timedelta(seconds=1)))  # fmt: skip
        elif choice == "late":
            when = due + dt.timedelta(hours=rng.randint(1, 30))
        else:
            when = due + dt.timedelta(days=rng.randint(3, 40))
        when = max(when, t + dt.timedelta(minutes=1)).replace(microsecond=0)
        if when <= HORIZON:
            sc.result(s, when, returned=rng.random() < 0.6)


@pytest.fixture(scope="module")
def scripted(tmp_path_factory: pytest.TempPathFactory):
    data_dir = tmp_path_factory.mktemp("report") / "data"
    init_desk(
        data_dir,
        agency_code=AGENCY,
        agency_name="Trung tâm Phục vụ hành chính công xã Tân Phú",
        parent_name="UBND XÃ TÂN PHÚ",
        place="Tân Phú",
    ).close()
    desk = Desk.open(data_dir)
    sc = Script(desk)
    _edge_cases(sc)
    _random_dossiers(sc, 190, seed=20260101)
    yield desk, sc.items
    desk.close()


# -- the expected answer, from the script alone ---------------------------------------------------------------------


def classify(finished: dt.datetime, due: dt.datetime) -> str:
    """The timeliness rule, written out again: after the due instant = late; a day before its date = early."""
    if finished > due:
        return "late"
    return "early" if finished.date() < due.date() else "on_time"


def expected(
    items: list[Scripted], start: dt.date, end: dt.date, rule: str, as_of: dt.datetime | None = None
) -> dict[str, dict[str, int]]:
    """The report's cells from the script. ``as_of``: the report is made before the period ends."""
    period_start, period_end = midnight(start), midnight(end + dt.timedelta(days=1))
    cut = min(period_end, as_of) if as_of else period_end
    out: dict[str, dict[str, int]] = {f: dict.fromkeys(NUMERIC + EXTRA, 0) for f in FIELDS}
    for s in items:
        kind, finished = s.finish if s.finish else (None, None)
        if s.received >= period_end or (finished is not None and finished < period_start):
            continue
        row = out[s.field]
        if s.received >= period_start:
            row["received_online" if s.channel == 2 else "received_direct"] += 1
        else:
            row["carried_over"] += 1
        row["received"] += 1
        if finished is not None and finished < period_end:
            if kind == "result":
                due, _paused = s.state_before(finished, inclusive=True)
                row["resolved"] += 1
                row[classify(finished, due)] += 1
                if s.extensions and finished > s.original_due:
                    row["late_original_apology"] += 1
            else:
                row[kind] += 1
                if rule == "on_time":
                    row["resolved"] += 1
                    row["on_time"] += 1
        else:
            due, paused = s.state_before(period_end)
            row["in_progress"] += 1
            overdue = due < paused if paused is not None else due < cut
            row["overdue" if overdue else "within_due"] += 1
    return out


def _report_cells(report) -> dict[str, dict[str, int]]:
    return {r.field_code: {k: getattr(r, k) for k in NUMERIC + EXTRA} for r in report.rows}


# -- every cell -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["on_time", "separate"])
@pytest.mark.parametrize("period", list(PERIODS))
def test_every_cell_matches_the_script(scripted, period: str, rule: str):
    from desk.report import compute_report

    desk, items = scripted
    start, end = PERIODS[period]
    report = compute_report(desk, start, end, closed_rule=rule, now=HORIZON)
    want = expected(items, start, end, rule)
    assert [r.field_code for r in report.rows] == sorted(FIELDS)
    assert [r.field_name for r in report.rows] == [FIELDS[f][0] for f in sorted(FIELDS)]
    assert [r.stt for r in report.rows] == list(range(1, len(FIELDS) + 1))
    got = _report_cells(report)
    for f in sorted(FIELDS):
        for key in NUMERIC + EXTRA:
            assert got[f][key] == want[f][key], (
                f"{period}/{rule}: {f} {key}: report {got[f][key]}, script {want[f][key]}"
            )
    for key in NUMERIC + EXTRA:
        assert getattr(report.total, key) == sum(want[f][key] for f in FIELDS), key
    assert report.total.stt is None and report.total.field_name == "Tổng cộng"


def test_the_script_exercises_every_cell(scripted):
    """The scripted year is not trivially zero anywhere that matters: every count appears in the periods checked."""
    _desk, items = scripted
    assert len(items) >= 150
    seen = defaultdict(int)
    for start, end in PERIODS.values():
        for row in expected(items, start, end, "separate").values():
            for key, value in row.items():
                seen[key] += value
    assert all(seen[k] > 0 for k in NUMERIC + EXTRA), {k: seen[k] for k in NUMERIC + EXTRA}
    q2 = expected(items, *PERIODS["q2"], "separate")
    assert sum(r["carried_over"] for r in q2.values()) > 0 and sum(r["overdue"] for r in q2.values()) > 0
    assert len({s.field for s in items}) == len(FIELDS) and {s.channel for s in items} == {1, 2, 3}


@pytest.mark.parametrize("period", ["q2", "year"])
def test_rows_balance(scripted, period: str):
    from desk.report import compute_report

    desk, _items = scripted
    for rule in ("on_time", "separate"):
        report = compute_report(desk, *PERIODS[period], closed_rule=rule, now=HORIZON)
        for r in report.all_rows():
            assert r.received == r.received_online + r.received_direct + r.carried_over
            assert r.resolved == r.early + r.on_time + r.late
            assert r.in_progress == r.within_due + r.overdue
            closed = 0 if rule == "on_time" else r.refused + r.withdrawn + r.stopped
            assert r.received == r.resolved + r.in_progress + closed
            assert r.late_original_apology <= r.resolved


def test_classification_equals_the_result_events(scripted):
    """(8)/(9)/(10) from the projection agree with the timeliness each result_ready event recorded."""
    from desk.report import compute_report

    desk, _items = scripted
    start, end = PERIODS["year"]
    counts: dict[tuple[str, str], int] = defaultdict(int)
    rows = desk.store.conn.execute(
        "SELECT d.field_code, e.payload FROM events e JOIN dossiers d ON d.uid = e.dossier_uid"
        " WHERE e.kind = 'result_ready'"
    )
    for field_code, payload in rows:
        p = json.loads(payload)
        if start <= parse(p["at"]).date() <= end:
            counts[(field_code, p["timeliness"])] += 1
    report = compute_report(desk, start, end, closed_rule="separate", now=HORIZON)
    for r in report.rows:
        assert (r.early, r.on_time, r.late) == tuple(counts[(r.field_code, k)] for k in ("early", "on_time", "late"))


def test_rebuilt_projection_gives_the_same_report(scripted, tmp_path: Path):
    from desk.report import compute_report

    desk, _items = scripted
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    from desk import backups

    desk.store.backup(tmp_path / "copy.desk-backup")
    backups.unpack(tmp_path / "copy.desk-backup", copy_dir)
    other = Desk.open(copy_dir)
    try:
        other.rebuild()
        for start, end in PERIODS.values():
            a = compute_report(desk, start, end, now=vn(2027, 1, 5, 9))
            b = compute_report(other, start, end, now=vn(2027, 1, 5, 9))
            assert a == b
    finally:
        other.close()


def test_finish_index_gives_the_same_report(scripted):
    """With the schema's finish index the report reads only its period's dossiers, to the same numbers as a scan."""
    from desk.report import compute_report, has_finish_index, monthly_series

    desk, _items = scripted
    assert has_finish_index(desk.store.conn)
    plan = desk.store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM dossiers WHERE coalesce(result_at, closed_at) >= '2026-01-01'"
    ).fetchall()
    assert any("dossiers_by_finish" in str(step) for step in plan)
    for start, end in PERIODS.values():
        for rule in ("on_time", "separate"):
            a = compute_report(desk, start, end, closed_rule=rule, now=HORIZON, plan="scan")
            b = compute_report(desk, start, end, closed_rule=rule, now=HORIZON)
            assert a.rows == b.rows and a.total == b.total
    assert monthly_series(desk, 2026) == monthly_series(desk, 2026, plan="scan")


def test_monthly_series_from_the_script_and_adds_up_to_the_year(scripted):
    from desk.report import compute_report, monthly_series

    desk, items = scripted
    for rule in ("on_time", "separate"):
        series = monthly_series(desk, 2026, closed_rule=rule)
        assert [m["month"] for m in series] == list(range(1, 13))
        for m in series:
            start = dt.date(2026, m["month"], 1)
            end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            received = sum(1 for s in items if start <= s.received.date() <= end)
            res = [s for s in items if s.finish and start <= s.finish[1].date() <= end]
            late = 0
            on_time = 0
            closed = 0
            for s in res:
                kind, when = s.finish
                if kind == "result":
                    due, _ = s.state_before(when, inclusive=True)
                    if classify(when, due) == "late":
                        late += 1
                    else:
                        on_time += 1
                else:
                    closed += 1
            if rule == "on_time":
                on_time += closed
            assert (m["received"], m["on_time"], m["late"], m["closed"]) == (received, on_time, late, closed), m
        year = compute_report(desk, *PERIODS["year"], closed_rule=rule, now=HORIZON).total
        assert sum(m["received"] for m in series) == year.received_online + year.received_direct
        assert sum(m["on_time"] for m in series) == year.early + year.on_time
        assert sum(m["late"] for m in series) == year.late


def test_header_units_and_period(scripted):
    from desk.report import compute_report

    desk, _items = scripted
    report = compute_report(desk, *PERIODS["q2"], now=HORIZON)
    assert report.reporting_unit == "Trung tâm Phục vụ hành chính công xã Tân Phú"
    assert report.receiving_unit == "UBND XÃ TÂN PHÚ"
    assert report.period_label == "Quý II năm 2026"
    assert report.period_range == "Từ ngày 01/04/2026 đến ngày 30/06/2026"
    assert report.closed_rule == "on_time"
    other = compute_report(desk, *PERIODS["q2"], receiving_unit="Văn phòng UBND tỉnh Đồng Nai", now=HORIZON)
    assert other.receiving_unit == "Văn phòng UBND tỉnh Đồng Nai"
    data = json.loads(json.dumps(report.as_dict(), ensure_ascii=False))
    assert data["total"]["received"] == report.total.received and len(data["rows"]) == len(FIELDS)


def test_period_helpers_and_labels():
    from desk.report import month_period, period_label, quarter_period, year_period

    assert month_period(2024, 2) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert quarter_period(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert year_period(2026) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert period_label(*month_period(2026, 3)) == "Tháng 3 năm 2026"
    assert period_label(*quarter_period(2026, 2)) == "Quý II năm 2026"
    assert period_label(*year_period(2026)) == "Năm 2026"
    assert period_label(dt.date(2026, 1, 1), dt.date(2026, 6, 30)) == "6 tháng đầu năm 2026"
    assert period_label(dt.date(2026, 7, 1), dt.date(2026, 12, 31)) == "6 tháng cuối năm 2026"
    assert period_label(dt.date(2025, 12, 15), dt.date(2026, 12, 14)) == "Từ ngày 15/12/2025 đến ngày 14/12/2026"
    with pytest.raises(InvalidInput, match="Quý 5"):
        quarter_period(2026, 5)


def test_bad_inputs_refused_in_vietnamese(scripted):
    from desk.report import check_period, compute_report, output_kind

    desk, _items = scripted
    with pytest.raises(InvalidInput, match="ngày kết thúc 31/03/2026 trước ngày bắt đầu 01/04/2026") as exc:
        compute_report(desk, "2026-04-01", "2026-03-31", now=HORIZON)
    assert exc.value.field == "date_to"
    with pytest.raises(InvalidInput, match="không phải ngày hợp lệ"):
        check_period("2026-02-30", "2026-03-31")
    with pytest.raises(InvalidInput, match="on_time hoặc separate"):
        compute_report(desk, "2026-01-01", "2026-03-31", closed_rule="ignore", now=HORIZON)
    assert output_kind("bao-cao.XLSX") == "xlsx" and output_kind(Path("/tmp/b.pdf")) == "pdf"
    for bad in ("bao-cao.xls", "bao-cao.csv", "bao-cao"):
        with pytest.raises(InvalidInput, match=r"phải có đuôi \.xlsx .* hoặc \.pdf"):
            output_kind(bad)


def test_unfinished_period_judged_at_the_report_instant(scripted):
    """Made on 20 December, the year's open dossiers due later in December are within due, not overdue."""
    from desk.report import compute_report

    desk, items = scripted
    as_of = vn(2026, 12, 20, 9, 30)
    report = compute_report(desk, *PERIODS["year"], closed_rule="separate", now=as_of)
    assert _report_cells(report) == expected(items, *PERIODS["year"], "separate", as_of=as_of)
    at_end = compute_report(desk, *PERIODS["year"], closed_rule="separate", now=HORIZON)
    assert report.total.in_progress == at_end.total.in_progress
    assert report.total.overdue < at_end.total.overdue  # the script has dossiers due between the two instants
    assert report.as_of == as_of and at_end.as_of == midnight(dt.date(2027, 1, 1))
    assert report.notes[0].startswith("Kỳ báo cáo chưa kết thúc: số liệu tính đến 09 giờ 30 phút ngày 20/12/2026")
    assert not at_end.notes[0].startswith("Kỳ báo cáo chưa kết thúc")


def test_empty_desk_reports_the_catalog_fields_with_zeros(desk):
    from desk.report import compute_report, monthly_series

    report = compute_report(desk, "2026-01-01", "2026-12-31", now=HORIZON)
    assert [r.field_code for r in report.rows] == sorted(FIELDS)
    assert all(r.is_empty() for r in report.all_rows())
    assert compute_report(desk, "2026-01-01", "2026-12-31", include_empty=False, now=HORIZON).rows == ()
    assert all(m["received"] == m["on_time"] == m["late"] == 0 for m in monthly_series(desk, 2026))


def test_rule_from_the_store_setting(scripted):
    from desk.report import META_CLOSED_RULE, compute_report

    desk, items = scripted
    with desk.store.write() as conn:
        desk.store.set_meta(conn, **{META_CLOSED_RULE: "separate"})
    try:
        report = compute_report(desk, *PERIODS["q2"], now=HORIZON)
        assert report.closed_rule == "separate"
        assert _report_cells(report) == expected(items, *PERIODS["q2"], "separate")
    finally:
        with desk.store.write() as conn:
            desk.store.set_meta(conn, **{META_CLOSED_RULE: "on_time"})


# -- the spreadsheet ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def year_report(scripted):
    from desk.printdata import header as desk_header
    from desk.report import compute_report

    desk, _items = scripted
    return compute_report(desk, *PERIODS["year"], now=vn(2026, 12, 20, 9, 0)), desk_header(desk).as_dict()


@pytest.fixture(scope="module")
def xlsx_bytes(year_report) -> bytes:
    from printing.report_xlsx import build_report_xlsx

    report, header = year_report
    return build_report_xlsx(report, header)


def _find_row(ws, label: str) -> int:
    for row in ws.iter_rows(min_col=2, max_col=2):
        if row[0].value == label:
            return row[0].row
    raise AssertionError(f"no row labelled {label!r}")


def test_xlsx_read_back(year_report, xlsx_bytes: bytes):
    import openpyxl

    from printing.report_xlsx import FIRST_DATA_ROW, SHEET_MAIN

    report, _header = year_report
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes))
    ws = wb[SHEET_MAIN]
    merged = {str(r) for r in ws.merged_cells.ranges}
    # The template's grouped header: STT and Lĩnh vực over 4 rows, the groups across their columns.
    assert {"A10:A13", "B10:B13", "C10:F10", "G10:M10", "C11:C13", "D11:F11", "G11:J11", "K11:M11", "D12:E12",
            "F12:F13", "G12:G13", "M12:M13"} <= merged  # fmt: skip
    assert ws["C10"].value == "Số hồ sơ nhận giải quyết" and ws["G10"].value == "Kết quả giải quyết"
    assert ws["D13"].value == "Trực tuyến" and ws["M14"].value == "(13)"
    assert ws["A4"].value == "Biểu số II.06a/VPCP/KSTT"
    assert "Năm 2026" in ws["C6"].value
    for i, line in enumerate(report.rows):
        r = FIRST_DATA_ROW + i
        assert ws.cell(r, 1).value == line.stt and ws.cell(r, 2).value == line.field_name
        for c, value in enumerate(line.numbers(), start=3):
            cell = ws.cell(r, c)
            assert cell.data_type == "n" and isinstance(cell.value, int) and cell.value == value
    totals = _find_row(ws, "Tổng cộng")
    assert totals == FIRST_DATA_ROW + len(report.rows)
    for c in range(3, 14):
        letter = openpyxl.utils.get_column_letter(c)
        assert ws.cell(totals, c).value == f"=SUM({letter}{FIRST_DATA_ROW}:{letter}{totals - 1})"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    # Cached values of the formulas, for viewers that do not calculate.
    cached = openpyxl.load_workbook(io.BytesIO(xlsx_bytes), data_only=True)[SHEET_MAIN]
    assert tuple(cached.cell(totals, c).value for c in range(3, 14)) == report.total.numbers()
    extra = openpyxl.load_workbook(io.BytesIO(xlsx_bytes), data_only=True)["Bo sung"]
    extra_totals = _find_row(extra, "Tổng cộng")
    assert tuple(extra.cell(extra_totals, c).value for c in range(3, 7)) == report.total.extras()


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _libreoffice_csv(xlsx: Path, out_dir: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``xlsx`` as CSV rows, converted by LibreOffice headless."""
    soffice = _soffice()
    assert soffice is not None
    profile = out_dir / "lo-profile"
    # 44 = comma, 34 = quote, 76 = UTF-8; the last token -1 exports every sheet to its own file.
    filt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", filt,
         "--outdir", str(out_dir), str(xlsx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    sheets = {}
    for path in out_dir.glob(f"{xlsx.stem}-*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            sheets[path.stem[len(xlsx.stem) + 1 :]] = list(csv.reader(fh))
    return sheets


def _strip_cached(xlsx: bytes) -> bytes:
    """The same workbook with the formulas' cached values removed, so LibreOffice must calculate them."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1", data)
            dst.writestr(info, data)
    return out.getvalue()


@pytest.mark.skipif(
    _soffice() is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
)
def test_libreoffice_computes_the_same_totals(year_report, xlsx_bytes: bytes, tmp_path: Path):
    report, _header = year_report
    shipped = tmp_path / "bao-cao.xlsx"
    shipped.write_bytes(xlsx_bytes)
    computed = tmp_path / "tinh-lai.xlsx"
    computed.write_bytes(_strip_cached(xlsx_bytes))
    for path in (shipped, computed):
        sheets = _libreoffice_csv(path, tmp_path / path.stem)
        main = sheets["II.06a"]
        totals = next(r for r in main if len(r) > 1 and r[1] == "Tổng cộng")
        assert tuple(int(v) for v in totals[2:13]) == report.total.numbers(), path.name
        for line in report.rows:
            row = next(r for r in main if len(r) > 1 and r[1] == line.field_name)
            assert tuple(int(v) for v in row[2:13]) == line.numbers()
        extra_totals = next(r for r in sheets["Bo sung"] if len(r) > 1 and r[1] == "Tổng cộng")
        assert tuple(int(v) for v in extra_totals[2:6]) == report.total.extras()


# -- the PDF --------------------------------------------------------------------------------------------------------


def test_pdf_read_back(scripted, year_report):
    import pypdf

    from desk.report import monthly_series
    from printing.report import build_report_pdf
    from printing.vnformat import thousands

    report, header = year_report
    pdf = build_report_pdf(report, header)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    text = "\n".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    for label in ("Biểu số II.06a/VPCP/KSTT", "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
                  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Kỳ báo cáo: Năm 2026", "Số hồ sơ nhận giải quyết",
                  "Kết quả giải quyết", "Số hồ sơ đã giải quyết", "Số hồ sơ đang giải quyết", "Trước hạn",
                  "Đơn vị nhận báo cáo:", "Đơn vị tính: Số hồ sơ TTHC.", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ",
                  "Hộ tịch (liên thông)", "Bảo trợ xã hội", "(13)"):  # fmt: skip
        assert label in flat, label
    lines = [line.strip() for line in text.splitlines()]
    at = lines.index("Tổng cộng")  # the first one: the main table's totals, each cell on its own line
    assert lines[at + 1 : at + 12] == [thousands(v) for v in report.total.numbers()]
    for line in report.rows:
        at = lines.index(line.field_name)
        assert lines[at + 1 : at + 12] == [thousands(v) for v in line.numbers()], line.field_name
    assert reader.metadata.title == "Biểu số II.06a/VPCP/KSTT — Năm 2026"
    with_chart = pypdf.PdfReader(io.BytesIO(build_report_pdf(report, header, series=monthly_series(scripted[0], 2026))))
    assert "PHỤ LỤC: SỐ LIỆU BỔ SUNG (NGOÀI BIỂU MẪU)" in reader.pages[-1].extract_text()
    assert "Hồ sơ tiếp nhận trong tháng" not in flat
    assert "Hồ sơ tiếp nhận trong tháng" in with_chart.pages[-1].extract_text()
    # The signed page holds the whole template: table, notes and both signatures.
    first = reader.pages[0].extract_text()
    assert "Tổng cộng" in first and "THỦ TRƯỞNG ĐƠN VỊ" in first and "PHỤ LỤC" not in first


def test_chart_png(scripted):
    from PIL import Image

    from desk.report import monthly_series
    from printing.report import build_monthly_chart_png

    desk, _items = scripted
    png = build_monthly_chart_png(monthly_series(desk, 2026), title="Năm 2026")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1400, 700)
    colours = {c for _n, c in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    assert {(0x4A, 0x7A, 0xB5), (0x3C, 0x9A, 0x4B), (0xD0, 0x36, 0x2B)} <= colours  # the three bar colours


# -- the command line ---------------------------------------------------------------------------------------------


def test_cli_report_writes_both_formats(cli, desk, tmp_path: Path):
    import openpyxl

    for name in ("bao-cao.xlsx", "bao-cao.pdf"):
        out = tmp_path / name
        r = cli("report", "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(out))
        assert r.code == 0, r.err
        assert out.exists() and out.stat().st_size > 0
    wb = openpyxl.load_workbook(tmp_path / "bao-cao.xlsx")
    assert wb.sheetnames[0] == "II.06a"
    assert (tmp_path / "bao-cao.pdf").read_bytes().startswith(b"%PDF")
    printed = [e for e in desk.store.events() if e.kind == "printed" and e.payload.get("form") == "report"]
    assert len(printed) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2026-04-01", "--to", "2026-03-31", "-o", "x.xlsx"), "trước ngày bắt đầu"),
        (("--from", "2026-01-01", "--to", "2026-03-31", "-o", "x.csv"), "phải có đuôi .xlsx"),
        (("--from", "2026-13-01", "--to", "2026-12-31", "-o", "x.pdf"), "không phải ngày hợp lệ"),
    ],
)
def test_cli_report_refuses_bad_input(cli, desk, tmp_path: Path, args, message):
    out_args = [a if not a.startswith("x.") else str(tmp_path / a) for a in args]
    r = cli("report", *out_args)
    assert r.code == 2 and message in r.err
    assert list(tmp_path.glob("x.*")) == []
