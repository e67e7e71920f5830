"""The working-day calendar: the 2025–2026 seed bundle, the holidays package for other years, bundle validation."""

from __future__ import annotations

import copy
import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

import holidays
import pytest

from desk.calendar import (
    DEFAULT_OFFICE_HOURS,
    CalendarBundle,
    WorkCalendar,
    parse_calendar_bundle,
)
from desk.errors import InvalidInput

SEED = Path(__file__).resolve().parents[1] / "resources" / "calendar" / "calendar-vn-2025-2026.json"
D = dt.date
T = dt.time


@pytest.fixture(scope="module")
def seed() -> CalendarBundle:
    return parse_calendar_bundle(SEED.read_bytes())


@pytest.fixture(scope="module")
def cal(seed: CalendarBundle) -> WorkCalendar:
    return WorkCalendar([seed])


def doc(**changes: Any) -> dict[str, Any]:
    """A small valid bundle document with some keys replaced (a value of ... removes the key)."""
    base: dict[str, Any] = {
        "format": "desk-calendar/1",
        "version": 2,
        "issued_at": "2026-06-01T08:00:00+07:00",
        "publisher": {"code": "000.00.00.H62", "name": "UBND tỉnh"},
        "years": [2026],
        "office_hours": [["07:00", "11:30"], ["13:30", "17:00"]],
        "days": [{"date": "2026-02-16", "kind": "off", "label": "Tết Nguyên Đán"}],
    }
    for key, value in changes.items():
        if value is ...:
            base.pop(key)
        else:
            base[key] = value
    return base


def errors_of(data: Any) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        parse_calendar_bundle(data)
    assert caught.value.message.startswith("Tệp lịch làm việc không hợp lệ (")
    return caught.value.errors


# --- the seed bundle ---------------------------------------------------------------------------------------


def test_seed_is_the_shared_file_byte_for_byte() -> None:
    shared = Path("/work/shared/data/calendar-vn-2025-2026.json")
    if not shared.exists():
        pytest.skip("shared reference not present on this machine")
    assert SEED.read_bytes() == shared.read_bytes()


def test_seed_parses(seed: CalendarBundle) -> None:
    assert seed.version == 1
    assert seed.issued_at == "2026-01-15T08:00:00+07:00"
    assert seed.years == (2025, 2026)
    assert seed.office_hours == ((T(7), T(11, 30)), (T(13, 30), T(17)))
    assert len(seed.days) == 28
    assert seed.days[D(2026, 1, 10)] == ("work", "Làm bù cho ngày 02/01/2026")
    assert seed.publisher["name"].startswith("Lịch mẫu")
    assert seed.raw["format"] == "desk-calendar/1"


def test_tet_2026_is_off(cal: WorkCalendar) -> None:
    for day in range(16, 21):
        assert not cal.is_working_day(D(2026, 2, day))
        assert cal.day_info(D(2026, 2, day)) == ("off", "Tết Nguyên Đán")
    assert cal.is_working_day(D(2026, 2, 13))
    assert cal.next_working_day(D(2026, 2, 13)) == D(2026, 2, 23)


def test_make_up_saturday_is_a_working_day(cal: WorkCalendar) -> None:
    assert cal.is_working_day(D(2026, 1, 10))
    assert cal.day_info(D(2026, 1, 10)) == ("work", "Làm bù cho ngày 02/01/2026")
    assert cal.next_working_day(D(2026, 1, 9)) == D(2026, 1, 10)
    assert not cal.is_working_day(D(2026, 1, 17))  # a plain Saturday
    assert cal.is_working_day(D(2025, 4, 26))


def test_swap_the_package_misses(cal: WorkCalendar) -> None:
    assert not cal.is_working_day(D(2026, 1, 2))
    assert cal.day_info(D(2026, 1, 2)) == ("off", "Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)")
    # Without the bundle, the holidays package alone gets both days wrong.
    package_only = WorkCalendar()
    assert package_only.is_working_day(D(2026, 1, 2))
    assert not package_only.is_working_day(D(2026, 1, 10))


