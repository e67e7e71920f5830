"""The periodic report, Biểu số II.06a/VPCP/KSTT (domain.md §5), computed from the dossiers projection.

No Qt, no reportlab, no openpyxl: ``compute_report`` and ``monthly_series`` return plain data that the PDF
(printing/report.py), the spreadsheet (printing/report_xlsx.py) and the GUI all draw.

Counting rules, for a period [from 00:00, to + 1 day 00:00) in Vietnam time (also in the README):

- A dossier counts in a period when it was received before the period ends and was not finished (result ready,
  refused, withdrawn or stopped) before the period starts.
- (4)/(5) received in the period, online (channel 2) / direct or by post (channels 1 and 3); (6) carried over:
  received before the period and not finished at its start; (3) = (4) + (5) + (6).
- (7) resolved: the result was ready (status 9, later 10) within the period; (8)/(9)/(10) early / on time / late by
  desk.appointment.timeliness of the result instant against the appointment in force then (after an extension, the
  new one). The appointment cannot move once the result is ready, so the dossier's ``due_at`` is that appointment,
  and the classification equals the ``timeliness`` recorded in the result_ready event (a test checks both agree).
- (11) in progress at the end: received before the end, not finished by then; (13) overdue when its appointment in
  force at the end had passed while the clock was running: before the end, or for a dossier then waiting for a
  supplement (clock stopped, domain.md §4), before the supplement was requested; (12) within due otherwise.
  For a past period the appointment and pause in force at its end are replayed from the events. For a period not
  over yet (the yearly report is due before 10 December) "the end" for overdue is the instant the report is made:
  an appointment still ahead is not overdue; the report says so under the table.
- Refused (3), withdrawn (7) and stopped (8) dossiers finished within the period: with the rule ``on_time`` (the
  default, as provincial systems annotate the template's "Đúng hạn" column: "bao gồm cả hồ sơ trả lại, xin rút")
  they count in (7) and (9); with ``separate`` they count in neither (7) nor (11), only in the extra columns.
  Either way the extra columns show how many were refused, withdrawn and stopped, and the row balances:
  (3) = (7) + (11) under ``on_time``, (3) = (7) + (11) + refused + withdrawn + stopped under ``separate``.
- Extra: resolved in the period late against the original appointment, with an apology letter (Mẫu 04) and a
  new appointment (counted in (8)–(10) against the new one).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk import timeutil
from desk.errors import InvalidInput
from desk.text import clean

if TYPE_CHECKING:
    from desk.service import Desk

FORM_MARKER = "Biểu số II.06a/VPCP/KSTT"
TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
UNIT_NOTE = "Đơn vị tính: Số hồ sơ TTHC."
TOTAL_LABEL = "Tổng cộng"
UNKNOWN_FIELD = "Lĩnh vực chưa xác định"

CLOSED_RULES = {
    "on_time": "Hồ sơ bị từ chối, rút, dừng giải quyết trong kỳ được tính là đã giải quyết đúng hạn (cột 7, 9)",
    "separate": "Hồ sơ bị từ chối, rút, dừng giải quyết trong kỳ không tính vào cột 7 và cột 11",
}
DEFAULT_CLOSED_RULE = "on_time"
META_CLOSED_RULE = "report_closed_rule"  # store setting chosen by the province
META_RECIPIENT = "report_recipient"  # "Đơn vị nhận báo cáo"; default: the desk's parent authority

# The 11 numeric columns (3)…(13) of the template, in order, and the extra counts after them.
NUMERIC = (
    "received",
    "received_online",
    "received_direct",
    "carried_over",
    "resolved",
    "early",
    "on_time",
    "late",
    "in_progress",
    "within_due",
    "overdue",
)
EXTRA = ("late_original_apology", "refused", "withdrawn", "stopped")

# Short titles of every numeric and extra column (GUI tooltips, JSON, extra table headings).
COLUMN_TITLES = {
    "received": "Tổng số hồ sơ nhận giải quyết",
    "received_online": "Mới tiếp nhận trực tuyến",
    "received_direct": "Mới tiếp nhận trực tiếp, dịch vụ bưu chính",
    "carried_over": "Từ kỳ trước chuyển sang",
    "resolved": "Tổng số đã giải quyết",
    "early": "Giải quyết trước hạn",
    "on_time": "Giải quyết đúng hạn",
    "late": "Giải quyết quá hạn",
    "in_progress": "Tổng số đang giải quyết",
    "within_due": "Đang giải quyết trong hạn",
    "overdue": "Đang giải quyết quá hạn",
    "late_original_apology": "Quá hạn so với hẹn ban đầu, đã có văn bản xin lỗi và hẹn lại",
    "refused": "Từ chối giải quyết",
    "withdrawn": "Công dân rút hồ sơ",
    "stopped": "Dừng giải quyết",
}


@dataclass(frozen=True)
class HeaderCell:
    """One cell of the table's grouped header: 1-based row and column, spans, text."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


