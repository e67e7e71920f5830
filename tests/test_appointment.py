"""The appointment (hẹn trả): worked examples on the 2025–2026 calendar and properties of compute_due."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk.appointment import Duration, compute_due
from desk.calendar import WorkCalendar, parse_calendar_bundle
from desk.errors import InvalidInput
from desk.timeutil import VN_TZ, iso

SEED = Path(__file__).resolve().parents[1] / "resources" / "calendar" / "calendar-vn-2025-2026.json"
CAL = WorkCalendar([parse_calendar_bundle(SEED.read_bytes())])
# Other office hours (one long morning, a short afternoon) so the properties do not lean on 07:00–17:00.
CAL_OTHER_HOURS = WorkCalendar(
    [parse_calendar_bundle(SEED.read_bytes())],
    office_hours=[(dt.time(7, 30), dt.time(12, 0)), (dt.time(13, 0), dt.time(16, 15))],
)
T = dt.time

WD = Duration("working_days", 1)
SAME_DAY = Duration("same_day", cutoff=T(15))


def at(text: str) -> dt.datetime:
    """An instant in Vietnam time from "YYYY-MM-DD HH:MM"."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def due(received: str, duration: Duration, calendar: WorkCalendar = CAL) -> str:
    """compute_due as ISO text, for readable assertions."""
    result = compute_due(at(received), duration, calendar)
    assert result.utcoffset() == dt.timedelta(hours=7)
    return iso(result)


# --- working days and working hours -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "duration", "expected"),
    [
        # The domain example: Monday 10:00 + 3 working days → Thursday 10:00.
        ("2026-03-02 10:00", Duration("working_days", 3), "2026-03-05T10:00:00+07:00"),
        # Tết 2026 (16–20/02) skipped: the example of contracts/cli.md.
        ("2026-02-13 10:00", Duration("working_days", 3), "2026-02-25T10:00:00+07:00"),
        # The make-up Saturday 10/01/2026 counts.
        ("2026-01-08 10:00", Duration("working_days", 2), "2026-01-10T10:00:00+07:00"),
        # 01/01 and the swapped 02/01/2026 are off.
        ("2025-12-31 10:00", Duration("working_days", 1), "2026-01-05T10:00:00+07:00"),
        # 27/04/2026 (compensation for Giỗ Tổ on a Sunday) is off.
        ("2026-04-24 16:00", Duration("working_hours", 2), "2026-04-28T08:00:00+07:00"),
        # 2027 from the holidays package: Tết 04–10/02/2027.
        ("2027-02-03 10:00", Duration("working_days", 2), "2027-02-12T10:00:00+07:00"),
        # Received exactly at the close: counting starts next working morning.
        ("2026-03-02 17:00", Duration("working_hours", 1), "2026-03-03T08:00:00+07:00"),
        ("2026-03-02 17:00", WD, "2026-03-03T17:00:00+07:00"),
        ("2026-03-06 17:00", WD, "2026-03-09T17:00:00+07:00"),
        ("2026-03-02 22:45", Duration("working_hours", 1), "2026-03-03T08:00:00+07:00"),
        # Lunch: 11:30 exactly and 13:29 start at 13:30.
        ("2026-03-02 11:30", Duration("working_hours", 1), "2026-03-02T14:30:00+07:00"),
        ("2026-03-02 13:29", Duration("working_hours", 1), "2026-03-02T14:30:00+07:00"),
        ("2026-03-02 12:10", WD, "2026-03-03T11:30:00+07:00"),
        # Before opening: 06:59 starts at 07:00.
        ("2026-03-02 06:59", Duration("working_hours", 1), "2026-03-02T08:00:00+07:00"),
        ("2026-03-02 06:59", WD, "2026-03-02T17:00:00+07:00"),
        # A due instant exactly at the end of a period stays there.
        ("2026-03-02 07:00", WD, "2026-03-02T17:00:00+07:00"),
        ("2026-03-02 07:00", Duration("working_hours", 4.5), "2026-03-02T11:30:00+07:00"),
        ("2026-03-02 13:30", Duration("working_hours", 3.5), "2026-03-02T17:00:00+07:00"),
        ("2026-03-02 13:30", Duration("working_days", 2), "2026-03-04T11:30:00+07:00"),
        ("2026-03-02 16:00", Duration("working_hours", 1), "2026-03-02T17:00:00+07:00"),
        # One minute before the close.
        ("2026-03-02 16:59", Duration("working_hours", 1), "2026-03-03T07:59:00+07:00"),
        # Received on a day off: the next working day's opening.
        ("2026-03-07 09:00", Duration("working_hours", 2), "2026-03-09T09:00:00+07:00"),
        ("2026-02-18 09:00", WD, "2026-02-23T17:00:00+07:00"),
        # Fractions of a day, seconds kept.
        ("2026-03-02 07:00", Duration("working_days", 0.5), "2026-03-02T11:00:00+07:00"),
        ("2026-03-02 10:15", Duration("working_hours", 0.25), "2026-03-02T10:30:00+07:00"),
        ("2026-03-02 10:00:30", Duration("working_hours", 1), "2026-03-02T11:00:30+07:00"),
        # Ten working days across 01–02/01 (off) and the make-up Saturday 10/01 (counted): Monday 12/01.
        ("2025-12-29 07:00", Duration("working_days", 10), "2026-01-12T17:00:00+07:00"),
    ],
)
def test_counted_working_time(received: str, duration: Duration, expected: str) -> None:
    assert due(received, duration) == expected