def test_compensation_day_2026_04_27(cal: WorkCalendar) -> None:
    assert not cal.is_working_day(D(2026, 4, 27))
    assert cal.next_working_day(D(2026, 4, 24)) == D(2026, 4, 28)


def test_plain_week_labels(cal: WorkCalendar) -> None:
    assert cal.day_info(D(2026, 3, 2)) == ("work", None)
    assert cal.day_info(D(2026, 3, 7)) == ("off", "Thứ Bảy")
    assert cal.day_info(D(2026, 3, 8)) == ("off", "Chủ nhật")


def test_special_days_2026_are_exactly_the_bundle_days(cal: WorkCalendar, seed: CalendarBundle) -> None:
    expected = [(day, kind, label) for day, (kind, label) in seed.days.items() if day.year == 2026]
    assert cal.special_days(2026) == expected
    assert len(expected) == 15
    assert [day for day, kind, _ in expected if kind == "work"] == [D(2026, 1, 10), D(2026, 8, 22)]


def test_working_day_counts(cal: WorkCalendar) -> None:
    def count(year: int) -> int:
        first = D(year, 1, 1)
        return sum(cal.is_working_day(first + dt.timedelta(days=i)) for i in range(365))

    # 261 weekdays each year; 2025: 12 weekday offs, 1 make-up Saturday; 2026: 13 offs, 2 make-up Saturdays.
    assert count(2025) == 250
    assert count(2026) == 250


def test_bundle_year_ignores_the_package_24_11(cal: WorkCalendar) -> None:
    assert cal.is_working_day(D(2026, 11, 24))
    assert WorkCalendar([parse_calendar_bundle(SEED.read_bytes())], holiday_exclude=frozenset()).is_working_day(
        D(2026, 11, 24)
    )


# --- years no bundle covers: the holidays package ---------------------------------------------------------


def test_2027_from_the_package(cal: WorkCalendar) -> None:
    assert cal.special_days(2027) == [
        (D(2027, 1, 1), "off", "Tết Dương lịch"),
        (D(2027, 2, 4), "off", "29 Tết"),
        (D(2027, 2, 5), "off", "Giao thừa Tết Nguyên Đán"),
        (D(2027, 2, 8), "off", "Mùng ba Tết Nguyên Đán"),
        (D(2027, 2, 9), "off", "Mùng bốn Tết Nguyên Đán"),
        (D(2027, 2, 10), "off", "Mùng năm Tết Nguyên Đán"),
        (D(2027, 4, 16), "off", "Ngày Giỗ Tổ Hùng Vương"),
        (D(2027, 4, 30), "off", "Ngày Chiến thắng"),
        (D(2027, 5, 3), "off", "Ngày Quốc tế Lao động (nghỉ bù)"),
        (D(2027, 9, 2), "off", "Quốc khánh"),
        (D(2027, 9, 3), "off", "Quốc khánh"),
    ]
    # A package holiday on a weekend keeps its label but is no special day.
    assert cal.day_info(D(2027, 2, 6)) == ("off", "Tết Nguyên Đán")
    assert cal.next_working_day(D(2027, 2, 3)) == D(2027, 2, 11)


def test_24_11_excluded_by_default_and_configurable(cal: WorkCalendar) -> None:
    assert cal.is_working_day(D(2027, 11, 24))
    assert cal.day_info(D(2027, 11, 24)) == ("work", None)
    strict = WorkCalendar(holiday_exclude=frozenset())
    assert not strict.is_working_day(D(2027, 11, 24))
    assert strict.day_info(D(2027, 11, 24)) == ("off", "Ngày Văn hóa Việt Nam")
    assert (D(2027, 11, 24), "off", "Ngày Văn hóa Việt Nam") in strict.special_days(2027)
    # Excluding another date drops that holiday too.
    no_may_day = WorkCalendar(holiday_exclude={(4, 30)})
    assert no_may_day.is_working_day(D(2027, 4, 30))
    assert not no_may_day.is_working_day(D(2027, 11, 24))