# The grouped header of the 13 columns (4 rows), then the row of column numbers (1)…(13).
HEADER: tuple[HeaderCell, ...] = (
    HeaderCell(1, 1, "STT", rowspan=4),
    HeaderCell(1, 2, "Lĩnh vực", rowspan=4),
    HeaderCell(1, 3, "Số hồ sơ nhận giải quyết", colspan=4),
    HeaderCell(1, 7, "Kết quả giải quyết", colspan=7),
    HeaderCell(2, 3, "Tổng số", rowspan=3),
    HeaderCell(2, 4, "Trong đó", colspan=3),
    HeaderCell(2, 7, "Số hồ sơ đã giải quyết", colspan=4),
    HeaderCell(2, 11, "Số hồ sơ đang giải quyết", colspan=3),
    HeaderCell(3, 4, "Số mới tiếp nhận trong kỳ", colspan=2),
    HeaderCell(3, 6, "Số kỳ trước chuyển qua", rowspan=2),
    HeaderCell(3, 7, "Tổng số", rowspan=2),
    HeaderCell(3, 8, "Trước hạn", rowspan=2),
    HeaderCell(3, 9, "Đúng hạn", rowspan=2),
    HeaderCell(3, 10, "Quá hạn", rowspan=2),
    HeaderCell(3, 11, "Tổng số", rowspan=2),
    HeaderCell(3, 12, "Trong hạn", rowspan=2),
    HeaderCell(3, 13, "Quá hạn", rowspan=2),
    HeaderCell(4, 4, "Trực tuyến"),
    HeaderCell(4, 5, "Trực tiếp, dịch vụ bưu chính"),
)
HEADER_ROWS = 4
NUMBER_ROW = tuple(f"({i})" for i in range(1, 14))


@dataclass(frozen=True)
class ReportRow:
    """One line of the report: a field (lĩnh vực), or the totals (``stt`` None)."""

    stt: int | None
    field_code: str | None
    field_name: str
    received: int = 0
    received_online: int = 0
    received_direct: int = 0
    carried_over: int = 0
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    in_progress: int = 0
    within_due: int = 0
    overdue: int = 0
    late_original_apology: int = 0
    refused: int = 0
    withdrawn: int = 0
    stopped: int = 0

    def numbers(self) -> tuple[int, ...]:
        """Columns (3)…(13)."""
        return tuple(getattr(self, name) for name in NUMERIC)

    def cells(self) -> tuple[Any, ...]:
        """The 13 cells of the template: STT (empty for totals), field name, then (3)…(13)."""
        return ("" if self.stt is None else self.stt, self.field_name, *self.numbers())

    def extras(self) -> tuple[int, ...]:
        """The extra counts, in EXTRA order."""
        return tuple(getattr(self, name) for name in EXTRA)

    @property
    def closed(self) -> int:
        """Refused + withdrawn + stopped within the period."""
        return self.refused + self.withdrawn + self.stopped

    def is_empty(self) -> bool:
        return not any(self.numbers()) and not any(self.extras())


