"""The appointment (hẹn trả): a pure function of the receipt instant, the procedure's duration and the calendar.

Rules (domain.md §4): working days count as ``value × day_length`` working hours over the office periods of
working days; a receipt outside office hours starts at the next opening; a due instant exactly at the end of a
period stays there. Calendar days: the first day is not counted, due at the close of the last day, or of the next
working day when that day is off. Same day: the close of the receipt day, or of the next working day when
received at or after the cut-off, after the close, or on a day off.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desk.calendar import WorkCalendar, parse_hhmm
from desk.errors import InvalidInput
from desk.timeutil import VN_TZ, to_vn

UNITS = ("working_days", "working_hours", "calendar_days", "same_day")
# Far beyond any real procedure; keeps compute_due from walking the calendar for centuries on a typo.
MAX_VALUE = 10_000


def _rule_problems(unit: Any, value: Any, cutoff: Any) -> list[tuple[str, str]]:
    """The (field, rule) problems of a duration; empty when it is valid."""
    if unit not in UNITS:
        return [("unit", 'phải là một trong "working_days", "working_hours", "calendar_days", "same_day"')]
    problems: list[tuple[str, str]] = []
    if unit == "same_day":
        if not (value is None or (type(value) is int and value == 0)):
            problems.append(("value", "phải để trống (hoặc 0) với đơn vị same_day"))
        if cutoff is not None and not isinstance(cutoff, dt.time):
            problems.append(("cutoff", "phải là giờ (HH:MM)"))
        return problems
    if cutoff is not None:
        problems.append(("cutoff", "chỉ dùng với đơn vị same_day"))
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        problems.append(("value", "phải là số dương"))
    elif value > MAX_VALUE:
        problems.append(("value", f"quá lớn (tối đa {MAX_VALUE})"))
    elif unit == "calendar_days" and not isinstance(value, int):
        problems.append(("value", "phải là số nguyên dương"))
    return problems


@dataclass(frozen=True)
class Duration:
    """A procedure's processing time: a unit, a value for counted units, a cut-off for same-day ones."""

    unit: str
    value: float | int | None = None
    cutoff: dt.time | None = None

    def __post_init__(self) -> None:
        """Refuse an invalid duration (ValueError)."""
        problems = _rule_problems(self.unit, self.value, self.cutoff)
        if problems:
            raise ValueError("; ".join(f"duration.{field}: {rule}" for field, rule in problems))

    @classmethod
    def from_catalog(cls, data: Any, path: str = "duration") -> Duration:
        """Build from a catalog ``duration`` object; raises InvalidInput whose errors are prefixed by ``path``."""
        if not isinstance(data, Mapping):
            message = f"{path}: phải là một đối tượng (unit, value, cutoff)"
            raise InvalidInput(message, field=path, errors=[message])
        unit, value, cutoff_text = data.get("unit"), data.get("value"), data.get("cutoff")
        errors: list[str] = []
        cutoff: Any = None
        if unit == "same_day":
            if value == 0 and not isinstance(value, bool):
                value = None  # the catalog writes 0 for "same day"
            if cutoff_text is not None:
                try:
                    cutoff = parse_hhmm(cutoff_text)
                except ValueError:
                    errors.append(f"{path}.cutoff: không phải giờ hợp lệ (HH:MM)")
        elif cutoff_text is not None:
            cutoff = cutoff_text  # refused below with the rule that says why
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        errors.extend(f"{path}.{field}: {rule}" for field, rule in _rule_problems(unit, value, cutoff))
        if errors:
            raise InvalidInput(f"Thời hạn giải quyết không hợp lệ: {'; '.join(errors)}", field=path, errors=errors)
        return cls(unit=unit, value=value, cutoff=cutoff)

    def describe_vi(self) -> str:
        """The duration as printed on the slip, e.g. "03 ngày làm việc"."""
        if self.unit == "same_day":
            if self.cutoff is None:
                return "Trong ngày"
            return (
                f"Trong ngày (nhận sau {self.cutoff.hour:02d} giờ {self.cutoff.minute:02d} trả ngày làm việc tiếp theo)"
            )
        assert self.value is not None
        if self.unit == "working_days":
            return f"{_number_vi(self.value, pad=True)} ngày làm việc"
        if self.unit == "working_hours":
            return f"{_number_vi(self.value, pad=False)} giờ làm việc"
        return f"{_number_vi(self.value, pad=True)} ngày"