def test_single_dates_outside_years_win_over_the_package(cal: WorkCalendar, seed: CalendarBundle) -> None:
    patch = parse_calendar_bundle(
        doc(
            version=3,
            years=[],
            days=[
                {"date": "2027-01-09", "kind": "work", "label": "Làm bù cho ngày 04/02/2027"},
                {"date": "2027-02-04", "kind": "off", "label": "Nghỉ Tết theo thông báo"},
                {"date": "2027-02-11", "kind": "off", "label": "Nghỉ hoán đổi"},
                {"date": "2026-03-02", "kind": "off", "label": "Không áp dụng: 2026 do bundle khác mô tả"},
            ],
        )
    )
    both = WorkCalendar([patch, seed])
    assert both.is_working_day(D(2027, 1, 9))
    assert both.day_info(D(2027, 2, 4)) == ("off", "Nghỉ Tết theo thông báo")
    assert not both.is_working_day(D(2027, 2, 11))
    assert not both.is_working_day(D(2027, 2, 5))  # the package still speaks for the rest of 2027
    assert both.is_working_day(D(2026, 3, 2))  # 2026 is covered by the seed: nothing else is consulted
    assert both.version == "3"


def test_newest_bundle_covering_a_year_is_authoritative(seed: CalendarBundle) -> None:
    newer = parse_calendar_bundle(
        doc(version=5, days=[{"date": "2026-03-03", "kind": "off", "label": "Nghỉ đột xuất"}], office_hours=None)
    )
    for order in ([seed, newer], [newer, seed]):
        work = WorkCalendar(order)
        assert not work.is_working_day(D(2026, 3, 3))
        assert work.is_working_day(D(2026, 2, 16))  # the newer 2026 bundle does not list Tết
        assert work.is_working_day(D(2026, 1, 2))
        assert not work.is_working_day(D(2025, 1, 27))  # 2025 still from the seed
        assert work.version == "5"
        assert work.office_hours == DEFAULT_OFFICE_HOURS  # from the seed: the newer one has none


def test_equal_versions_are_ordered_by_issue_time() -> None:
    early = parse_calendar_bundle(doc(issued_at="2026-01-01T08:00:00+07:00", days=[]))
    late = parse_calendar_bundle(
        doc(issued_at="2026-02-01T01:00:00Z", days=[{"date": "2026-03-04", "kind": "off", "label": "Nghỉ"}])
    )
    assert late.issued_at == "2026-02-01T08:00:00+07:00"
    for order in ([early, late], [late, early]):
        assert not WorkCalendar(order).is_working_day(D(2026, 3, 4))


# --- office hours, version ------------------------------------------------------------------------------


def test_office_hours_default_bundle_and_override(seed: CalendarBundle) -> None:
    assert WorkCalendar().office_hours == ((T(7), T(11, 30)), (T(13, 30), T(17)))
    assert WorkCalendar().day_length == dt.timedelta(hours=8)
    custom = parse_calendar_bundle(doc(version=7, office_hours=[["07:30", "11:30"], ["13:00", "16:30"]]))
    from_bundle = WorkCalendar([seed, custom])
    assert from_bundle.office_hours == ((T(7, 30), T(11, 30)), (T(13), T(16, 30)))
    assert from_bundle.day_length == dt.timedelta(hours=7, minutes=30)
    mornings = WorkCalendar([seed, custom], office_hours=[(T(8), T(12))])
    assert mornings.office_hours == ((T(8), T(12)),)
    assert mornings.day_length == dt.timedelta(hours=4)