@dataclass(frozen=True)
class Report:
    """Biểu II.06a for one period: who reports to whom, the period, one row per field, the totals."""

    reporting_unit: str
    receiving_unit: str
    parent_name: str | None
    agency_code: str
    place: str | None
    date_from: dt.date
    date_to: dt.date
    period_label: str
    closed_rule: str
    rows: tuple[ReportRow, ...]
    total: ReportRow
    generated_at: dt.datetime
    as_of: dt.datetime  # the end of the period, or the report's instant when the period has not ended yet
    notes: tuple[str, ...] = field(default=())

    @property
    def period_range(self) -> str:
        """'Từ ngày 01/04/2026 đến ngày 30/06/2026'."""
        return f"Từ ngày {_dmy(self.date_from)} đến ngày {_dmy(self.date_to)}"

    def all_rows(self) -> tuple[ReportRow, ...]:
        """The field rows then the totals row."""
        return (*self.rows, self.total)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (``desk report --json``)."""
        return {
            "form": FORM_MARKER,
            "reporting_unit": self.reporting_unit,
            "receiving_unit": self.receiving_unit,
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "period": self.period_label,
            "closed_rule": self.closed_rule,
            "rows": [asdict(r) for r in self.rows],
            "total": asdict(self.total),
            "generated_at": timeutil.iso(self.generated_at),
            "as_of": timeutil.iso(self.as_of),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class ProvinceReport:
    """Biểu II.06a of a province: ``overall`` has one row per field across the agencies (the template itself), and
    ``agencies`` one Report per agency, each with its own field rows and total (the same counting as a desk's)."""

    overall: Report
    agencies: tuple[Report, ...]

    def as_dict(self) -> dict[str, Any]:
        return self.overall.as_dict() | {
            "agencies": [
                {"agency_code": a.agency_code, "name": a.reporting_unit, "rows": [asdict(r) for r in a.rows],
                 "total": asdict(a.total)}
                for a in self.agencies
            ]
        }  # fmt: skip


# -- periods ------------------------------------------------------------------------------------------------------

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def roman(n: int) -> str:
    """n in Roman numerals (the province's report numbers its agencies I, II, …)."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out += letters
            n -= value
    return out


def month_period(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    _check_year(year)
    if not 1 <= month <= 12:
        raise InvalidInput(f"Tháng {month}: phải từ 1 đến 12.", field="month")
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_period(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a quarter (1–4)."""
    if not 1 <= quarter <= 4:
        raise InvalidInput(f"Quý {quarter}: phải từ 1 đến 4.", field="quarter")
    first = month_period(year, 3 * quarter - 2)[0]
    return first, month_period(year, 3 * quarter)[1]


def year_period(year: int) -> tuple[dt.date, dt.date]:
    """1 January to 31 December."""
    _check_year(year)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def period_label(date_from: dt.date, date_to: dt.date) -> str:
    """'Tháng 3 năm 2026', 'Quý II năm 2026', '6 tháng đầu năm 2026', 'Năm 2026', or the range of days."""
    y = date_from.year
    if date_to.year == y and date_from.day == 1 and date_to == month_period(y, date_to.month)[1]:
        first, last = date_from.month, date_to.month
        if first == last:
            return f"Tháng {first} năm {y}"
        if (first, last) == (1, 12):
            return f"Năm {y}"
        if (first, last) == (1, 6):
            return f"6 tháng đầu năm {y}"
        if (first, last) == (7, 12):
            return f"6 tháng cuối năm {y}"
        if (first, last) == (1, 9):
            return f"9 tháng đầu năm {y}"
        if first % 3 == 1 and last == first + 2:
            return f"Quý {_ROMAN[last // 3]} năm {y}"
    return f"Từ ngày {_dmy(date_from)} đến ngày {_dmy(date_to)}"


def check_period(date_from: Any, date_to: Any) -> tuple[dt.date, dt.date]:
    """Both ends as dates (date or 'YYYY-MM-DD'); refused in Vietnamese when malformed or reversed."""
    start = _as_date(date_from, "--from", "date_from")
    end = _as_date(date_to, "--to", "date_to")
    if end < start:
        raise InvalidInput(
            f"Kỳ báo cáo không hợp lệ: ngày kết thúc {_dmy(end)} trước ngày bắt đầu {_dmy(start)}.", field="date_to"
        )
    return start, end


OUTPUT_KINDS = {".xlsx": "xlsx", ".pdf": "pdf"}


def output_kind(path: str | PathLike[str]) -> str:
    """'xlsx' or 'pdf' from the output file's extension; anything else is refused in Vietnamese."""
    suffix = Path(path).suffix.lower()
    if suffix not in OUTPUT_KINDS:
        raise InvalidInput(
            f"-o {path}: tên tệp phải có đuôi .xlsx (bảng tính Excel) hoặc .pdf (bản in).", field="output"
        )
    return OUTPUT_KINDS[suffix]


def _as_date(value: Any, option: str, field_name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return timeutil.to_vn(value).date()
    if isinstance(value, dt.date):
        _check_year(value.year)
        return value
    try:
        day = dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            f"{option} «{value}»: không phải ngày hợp lệ (cần dạng YYYY-MM-DD).", field=field_name
        ) from None
    _check_year(day.year)
    return day


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2200:
        raise InvalidInput(f"Năm {year}: ngoài khoảng 2000–2200.", field="year")


def _dmy(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


# -- computing ----------------------------------------------------------------------------------------------------

# Each counted dossier gets one class code ``k`` in SQL, and the query returns (group, k, how many): a narrow
# GROUP BY, whatever the number of dossiers. ISO instants with the +07:00 offset compare as text (on PostgreSQL the
# columns are collated "C", byte order); a bare date 'YYYY-MM-DD' compares as its midnight, so ``x >= :f`` is "at or
# after the period start" and ``x < :e`` "before the period end". A dossier is finished (``fin``) when its result is
# ready or it was refused, withdrawn or stopped (never two of these); it is counted when received by the end and not
# finished before the start.
#
#   k & 3          how it came in: 0 received in the period online, 1 received in the period directly or by post,
#                  2 carried over
#   (k >> 2) & 7   how it stood at the end: 0 open, 1 resolved early, 2 on time, 3 late (its due_at is the
#                  appointment the result was judged against: nothing moves it after the result), 4 refused,
#                  5 withdrawn, 6 stopped within the period
#   k & 32         open and overdue, when "simple": still open today with an appointment that never moved, so the
#                  projection's due_at and paused_at were in force at the end; :c (the cut) is the end, or the
#                  report's instant for a period not over yet
#   k & 64         open, not simple: its state at the end is replayed from its events (keys collected)
#   k & 128        resolved late against the original appointment after an apology and a new appointment
#
# The same SQL runs on the desk's SQLite projection and on the provincial server's (SQLite or PostgreSQL): both keep
# a ``dossiers`` table with these columns, written by desk/lifecycle.py's effects. ``Counting`` says where.
_FIN = "coalesce(result_at, closed_at)"
_RES = "(result_at IS NOT NULL AND result_at < :e)"
_SIMPLE = f"({_FIN} IS NULL AND due_at = coalesce(original_due_at, due_at))"
_CLASS = f"""
  (CASE WHEN receipt_date < :f THEN 2 WHEN channel = 2 THEN 0 ELSE 1 END)
  + 4 * (CASE
      WHEN {_RES} THEN
        (CASE WHEN result_at > due_at THEN 3 WHEN substr(result_at, 1, 10) < substr(due_at, 1, 10) THEN 1 ELSE 2 END)
      WHEN closed_at IS NOT NULL AND closed_at < :e THEN (CASE status WHEN 3 THEN 4 WHEN 7 THEN 5 ELSE 6 END)
      ELSE 0 END)
  + (CASE
      WHEN {_FIN} IS NOT NULL AND {_FIN} < :e THEN 0
      WHEN {_SIMPLE} THEN
        (CASE WHEN (CASE WHEN status = 5 AND paused_at < :e THEN due_at < paused_at ELSE due_at < :c END) THEN 32
         ELSE 0 END)
      ELSE 64 END)
  + (CASE WHEN {_RES} AND extensions > 0 AND result_at > original_due_at THEN 128 ELSE 0 END)"""
_OPEN, _EARLY, _ON_TIME, _LATE, _REFUSED, _WITHDRAWN, _STOPPED = range(7)
_OVERDUE, _REPLAY, _LATE_ORIGINAL = 32, 64, 128

# The index that lets the report read only its period's dossiers: those received in it (receipt_date index), and
# those received before it but finished at or after its start, or not finished (this one). Used whenever present.
FINISH_INDEX = "dossiers_by_finish"
FINISH_INDEX_SQL = f"CREATE INDEX {FINISH_INDEX} ON dossiers ({_FIN}, receipt_date)"

# The events that set the appointment, pause the clock or finish a dossier, for the replay.
STATE_KINDS = ("received", "supplement_requested", "supplement_received", "apologized_extended")


@dataclass(frozen=True)
class Counting:
    """Where Biểu II.06a counts: a ``dossiers`` table with the projection's columns, on SQLite or PostgreSQL.

    ``group``: the columns a row of counts is keyed by (the desk: the field; the province: agency and field);
    ``where``: a condition narrowing the dossiers (with its own named parameters, given to ``count_classes``);
    ``key``: the column naming a dossier for the replay; ``indexed``: read through the finish index (the desk
    scans when its store lacks it; the server always has it).
    """

    dialect: str = "sqlite"
    group: tuple[str, ...] = ("field_code",)
    where: str = ""
    key: str = "id"
    indexed: bool = True

    def sql(self) -> str:
        """The grouped count: (group columns…, k, how many, keys to replay)."""
        cols = ", ".join(self.group)
        extra = f" AND ({self.where})" if self.where else ""
        agg = "json_group_array" if self.dialect == "sqlite" else "json_agg"
        pick = f"SELECT {cols}, {self.key} AS dkey, {_CLASS} AS k FROM dossiers"
        if self.indexed:
            inner = (
                f"{pick} WHERE receipt_date >= :f AND receipt_date <= :t{extra}"
                f" UNION ALL {pick} WHERE {_FIN} >= :f AND receipt_date < :f{extra}"
                f" UNION ALL {pick} WHERE {_FIN} IS NULL AND receipt_date < :f{extra}"
            )
        else:
            # One pass over the table (the receipt_date index is no help when most rows match, hence the unary +).
            inner = f"{pick} WHERE +receipt_date <= :t AND ({_FIN} IS NULL OR {_FIN} >= :f){extra}"
        if self.dialect != "sqlite":
            # PostgreSQL aggregates in parallel only without json_agg (it has no partial form before version 16):
            # the keys to replay come from ``replay_sql``.
            return f"SELECT {cols}, k, count(*), NULL FROM ({inner}) AS counted GROUP BY {cols}, k"
        return (
            f"SELECT {cols}, k, count(*), {agg}(dkey) FILTER (WHERE (k & {_REPLAY}) <> 0)"
            f" FROM ({inner}) AS counted GROUP BY {cols}, k"
        )

    def replay_sql(self) -> str:
        """(group columns…, key) of the dossiers whose class has ``_REPLAY``, without computing the class: counted,
        not finished before the end, and not "simple" (still open with an appointment that never moved)."""
        cols = ", ".join(self.group)
        extra = f" AND ({self.where})" if self.where else ""
        return (
            f"SELECT {cols}, {self.key} FROM dossiers WHERE receipt_date <= :t AND ("
            f"({_FIN} IS NULL AND due_at <> coalesce(original_due_at, due_at)) OR {_FIN} >= :e){extra}"
        )


Execute = Callable[[str, dict[str, Any]], Iterable[Sequence[Any]]]
EventsFor = Callable[[list[Any]], Iterable[Sequence[Any]]]


@dataclass(frozen=True)
class Window:
    """A report's period as the counting reads it: the days, the end instant, and the cut for overdue."""

    start: dt.date
    end: dt.date
    end_instant: dt.datetime
    generated: dt.datetime
    cut: dt.datetime

    @classmethod
    def of(cls, date_from: Any, date_to: Any, now: dt.datetime | None = None) -> Window:
        start, end = check_period(date_from, date_to)
        end_instant = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), timeutil.VN_TZ)
        generated = timeutil.to_vn(now) if now else timeutil.now()
        return cls(start, end, end_instant, generated, min(end_instant, generated))

    def params(self) -> dict[str, str]:
        e_day = self.end + dt.timedelta(days=1)
        return {"f": self.start.isoformat(), "t": self.end.isoformat(), "e": e_day.isoformat(),
                "c": timeutil.iso(self.cut)}  # fmt: skip

    @property
    def over(self) -> bool:
        """Whether the period had ended when the report was made."""
        return self.cut == self.end_instant


