"""Working-day calendar: the ``desk-calendar/1`` bundle and the calendar that tells working days from days off.

Rules (domain.md §4, contracts/calendar-format.md):

- A year listed in some bundle's ``years`` is described by the newest-version bundle covering it (ties broken by
  ``issued_at``): only its days of that year count, on top of the plain week (Monday–Friday work).
- Any other year takes the statutory holidays of the ``holidays`` package (country VN) minus ``holiday_exclude``,
  then the single dates that bundles list outside their ``years`` (newest bundle last, so it wins).
- ``WorkCalendar.version`` names what produced the dates: the newest bundle's version number as a string (e.g.
  ``"2"``), or ``"holidays-<package version>"`` (e.g. ``"holidays-0.109"``) when no bundle is loaded.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from desk.errors import InvalidInput
from desk.text import clean, nfc
from desk.timeutil import iso, parse_instant

FORMAT = "desk-calendar/1"
KINDS = ("off", "work")
DEFAULT_OFFICE_HOURS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(7, 0), dt.time(11, 30)),
    (dt.time(13, 30), dt.time(17, 0)),
)
# 24/11 "Ngày Văn hóa Việt Nam": listed by the holidays package from 2026, legal status as a day off unconfirmed.
DEFAULT_HOLIDAY_EXCLUDE: frozenset[tuple[int, int]] = frozenset({(11, 24)})
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
MIN_YEAR, MAX_YEAR = 1900, 2199
# A calendar with more consecutive days off than this is broken data, not a long holiday.
_MAX_DAYS_OFF_IN_A_ROW = 400

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_YMD = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MISSING = "thiếu trường bắt buộc"

Period = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class CalendarBundle:
    """One parsed, valid ``desk-calendar/1`` document."""

    version: int
    issued_at: str
    publisher: dict[str, Any]
    years: tuple[int, ...]
    office_hours: tuple[Period, ...] | None
    days: dict[dt.date, tuple[str, str]]
    raw: dict[str, Any]


def parse_hhmm(text: str) -> dt.time:
    """Parse a clock time written ``HH:MM`` (00:00–23:59). Raises ValueError."""
    match = _HHMM.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"không phải giờ hợp lệ (HH:MM): {text!r}")
    return dt.time(int(match.group(1)), int(match.group(2)))


def period_problems(periods: Sequence[Period | None]) -> list[tuple[int, str]]:
    """The (index, rule) problems of office periods: each must end after it starts, in order, without overlap."""
    problems: list[tuple[int, str]] = []
    previous: Period | None = None
    for index, period in enumerate(periods):
        if period is None:
            continue
        start, end = period
        if end <= start:
            problems.append((index, "giờ kết thúc phải sau giờ bắt đầu"))
            continue
        if previous is not None:
            if start < previous[0]:
                problems.append((index, "các khoảng giờ làm việc phải theo thứ tự thời gian"))
                continue
            if start < previous[1]:
                problems.append((index, f"chồng lên khoảng trước (khoảng trước kết thúc lúc {previous[1]:%H:%M})"))
                continue
        previous = period
    return problems


def _nfc_tree(value: Any) -> Any:
    """Every string of a JSON tree (keys too) in NFC."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, Mapping):
        return {nfc(str(key)): _nfc_tree(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_nfc_tree(item) for item in value]
    return value


def _invalid(errors: list[str]) -> InvalidInput:
    """One InvalidInput carrying every error line, with a Vietnamese summary first."""
    summary = f"Tệp lịch làm việc không hợp lệ ({len(errors)} lỗi): " + "; ".join(errors)
    return InvalidInput(summary, field=errors[0].split(":", 1)[0], errors=errors)


def _load(data: bytes | bytearray | str | Mapping[str, Any]) -> Any:
    """Decode and parse the document; a file that is not UTF-8 JSON is refused at once (nothing else to check)."""
    if isinstance(data, Mapping):
        return _nfc_tree(data)
    if isinstance(data, bytes | bytearray):
        raw = bytes(data)
        skipped = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
        try:
            text = raw[skipped:].decode("utf-8")
        except UnicodeDecodeError as exc:
            at = exc.start + skipped
            line = raw.count(b"\n", 0, at) + 1
            column = at - (raw.rfind(b"\n", 0, at) + 1) + 1
            raise _invalid(
                [f"tệp: không phải JSON hợp lệ, không phải văn bản UTF-8 tại dòng {line}, cột {column} (byte {at})"]
            ) from exc
    else:
        text = data.removeprefix("\ufeff")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _invalid([f"tệp: không phải JSON hợp lệ tại dòng {exc.lineno}, cột {exc.colno} ({exc.msg})"]) from exc
    return _nfc_tree(doc)


def _is_int(value: Any) -> bool:
    """A JSON integer (a bool is not one)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_office_hours(value: Any, errors: list[str]) -> tuple[Period, ...] | None:
    """Validate ``office_hours``: null/absent, or a non-empty list of ordered ["HH:MM", "HH:MM"] periods."""
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        errors.append('office_hours: phải là danh sách khác rỗng các khoảng ["HH:MM", "HH:MM"]')
        return None
    periods: list[Period | None] = []
    for index, item in enumerate(value):
        path = f"office_hours[{index}]"
        if not isinstance(item, list) or len(item) != 2:
            errors.append(f'{path}: phải là cặp ["HH:MM", "HH:MM"]')
            periods.append(None)
            continue
        times: list[dt.time] = []
        for position, text in enumerate(item):
            try:
                times.append(parse_hhmm(text))
            except ValueError:
                errors.append(f"{path}[{position}]: không phải giờ hợp lệ (HH:MM)")
        periods.append((times[0], times[1]) if len(times) == 2 else None)
    problems = period_problems(periods)
    errors.extend(f"office_hours[{index}]: {rule}" for index, rule in problems)
    if problems or any(period is None for period in periods):
        return None
    return tuple(period for period in periods if period is not None)


def _parse_days(value: Any, errors: list[str]) -> dict[dt.date, tuple[str, str]]:
    """Validate ``days``: unique dates, kind off/work, a label; "work" only on a weekend day."""
    days: dict[dt.date, tuple[str, str]] = {}
    if not isinstance(value, list):
        errors.append("days: phải là danh sách các ngày")
        return days
    seen: dict[dt.date, int] = {}
    for index, item in enumerate(value):
        path = f"days[{index}]"
        if not isinstance(item, dict):
            errors.append(f"{path}: phải là một đối tượng (date, kind, label)")
            continue
        day: dt.date | None = None
        text = item.get("date")
        if "date" not in item:
            errors.append(f"{path}.date: {_MISSING}")
        elif isinstance(text, str) and _YMD.match(text):
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                day = None
        if "date" in item and day is None:
            errors.append(f"{path}.date: không phải ngày hợp lệ (YYYY-MM-DD)")
        kind = item.get("kind")
        if kind not in KINDS:
            errors.append(f'{path}.kind: phải là "off" hoặc "work"')
            kind = None
        label = clean(item["label"]) if isinstance(item.get("label"), str) else ""
        if not label:
            errors.append(f"{path}.label: phải là chuỗi khác rỗng")
        if day is None:
            continue
        if day in seen:
            errors.append(f"{path}.date: ngày {day.isoformat()} đã có ở days[{seen[day]}]")
            continue
        seen[day] = index
        if kind == "work" and day.weekday() < 5:
            errors.append(
                f'{path}.kind: "work" chỉ dùng cho thứ Bảy hoặc Chủ nhật '
                f"({day.isoformat()} là {WEEKDAY_NAMES[day.weekday()]})"
            )
            continue
        if kind is not None and label:
            days[day] = (kind, label)
    return days


def parse_calendar_bundle(data: bytes | bytearray | str | Mapping[str, Any]) -> CalendarBundle:
    """Parse and fully validate a ``desk-calendar/1`` document; raises InvalidInput listing every error."""
    doc = _load(data)
    if not isinstance(doc, dict):
        raise _invalid(["tệp: phải là một đối tượng JSON ({...})"])
    errors: list[str] = []

    if doc.get("format") != FORMAT:
        errors.append(f'format: phải là "{FORMAT}"')

    version = doc.get("version")
    if not (_is_int(version) and version > 0):
        errors.append("version: phải là số nguyên dương")

    issued_at = ""
    try:
        issued_at = iso(parse_instant(doc["issued_at"]))
    except (KeyError, TypeError, AttributeError, ValueError):
        errors.append("issued_at: phải là thời điểm ISO 8601, ví dụ 2026-01-15T08:00:00+07:00")

    publisher = doc.get("publisher")
    if not isinstance(publisher, dict):
        errors.append("publisher: phải là một đối tượng (code, name)")
        publisher = {}
    else:
        for key in ("code", "name"):
            if key in publisher and not (isinstance(publisher[key], str) and clean(publisher[key])):
                errors.append(f"publisher.{key}: phải là chuỗi khác rỗng")
        if "code" not in publisher and "name" not in publisher:
            errors.append("publisher: phải có name hoặc code")

    years: list[int] = []
    raw_years = doc.get("years")
    if not isinstance(raw_years, list):
        errors.append("years: phải là danh sách các năm")
    else:
        for index, year in enumerate(raw_years):
            if not (_is_int(year) and MIN_YEAR <= year <= MAX_YEAR):
                errors.append(f"years[{index}]: phải là năm (số nguyên {MIN_YEAR}–{MAX_YEAR})")
            elif year in years:
                errors.append(f"years[{index}]: năm {year} lặp lại")
            else:
                years.append(year)

    office_hours = _parse_office_hours(doc.get("office_hours"), errors)
    if "days" in doc:
        days = _parse_days(doc["days"], errors)
    else:
        errors.append(f"days: {_MISSING}")
        days = {}

    if errors:
        raise _invalid(errors)
    return CalendarBundle(
        version=version,
        issued_at=issued_at,
        publisher=publisher,
        years=tuple(sorted(years)),
        office_hours=office_hours,
        days=dict(sorted(days.items())),
        raw=doc,
    )


@lru_cache(maxsize=64)
def _package_holidays(year: int) -> tuple[tuple[dt.date, str], ...]:
    """The statutory holidays of one year from the ``holidays`` package (VN, Vietnamese names)."""
    import holidays  # imported here: it takes ~75 ms and is needed only for a year no bundle covers

    found = holidays.country_holidays("VN", years=year, language="vi")
    return tuple(sorted((day, clean(name)) for day, name in found.items()))


def _package_version() -> str:
    """The installed ``holidays`` package version."""
    import holidays

    return str(holidays.__version__)


class WorkCalendar:
    """The working-day calendar built from bundles (any order), the holidays package and the plain week."""

    def __init__(
        self,
        bundles: Iterable[CalendarBundle] = (),
        *,
        office_hours: Sequence[Period] | None = None,
        holiday_exclude: Iterable[tuple[int, int]] = DEFAULT_HOLIDAY_EXCLUDE,
    ):
        self._bundles = tuple(sorted(bundles, key=lambda bundle: (bundle.version, bundle.issued_at)))
        self._exclude = frozenset(holiday_exclude)
        if office_hours is None:
            chosen = next((b.office_hours for b in reversed(self._bundles) if b.office_hours), DEFAULT_OFFICE_HOURS)
        else:
            chosen = tuple((start, end) for start, end in office_hours)
            problems = period_problems(chosen)
            if not chosen or problems:
                rules = [f"office_hours[{index}]: {rule}" for index, rule in problems]
                raise ValueError("; ".join(rules) or "office_hours: cần ít nhất một khoảng giờ làm việc")
        self._office_hours: tuple[Period, ...] = chosen
        self._day_length = sum(
            (dt.datetime.combine(dt.date.min, end) - dt.datetime.combine(dt.date.min, start) for start, end in chosen),
            dt.timedelta(),
        )
        self._years: dict[int, dict[dt.date, tuple[str, str]]] = {}

    def _table(self, year: int) -> dict[dt.date, tuple[str, str]]:
        """The listed days of one year (date → kind, label), built once per year."""
        table = self._years.get(year)
        if table is not None:
            return table
        covering = [bundle for bundle in self._bundles if year in bundle.years]
        if covering:
            table = {day: entry for day, entry in covering[-1].days.items() if day.year == year}
        else:
            table = {
                day: ("off", name) for day, name in _package_holidays(year) if (day.month, day.day) not in self._exclude
            }
            for bundle in self._bundles:
                table.update((day, entry) for day, entry in bundle.days.items() if day.year == year)
        self._years[year] = table
        return table

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` (a date, not a datetime) is a working day."""
        entry = self._table(day.year).get(day)
        if entry is None:
            return day.weekday() < 5
        return entry[0] == "work"

    def day_info(self, day: dt.date) -> tuple[str, str | None]:
        """The kind ("work"/"off") and label of a day; a plain weekday has no label, a plain weekend its name."""
        entry = self._table(day.year).get(day)
        if entry is not None:
            return entry
        weekday = day.weekday()
        return ("work", None) if weekday < 5 else ("off", WEEKDAY_NAMES[weekday])

    def special_days(self, year: int) -> list[tuple[dt.date, str, str]]:
        """The days of ``year`` that differ from a plain Monday–Friday week (weekday offs, weekend work), sorted."""
        return [
            (day, kind, label)
            for day, (kind, label) in sorted(self._table(year).items())
            if (kind == "work") != (day.weekday() < 5)
        ]

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        for offset in range(1, _MAX_DAYS_OFF_IN_A_ROW + 1):
            candidate = day + dt.timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(f"Lịch không có ngày làm việc nào trong {_MAX_DAYS_OFF_IN_A_ROW} ngày sau {day:%d/%m/%Y}")

    @property
    def office_hours(self) -> tuple[Period, ...]:
        """The periods of a working day: the constructor's, else the newest bundle's, else 07:00–11:30, 13:30–17:00."""
        return self._office_hours

    @property
    def day_length(self) -> dt.timedelta:
        """The length of one working day: the sum of the office periods."""
        return self._day_length

    @property
    def version(self) -> str:
        """What produced the dates: the newest bundle's version (e.g. "2"), else "holidays-<package version>"."""
        if self._bundles:
            return str(self._bundles[-1].version)
        return f"holidays-{_package_version()}"