@pytest.mark.parametrize(
    ("periods", "message"),
    [
        ([(T(12), T(8))], "office_hours[0]: giờ kết thúc phải sau giờ bắt đầu"),
        ([(T(13), T(17)), (T(7), T(11))], "office_hours[1]: các khoảng giờ làm việc phải theo thứ tự thời gian"),
        ([], "office_hours: cần ít nhất một khoảng giờ làm việc"),
    ],
)
def test_bad_office_hours_argument(periods: list[tuple[dt.time, dt.time]], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        WorkCalendar(office_hours=periods)
    assert str(caught.value) == message


def test_version() -> None:
    assert WorkCalendar().version == f"holidays-{holidays.__version__}"
    assert WorkCalendar([parse_calendar_bundle(doc(version=9))]).version == "9"


def test_is_working_day_answers_the_same_once_its_year_tables_are_built(cal: WorkCalendar) -> None:
    """Ten years (bundle years and holidays-package years): look-ups from the built per-year tables answer like the
    first ones, and a fresh calendar asked from the last day back answers the same. Their speed is measured by
    tests/perf/bench_calendar.py (a time bound here would fail on a loaded machine)."""
    first = D(2020, 1, 1)
    days = [first + dt.timedelta(days=i) for i in range(3653)]
    built = [cal.is_working_day(day) for day in days]  # builds the per-year tables once
    assert [cal.is_working_day(day) for day in days] == built
    fresh = WorkCalendar([parse_calendar_bundle(SEED.read_bytes())])
    assert [fresh.is_working_day(day) for day in reversed(days)] == built[::-1]


# --- parse_calendar_bundle: what is refused, and where ----------------------------------------------------


def test_nfc_and_bom() -> None:
    decomposed = unicodedata.normalize("NFD", "Tết Nguyên Đán")
    assert decomposed != "Tết Nguyên Đán"
    data = doc(days=[{"date": "2026-02-16", "kind": "off", "label": f"  {decomposed} "}])
    data["publisher"]["name"] = unicodedata.normalize("NFD", "UBND tỉnh")
    raw = b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode("utf-8")
    bundle = parse_calendar_bundle(raw)
    assert bundle.days[D(2026, 2, 16)] == ("off", "Tết Nguyên Đán")
    assert bundle.publisher["name"] == "UBND tỉnh"
    assert bundle.raw["days"][0]["label"] == "  Tết Nguyên Đán "
    assert parse_calendar_bundle(json.dumps(data)).days == bundle.days


def test_dict_input_is_not_mutated() -> None:
    data = doc()
    before = copy.deepcopy(data)
    parse_calendar_bundle(data)
    assert data == before


def test_office_hours_may_be_absent() -> None:
    assert parse_calendar_bundle(doc(office_hours=...)).office_hours is None
    assert parse_calendar_bundle(doc(office_hours=None)).office_hours is None


def test_an_off_day_on_a_weekend_is_accepted() -> None:
    bundle = parse_calendar_bundle(doc(days=[{"date": "2026-04-26", "kind": "off", "label": "Giỗ Tổ"}]))
    assert bundle.days == {D(2026, 4, 26): ("off", "Giỗ Tổ")}
    assert WorkCalendar([bundle]).special_days(2026) == []


def test_not_json() -> None:
    assert errors_of(b'{"format": "desk-calendar/1",\n  "version": }') == [
        "tệp: không phải JSON hợp lệ tại dòng 2, cột 14 (Expecting value)"
    ]
    assert errors_of("") == ["tệp: không phải JSON hợp lệ tại dòng 1, cột 1 (Expecting value)"]


def test_not_utf8() -> None:
    assert errors_of(b'{\n "format": "\xffdesk"}') == [
        "tệp: không phải JSON hợp lệ, không phải văn bản UTF-8 tại dòng 2, cột 13 (byte 14)"
    ]


def test_root_must_be_an_object() -> None:
    assert errors_of(b"[1, 2]") == ["tệp: phải là một đối tượng JSON ({...})"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"format": "desk-catalog/1"}, 'format: phải là "desk-calendar/1"'),
        ({"format": ...}, 'format: phải là "desk-calendar/1"'),
        ({"version": 0}, "version: phải là số nguyên dương"),
        ({"version": "3"}, "version: phải là số nguyên dương"),
        ({"version": 2.0}, "version: phải là số nguyên dương"),
        ({"version": True}, "version: phải là số nguyên dương"),
        ({"version": ...}, "version: phải là số nguyên dương"),
        ({"issued_at": "hôm qua"}, "issued_at: phải là thời điểm ISO 8601, ví dụ 2026-01-15T08:00:00+07:00"),
        ({"issued_at": 20260115}, "issued_at: phải là thời điểm ISO 8601, ví dụ 2026-01-15T08:00:00+07:00"),
        ({"issued_at": ...}, "issued_at: phải là thời điểm ISO 8601, ví dụ 2026-01-15T08:00:00+07:00"),
        ({"publisher": "UBND"}, "publisher: phải là một đối tượng (code, name)"),
        ({"publisher": {}}, "publisher: phải có name hoặc code"),
        ({"publisher": {"name": "  "}}, "publisher.name: phải là chuỗi khác rỗng"),
        ({"publisher": {"name": "X", "code": 62}}, "publisher.code: phải là chuỗi khác rỗng"),
        ({"years": 2026}, "years: phải là danh sách các năm"),
        ({"years": ...}, "years: phải là danh sách các năm"),
        ({"years": [2026, "2027"]}, "years[1]: phải là năm (số nguyên 1900–2199)"),
        ({"years": [26]}, "years[0]: phải là năm (số nguyên 1900–2199)"),
        ({"years": [2026, 2026]}, "years[1]: năm 2026 lặp lại"),
        ({"office_hours": []}, 'office_hours: phải là danh sách khác rỗng các khoảng ["HH:MM", "HH:MM"]'),
        ({"office_hours": "07:00-17:00"}, 'office_hours: phải là danh sách khác rỗng các khoảng ["HH:MM", "HH:MM"]'),
        ({"office_hours": [["07:00", "11:30", "12:00"]]}, 'office_hours[0]: phải là cặp ["HH:MM", "HH:MM"]'),
        ({"office_hours": [["07:00", "11:30"], "13:30"]}, 'office_hours[1]: phải là cặp ["HH:MM", "HH:MM"]'),
        ({"office_hours": [["7:00", "11:30"]]}, "office_hours[0][0]: không phải giờ hợp lệ (HH:MM)"),
        ({"office_hours": [["07:00", "24:00"]]}, "office_hours[0][1]: không phải giờ hợp lệ (HH:MM)"),
        ({"office_hours": [["07:00", "11:30"], ["13:30", 17]]}, "office_hours[1][1]: không phải giờ hợp lệ (HH:MM)"),
        (
            {"office_hours": [["07:00", "11:30"], ["17:00", "13:30"]]},
            "office_hours[1]: giờ kết thúc phải sau giờ bắt đầu",
        ),
        ({"office_hours": [["07:00", "07:00"]]}, "office_hours[0]: giờ kết thúc phải sau giờ bắt đầu"),
        (
            {"office_hours": [["13:30", "17:00"], ["07:00", "11:30"]]},
            "office_hours[1]: các khoảng giờ làm việc phải theo thứ tự thời gian",
        ),
        (
            {"office_hours": [["07:00", "11:30"], ["11:00", "17:00"]]},
            "office_hours[1]: chồng lên khoảng trước (khoảng trước kết thúc lúc 11:30)",
        ),
        ({"days": ...}, "days: thiếu trường bắt buộc"),
        ({"days": {"2026-02-16": "off"}}, "days: phải là danh sách các ngày"),
        ({"days": ["2026-02-16"]}, "days[0]: phải là một đối tượng (date, kind, label)"),
    ],
)
def test_one_bad_field(changes: dict[str, Any], expected: str) -> None:
    assert errors_of(doc(**changes)) == [expected]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ({"date": "2026-02-30", "kind": "off", "label": "x"}, "days[1].date: không phải ngày hợp lệ (YYYY-MM-DD)"),
        ({"date": "16/02/2026", "kind": "off", "label": "x"}, "days[1].date: không phải ngày hợp lệ (YYYY-MM-DD)"),
        ({"date": "20260216", "kind": "off", "label": "x"}, "days[1].date: không phải ngày hợp lệ (YYYY-MM-DD)"),
        ({"date": 20260217, "kind": "off", "label": "x"}, "days[1].date: không phải ngày hợp lệ (YYYY-MM-DD)"),
        ({"kind": "off", "label": "x"}, "days[1].date: thiếu trường bắt buộc"),
        ({"date": "2026-02-17", "kind": "holiday", "label": "x"}, 'days[1].kind: phải là "off" hoặc "work"'),
        ({"date": "2026-02-17", "label": "x"}, 'days[1].kind: phải là "off" hoặc "work"'),
        ({"date": "2026-02-17", "kind": "off", "label": ""}, "days[1].label: phải là chuỗi khác rỗng"),
        ({"date": "2026-02-17", "kind": "off"}, "days[1].label: phải là chuỗi khác rỗng"),
        ({"date": "2026-02-17", "kind": "off", "label": 5}, "days[1].label: phải là chuỗi khác rỗng"),
        ({"date": "2026-02-16", "kind": "off", "label": "Tết"}, "days[1].date: ngày 2026-02-16 đã có ở days[0]"),
        (
            {"date": "2026-03-04", "kind": "work", "label": "Làm bù"},
            'days[1].kind: "work" chỉ dùng cho thứ Bảy hoặc Chủ nhật (2026-03-04 là Thứ Tư)',
        ),
    ],
)
def test_one_bad_day(day: dict[str, Any], expected: str) -> None:
    data = doc()
    data["days"].append(day)
    assert errors_of(data) == [expected]