def count_classes(
    execute: Execute, events_for: EventsFor, counting: Counting, window: Window, params: dict[str, Any] | None = None
) -> dict[tuple[Any, ...], dict[str, int]]:
    """The raw counts of Biểu II.06a per group (``counting.group``), before the closed rule is applied.

    ``execute(sql, params)`` runs a query on the dossiers' database; ``events_for(keys)`` returns (key, kind,
    payload JSON) of those dossiers' STATE_KINDS events, ordered by dossier then by the order they happened.
    """
    counts: dict[tuple[Any, ...], dict[str, int]] = {}
    replay: dict[Any, tuple[Any, ...]] = {}
    outcome = {_EARLY: "early", _ON_TIME: "on_time", _LATE: "late", _REFUSED: "refused", _WITHDRAWN: "withdrawn",
               _STOPPED: "stopped"}  # fmt: skip
    came = ("received_online", "received_direct", "carried_over")
    width = len(counting.group)
    for row in execute(counting.sql(), window.params() | (params or {})):
        group, k, n, keys = tuple(row[:width]), int(row[width]), int(row[width + 1]), row[width + 2]
        c = counts.setdefault(group, {})
        c[came[k & 3]] = c.get(came[k & 3], 0) + n
        state = (k >> 2) & 7
        key = outcome.get(state, "in_progress")
        c[key] = c.get(key, 0) + n
        if state in (_EARLY, _ON_TIME, _LATE):
            c["resolved"] = c.get("resolved", 0) + n
        if k & _OVERDUE:
            c["overdue"] = c.get("overdue", 0) + n
        if k & _LATE_ORIGINAL:
            c["late_original_apology"] = c.get("late_original_apology", 0) + n
        if k & _REPLAY:
            c["_replay"] = c.get("_replay", 0) + n
            for dossier in json.loads(keys) if isinstance(keys, str) else keys or ():
                replay[dossier] = group
    if counting.dialect != "sqlite" and any(c.get("_replay") for c in counts.values()):
        for row in execute(counting.replay_sql(), window.params() | (params or {})):
            replay[row[width]] = tuple(row[:width])
    for c in counts.values():
        c.pop("_replay", None)
    if replay:
        for dossier, overdue in replay_overdue(events_for(list(replay)), window.end_instant, window.cut):
            if overdue:
                c = counts[replay[dossier]]
                c["overdue"] = c.get("overdue", 0) + 1
    return counts