def _number_vi(value: float, *, pad: bool) -> str:
    """A count as Vietnamese documents write it: "03" for whole days, "1,5" with a decimal comma."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):02d}" if pad else str(int(value))
    return f"{value:g}".replace(".", ",")


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    """A naive Vietnam-time instant."""
    return dt.datetime.combine(day, time)


def _add_working_time(start: dt.datetime, amount: dt.timedelta, calendar: WorkCalendar) -> dt.datetime:
    """Walk ``amount`` (> 0) of office time from ``start``; an end exactly at a period's close stays there."""
    periods = calendar.office_hours
    remaining = amount
    day, cursor = start.date(), start
    while True:
        if calendar.is_working_day(day):
            for opening, closing in periods:
                period_end = _at(day, closing)
                if cursor >= period_end:
                    continue
                begin = max(cursor, _at(day, opening))
                available = period_end - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        day = calendar.next_working_day(day)
        cursor = _at(day, dt.time.min)


def compute_due(received_at: dt.datetime, duration: Duration, calendar: WorkCalendar) -> dt.datetime:
    """The due instant (Vietnam time) of a dossier received at ``received_at``; pure, raises ValueError."""
    # Checked again here: a Duration unpickled or built with object.__setattr__ skips __post_init__.
    problems = _rule_problems(duration.unit, duration.value, duration.cutoff)
    if problems:
        raise ValueError("; ".join(f"duration.{field}: {rule}" for field, rule in problems))
    received = to_vn(received_at).replace(tzinfo=None)
    close = calendar.office_hours[-1][1]
    if duration.unit in ("working_days", "working_hours"):
        assert duration.value is not None
        if duration.unit == "working_days":
            amount = calendar.day_length * duration.value
        else:
            amount = dt.timedelta(hours=duration.value)
        due = _add_working_time(received, amount, calendar)
    elif duration.unit == "calendar_days":
        assert isinstance(duration.value, int)
        last = received.date() + dt.timedelta(days=duration.value)
        if not calendar.is_working_day(last):
            last = calendar.next_working_day(last)
        due = _at(last, close)
    else:
        day = received.date()
        limit = min(duration.cutoff, close) if duration.cutoff is not None else close
        if not (calendar.is_working_day(day) and received.time() < limit):
            day = calendar.next_working_day(day)
        due = _at(day, close)
    return due.replace(tzinfo=VN_TZ)


def working_time_between(start: dt.datetime, end: dt.datetime, calendar: WorkCalendar) -> dt.timedelta:
    """Office time of working days between two instants (zero when ``end`` is not after ``start``)."""
    a, b = to_vn(start).replace(tzinfo=None), to_vn(end).replace(tzinfo=None)
    total = dt.timedelta(0)
    if b <= a:
        return total
    day = a.date()
    while day <= b.date():
        if calendar.is_working_day(day):
            for opening, closing in calendar.office_hours:
                lo, hi = max(a, _at(day, opening)), min(b, _at(day, closing))
                if hi > lo:
                    total += hi - lo
        day = calendar.next_working_day(day)
    return total


def add_working_time(start: dt.datetime, amount: dt.timedelta, calendar: WorkCalendar) -> dt.datetime:
    """``start`` moved forward by ``amount`` of office time (unchanged when ``amount`` is not positive)."""
    start = to_vn(start)
    if amount <= dt.timedelta(0):
        return start
    return _add_working_time(start.replace(tzinfo=None), amount, calendar).replace(tzinfo=VN_TZ)


TIMELINESS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}


def timeliness(finished_at: dt.datetime, due_at: dt.datetime) -> str:
    """early (a day before the due date), on_time (on the due date, by the due instant) or late (after it)."""
    finished, due = to_vn(finished_at), to_vn(due_at)
    if finished > due:
        return "late"
    return "early" if finished.date() < due.date() else "on_time"