def test_receipt_in_another_zone_is_read_in_vietnam_time() -> None:
    received = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)  # 10:00 in Vietnam
    result = compute_due(received, Duration("working_days", 3), CAL)
    assert iso(result) == "2026-03-05T10:00:00+07:00"


def test_other_office_hours() -> None:
    assert CAL_OTHER_HOURS.day_length == dt.timedelta(hours=7, minutes=45)
    assert due("2026-03-02 07:00", WD, CAL_OTHER_HOURS) == "2026-03-02T16:15:00+07:00"
    assert due("2026-03-02 12:30", Duration("working_hours", 1), CAL_OTHER_HOURS) == "2026-03-02T14:00:00+07:00"
    assert due("2026-03-02 16:15", Duration("same_day"), CAL_OTHER_HOURS) == "2026-03-03T16:15:00+07:00"


# --- calendar days --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        ("2026-03-02 10:00", 15, "2026-03-17T17:00:00+07:00"),
        ("2026-03-02 16:59", 1, "2026-03-03T17:00:00+07:00"),
        ("2026-03-02 18:00", 1, "2026-03-03T17:00:00+07:00"),
        # Ends on a Saturday → Monday.
        ("2026-03-06 10:00", 1, "2026-03-09T17:00:00+07:00"),
        # Ends in Tết → the next working day after it.
        ("2026-02-06 10:00", 10, "2026-02-23T17:00:00+07:00"),
        # Ends on the make-up Saturday: it is a working day.
        ("2026-01-03 10:00", 7, "2026-01-10T17:00:00+07:00"),
        # Received on a Sunday: the first day is not counted either.
        ("2026-03-08 10:00", 2, "2026-03-10T17:00:00+07:00"),
    ],
)
def test_calendar_days(received: str, days: int, expected: str) -> None:
    assert due(received, Duration("calendar_days", days)) == expected