def make_rows(
    counts: dict[Any, dict[str, int]], names: dict[str, str], rule: str, extra_fields: Iterable[str] = ()
) -> tuple[tuple[ReportRow, ...], ReportRow]:
    """The field rows (numbered, in field-code order, unknown field last) and their totals, under ``rule``."""
    codes: set[str | None] = set(counts) | set(extra_fields)
    ordered = sorted(codes, key=lambda c: (c is None, c or ""))
    rows = [
        _row(i, code, names.get(code or "", code or UNKNOWN_FIELD), counts.get(code, {}), rule)
        for i, code in enumerate(ordered, start=1)
    ]
    return tuple(rows), sum_rows(rows)


def check_rule(rule: str) -> str:
    if rule not in CLOSED_RULES:
        raise InvalidInput(f"Cách tính hồ sơ từ chối, rút, dừng «{rule}»: chọn on_time hoặc separate.", field="rule")
    return rule


def has_finish_index(conn: Any) -> bool:
    """Whether the store has the index on the finish instant (FINISH_INDEX_SQL)."""
    sql = "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?"
    return conn.execute(sql, (FINISH_INDEX,)).fetchone() is not None


def _desk_events(conn: Any) -> EventsFor:
    kinds = ",".join(f"'{k}'" for k in STATE_KINDS)

    def events_for(ids: list[Any]) -> Iterable[Sequence[Any]]:
        return conn.execute(
            "SELECT d.id, e.kind, e.payload FROM dossiers d JOIN events e ON e.dossier_uid = d.uid"
            f" WHERE d.id IN (SELECT value FROM json_each(?)) AND e.kind IN ({kinds}) ORDER BY d.id, e.seq",
            (json.dumps(ids),),
        )

    return events_for