def test_every_error_is_collected() -> None:
    data = {
        "format": "desk-calendar/2",
        "version": -1,
        "issued_at": "2026-13-01T08:00:00+07:00",
        "publisher": {"name": ""},
        "years": [2026, 2026],
        "office_hours": [["07:00", "11:30"], ["11:00", "10:00"], ["13:30", "25:00"]],
        "days": [
            {"date": "2026-02-16", "kind": "off", "label": "Tết"},
            {"date": "2026-02-31", "kind": "off", "label": "Tết"},
            {"date": "2026-02-16", "kind": "off", "label": "Tết"},
            {"date": "2026-03-02", "kind": "work", "label": "Làm bù"},
            {"date": "2026-03-07", "kind": "làm", "label": ""},
        ],
    }
    with pytest.raises(InvalidInput) as caught:
        parse_calendar_bundle(data)
    expected = [
        'format: phải là "desk-calendar/1"',
        "version: phải là số nguyên dương",
        "issued_at: phải là thời điểm ISO 8601, ví dụ 2026-01-15T08:00:00+07:00",
        "publisher.name: phải là chuỗi khác rỗng",
        "years[1]: năm 2026 lặp lại",
        "office_hours[2][1]: không phải giờ hợp lệ (HH:MM)",
        "office_hours[1]: giờ kết thúc phải sau giờ bắt đầu",
        "days[1].date: không phải ngày hợp lệ (YYYY-MM-DD)",
        "days[2].date: ngày 2026-02-16 đã có ở days[0]",
        'days[3].kind: "work" chỉ dùng cho thứ Bảy hoặc Chủ nhật (2026-03-02 là Thứ Hai)',
        'days[4].kind: phải là "off" hoặc "work"',
        "days[4].label: phải là chuỗi khác rỗng",
    ]
    assert caught.value.errors == expected
    assert caught.value.field == "format"
    assert caught.value.message == "Tệp lịch làm việc không hợp lệ (12 lỗi): " + "; ".join(expected)