# --- same day ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "duration", "expected"),
    [
        ("2026-03-02 14:59", SAME_DAY, "2026-03-02T17:00:00+07:00"),
        ("2026-03-02 15:00", SAME_DAY, "2026-03-03T17:00:00+07:00"),
        ("2026-03-02 06:59", SAME_DAY, "2026-03-02T17:00:00+07:00"),
        ("2026-03-02 11:30", SAME_DAY, "2026-03-02T17:00:00+07:00"),
        ("2026-03-02 17:00", SAME_DAY, "2026-03-03T17:00:00+07:00"),
        ("2026-03-06 15:00", SAME_DAY, "2026-03-09T17:00:00+07:00"),
        ("2026-03-07 09:00", SAME_DAY, "2026-03-09T17:00:00+07:00"),
        ("2026-01-10 09:00", SAME_DAY, "2026-01-10T17:00:00+07:00"),
        ("2026-02-13 15:30", SAME_DAY, "2026-02-23T17:00:00+07:00"),
        ("2026-02-17 09:00", SAME_DAY, "2026-02-23T17:00:00+07:00"),
        ("2025-12-31 16:00", SAME_DAY, "2026-01-05T17:00:00+07:00"),
        # No cut-off: any time before the close is that day.
        ("2026-03-02 16:59", Duration("same_day"), "2026-03-02T17:00:00+07:00"),
        ("2026-03-02 17:00", Duration("same_day"), "2026-03-03T17:00:00+07:00"),
        # A cut-off later than the close is the close.
        ("2026-03-02 17:30", Duration("same_day", cutoff=T(18)), "2026-03-03T17:00:00+07:00"),
    ],
)
def test_same_day(received: str, duration: Duration, expected: str) -> None:
    assert due(received, duration) == expected


# --- Duration ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected", "text"),
    [
        ({"unit": "working_days", "value": 3}, Duration("working_days", 3), "03 ngày làm việc"),
        ({"unit": "working_days", "value": 3.0, "cutoff": None}, Duration("working_days", 3), "03 ngày làm việc"),
        ({"unit": "working_days", "value": 10}, Duration("working_days", 10), "10 ngày làm việc"),
        ({"unit": "working_days", "value": 1.5}, Duration("working_days", 1.5), "1,5 ngày làm việc"),
        ({"unit": "working_hours", "value": 8}, Duration("working_hours", 8), "8 giờ làm việc"),
        ({"unit": "working_hours", "value": 0.5}, Duration("working_hours", 0.5), "0,5 giờ làm việc"),
        ({"unit": "calendar_days", "value": 15}, Duration("calendar_days", 15), "15 ngày"),
        ({"unit": "calendar_days", "value": 5}, Duration("calendar_days", 5), "05 ngày"),
        (
            {"unit": "same_day", "cutoff": "15:00"},
            Duration("same_day", None, T(15)),
            "Trong ngày (nhận sau 15 giờ 00 trả ngày làm việc tiếp theo)",
        ),
        (
            {"value": 0, "unit": "same_day", "cutoff": "09:30", "text": "…", "extension": None},
            Duration("same_day", None, T(9, 30)),
            "Trong ngày (nhận sau 09 giờ 30 trả ngày làm việc tiếp theo)",
        ),
        ({"unit": "same_day"}, Duration("same_day"), "Trong ngày"),
    ],
)
def test_duration_from_catalog(data: dict[str, Any], expected: Duration, text: str) -> None:
    duration = Duration.from_catalog(data)
    assert duration == expected
    assert duration.describe_vi() == text


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ("3 ngày", ["procedures[2].duration: phải là một đối tượng (unit, value, cutoff)"]),
        (
            {"unit": None, "value": None, "cutoff": None},
            [
                'procedures[2].duration.unit: phải là một trong "working_days", "working_hours", '
                '"calendar_days", "same_day"'
            ],
        ),
        ({"unit": "working_days", "value": 0}, ["procedures[2].duration.value: phải là số dương"]),
        ({"unit": "working_days", "value": -2}, ["procedures[2].duration.value: phải là số dương"]),
        ({"unit": "working_days"}, ["procedures[2].duration.value: phải là số dương"]),
        ({"unit": "working_hours", "value": "8"}, ["procedures[2].duration.value: phải là số dương"]),
        ({"unit": "working_hours", "value": True}, ["procedures[2].duration.value: phải là số dương"]),
        ({"unit": "calendar_days", "value": 2.5}, ["procedures[2].duration.value: phải là số nguyên dương"]),
        ({"unit": "working_hours", "value": 10_001}, ["procedures[2].duration.value: quá lớn (tối đa 10000)"]),
        (
            {"unit": "working_days", "value": 3, "cutoff": "15:00"},
            ["procedures[2].duration.cutoff: chỉ dùng với đơn vị same_day"],
        ),
        ({"unit": "same_day", "cutoff": "3pm"}, ["procedures[2].duration.cutoff: không phải giờ hợp lệ (HH:MM)"]),
        (
            {"unit": "same_day", "value": 1, "cutoff": "25:00"},
            [
                "procedures[2].duration.cutoff: không phải giờ hợp lệ (HH:MM)",
                "procedures[2].duration.value: phải để trống (hoặc 0) với đơn vị same_day",
            ],
        ),
    ],
)
def test_duration_from_catalog_refuses(data: Any, errors: list[str]) -> None:
    with pytest.raises(InvalidInput) as caught:
        Duration.from_catalog(data, path="procedures[2].duration")
    assert caught.value.errors == errors
    assert caught.value.field == "procedures[2].duration"