def compute_report(
    desk: Desk,
    date_from: dt.date | str,
    date_to: dt.date | str,
    *,
    closed_rule: str | None = None,
    receiving_unit: str | None = None,
    include_empty: bool = True,
    now: dt.datetime | None = None,
    plan: str = "auto",
) -> Report:
    """Biểu II.06a for [date_from, date_to] (both days included, Vietnam time), one row per field.

    ``closed_rule``: how refused/withdrawn/stopped dossiers count (CLOSED_RULES; default: the store setting
    ``report_closed_rule``, else ``on_time``). ``include_empty``: also list the active catalog's fields that have
    nothing to count. ``now``: when the report is made (default: now). ``plan``: ``auto`` reads through the
    finish index when the store has it, else scans; ``scan`` always scans (benchmarks and tests). Raises
    InvalidInput for a bad period or rule.
    """
    from desk import roles

    roles.require(desk.store, "report")
    window = Window.of(date_from, date_to, now)
    meta = desk.store.meta()
    rule = check_rule(closed_rule or meta.get(META_CLOSED_RULE) or DEFAULT_CLOSED_RULE)
    conn = desk.store.conn
    counting = Counting(indexed=plan == "auto" and has_finish_index(conn))
    raw = count_classes(conn.execute, _desk_events(conn), counting, window)
    rows, total = make_rows(
        {g[0]: c for g, c in raw.items()}, field_names(desk), rule, active_fields(desk) if include_empty else ()
    )
    s = desk.settings
    recipient = clean(receiving_unit) or clean(meta.get(META_RECIPIENT)) or clean(s.parent_name) or ""
    return Report(
        reporting_unit=s.agency_name,
        receiving_unit=recipient,
        parent_name=s.parent_name,
        agency_code=s.agency_code,
        place=s.place,
        date_from=window.start,
        date_to=window.end,
        period_label=period_label(window.start, window.end),
        closed_rule=rule,
        rows=rows,
        total=total,
        generated_at=window.generated,
        as_of=window.cut,
        notes=report_notes(rule, None if window.over else window.cut),
    )


