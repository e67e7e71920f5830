"""Vietnamese wording of times, dates, money and counts as printed on the forms (always Vietnam time)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desk.errors import InvalidInput
from desk.timeutil import parse_instant, to_vn

DOTS = "……"
TIME_DATE_BLANK = f"{DOTS} giờ {DOTS} phút, ngày {DOTS} tháng {DOTS} năm {DOTS}"
DATE_BLANK = f"ngày {DOTS} tháng {DOTS} năm {DOTS}"

Instant = str | dt.datetime | dt.date


def to_vn_datetime(value: str | dt.datetime) -> dt.datetime:
    """An ISO string or datetime as an aware datetime in Vietnam time. Raises InvalidInput."""
    if isinstance(value, dt.datetime):
        return to_vn(value)
    try:
        return parse_instant(str(value))
    except ValueError:
        raise InvalidInput(f"Thời điểm không hợp lệ: {value!r} (cần dạng 2026-02-13T10:00:00+07:00)") from None


def _vn_date(value: Instant) -> dt.date:
    """The Vietnam calendar day of an instant; a plain date stays as it is."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    return to_vn_datetime(value).date()  # type: ignore[arg-type]


def time_date(value: Instant | None) -> str:
    """'10 giờ 00 phút, ngày 13 tháng 02 năm 2026' (the date as ``date_long`` writes it), or a dotted blank."""
    if value is None or value == "":
        return TIME_DATE_BLANK
    moment = to_vn_datetime(value)  # type: ignore[arg-type]
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút, {date_long(moment)}"


def date_long(value: Instant | None) -> str:
    """The one date writer of the forms (Decree 30/2020/NĐ-CP): 'ngày 05 tháng 7 năm 2026', 'ngày 02 tháng 02 năm
    2026' — a leading zero only on days under 10 and on months 1 and 2; or a dotted blank."""
    if value is None or value == "":
        return DATE_BLANK
    day = _vn_date(value)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str | None, value: Instant | None) -> str:
    """'Tân Phú, ngày 13 tháng 02 năm 2026' — the line under the national motto."""
    place = (place or "").strip() or DOTS
    return f"{place}, {date_long(value)}"


def date_short(value: Instant | None) -> str:
    """'13/02/2026' (empty when absent), for the ledger's columns."""
    if value is None or value == "":
        return ""
    day = _vn_date(value)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def time_short(value: str | dt.datetime | None) -> str:
    """'10:00' in Vietnam time (empty when absent)."""
    if value is None or value == "":
        return ""
    moment = to_vn_datetime(value)
    return f"{moment.hour:02d}:{moment.minute:02d}"


def datetime_short(value: str | dt.datetime | None) -> str:
    """'10:00 13/02/2026' (empty when absent)."""
    if value is None or value == "":
        return ""
    return f"{time_short(value)} {date_short(value)}"


def thousands(amount: int) -> str:
    """Dot-grouped digits: 1234567 → '1.234.567'."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")


def money(amount: int | Decimal | float) -> str:
    """'2.000 đồng'; the đồng has no subunit, so a fractional amount is refused."""
    if isinstance(amount, bool):
        raise InvalidInput(f"Số tiền không hợp lệ: {amount!r}")
    value = Decimal(str(amount))
    if value != value.to_integral_value():
        raise InvalidInput(f"Số tiền không hợp lệ (đồng không có phần lẻ): {amount!r}")
    return f"{thousands(int(value))} đồng"


def count(n: int | str | None, unit: str | None = None) -> str:
    """Two-digit count as forms write it: 1 → '01', with a unit '01 bộ'; None → dots. Raises InvalidInput."""
    if n is None:
        text = DOTS
    else:
        try:
            text = f"{int(n):02d}"
        except (TypeError, ValueError):
            raise InvalidInput(f"Số lượng không hợp lệ: {n!r}") from None
    return f"{text} {unit}" if unit else text