@pytest.mark.parametrize(
    ("unit", "value", "cutoff", "message"),
    [
        ("working_days", 0, None, "duration.value: phải là số dương"),
        ("working_hours", -1, None, "duration.value: phải là số dương"),
        ("working_hours", None, None, "duration.value: phải là số dương"),
        ("working_days", float("nan"), None, "duration.value: phải là số dương"),
        ("calendar_days", 1.5, None, "duration.value: phải là số nguyên dương"),
        ("calendar_days", 2**40, None, "duration.value: quá lớn (tối đa 10000)"),
        ("same_day", 2, None, "duration.value: phải để trống (hoặc 0) với đơn vị same_day"),
        ("same_day", None, "15:00", "duration.cutoff: phải là giờ (HH:MM)"),
        (
            "weeks",
            1,
            None,
            'duration.unit: phải là một trong "working_days", "working_hours", "calendar_days", "same_day"',
        ),
    ],
)
def test_invalid_duration_is_a_value_error(unit: str, value: Any, cutoff: Any, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        Duration(unit, value, cutoff)
    assert str(caught.value) == message


def test_compute_due_refuses_a_duration_that_skipped_validation() -> None:
    broken = Duration("working_days", 3)
    object.__setattr__(broken, "value", 0)
    with pytest.raises(ValueError) as caught:
        compute_due(at("2026-03-02 10:00"), broken, CAL)
    assert str(caught.value) == "duration.value: phải là số dương"


def test_duration_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        WD.value = 2  # type: ignore[misc]


# --- properties -----------------------------------------------------------------------------------------------

BOUNDARY_TIMES = [T(0), T(6, 59), T(7), T(7, 30), T(11, 29), T(11, 30), T(12), T(13), T(13, 29), T(13, 30)]
BOUNDARY_TIMES += [T(14, 59), T(15), T(16, 15), T(16, 59), T(17), T(17, 1), T(23, 59)]

receipts = st.builds(
    lambda day, clock: dt.datetime.combine(day, clock, tzinfo=VN_TZ),
    st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31)),
    st.one_of(st.sampled_from(BOUNDARY_TIMES), st.times()),
)
calendars = st.sampled_from([CAL, CAL_OTHER_HOURS])
# Values whose products with the day length are exact (no rounding to the microsecond).
working_values = st.one_of(st.integers(1, 25), st.sampled_from([0.25, 0.5, 1.5, 2.75]))
durations = st.one_of(
    st.builds(Duration, st.just("working_days"), working_values),
    st.builds(Duration, st.just("working_hours"), st.one_of(st.integers(1, 120), st.sampled_from([0.25, 0.5, 7.5]))),
    st.builds(Duration, st.just("calendar_days"), st.integers(1, 60)),
    st.builds(Duration, st.just("same_day"), st.none(), st.sampled_from([None, T(15), T(11), T(16, 30), T(18)])),
)


def in_office(calendar: WorkCalendar, instant: dt.datetime) -> bool:
    """Whether ``instant`` lies in an office period (ends included) of a working day."""
    local = instant.astimezone(VN_TZ)
    return calendar.is_working_day(local.date()) and any(
        start <= local.time() <= end for start, end in calendar.office_hours
    )