def _row(stt: int, code: str | None, name: str, c: dict[str, int], rule: str) -> ReportRow:
    """A field row from the raw counts, applying the closed rule."""
    online, direct, carried = c.get("received_online", 0), c.get("received_direct", 0), c.get("carried_over", 0)
    resolved, early, on_time, late = c.get("resolved", 0), c.get("early", 0), c.get("on_time", 0), c.get("late", 0)
    refused, withdrawn, stopped = c.get("refused", 0), c.get("withdrawn", 0), c.get("stopped", 0)
    if rule == "on_time":
        closed = refused + withdrawn + stopped
        resolved += closed
        on_time += closed
    in_progress, overdue = c.get("in_progress", 0), c.get("overdue", 0)
    return ReportRow(
        stt=stt,
        field_code=code,
        field_name=name,
        received=online + direct + carried,
        received_online=online,
        received_direct=direct,
        carried_over=carried,
        resolved=resolved,
        early=early,
        on_time=on_time,
        late=late,
        in_progress=in_progress,
        within_due=in_progress - overdue,
        overdue=overdue,
        late_original_apology=c.get("late_original_apology", 0),
        refused=refused,
        withdrawn=withdrawn,
        stopped=stopped,
    )


def sum_rows(rows: Sequence[ReportRow], label: str = TOTAL_LABEL) -> ReportRow:
    """The totals of some rows (numbered None)."""
    sums = {name: sum(getattr(r, name) for r in rows) for name in (*NUMERIC, *EXTRA)}
    return ReportRow(stt=None, field_code=None, field_name=label, **sums)


def replay_overdue(rows: Iterable[Sequence[Any]], end: dt.datetime, cut: dt.datetime) -> Iterable[tuple[Any, bool]]:
    """For dossiers open at ``end`` whose state has moved since: overdue at ``cut`` (≤ end), from their events.

    ``rows``: (dossier key, kind, payload JSON) of their STATE_KINDS events, by dossier, in the order they happened.
    """
    current: Any = None
    due: dt.datetime | None = None
    paused: dt.datetime | None = None

    def verdict() -> bool:
        assert due is not None
        return due < paused if paused is not None else due < cut

    for dossier_id, kind, payload_json in rows:
        if dossier_id != current:
            if current is not None and due is not None:
                yield current, verdict()
            current, due, paused = dossier_id, None, None
        p = json.loads(payload_json)
        if kind == "received":
            due = timeutil.parse_instant(p["due_at"])
            continue
        at = timeutil.parse_instant(p["at"])
        if at >= end:
            continue
        if kind == "supplement_requested":
            paused = at
        elif kind == "supplement_received":
            paused = None
            due = timeutil.parse_instant(p["due_at"])
        elif kind == "apologized_extended":
            due = timeutil.parse_instant(p["new_due_at"])
    if current is not None and due is not None:
        yield current, verdict()


def field_names(desk: Desk) -> dict[str, str]:
    """Field code → name, from the newest catalog that names the field."""
    rows = desk.store.conn.execute(
        "SELECT p.field_code, p.field_name FROM procedures p JOIN catalogs c ON c.id = p.catalog_id"
        " WHERE p.field_code IS NOT NULL ORDER BY c.effective_from, c.id"
    )
    return {code: name for code, name in rows if name}


def active_fields(desk: Desk) -> list[str]:
    """The field codes of the catalog in force today."""
    cat = desk.active_catalog()
    if cat is None:
        return []
    rows = desk.store.conn.execute(
        "SELECT DISTINCT field_code FROM procedures WHERE catalog_id = ? AND field_code IS NOT NULL", (cat["id"],)
    )
    return [r[0] for r in rows]


def report_notes(rule: str, as_of: dt.datetime | None = None) -> tuple[str, ...]:
    """The counting rules in Vietnamese, printed under the table (``as_of``: the period has not ended yet)."""
    closed = (
        "(9) gồm cả hồ sơ bị từ chối, công dân rút, dừng giải quyết trong kỳ; (3) = (7) + (11)."
        if rule == "on_time"
        else "Hồ sơ bị từ chối, công dân rút, dừng giải quyết trong kỳ không tính vào (7) và (11); "
        "(3) = (7) + (11) + số hồ sơ từ chối, rút, dừng."
    )
    notes = (
        "(3) = (4) + (5) + (6); (6): hồ sơ tiếp nhận trước kỳ, đến đầu kỳ chưa có kết quả.",
        "(8), (9), (10): so thời điểm có kết quả với ngày hẹn trả đang có hiệu lực (đã gia hạn thì theo hẹn mới): "
        "xong trước ngày hẹn là trước hạn; trong ngày hẹn, đến giờ hẹn là đúng hạn; sau giờ hẹn là quá hạn.",
        "(11), (12), (13): hồ sơ chưa có kết quả đến hết kỳ; quá hạn khi ngày giờ hẹn trả đã qua trước cuối kỳ "
        "(hồ sơ đang chờ bổ sung: thời gian chờ không tính).",
        closed,
    )
    if as_of is not None:
        notes = (
            f"Kỳ báo cáo chưa kết thúc: số liệu tính đến {as_of:%H} giờ {as_of:%M} phút ngày {_dmy(as_of.date())}; "
            "hồ sơ đang giải quyết so với ngày hẹn tại thời điểm đó.",
            *notes,
        )
    return notes


# -- the chart ----------------------------------------------------------------------------------------------------


def monthly_sql(where: str = "", fin: str = _FIN) -> tuple[str, str]:
    """(received per month, finished per month) of a year, on SQLite or PostgreSQL; ``where`` narrows the dossiers."""
    extra = f" AND ({where})" if where else ""
    received = (
        "SELECT CAST(substr(receipt_date, 6, 2) AS INTEGER) AS m, count(*) FROM dossiers"
        f" WHERE receipt_date >= :y0 AND receipt_date <= :ylast{extra} GROUP BY 1"
    )
    finished = (
        f"SELECT CAST(substr({_FIN}, 6, 2) AS INTEGER) AS m,"
        " sum(CASE WHEN result_at IS NOT NULL AND result_at <= due_at THEN 1 ELSE 0 END),"
        " sum(CASE WHEN result_at IS NOT NULL AND result_at > due_at THEN 1 ELSE 0 END),"
        " sum(CASE WHEN closed_at IS NOT NULL THEN 1 ELSE 0 END)"
        f" FROM dossiers WHERE {fin} >= :y0 AND {fin} < :y1{extra} GROUP BY 1"
    )
    return received, finished


def series_from(execute: Execute, year: int, rule: str, where: str = "", params: dict[str, Any] | None = None,
                *, fin: str = _FIN) -> list[dict[str, Any]]:  # fmt: skip
    """The monthly series of a year from a dossiers table (``execute`` as in ``count_classes``)."""
    y0, y1 = year_period(year)
    check_rule(rule)
    out = [{"month": m, "label": f"T{m}", "received": 0, "on_time": 0, "late": 0, "closed": 0} for m in range(1, 13)]
    received_sql, finished_sql = monthly_sql(where, fin)
    values = {"y0": y0.isoformat(), "ylast": y1.isoformat(), "y1": (y1 + dt.timedelta(days=1)).isoformat()}
    values |= params or {}
    for m, n in execute(received_sql, values):
        out[int(m) - 1]["received"] += int(n)
    for m, on_time, late, closed in execute(finished_sql, values):
        item = out[int(m) - 1]
        item["on_time"] += int(on_time) + (int(closed) if rule == "on_time" else 0)
        item["late"] += int(late)
        item["closed"] += int(closed)
    return out


def monthly_series(
    desk: Desk, year: int, *, closed_rule: str | None = None, plan: str = "auto"
) -> list[dict[str, Any]]:
    """Per month of ``year``: received, resolved on time (early + on time) and late, closed, for the home chart.

    ``on_time`` follows the report's closed rule (refused/withdrawn/stopped included under ``on_time``), so the
    twelve months add up to the year's report: received = (4) + (5), on_time = (8) + (9), late = (10).
    """
    rule = closed_rule or desk.store.meta().get(META_CLOSED_RULE) or DEFAULT_CLOSED_RULE
    fin = _FIN if plan == "auto" else f"+{_FIN}"  # the finish index when there is one, unless told to scan
    return series_from(desk.store.conn.execute, year, rule, fin=fin)