def office_time_between(calendar: WorkCalendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """The office time of working days between two instants, summed period by period."""
    total = dt.timedelta()
    day = start.date()
    while day <= end.date():
        if calendar.is_working_day(day):
            for opening, closing in calendar.office_hours:
                low = max(start, dt.datetime.combine(day, opening, tzinfo=VN_TZ))
                high = min(end, dt.datetime.combine(day, closing, tzinfo=VN_TZ))
                if high > low:
                    total += high - low
        day += dt.timedelta(days=1)
    return total


@settings(max_examples=200, deadline=None)
@given(received=receipts, duration=durations, calendar=calendars)
def test_due_is_in_office_hours_and_after_the_receipt(
    received: dt.datetime, duration: Duration, calendar: WorkCalendar
) -> None:
    result = compute_due(received, duration, calendar)
    assert result.utcoffset() == dt.timedelta(hours=7)
    assert in_office(calendar, result)
    assert result > received


@settings(max_examples=200, deadline=None)
@given(
    received=receipts,
    duration=durations,
    calendar=calendars,
    later=st.one_of(
        st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(minutes=10)),
        st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=9)),
    ),
)
def test_due_is_monotonic_in_the_receipt(
    received: dt.datetime, duration: Duration, calendar: WorkCalendar, later: dt.timedelta
) -> None:
    assert compute_due(received, duration, calendar) <= compute_due(received + later, duration, calendar)


@settings(max_examples=200, deadline=None)
@given(
    received=receipts,
    unit=st.sampled_from(["working_days", "working_hours", "calendar_days"]),
    values=st.lists(st.integers(1, 40), min_size=2, max_size=2),
    calendar=calendars,
)
def test_due_is_monotonic_in_the_value(
    received: dt.datetime, unit: str, values: list[int], calendar: WorkCalendar
) -> None:
    small, large = sorted(values)
    first = compute_due(received, Duration(unit, small), calendar)
    second = compute_due(received, Duration(unit, large), calendar)
    assert first <= second
    if small < large and unit != "calendar_days":  # 1 and 2 calendar days from a Friday both end on Monday
        assert first < second


@settings(max_examples=200, deadline=None)
@given(
    received=receipts,
    unit=st.sampled_from(["working_days", "working_hours"]),
    value=working_values,
    calendar=calendars,
)
def test_working_time_counted_is_the_duration(
    received: dt.datetime, unit: str, value: float, calendar: WorkCalendar
) -> None:
    result = compute_due(received, Duration(unit, value), calendar)
    expected = calendar.day_length * value if unit == "working_days" else dt.timedelta(hours=value)
    assert office_time_between(calendar, received, result) == expected


@settings(max_examples=200, deadline=None)
@given(received=receipts, days=st.integers(1, 60), calendar=calendars)
def test_calendar_days_end_at_a_close_on_or_after_the_last_day(
    received: dt.datetime, days: int, calendar: WorkCalendar
) -> None:
    result = compute_due(received, Duration("calendar_days", days), calendar)
    last = received.date() + dt.timedelta(days=days)
    assert result.time() == calendar.office_hours[-1][1]
    assert result.date() >= last
    # Every day between the last day and the due day is off.
    day = last
    while day < result.date():
        assert not calendar.is_working_day(day)
        day += dt.timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(received=receipts, cutoff=st.sampled_from([None, T(15), T(11)]), calendar=calendars)
def test_same_day_is_that_day_or_the_next_working_day(
    received: dt.datetime, cutoff: dt.time | None, calendar: WorkCalendar
) -> None:
    result = compute_due(received, Duration("same_day", cutoff=cutoff), calendar)
    close = calendar.office_hours[-1][1]
    assert result.time() == close
    limit = close if cutoff is None else min(cutoff, close)
    if calendar.is_working_day(received.date()) and received.time() < limit:
        assert result.date() == received.date()
    else:
        assert result.date() == calendar.next_working_day(received.date())
